// Resident memory per recorded event, on the two workloads of the budget:
//  - one generator stepped until the trace holds 10,000,000 events;
//  - many_tasks with 100,000 tasks passing a token around a ring.
// Each runs once (Iterations(1)); the figures are counters, taken once the
// program's own memory is freed (and the heap trimmed), so that they are the trace's:
//   event_B_per_event   Trace::eventBytesResident() / events (the records and time marks)
//   trace_B_per_event   Trace::bytesResident() / events (plus the interned tables)
//   rss_B_per_event     growth of the process's resident set / events (kernel's view)
//   peak_rss_MB         the process's peak resident set since the benchmark started
//   huge_pages_MB       how much of the resident set is in transparent huge pages

#include "benchsupport.h"

#include <coroscope/eventloop.h>
#include <coroscope/future.h>
#include <coroscope/generator.h>
#include <coroscope/recorder.h>
#include <coroscope/task.h>
#include <sampleprograms.h>

#include <benchmark/benchmark.h>

#include <chrono>
#include <optional>

namespace {

using namespace coroscope;

void report(benchmark::State &state, const Trace &trace, std::size_t rssBefore)
{
    const double n = double(std::max<std::size_t>(trace.size(), 1));
    const std::size_t rss = bench::currentRssBytes();
    state.counters["events"] = double(trace.size());
    state.counters["coroutines"] = double(trace.coroutineCount());
    state.counters["values"] = double(trace.valueCount()); // interned texts
    state.counters["sites"] = double(trace.siteCount());
    state.counters["event_B_per_event"] = double(trace.eventBytesResident()) / n;
    state.counters["trace_B_per_event"] = double(trace.bytesResident()) / n;
    state.counters["rss_B_per_event"] = double(rss > rssBefore ? rss - rssBefore : 0) / n;
    state.counters["peak_rss_MB"] = double(bench::peakRssBytes()) / (1024.0 * 1024.0);
    state.counters["huge_pages_MB"] = double(bench::hugePageBytes()) / (1024.0 * 1024.0);
}

Generator<int, int> accumulator()
{
    int sum = 0;
    for (;;) {
        std::optional<int> v = co_yield sum;
        sum += v.value_or(1);
    }
}

void BM_MemoryGenerator(benchmark::State &state)
{
    const auto target = std::size_t(state.range(0));
    for (auto _ : state) {
        bench::trimHeap();
        const std::size_t before = bench::currentRssBytes();
        bench::resetPeakRss();
        Recorder recorder;
        auto gen = accumulator();
        gen.next();
        while (recorder.trace().size() < target)
            benchmark::DoNotOptimize(gen.send(1));
        state.PauseTiming();
        bench::trimHeap();
        report(state, recorder.trace(), before);
        state.ResumeTiming();
    }
}
BENCHMARK(BM_MemoryGenerator)->Name("BM_Memory/generator")->Arg(10'000'000)->Iterations(1)->Unit(benchmark::kMillisecond);

Task<void> manyTasksMain(int count)
{
    samples::SampleOptions options;
    options.args << QStringLiteral("tasks=%1").arg(count);
    return samples::findSampleMain(QStringLiteral("many_tasks"))(options);
}

void BM_MemoryManyTasks(benchmark::State &state)
{
    const int count = int(state.range(0));
    for (auto _ : state) {
        bench::trimHeap();
        const std::size_t before = bench::currentRssBytes();
        bench::resetPeakRss();
        Recorder recorder;
        recorder.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(manyTasksMain(count));
        }
        // The program's own memory (frames, futures, the ready queue) is gone:
        // what stays resident now is the trace.
        state.PauseTiming();
        bench::trimHeap();
        report(state, recorder.trace(), before);
        state.ResumeTiming();
    }
}
BENCHMARK(BM_MemoryManyTasks)->Name("BM_Memory/many_tasks")->Arg(100'000)->Iterations(1)->Unit(benchmark::kMillisecond);

} // namespace
