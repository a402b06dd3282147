#pragma once

// Traces for tst_tracefile: a hand-built one whose byte layout the
// malformed-file rows compute offsets from, and real recorded runs.

#include <chrono>
#include <coroscope/coroscope.h>
#include <stdexcept>

namespace coroscope::test {

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

inline constexpr std::uint32_t tinyEventCount = 23;

// main (task 1) runs generator gen (3) with next and send, then awaits
// child (task 2), which prints, sleeps 1 ms and returns 42. Every name in it
// is unique in the file, so a test can find and patch it by its bytes.
inline Trace tinyTrace()
{
    Trace t;
    const SiteId s = t.internSite(Site{u"a.cpp"_s, u"f"_s, 3, 5});
    const ValueId hi = t.internValue(u"hi!"_s);
    const ValueId sleepText = t.internValue(u"sleep(1 ms)"_s);
    t.addCoroutine(CoroutineInfo{0, CoroutineKind::Task, u"main"_s, s, 64, 0, false});
    t.addCoroutine(CoroutineInfo{0, CoroutineKind::Task, u"child"_s, s, 48, 1, false});
    t.addCoroutine(CoroutineInfo{0, CoroutineKind::Generator, u"gen"_s, s, 32, 1, true});
    t.addTimer(TimerInfo{1000000, 2, sleepText});
    auto ev = [&t](EventKind k, CoroId c, SiteId site, std::uint32_t arg, auto aux) {
        t.append(Event{k, std::uint8_t(aux), 0, c, site, arg});
    };
    using K = EventKind;
    t.addTimeMark(0, 0);
    ev(K::Created, 1, s, 0, 0);
    ev(K::Started, 1, 0, 0, ResumeKind::Loop);
    ev(K::Created, 3, s, 1, 0);
    ev(K::Started, 3, 0, 1, ResumeKind::Next);
    ev(K::Yielded, 3, s, Trace::inlineInt(0), 0);
    // A send in the form recorded for a resumer id too large to pack: the value, then the resumption.
    t.append(sentEvent(3, s, Trace::inlineInt(5), kResumerNotPacked));
    ev(K::Resumed, 3, s, 1, ResumeKind::Send);
    ev(K::Yielded, 3, s, Trace::inlineInt(5), 0);
    ev(K::Destroyed, 3, 0, 0, 1);
    ev(K::Created, 2, s, 1, 0);
    ev(K::Awaiting, 1, s, 2, AwaitKind::Coroutine); // 10
    ev(K::Started, 2, 0, 1, ResumeKind::Awaiter);
    ev(K::Output, 2, 0, hi, 0);
    ev(K::TimerScheduled, 2, 0, 0, 0);
    ev(K::Awaiting, 2, s, sleepText, AwaitKind::Sleep);
    t.addTimeMark(1000000, 50);
    ev(K::TimerFired, 2, 0, 0, 0); // 15
    ev(K::Resumed, 2, s, 0, ResumeKind::Loop);
    ev(K::Returned, 2, 0, Trace::inlineInt(42), 0);
    ev(K::Resumed, 1, s, 2, ResumeKind::Awaiter);
    ev(K::Returned, 1, 0, Trace::inlineInt(42), 0);
    ev(K::Destroyed, 2, 0, 0, 0); // 20
    ev(K::Destroyed, 1, 0, 0, 0);
    ev(K::Warning, 0, 0, hi, WarningKind::LeakedFrame);
    Q_ASSERT(t.size() == tinyEventCount);
    return t;
}

// Python: total += (yield total) until a negative value returns the total.
inline Generator<int, int, int> accumulate()
{
    int total = 0;
    for (;;) {
        const std::optional<int> v = co_yield total;
        if (!v)
            continue;
        if (*v < 0)
            co_return total;
        total += *v;
    }
}

inline int driveAccumulator()
{
    auto g = accumulate();
    g.next();
    g.send(5);
    g.send(7);
    g.next();
    g.send(-1);
    return g.returnValue();
}

inline Task<int> worker(int id, std::chrono::milliseconds delay)
{
    co_await sleep(delay);
    print("worker", id);
    co_return id * 10;
}

inline Task<int> fanOut()
{
    auto [a, b, c] = co_await gather(worker(1, 30ms), worker(2, 10ms), worker(3, 20ms));
    co_return a + b + c;
}

inline Task<int> failing()
{
    co_await sleep(0ms);
    throw std::runtime_error("boom");
}

inline Task<int> mixedMain()
{
    const int total = driveAccumulator();
    auto [a, b] = co_await gather(worker(1, 20ms), worker(2, 10ms));
    int caught = 0;
    try {
        co_await failing();
    } catch (const std::runtime_error &) {
        caught = 1;
    }
    Future<int> future;
    EventLoop::current()->callLater(5ms, [future]() mutable { future.setResult(7); });
    const int fromFuture = co_await future;
    co_return total + a + b + caught + fromFuture;
}

template<class Body>
Trace record(Body body)
{
    Recorder recorder;
    recorder.setEchoOutput(false);
    body();
    return recorder.trace();
}

inline Trace recordGeneratorRun()
{
    return record([] {
        if (const int total = driveAccumulator(); total != 12)
            qFatal("accumulate returned %d", total);
    });
}

inline Trace recordGatherRun()
{
    return record([] {
        EventLoop loop;
        if (const int sum = loop.runUntilComplete(fanOut()); sum != 60)
            qFatal("fanOut returned %d", sum);
    });
}

inline Trace recordMixedRun()
{
    return record([] {
        EventLoop loop;
        if (const int sum = loop.runUntilComplete(mixedMain()); sum != 12 + 10 + 20 + 1 + 7)
            qFatal("mixedMain returned %d", sum);
    });
}

} // namespace coroscope::test
