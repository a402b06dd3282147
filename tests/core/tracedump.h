#pragma once

// Golden-text helpers shared by the core tests: one line per event,
// `kind coro site-line value`, so a whole trace compares with one QCOMPARE
// and a failure shows exactly which transition differs.

#include <coroscope/recorder.h>
#include <coroscope/trace.h>

#include <QStringList>

namespace coroscope::test {

inline QString eventText(const Trace &t, const Event &e)
{
    QString kind = nameOf(e.kind);
    switch (e.kind) {
    case EventKind::Started:
    case EventKind::Resumed:
        kind += u':' + nameOf(ResumeKind(e.aux));
        break;
    case EventKind::Sent:
        if (isResumption(e))
            kind += QStringLiteral(":by=%1").arg(resumerOf(e));
        break;
    case EventKind::Awaiting:
        kind += u':' + nameOf(AwaitKind(e.aux));
        break;
    case EventKind::Enqueued:
        kind += u':' + nameOf(EnqueueReason(e.aux));
        break;
    case EventKind::Threw:
        kind += u':' + nameOf(ThrowKind(e.aux));
        break;
    case EventKind::Warning:
        kind += u':' + nameOf(WarningKind(e.aux));
        break;
    case EventKind::LoopIdle:
        kind += u':' + nameOf(IdleReason(e.aux));
        break;
    case EventKind::Destroyed:
    case EventKind::Dequeued:
    case EventKind::Cancelled:
        if (e.aux)
            kind += QStringLiteral(":%1").arg(e.aux);
        break;
    default:
        break;
    }
    // An Awaiting event names a coroutine, or describes a sleep / external wait.
    const bool isValue = argIsValue(e.kind)
        || (e.kind == EventKind::Awaiting && !awaitsCoroutine(AwaitKind(e.aux)));
    const QString value = isValue ? t.valueText(e.arg) : QString::number(e.arg);
    return QStringLiteral("%1 %2 %3 %4").arg(kind).arg(e.coro).arg(t.site(e.site).line).arg(value);
}

// The events from `from` on, one line each.
inline QStringList dump(const Trace &t, std::size_t from = 0)
{
    QStringList lines;
    for (std::size_t i = from; i < t.size(); ++i)
        lines << eventText(t, t[i]);
    return lines;
}

// What the program printed through coroscope::print, in order.
inline QStringList outputLines(const Trace &t)
{
    QStringList lines;
    for (const Event &e : t.events()) {
        if (e.kind == EventKind::Output)
            lines << t.valueText(e.arg);
    }
    return lines;
}

// Counts every destruction, so a test can prove a frame's locals died.
struct Guard
{
    explicit Guard(int *count) : m_count(count) {}
    Guard(const Guard &) = delete;
    Guard &operator=(const Guard &) = delete;
    ~Guard() { ++*m_count; }
    int *m_count;
};

} // namespace coroscope::test
