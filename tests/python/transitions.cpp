#include "transitions.h"

namespace coroscope::test {

namespace {
QString name(const Trace &trace, CoroId id)
{
    return id && id <= trace.coroutineCount() ? trace.coroutine(id).name : QStringLiteral("-");
}
} // namespace

QProcessEnvironment pythonTestEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    env.insert(QStringLiteral("PYTHONIOENCODING"), QStringLiteral("utf-8"));
    env.remove(QStringLiteral("COROSCOPE_LINK_FD"));
    return env;
}

QString transitionText(const Trace &trace, const Event &e)
{
    QStringList parts{name(trace, e.coro), nameOf(e.kind)};
    switch (e.kind) {
    case EventKind::Started:
    case EventKind::Resumed:
        parts << nameOf(ResumeKind(e.aux));
        break;
    case EventKind::Awaiting:
        parts << nameOf(AwaitKind(e.aux))
              << (awaitsCoroutine(AwaitKind(e.aux)) ? name(trace, e.arg) : trace.valueText(e.arg));
        break;
    case EventKind::Destroyed:
        if (e.aux)
            parts << QStringLiteral("parked");
        break;
    case EventKind::Enqueued: // "fetch enqueued wakeup", "- enqueued callback _run_until_complete_cb"
        parts << nameOf(EnqueueReason(e.aux));
        if (e.arg)
            parts << trace.valueText(e.arg);
        break;
    case EventKind::Dequeued:
        if (e.aux)
            parts << QStringLiteral("stale");
        break;
    case EventKind::TimerScheduled: // "resolver timer_scheduled at 1 s asyncio.sleep(1)"
    case EventKind::TimerFired:
    case EventKind::TimerCancelled:
        if (e.arg < trace.timers().size()) {
            const TimerInfo &t = trace.timer(e.arg);
            parts << QStringLiteral("at") << formatDuration(std::chrono::nanoseconds(t.dueNs))
                  << trace.valueText(t.description);
        }
        break;
    case EventKind::LoopIdle: // "- loop_idle deadlock"
        parts << nameOf(IdleReason(e.aux));
        break;
    case EventKind::Warning: // "main warning deadlock deadlock: main #1 awaits …"
        parts << nameOf(WarningKind(e.aux)) << trace.valueText(e.arg);
        break;
    default:
        if (argIsValue(e.kind))
            parts << trace.valueText(e.arg);
        break;
    }
    return parts.join(u' ');
}

QStringList transitions(const Trace &trace)
{
    QStringList out;
    for (const Event &e : trace.events())
        out << transitionText(trace, e);
    return out;
}

} // namespace coroscope::test
