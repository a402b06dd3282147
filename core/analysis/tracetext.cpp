#include <coroscope/tracetext.h>

#include <coroscope/transitions.h>

namespace coroscope {

QString siteText(const Trace &trace, SiteId site)
{
    if (site == 0 || site >= trace.siteCount())
        return {};
    const Site &s = trace.site(site);
    return s.fileName() + u':' + QString::number(s.line);
}

QString siteToolTip(const Trace &trace, SiteId site)
{
    if (site == 0 || site >= trace.siteCount())
        return {};
    const Site &s = trace.site(site);
    return QStringLiteral("%1 — %2:%3:%4").arg(s.function, s.file).arg(s.line).arg(s.column);
}

QString coroutineLabel(const Trace &trace, CoroId id)
{
    return nameAndId(trace, id);
}

QString awaitingText(const Trace &trace, const CoroutineSnapshot &c)
{
    if (c.state != CoroutineState::Parked || !c.awaiting)
        return {};
    switch (c.awaitKind) {
    case AwaitKind::Sleep:
    case AwaitKind::External:
        return trace.valueText(c.awaitTarget);
    case AwaitKind::AsyncNext:
        return QStringLiteral("anext(") + coroutineLabel(trace, c.awaitTarget) + u')';
    case AwaitKind::Delegate:
        return QStringLiteral("yield from ") + coroutineLabel(trace, c.awaitTarget);
    default:
        return coroutineLabel(trace, c.awaitTarget);
    }
}

static QString withValue(const QString &verb, const QString &value)
{
    return value.isEmpty() ? verb : verb + u' ' + value;
}

QString eventSummary(const Trace &trace, const Event &e)
{
    const auto value = [&trace, &e] { return trace.valueText(e.arg); };
    switch (e.kind) {
    case EventKind::Created:
        return e.arg ? QStringLiteral("created by ") + coroutineLabel(trace, e.arg) : QStringLiteral("created");
    case EventKind::Started:
        return QStringLiteral("started");
    case EventKind::Resumed: {
        const auto how = ResumeKind(e.aux);
        QString text = QStringLiteral("resumed by ") + nameOf(how);
        if (how == ResumeKind::Next || how == ResumeKind::Send || how == ResumeKind::Close)
            text += QStringLiteral("()");
        if (e.arg && how != ResumeKind::Loop)
            text += QStringLiteral(" from ") + coroutineLabel(trace, e.arg);
        return text;
    }
    case EventKind::Suspended:
        return QStringLiteral("suspended (sleep(0))");
    case EventKind::Yielded:
        return withValue(QStringLiteral("yield"), value());
    case EventKind::Sent: {
        // A packed Sent is the resumption as well (see sendResumer).
        QString text = QStringLiteral("send(") + value() + u')';
        if (!isResumption(e))
            return text;
        text = QStringLiteral("resumed by ") + text;
        if (const CoroId by = resumerOf(e))
            text += QStringLiteral(" from ") + coroutineLabel(trace, by);
        return text;
    }
    case EventKind::Awaiting:
        switch (AwaitKind(e.aux)) {
        case AwaitKind::Sleep:
        case AwaitKind::External:
            return QStringLiteral("await ") + value();
        case AwaitKind::AsyncNext:
            return QStringLiteral("await anext(") + coroutineLabel(trace, e.arg) + u')';
        case AwaitKind::Delegate:
            return QStringLiteral("yield from ") + coroutineLabel(trace, e.arg);
        case AwaitKind::Gather:
            return QStringLiteral("gather waits for ") + coroutineLabel(trace, e.arg);
        default:
            return QStringLiteral("await ") + coroutineLabel(trace, e.arg);
        }
    case EventKind::Returned:
        return withValue(QStringLiteral("return"), value());
    case EventKind::Threw:
        if (ThrowKind(e.aux) == ThrowKind::ThrownIn)
            return QStringLiteral("throw(") + value() + u')';
        return withValue(QStringLiteral("raise"), value());
    case EventKind::Cancelled:
        return e.aux == 1 ? QStringLiteral("cancel requested") : QStringLiteral("cancelled");
    case EventKind::Destroyed:
        return e.aux == 1 ? QStringLiteral("destroyed while suspended") : QStringLiteral("frame destroyed");
    case EventKind::Enqueued: {
        const QString reason = nameOf(EnqueueReason(e.aux));
        QString text = QStringLiteral("enqueue ") +
                       (e.coro ? coroutineLabel(trace, e.coro) : QStringLiteral("callback"));
        if (e.coro || reason != u"callback") // not "enqueue callback (callback)"
            text += QStringLiteral(" (") + reason + u')';
        if (e.arg)
            text += QStringLiteral(": ") + value();
        return text;
    }
    case EventKind::Dequeued:
        if (e.aux == 1)
            return QStringLiteral("drop stale entry");
        // The entry has left the queue; its coroutine resumes at the next event.
        return QStringLiteral("runs next: ") + (e.coro ? coroutineLabel(trace, e.coro) : QStringLiteral("a callback"))
               + QStringLiteral(" (off the ready queue)");
    case EventKind::TimerScheduled:
    case EventKind::TimerFired:
    case EventKind::TimerCancelled: {
        static const char *const verbs[] = {"timer scheduled", "timer fired", "timer cancelled"};
        QString text = QString::fromLatin1(verbs[int(e.kind) - int(EventKind::TimerScheduled)]);
        if (e.arg < trace.timers().size()) {
            const TimerInfo &t = trace.timer(e.arg);
            text += QStringLiteral(" (due %1)").arg(clockText(t.dueNs));
            if (t.description)
                text += QStringLiteral(": ") + trace.valueText(t.description);
        }
        return text;
    }
    case EventKind::ExternalWait:
        return QStringLiteral("wait for ") + value();
    case EventKind::ExternalDone:
        return QStringLiteral("external done: ") + value();
    case EventKind::LoopIdle:
        return QStringLiteral("loop idle: ") + nameOf(IdleReason(e.aux));
    case EventKind::Output:
        return value();
    case EventKind::Warning: {
        // Some messages name their warning already ("deadlock: main #1 awaits …"): say it once.
        QString title = warningTitle(WarningKind(e.aux));
        if (!e.arg)
            return title;
        const QString text = value();
        return text.startsWith(title + u':') ? text : title + QStringLiteral(": ") + text;
    }
    case EventKind::Renamed:
        return QStringLiteral("named ") + value();
    case EventKind::StateChanged:
        return withValue(QStringLiteral("state"), value());
    case EventKind::KindCount:
        break;
    }
    return nameOf(e.kind);
}

QString clockText(std::int64_t ns)
{
    return formatDuration(std::chrono::nanoseconds(ns));
}

QString warningTitle(WarningKind w)
{
    switch (w) {
    case WarningKind::UnretrievedException:
        return QStringLiteral("exception never retrieved");
    case WarningKind::DestroyedWhileParked:
        return QStringLiteral("destroyed while suspended");
    case WarningKind::LeakedFrame:
        return QStringLiteral("leaked frame");
    case WarningKind::Deadlock:
        return QStringLiteral("deadlock");
    case WarningKind::Orphan:
        return QStringLiteral("orphan");
    case WarningKind::ResumedFinished:
        return QStringLiteral("resumed after it finished");
    case WarningKind::AwaitedTwice:
        return QStringLiteral("awaited twice");
    case WarningKind::HistoryDropped:
        return QStringLiteral("oldest history dropped");
    }
    return nameOf(w);
}

QString warningExplanation(WarningKind w)
{
    switch (w) {
    case WarningKind::UnretrievedException:
        return QStringLiteral("It raised, and nobody awaited it or read its result before it was destroyed: "
                              "the exception was lost.");
    case WarningKind::DestroyedWhileParked:
        return QStringLiteral("Its frame was destroyed while it was suspended: it never finished, and the code "
                              "after its suspension point never ran.");
    case WarningKind::LeakedFrame:
        return QStringLiteral("The program ended with this frame still allocated: nothing destroyed it.");
    case WarningKind::Deadlock:
        return QStringLiteral("It waits, directly or through others, for something that can only happen after "
                              "it resumes: nothing can ever wake it.");
    case WarningKind::Orphan:
        return QStringLiteral("It is suspended and nobody is able to resume it: what it awaits has finished or "
                              "nothing is left to run.");
    case WarningKind::ResumedFinished:
        return QStringLiteral("It was resumed after it had finished.");
    case WarningKind::AwaitedTwice:
        return QStringLiteral("A task object was awaited a second time.");
    case WarningKind::HistoryDropped:
        return QStringLiteral("The run reached the event limit: its oldest events were dropped to keep memory "
                              "bounded. The state they led to is kept; stepping back stops at the oldest event kept.");
    }
    return {};
}

QList<WarningKind> warningList(std::uint16_t bits)
{
    QList<WarningKind> out;
    for (unsigned i = 0; i < 16; ++i)
        if (bits & (1u << i))
            out << WarningKind(i);
    return out;
}

} // namespace coroscope
