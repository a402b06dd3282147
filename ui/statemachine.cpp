#include "statemachine.h"

#include <algorithm>

namespace coroscope::ui {

namespace {

QString coroLabel(const Trace &trace, CoroId id)
{
    if (id == 0 || id > trace.coroutineCount())
        return QStringLiteral("#%1").arg(id);
    return trace.coroutine(id).name + u'#' + QString::number(id);
}

// The per-coroutine half of TransitionBuilder::feed: every input it needs is
// an event of the coroutine itself, so one coroutine's events suffice.
struct Fold
{
    bool open = false;
    bool hasPending = false;
    bool cancelRequested = false;
    EnqueueReason lastEnqueue = EnqueueReason::Wakeup;
    QString action, verb, pendingAction, pendingVerb;

    void begin(const Trace &trace, const Event &e)
    {
        const bool started = e.kind == EventKind::Started;
        const bool pending = std::exchange(hasPending, false);
        open = true;
        switch (ResumeKind(e.aux)) {
        case ResumeKind::Next:
            action = trace.coroutine(e.coro).kind == CoroutineKind::AsyncGenerator ? QStringLiteral("anext()")
                                                                                     : QStringLiteral("next()");
            verb = action;
            return;
        case ResumeKind::Send:
            verb = QStringLiteral("send");
            action = pending ? pendingAction : QStringLiteral("send()");
            return;
        case ResumeKind::Throw:
            verb = QStringLiteral("throw");
            action = pending ? pendingAction : QStringLiteral("throw");
            return;
        case ResumeKind::Close:
            action = verb = QStringLiteral("close()");
            return;
        case ResumeKind::External:
            action = verb = QStringLiteral("external");
            return;
        case ResumeKind::Cancel:
            action = verb = QStringLiteral("cancel");
            return;
        case ResumeKind::Awaiter:
            action = verb = started ? QStringLiteral("start") : QStringLiteral("wakeup");
            return;
        case ResumeKind::Loop:
            break;
        }
        action = verb = loopAction(started);
    }

