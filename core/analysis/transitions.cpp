#include <coroscope/transitions.h>

namespace coroscope {

QString nameAndId(const Trace &trace, CoroId id)
{
    if (id == 0 || id > trace.coroutineCount())
        return QStringLiteral("#%1").arg(id);
    return trace.coroutine(id).name + u'#' + QString::number(id);
}

QString awaitLabel(const Trace &trace, const Event &e)
{
    switch (AwaitKind(e.aux)) {
    case AwaitKind::Sleep:
    case AwaitKind::External:
        return trace.valueText(e.arg);
    case AwaitKind::AsyncNext:
        return QStringLiteral("await anext(") + nameAndId(trace, e.arg) + u')';
    case AwaitKind::Delegate:
        return QStringLiteral("yield from ") + nameAndId(trace, e.arg);
    case AwaitKind::Gather:
        return QStringLiteral("gather ") + nameAndId(trace, e.arg);
    default:
        return QStringLiteral("await ") + nameAndId(trace, e.arg);
    }
}

namespace {

bool isAsyncGenerator(const Trace &trace, CoroId id)
{
    return id <= trace.coroutineCount() && trace.coroutine(id).kind == CoroutineKind::AsyncGenerator;
}

} // namespace

void TransitionBuilder::reset()
{
    m_states.clear();
    m_next = 0;
}

TransitionBuilder::CoroState *TransitionBuilder::state(const Trace &trace, CoroId id)
{
    // Ids come from files too: an id the trace does not describe is skipped.
    if (id == 0 || id > trace.coroutineCount())
        return nullptr;
    if (m_states.size() <= id)
        m_states.resize(std::size_t(id) + 1);
    return &m_states[id];
}

QString TransitionBuilder::resumeAction(const Trace &trace, CoroState &s, const Event &e)
{
    const bool started = e.kind == EventKind::Started;
    const auto how = resumeKindOf(e);
    const bool pending = std::exchange(s.hasPending, false);
    const bool cancelRequested = std::exchange(s.cancelRequested, false);
    switch (how) {
    case ResumeKind::Next:
        return isAsyncGenerator(trace, e.coro) ? QStringLiteral("anext()") : QStringLiteral("next()");
    case ResumeKind::Send:
        return pending ? s.pendingAction : QStringLiteral("send()");
    case ResumeKind::Throw:
        return pending ? s.pendingAction : QStringLiteral("throw");
    case ResumeKind::Close:
        return QStringLiteral("close()");
    case ResumeKind::External:
        return QStringLiteral("external");
    case ResumeKind::Cancel:
        return QStringLiteral("cancel");
    case ResumeKind::Awaiter:
        return started ? QStringLiteral("start") : QStringLiteral("wakeup");
    case ResumeKind::Loop:
        break;
    }
    if (started)
        return QStringLiteral("start");
    if (cancelRequested)
        return QStringLiteral("cancel");
    switch (s.lastEnqueue) {
    case EnqueueReason::Spawn:
        return QStringLiteral("start");
    case EnqueueReason::Wakeup:
    case EnqueueReason::Callback:
        return QStringLiteral("wakeup");
    case EnqueueReason::Timer:
        return QStringLiteral("timer");
    case EnqueueReason::External:
        return QStringLiteral("external");
    case EnqueueReason::Cancel:
        return QStringLiteral("cancel");
    case EnqueueReason::Yield:
        break;
    }
    return QStringLiteral("loop");
}

void TransitionBuilder::begin(const Trace &trace, CoroState &s, const Event &e, std::size_t index)
{
    s.first = s.hasPending ? s.pendingFirst : index;
    s.action = resumeAction(trace, s, e);
    s.from = e.kind == EventKind::Started ? 0 : e.site;
    s.open = true;
}

std::vector<Transition> TransitionBuilder::feed(const Trace &trace, std::size_t upTo)
{
    std::vector<Transition> out;
    upTo = std::min(upTo, trace.size());
    for (; m_next < upTo; ++m_next) {
        const std::size_t i = m_next;
        const Event &e = trace[i];
        CoroState *s = state(trace, e.coro);
        if (!s)
            continue;
        QString outcome;
        SiteId to = e.site;
        switch (e.kind) {
        case EventKind::Enqueued:
            s->lastEnqueue = EnqueueReason(e.aux);
            continue;
        case EventKind::Sent:
            if (!s->open) {
                s->hasPending = true;
                s->pendingFirst = i;
                s->pendingAction = QStringLiteral("send(") + trace.valueText(e.arg) + u')';
            }
            if (!isResumption(e))
                continue;
            [[fallthrough]]; // a packed Sent is the resumption too
        case EventKind::Started:
        case EventKind::Resumed:
            begin(trace, *s, e, i);
            continue;
        case EventKind::Cancelled:
            // aux = 1: somebody asked for the cancellation; it lands at the next resumption.
            if (e.aux == 1) {
                s->cancelRequested = true;
                continue;
            }
            outcome = QStringLiteral("cancelled");
            to = 0;
            break;
        case EventKind::Threw:
            if (ThrowKind(e.aux) == ThrowKind::ThrownIn) {
                // A throw into a parked generator comes before its resumption;
                // a CancelledError raised in a running task is part of its stretch.
                if (!s->open) {
                    s->hasPending = true;
                    s->pendingFirst = i;
                    s->pendingAction = QStringLiteral("throw ") + trace.valueText(e.arg);
                }
                continue;
            }
            if (ThrowKind(e.aux) != ThrowKind::Escaped)
                continue;
            outcome = QStringLiteral("raise ") + trace.valueText(e.arg);
            break;
        case EventKind::Yielded:
            outcome = QStringLiteral("yield ") + trace.valueText(e.arg);
            break;
        case EventKind::Awaiting:
            if (isRelation(e))
                continue;
            outcome = awaitLabel(trace, e);
            break;
        case EventKind::Suspended:
            outcome = QStringLiteral("sleep(0)");
            break;
        case EventKind::ExternalWait:
            outcome = QStringLiteral("wait ") + trace.valueText(e.arg);
            break;
        case EventKind::Returned:
            outcome = QStringLiteral("return ") + trace.valueText(e.arg);
            break;
        case EventKind::Destroyed:
            s->hasPending = false;
            if (!s->open)
                continue;
            outcome = s->action == u"close()" ? QStringLiteral("closed") : QStringLiteral("destroyed");
            to = 0;
            break;
        default:
            continue;
        }
        if (!s->open)
            continue; // a future's result, or an outcome recorded for a coroutine that was not running
        s->open = false;
        out.push_back(Transition{e.coro, s->first, i, std::move(s->action), std::move(outcome), s->from, to});
    }
    return out;
}

QString TransitionBuilder::format(const Trace &trace, const Transition &t)
{
    const QString name = t.coro && t.coro <= trace.coroutineCount() ? trace.coroutine(t.coro).name : QString();
    QString line = u'#' + QString::number(t.coro) + u' ' + name + QStringLiteral("  ") + t.action
        + QStringLiteral(" → ") + t.outcome;
    if (t.toSite && t.toSite < trace.siteCount()) {
        const Site &site = trace.site(t.toSite);
        line += QStringLiteral("  @ ") + site.fileName() + u':' + QString::number(site.line) + u':'
            + QString::number(site.column);
    }
    return line;
}

std::vector<Transition> TransitionBuilder::all(const Trace &trace)
{
    TransitionBuilder b;
    return b.feed(trace, trace.size());
}

} // namespace coroscope
