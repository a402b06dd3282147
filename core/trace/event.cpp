#include <coroscope/event.h>

namespace coroscope {

QString formatDuration(std::chrono::nanoseconds d)
{
    const auto ns = d.count();
    if (ns == 0)
        return QStringLiteral("0 s");
    if (ns % 1000000000 == 0)
        return QStringLiteral("%1 s").arg(ns / 1000000000);
    if (ns >= 1000000000)
        return QStringLiteral("%1 s").arg(double(ns) / 1e9, 0, 'g', 6);
    if (ns % 1000000 == 0)
        return QStringLiteral("%1 ms").arg(ns / 1000000);
    if (ns >= 1000000)
        return QStringLiteral("%1 ms").arg(double(ns) / 1e6, 0, 'g', 6);
    if (ns >= 1000)
        return QStringLiteral("%1 µs").arg(double(ns) / 1e3, 0, 'g', 6);
    return QStringLiteral("%1 ns").arg(ns);
}


QString nameOf(EventKind k)
{
    static const char *const names[] = {
        "created", "started", "resumed", "suspended", "yielded", "sent", "awaiting", "returned", "threw",
        "cancelled", "destroyed", "enqueued", "dequeued", "timer_scheduled", "timer_fired", "timer_cancelled",
        "external_wait", "external_done", "loop_idle", "output", "warning", "renamed", "state_changed"};
    static_assert(std::size(names) == std::size_t(EventKind::KindCount));
    const auto i = std::size_t(k);
    return i < std::size(names) ? QString::fromLatin1(names[i]) : QStringLiteral("kind%1").arg(i);
}

template <std::size_t N>
static QString pick(const char *const (&names)[N], std::size_t i)
{
    return i < N ? QString::fromLatin1(names[i]) : QStringLiteral("?%1").arg(i);
}

QString nameOf(CoroutineKind k)
{
    static const char *const n[] = {"generator", "task", "async generator", "future", "iterator"};
    return pick(n, std::size_t(k));
}
QString nameOf(ResumeKind k)
{
    static const char *const n[] = {"next", "send", "throw", "close", "loop", "awaiter", "external", "cancel"};
    return pick(n, std::size_t(k));
}
QString nameOf(AwaitKind k)
{
    static const char *const n[] = {"coroutine", "future", "task", "sleep", "external", "anext", "yield from", "gather"};
    return pick(n, std::size_t(k));
}
QString nameOf(EnqueueReason k)
{
    static const char *const n[] = {"spawn", "wakeup", "callback", "timer", "external", "yield", "cancel"};
    return pick(n, std::size_t(k));
}
QString nameOf(WarningKind k)
{
    static const char *const n[] = {"unretrieved exception", "destroyed while parked", "leaked frame",
                                    "deadlock", "orphan", "resumed finished generator", "awaited twice",
                                    "history dropped"};
    return pick(n, std::size_t(k));
}
QString nameOf(IdleReason k)
{
    static const char *const n[] = {"advance clock", "wait external", "finished", "deadlock"};
    return pick(n, std::size_t(k));
}
QString nameOf(ThrowKind k)
{
    static const char *const n[] = {"escaped", "thrown in", "future"};
    return pick(n, std::size_t(k));
}

} // namespace coroscope