    QString loopAction(bool started)
    {
        if (started)
            return QStringLiteral("start");
        if (std::exchange(cancelRequested, false))
            return QStringLiteral("cancel");
        switch (lastEnqueue) {
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
};

QString awaitOutcome(const Trace &trace, const Event &e)
{
    switch (AwaitKind(e.aux)) {
    case AwaitKind::Sleep:
    case AwaitKind::External:
        return trace.valueText(e.arg);
    case AwaitKind::AsyncNext:
        return QStringLiteral("await anext(") + coroLabel(trace, e.arg) + u')';
    default:
        return QStringLiteral("await ") + coroLabel(trace, e.arg);
    }
}

struct Outcome
{
    QString text;
    StateMachine::NodeKind to = StateMachine::NodeKind::Site;
    bool valid = false;
};

// What event `e` ends a stretch with, if it does.
Outcome outcomeOf(const Trace &trace, const Event &e, Fold &f)
{
    using K = StateMachine::NodeKind;
    const bool isFuture = trace.coroutine(e.coro).kind == CoroutineKind::Future;
    switch (e.kind) {
    case EventKind::Yielded:
        return {QStringLiteral("yield ") + trace.valueText(e.arg), K::Site, true};
    case EventKind::Awaiting:
        return {awaitOutcome(trace, e), K::Site, true};
    case EventKind::Suspended:
        return {QStringLiteral("sleep(0)"), K::Site, true};
    case EventKind::ExternalWait:
        return {QStringLiteral("wait ") + trace.valueText(e.arg), K::Site, true};
    case EventKind::Returned:
        return {QStringLiteral("return ") + trace.valueText(e.arg), K::Done, true};
    case EventKind::Threw:
        if (ThrowKind(e.aux) == ThrowKind::Escaped || (isFuture && ThrowKind(e.aux) == ThrowKind::Future))
            return {QStringLiteral("raise ") + trace.valueText(e.arg), K::Failed, true};
        return {};
    case EventKind::Cancelled:
        return {QStringLiteral("cancelled"), K::Cancelled, e.aux != 1};
    case EventKind::Destroyed:
        if (f.open)
            return f.action == u"close()" ? Outcome{QStringLiteral("closed"), K::Closed, true}
                                          : Outcome{QStringLiteral("destroyed"), K::Destroyed, true};
        return {QStringLiteral("destroyed"), K::Destroyed, e.aux == 1};
    default:
        return {};
    }
}

} // namespace

QString StateMachine::Edge::label() const
{
    return action.isEmpty() ? outcome : action + QStringLiteral(" / ") + outcome;
}

StateMachine StateMachine::compute(const Trace &trace, CoroId id, const std::vector<std::uint32_t> &events,
                                   std::size_t cursor)
{
    StateMachine m;
    m.coroutine = id;
    if (id == 0 || id > trace.coroutineCount())
        return m;
    m.nodes.push_back(Node{NodeKind::Start, 0, 0, 0});
    int siteCases = 0;
    int at = 0; // the state the coroutine is in, over the whole history
    bool ended = false;
    auto nodeFor = [&m, &siteCases](NodeKind kind, SiteId site) {
        for (std::size_t i = 0; i < m.nodes.size(); ++i)
            if (m.nodes[i].kind == kind && (kind != NodeKind::Site || m.nodes[i].site == site))
                return int(i);
        m.nodes.push_back(Node{kind, site, kind == NodeKind::Site ? ++siteCases : -1, 0});
        return int(m.nodes.size()) - 1;
    };
    Fold f;
    for (const std::uint32_t index : events) {
        if (index >= trace.size())
            break;
        const bool past = index < cursor;
        const Event &e = trace[index];
        switch (e.kind) {
        case EventKind::Created:
            if (past) {
                m.current = 0;
                m.nodes[0].visits = 1;
            }
            continue;
        case EventKind::Enqueued:
            f.lastEnqueue = EnqueueReason(e.aux);
            continue;
        case EventKind::Sent:
        case EventKind::Threw:
            if (e.kind == EventKind::Sent || ThrowKind(e.aux) == ThrowKind::ThrownIn) {
                if (!f.open) {
                    f.hasPending = true;
                    f.pendingVerb = e.kind == EventKind::Sent ? QStringLiteral("send") : QStringLiteral("throw");
                    f.pendingAction = e.kind == EventKind::Sent
                        ? QString(QStringLiteral("send(") + trace.valueText(e.arg) + u')')
                        : QString(QStringLiteral("throw ") + trace.valueText(e.arg));
                }
                continue;
            }
            break;
        case EventKind::Cancelled:
            if (e.aux == 1) {
                f.cancelRequested = true;
                continue;
            }
            break;
        case EventKind::Started:
        case EventKind::Resumed:
            f.begin(trace, e);
            if (past)
                m.running = true;
            continue;
        default:
            break;
        }
        if (ended)
            continue; // a destroyed frame after it returned: not a transition
        const Outcome out = outcomeOf(trace, e, f);
        if (!out.valid)
            continue;
        if (e.kind == EventKind::Destroyed)
            f.hasPending = false;
        const int to = nodeFor(out.to, out.to == NodeKind::Site ? e.site : 0);
        const QString action = f.open ? f.action : QString();
        const QString verb = f.open ? f.verb : QString();
        f.open = false;
        auto edge = std::find_if(m.edges.begin(), m.edges.end(), [at, to, &verb](const Edge &x) {
            return x.from == at && x.to == to && x.verb == verb;
        });
        if (edge == m.edges.end()) {
            m.edges.push_back(Edge{at, to, verb, action, out.text, 0, 0});
            edge = m.edges.end() - 1;
        }
        ++edge->total;
        if (past) {
            ++edge->count;
            edge->action = action;
            edge->outcome = out.text;
            ++m.nodes[std::size_t(to)].visits;
            m.current = to;
            m.lastEdge = int(edge - m.edges.begin());
            m.running = false;
        }
        at = to;
        ended = out.to != NodeKind::Site;
    }
    return m;
}

int StateMachine::siteCount() const
{
    return int(std::count_if(nodes.begin(), nodes.end(), [](const Node &n) { return n.kind == NodeKind::Site; }));
}

QString StateMachine::nodeTitle(const Trace &trace, int node) const
{
    if (node < 0 || node >= int(nodes.size()))
        return {};
    const Node &n = nodes[std::size_t(node)];
    switch (n.kind) {
    case NodeKind::Start:
        return QStringLiteral("start");
    case NodeKind::Done:
        return QStringLiteral("done");
    case NodeKind::Failed:
        return QStringLiteral("failed");
    case NodeKind::Cancelled:
        return QStringLiteral("cancelled");
    case NodeKind::Closed:
        return QStringLiteral("closed");
    case NodeKind::Destroyed:
        return QStringLiteral("destroyed");
    case NodeKind::Site:
        break;
    }
    if (n.site == 0)
        return QStringLiteral("unknown point");
    const Site &s = trace.site(n.site);
    const bool shared = std::any_of(nodes.begin(), nodes.end(), [&trace, &n, &s](const Node &o) {
        return o.kind == NodeKind::Site && o.site != n.site && o.site != 0 && trace.site(o.site).line == s.line;
    });
    return shared ? QStringLiteral("line %1:%2").arg(s.line).arg(s.column) : QStringLiteral("line %1").arg(s.line);
}

} // namespace coroscope::ui
