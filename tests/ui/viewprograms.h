#pragma once

// Small real coroutine programs the view tests record, with the line numbers
// of their suspension points (sites are compared by line).

#include <coroscope/coroscope.h>

#include <QFile>

namespace coroscope::test {

using namespace std::chrono_literals;

inline const int kAdderLine = __LINE__ + 1;
inline Generator<int, int, int> adder(int start)
{
    int total = start;
    for (;;) {
        const std::optional<int> v = co_yield total; // kAdderLine + 4
        if (!v || *v < 0)
            co_return total; // kAdderLine + 6
        total += *v;
    }
}

inline const int kTwoYieldsLine = __LINE__ + 1;
inline Generator<int> twoYields()
{
    co_yield 1; // kTwoYieldsLine + 2
    co_yield 2; // kTwoYieldsLine + 3
}

inline const int kSleeperLine = __LINE__ + 1;
inline Task<int> sleeper()
{
    co_await sleep(10ms); // kSleeperLine + 2
    co_await sleep(20ms); // kSleeperLine + 3
    co_return 3;
}

inline const int kMainLine = __LINE__ + 1;
inline Task<void> sleeperMain()
{
    auto handle = EventLoop::current()->spawn(sleeper(), QStringLiteral("sleeper"));
    const int v = co_await handle; // kMainLine + 3
    print(QStringLiteral("slept"), v);
}

// Two tasks that each wait for the other's task: a deadlock.
struct Deadlock
{
    TaskHandle<int> first, second;
};
inline const int kDeadlockLine = __LINE__ + 1;
inline Task<int> waitFor(TaskHandle<int> *other)
{
    co_await sleep(0ns);          // kDeadlockLine + 2: both exist before either awaits
    co_return co_await *other;    // kDeadlockLine + 3
}

// Forty suspension points, one per line, for the layout test.
inline const int kFortyLine = __LINE__ + 1;
inline Generator<int> forty()
{
    co_yield 1;
    co_yield 2;
    co_yield 3;
    co_yield 4;
    co_yield 5;
    co_yield 6;
    co_yield 7;
    co_yield 8;
    co_yield 9;
    co_yield 10;
    co_yield 11;
    co_yield 12;
    co_yield 13;
    co_yield 14;
    co_yield 15;
    co_yield 16;
    co_yield 17;
    co_yield 18;
    co_yield 19;
    co_yield 20;
    co_yield 21;
    co_yield 22;
    co_yield 23;
    co_yield 24;
    co_yield 25;
    co_yield 26;
    co_yield 27;
    co_yield 28;
    co_yield 29;
    co_yield 30;
    co_yield 31;
    co_yield 32;
    co_yield 33;
    co_yield 34;
    co_yield 35;
    co_yield 36;
    co_yield 37;
    co_yield 38;
    co_yield 39;
    co_yield 40;
}

// A line no run reaches: the Source view still marks it from the text.
inline Generator<int> neverRun()
{
    co_yield 0; // kNeverRunLine
}
inline const int kNeverRunLine = __LINE__ - 2;

// adder(10): next(), send(5), send(-1) — the generator returns 15.
inline void runAdder()
{
    auto g = adder(10);
    g.next();
    g.send(5);
    g.send(-1);
}

// A fan-out: workers sleep different times, main gathers them and feeds the
// results to an adder with send() — every lane kind and mark of the timeline.
inline Task<int> worker(int i)
{
    co_await sleep(std::chrono::milliseconds(5 * (i % 4 + 1)));
    co_await sleep(0ns);
    co_return i * i;
}

inline Task<void> fanout(int n)
{
    std::vector<Task<int>> tasks;
    for (int i = 0; i < n; ++i)
        tasks.push_back(worker(i));
    const std::vector<int> results = co_await gather(std::move(tasks));
    auto sum = adder(0);
    sum.next();
    for (const int r : results)
        sum.send(r);
    print(QStringLiteral("sum"), sum.send(0).value_or(-1));
}

// Returns the trace size once the loop found the deadlock (before the loop's
// destruction destroys the parked frames).
inline std::size_t runDeadlock()
{
    EventLoop loop;
    Deadlock d;
    d.first = loop.spawn(waitFor(&d.second), QStringLiteral("first"));
    d.second = loop.spawn(waitFor(&d.first), QStringLiteral("second"));
    loop.runUntilIdle();
    const std::size_t at = Recorder::current()->trace().size();
    d.first = {};
    d.second = {};
    return at;
}

inline QString programsSource()
{
    QFile f(QStringLiteral(COROSCOPE_TEST_ROOT "/viewprograms.h"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace coroscope::test
