#include "samplerun.h"

#include <sampleprograms.h>

#include <coroscope/errors.h>
#include <coroscope/eventloop.h>
#include <coroscope/recorder.h>
#include <coroscope/task.h>

#include <map>

namespace coroscope::test {

namespace {

struct CoroutineSummary
{
    QString state = QStringLiteral("never started");
    int yields = 0, sends = 0, awaits = 0, resumes = 0;
    bool destroyed = false;
};

// Folds one event into the coroutine's final state.
void fold(CoroutineSummary &c, const Event &e, CoroutineKind kind)
{
    switch (e.kind) {
    case EventKind::Started: c.state = QStringLiteral("running"); break;
    case EventKind::Resumed: c.state = QStringLiteral("running"); ++c.resumes; break;
    case EventKind::Yielded: c.state = QStringLiteral("parked at a yield"); ++c.yields; break;
    case EventKind::Sent:
        ++c.sends;
        if (isResumption(e)) { // a send() is the resumption too (see sendResumer)
            c.state = QStringLiteral("running");
            ++c.resumes;
        }
        break;
    case EventKind::Awaiting:
    case EventKind::ExternalWait:
    case EventKind::Suspended: c.state = QStringLiteral("parked at an await"); ++c.awaits; break;
    case EventKind::Returned:
        c.state = kind == CoroutineKind::Future ? QStringLiteral("has a result") : QStringLiteral("returned");
        break;
    case EventKind::Threw:
        if (ThrowKind(e.aux) == ThrowKind::Escaped)
            c.state = QStringLiteral("raised");
        else if (ThrowKind(e.aux) == ThrowKind::Future)
            c.state = QStringLiteral("has an exception");
        break;
    case EventKind::Cancelled:
        if (e.aux == 0) // 1 is the request, 0 the outcome
            c.state = QStringLiteral("cancelled");
        break;
    case EventKind::Destroyed:
        c.destroyed = true;
        if (e.aux == 1)
            c.state = c.state == u"never started" ? QStringLiteral("destroyed before it started")
                                                  : QStringLiteral("destroyed while parked");
        break;
    default:
        break;
    }
}

} // namespace

QString traceSummary(const Trace &trace, bool externalTiming)
{
    std::vector<CoroutineSummary> coros(trace.coroutineCount() + 1);
    std::map<int, int> kinds;
    QStringList warnings;
    for (const Event &e : trace.events()) {
        if (e.kind == EventKind::LoopIdle && IdleReason(e.aux) == IdleReason::WaitExternal)
            continue;
        ++kinds[int(e.kind)];
        if (e.coro && e.coro < coros.size()) {
            const CoroutineKind kind = trace.coroutine(e.coro).kind;
            if (e.kind == EventKind::Created && kind == CoroutineKind::Future)
                coros[e.coro].state = QStringLiteral("pending");
            fold(coros[e.coro], e, kind);
        }
        if (e.kind == EventKind::Warning) {
            const QString who = e.coro ? trace.coroutine(e.coro).name : QStringLiteral("loop");
            warnings << QStringLiteral("%1 (%2): %3").arg(nameOf(WarningKind(e.aux)), who, trace.valueText(e.arg));
        }
    }

    QStringList lines{QStringLiteral("coroutines %1").arg(trace.coroutineCount())};
    QString previous;
    int repeats = 0;
    auto flush = [&] {
        if (repeats > 0)
            lines << (repeats == 1 ? previous : QStringLiteral("%1 x %2").arg(previous).arg(repeats));
    };
    for (CoroId id = 1; id <= trace.coroutineCount(); ++id) {
        const CoroutineInfo &info = trace.coroutine(id);
        const CoroutineSummary &c = coros[id];
        QString line = QStringLiteral("  %1 [%2] %3").arg(info.name, nameOf(info.kind), c.state);
        if (info.kind != CoroutineKind::Future) {
            if (!externalTiming)
                line += QStringLiteral(" yields=%1 sends=%2 awaits=%3 resumes=%4")
                            .arg(c.yields).arg(c.sends).arg(c.awaits).arg(c.resumes);
            line += c.destroyed ? QStringLiteral(", frame freed") : QStringLiteral(", frame LEAKED");
        }
        if (line == previous) {
            ++repeats;
            continue;
        }
        flush();
        previous = line;
        repeats = 1;
    }
    flush();

    if (!externalTiming) {
        lines << QStringLiteral("events %1").arg(trace.size());
        for (const auto &[kind, count] : kinds)
            lines << QStringLiteral("  %1 %2").arg(nameOf(EventKind(kind))).arg(count);
    }
    lines << QStringLiteral("warnings %1").arg(warnings.size());
    for (const QString &w : warnings)
        lines << QStringLiteral("  ") + w;
    return lines.join(u'\n') + u'\n';
}

SampleRun runSample(const samples::Sample &sample, const samples::SampleOptions &options)
{
    SampleRun run;
    Recorder recorder;
    recorder.setEchoOutput(false);
    {
        EventLoop loop(EventLoop::Clock::Virtual);
        try {
            loop.runUntilComplete(samples::findSampleMain(sample.info.name)(options));
        } catch (const DeadlockError &e) {
            run.deadlocked = true;
            run.error = QString::fromUtf8(e.what());
        } catch (const std::exception &e) {
            run.error = QString::fromUtf8(e.what());
        }
    } // the loop destroys what is still parked: every frame must be gone after this

    const Trace &trace = recorder.trace();
    std::vector<bool> destroyed(trace.coroutineCount() + 1, false);
    for (const Event &e : trace.events()) {
        if (e.kind == EventKind::Output)
            run.output << trace.valueText(e.arg);
        else if (e.kind == EventKind::Destroyed)
            destroyed[e.coro] = true;
    }
    for (CoroId id = 1; id <= trace.coroutineCount(); ++id) {
        if (trace.coroutine(id).kind != CoroutineKind::Future && !destroyed[id])
            run.leakedFrames << QStringLiteral("%1 #%2").arg(trace.coroutine(id).name).arg(id);
    }
    run.summary = traceSummary(trace, sample.info.group == u"Qt");
    run.trace = trace;
    return run;
}

} // namespace coroscope::test
