// A task's round trip through the loop: `co_await sleep(0)` puts it at the
// back of the ready queue and the next step() resumes it. With a Recorder, one
// round trip records Suspended + Enqueued + Dequeued + Resumed. The baseline is
// CPython's `await asyncio.sleep(0)` (bench/python/baselines.py).

#include <coroscope/eventloop.h>
#include <coroscope/recorder.h>
#include <coroscope/task.h>

#include <benchmark/benchmark.h>

#include <memory>

namespace {

using namespace coroscope;
using namespace std::chrono_literals;

constexpr std::int64_t kBatch = 1 << 20;

Task<void> spinner(std::int64_t *rounds)
{
    for (;;) {
        co_await sleep(0ns);
        ++*rounds;
    }
}

struct LoopRun
{
    explicit LoopRun(bool record) : m_record(record) { restart(); }
    ~LoopRun() { stop(); }
    void stop()
    {
        loop.reset(); // destroys the parked spinner (reported as pending)
        recorder.reset();
    }
    void restart()
    {
        stop();
        if (m_record)
            recorder = std::make_unique<Recorder>();
        loop = std::make_unique<EventLoop>();
        loop->spawn(spinner(&rounds));
        loop->step(); // the first run: the spinner is now parked in sleep(0)
    }
    std::size_t events() const { return recorder ? recorder->trace().size() : 0; }

    bool m_record;
    std::int64_t rounds = 0;
    std::unique_ptr<Recorder> recorder;
    std::unique_ptr<EventLoop> loop;
};

template <bool Record>
void BM_TaskSleep0(benchmark::State &state)
{
    LoopRun run(Record);
    std::int64_t n = 0;
    std::size_t events = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(run.loop->step());
        if (++n % kBatch == 0) [[unlikely]] {
            state.PauseTiming();
            events += run.events();
            run.restart();
            state.ResumeTiming();
        }
    }
    events += run.events();
    state.counters["events_per_step"] = double(events) / double(std::max<std::int64_t>(n, 1));
}
BENCHMARK(BM_TaskSleep0<true>)->Name("BM_TaskSleep0/traced");
BENCHMARK(BM_TaskSleep0<false>)->Name("BM_TaskSleep0/no_recorder");

} // namespace
