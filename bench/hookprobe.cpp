// coroscope-hookprobe: instructions per generator step and per hook, counted
// by callgrind rather than timed, so the no-observer figure does not depend on
// the machine's load. Run it under
//   valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=OUT coroscope-hookprobe
// and each measured section is dumped as its own part ("OUT.N", desc = the section).
// scripts/bench.sh divides each part's instruction total by kSteps.

#include <coroscope/eventloop.h>
#include <coroscope/generator.h>
#include <coroscope/recorder.h>
#include <coroscope/task.h>

#include <QCoroGenerator>
#include <valgrind/callgrind.h>

#include <cstdio>
#include <optional>

namespace {

using namespace coroscope;

constexpr int kSteps = 100000;

QCoro::Generator<int> qcoroCounter()
{
    int sum = 0;
    for (;;) {
        co_yield sum;
        sum += 1;
    }
}

Generator<int, int> accumulator()
{
    int sum = 0;
    for (;;) {
        std::optional<int> v = co_yield sum;
        sum += v.value_or(1);
    }
}

Generator<int> counter()
{
    int sum = 0;
    for (;;) {
        co_yield sum;
        sum += 1;
    }
}

Task<void> spinner()
{
    for (;;)
        co_await sleep(std::chrono::nanoseconds(0));
}

volatile int g_sink;

// Not inlined: each section is compiled alone, as each benchmark function is,
// rather than into one huge main() whose register pressure would count too.
template <class F>
[[gnu::noinline]] void section(const char *name, F &&step)
{
    for (int i = 0; i < 1000; ++i) // warm: first-touch and lazy binding out of the count
        step();
    CALLGRIND_ZERO_STATS;
    CALLGRIND_START_INSTRUMENTATION;
    for (int i = 0; i < kSteps; ++i)
        step();
    CALLGRIND_STOP_INSTRUMENTATION;
    CALLGRIND_DUMP_STATS_AT(name);
}

// One hook, compiled out of line so that its instructions can be counted and
// read with objdump: with no Recorder alive it must be a TLS load and a branch.
// noEmptyHook is the same call doing nothing: the difference is the hook's cost.
[[gnu::noinline]] void oneHook(detail::TracedPromise &p, int v)
{
    p.recordValue(EventKind::Yielded, v, 0);
}
[[gnu::noinline]] void emptyHook(detail::TracedPromise &p, int v)
{
    asm volatile("" : : "r"(&p), "r"(v) : "memory");
}

struct ProbePromise : detail::TracedPromise
{
    ProbePromise() : TracedPromise(CoroutineKind::Generator, SourceLocation::current()) {}
};

} // namespace

int main()
{
    {
        auto g = qcoroCounter();
        auto it = g.begin();
        section("qcoro_step", [&] {
            ++it;
            g_sink = *it;
        });
    }
    {
        auto g = accumulator();
        g.next();
        section("send_no_recorder", [&] { g_sink = *g.send(1); });
    }
    {
        auto g = counter();
        section("next_no_recorder", [&] { g_sink = *g.next(); });
    }
    section("loop_only", [] { asm volatile("" ::: "memory"); });
    {
        ProbePromise p;
        section("hook_empty_call", [&] { emptyHook(p, 1); });
        section("hook_no_recorder", [&] { oneHook(p, 1); });
    }
    {
        Recorder recorder;
        recorder.reserveEvents(std::size_t(kSteps) * 4);
        auto g = accumulator();
        g.next();
        section("send_traced", [&] { g_sink = *g.send(1); });
    }
    {
        Recorder recorder;
        recorder.reserveEvents(std::size_t(kSteps) * 4);
        auto g = counter();
        section("next_traced", [&] { g_sink = *g.next(); });
    }
    {
        EventLoop loop;
        loop.spawn(spinner());
        section("sleep0_no_recorder", [&] { g_sink = loop.step(); });
    }
    {
        Recorder recorder;
        recorder.reserveEvents(std::size_t(kSteps) * 5);
        EventLoop loop;
        loop.spawn(spinner());
        section("sleep0_traced", [&] { g_sink = loop.step(); });
    }
    std::printf("steps per section: %d\n", kSteps);
    return 0;
}
