// The programs of the Runner contract suite (tst_runner, tst_misbehaving),
// by name: `prog_contract NAME [--clock real]`, run in a child process.

#include "contract.h"

#include <coroscope/coroscope.h>
#include <coroscope/runnermain.h>

#include <QTimer>

#include <map>
#include <memory>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

Generator<int, int> accumulator()
{
    int total = 0;
    for (;;) {
        const std::optional<int> v = co_yield total;
        if (v)
            total += *v;
    }
}
Task<void> feeder()
{
    auto acc = accumulator();
    acc.next();
    for (int i = 1; i <= 3; ++i) {
        static_assert(__LINE__ + 1 == kContractSleepLine, "the suite's breakpoint line");
        co_await sleep(0ms);
        print(*acc.send(i));
    }
}
Task<void> endless()
{
    for (;;)
        co_await sleep(0ms);
}
Task<void> deadlocked()
{
    Future<int> never;
    co_await never;
}
Task<void> failing()
{
    co_await sleep(1ms);
    throw std::runtime_error("boom");
}
Task<void> waitsForSignal()
{
    QTimer neverStarted;
    co_await qCoro(&neverStarted, &QTimer::timeout);
}

Task<void> throws()
{
    co_await sleep(0ms);
    throw std::runtime_error("nobody asked");
}
Task<void> unretrievedException()
{
    TaskHandle<void> forgotten = EventLoop::current()->spawn(throws());
    co_await sleep(1ms); // the task fails meanwhile; its handle goes without a look
}
Generator<int> failsMidway()
{
    co_yield 1;
    throw std::runtime_error("broken source");
}
Task<void> escapingGenerator()
{
    auto gen = failsMidway();
    for (int v : gen)
        print(v);
    co_return;
}
Generator<int> countForever()
{
    for (int i = 0;; ++i)
        co_yield i;
}
Task<void> parkedForever()
{
    Future<int> never;
    co_await never;
}
Task<void> destroyedWhileParked()
{
    auto gen = countForever();
    gen.next(); // parked at its co_yield when `gen` goes out of scope
    TaskHandle<void> child = EventLoop::current()->spawn(parkedForever());
    co_await sleep(0ms);
}
Task<void> resumedFinished()
{
    auto gen = []() -> Generator<int> { co_yield 1; }();
    print(gen.next().value_or(-1));
    print(gen.next().value_or(-1)); // finishes: empty
    print(gen.next().value_or(-1)); // resumed again after finishing
    co_return;
}
Task<int> answer()
{
    co_return 42;
}
Task<void> awaitedTwice()
{
    Task<int> t = answer();
    print(co_await std::move(t));
    print(co_await std::move(t)); // the same task again
}
Task<void> deadlock()
{
    Future<int> a, b;
    TaskHandle<void> other = EventLoop::current()->spawn([](Future<int> x, Future<int> y) -> Task<void> {
        const int v = co_await x;
        y.setResult(v);
    }(a, b));
    const int v = co_await b; // b waits for a, a for nobody
    a.setResult(v);
}
Task<void> orphan()
{
    TaskHandle<void> child = EventLoop::current()->spawn(parkedForever());
    co_await sleep(0ms); // the child parks on a future nobody will set; main returns
}
// A frame that outlives the run (freed at exit, after the recorder).
std::optional<Generator<int>> g_kept;
Task<void> leakedFrame()
{
    g_kept.emplace(countForever());
    g_kept->next();
    co_return;
}
// A body that never suspends.
Task<void> cpuLoop()
{
    print(u"spinning"_s);
    co_await sleep(0ms);
    volatile unsigned long spin = 0;
    for (;;)
        spin = spin + 1;
}
Task<void> endlessGenerator()
{
    auto gen = countForever();
    for (;;) {
        gen.next();
        co_await sleep(0ms);
    }
}
Task<void> after()
{
    print(u"still here"_s);
    co_return;
}

} // namespace

int main(int argc, char **argv)
{
    static const std::map<QString, Task<void> (*)()> programs = {
        {u"feeder"_s, feeder},
        {u"endless"_s, endless},
        {u"deadlocked"_s, deadlocked},
        {u"failing"_s, failing},
        {u"waitsForSignal"_s, waitsForSignal},
        {u"unretrievedException"_s, unretrievedException},
        {u"escapingGenerator"_s, escapingGenerator},
        {u"destroyedWhileParked"_s, destroyedWhileParked},
        {u"resumedFinished"_s, resumedFinished},
        {u"awaitedTwice"_s, awaitedTwice},
        {u"deadlock"_s, deadlock},
        {u"orphan"_s, orphan},
        {u"leakedFrame"_s, leakedFrame},
        {u"cpuLoop"_s, cpuLoop},
        {u"endlessGenerator"_s, endlessGenerator},
        {u"after"_s, after},
    };
    return runnerMain(argc, argv, [](const RunnerRequest &request) {
        std::function<Task<void>()> program;
        if (const auto it = programs.find(request.name); it != programs.end())
            program = it->second;
        return program;
    });
}
