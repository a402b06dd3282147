// One generator step, four ways, in the same binary and run:
//  - QCoro::Generator<int> (untraced; the budget's baseline),
//  - coroscope::Generator with a live Recorder (events recorded),
//  - coroscope::Generator with no Recorder alive (every hook is one load and one branch).
// A step is one resumption that runs to the next co_yield. With a Recorder, a
// send() step records Sent (the value and the resumption) + Yielded, and a next() step Resumed + Yielded.

#include <coroscope/generator.h>
#include <coroscope/recorder.h>

#include <QCoroGenerator>
#include <benchmark/benchmark.h>

#include <memory>
#include <optional>

namespace {

using namespace coroscope;

// The trace grows by ~48 bytes per step; a fresh recording every kBatch steps
// keeps the benchmark's memory bounded while still paying for the growth.
constexpr std::int64_t kBatch = 1 << 20;

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

void BM_QCoroGeneratorStep(benchmark::State &state)
{
    auto gen = qcoroCounter();
    auto it = gen.begin();
    for (auto _ : state) {
        ++it;
        benchmark::DoNotOptimize(*it);
    }
}
BENCHMARK(BM_QCoroGeneratorStep);

// A recording plus a primed generator, recreated every kBatch steps outside the timing.
template <class G, G (*Make)()>
struct Recording
{
    explicit Recording(bool record) : m_record(record) { restart(); }
    void restart()
    {
        gen.reset();
        recorder.reset();
        if (m_record)
            recorder = std::make_unique<Recorder>();
        gen.emplace(Make());
        gen->next(); // parked at its first co_yield
    }
    std::size_t events() const { return recorder ? recorder->trace().size() : 0; }

    bool m_record;
    std::unique_ptr<Recorder> recorder;
    std::optional<G> gen;
};

template <bool Record>
void BM_GeneratorSend(benchmark::State &state)
{
    Recording<Generator<int, int>, accumulator> run(Record);
    std::int64_t n = 0;
    std::size_t events = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(*run.gen->send(1)); // the value, as the QCoro step reads *it
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
BENCHMARK(BM_GeneratorSend<true>)->Name("BM_GeneratorSend/traced");
BENCHMARK(BM_GeneratorSend<false>)->Name("BM_GeneratorSend/no_recorder");

template <bool Record>
void BM_GeneratorNext(benchmark::State &state)
{
    Recording<Generator<int>, counter> run(Record);
    std::int64_t n = 0;
    std::size_t events = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(*run.gen->next());
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
BENCHMARK(BM_GeneratorNext<true>)->Name("BM_GeneratorNext/traced");
BENCHMARK(BM_GeneratorNext<false>)->Name("BM_GeneratorNext/no_recorder");

} // namespace
