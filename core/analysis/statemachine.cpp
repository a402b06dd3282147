#include <coroscope/statemachine.h>

#include <coroscope/transitions.h>

#include <QHash>
#include <algorithm>
#include <limits>
#include <optional>

namespace coroscope {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// How a stretch was resumed; the vocabulary of TransitionBuilder::resumeAction.
enum class Verb : std::uint8_t { None, Next, ANext, Send, Throw, Close, External, Cancel, Start, Wakeup, Timer, Loop };

QString verbText(Verb v)
{
    static const char *const names[] = {"",       "next()", "anext()", "send",   "throw", "close()",
                                        "external", "cancel", "start",   "wakeup", "timer", "loop"};
    return QString::fromLatin1(names[int(v)]);
}


// One traversal, as event indices: its text is only built for the ones shown.
struct Step
{
    Verb verb = Verb::None;
    std::uint32_t pending = kNone; // the Sent / thrown-in event before the resumption
    std::uint32_t outcome = kNone; // the event that ended the stretch
};

QString actionText(const Trace &trace, const Step &s)
{
    if (s.verb == Verb::Send)
        return s.pending != kNone ? QStringLiteral("send(") + trace.valueText(trace[s.pending].arg) + u')'
                                  : QStringLiteral("send()");
    if (s.verb == Verb::Throw)
        return s.pending != kNone ? QStringLiteral("throw ") + trace.valueText(trace[s.pending].arg)
                                  : QStringLiteral("throw");
    return verbText(s.verb);
}

QString outcomeText(const Trace &trace, const Step &s)
{
    const Event &e = trace[s.outcome];
    switch (e.kind) {
    case EventKind::Yielded:
        return QStringLiteral("yield ") + trace.valueText(e.arg);
    case EventKind::Awaiting:
        return awaitLabel(trace, e);
    case EventKind::Suspended:
        return QStringLiteral("sleep(0)");
    case EventKind::ExternalWait:
        return QStringLiteral("wait ") + trace.valueText(e.arg);
    case EventKind::Returned:
        return QStringLiteral("return ") + trace.valueText(e.arg);
    case EventKind::Threw:
        return QStringLiteral("raise ") + trace.valueText(e.arg);
    case EventKind::Cancelled:
        return QStringLiteral("cancelled");
    case EventKind::Destroyed:
        return s.verb == Verb::Close ? QStringLiteral("closed") : QStringLiteral("destroyed");
    default:
        return {};
    }
}

// The state event `e` ends a stretch in, if it does (`open`: the coroutine was running).
std::optional<StateMachine::NodeKind> endsIn(const Trace &trace, const Event &e, bool open, Verb verb)
{
    using K = StateMachine::NodeKind;
    switch (e.kind) {
    case EventKind::Awaiting:
        if (isRelation(e))
            return std::nullopt;
        return K::Site;
    case EventKind::Yielded:
    case EventKind::Suspended:
    case EventKind::ExternalWait:
        return K::Site;
    case EventKind::Returned:
        return K::Done;
    case EventKind::Threw:
        if (ThrowKind(e.aux) == ThrowKind::Escaped
            || (ThrowKind(e.aux) == ThrowKind::Future && trace.coroutine(e.coro).kind == CoroutineKind::Future))
            return K::Failed;
        return std::nullopt;
    case EventKind::Cancelled:
        return e.aux == 1 ? std::nullopt : std::optional(K::Cancelled);
    case EventKind::Destroyed:
        if (open)
            return verb == Verb::Close ? K::Closed : K::Destroyed;
        return e.aux == 1 ? std::optional(K::Destroyed) : std::nullopt;
    default:
        return std::nullopt;
    }
}

// The per-coroutine half of TransitionBuilder::feed: every input it needs is
// an event of the coroutine itself, so one coroutine's events suffice.
struct Fold
{
    bool open = false;
    bool cancelRequested = false;
    EnqueueReason lastEnqueue = EnqueueReason::Wakeup;
    std::uint32_t pending = kNone;
    Step step;

    void begin(const Trace &trace, const Event &e)
    {
        const bool started = e.kind == EventKind::Started;
        const std::uint32_t pend = std::exchange(pending, kNone);
        open = true;
        step = Step{};
        const ResumeKind how = resumeKindOf(e);
        switch (how) {
        case ResumeKind::Next:
            step.verb = trace.coroutine(e.coro).kind == CoroutineKind::AsyncGenerator ? Verb::ANext : Verb::Next;
            return;
        case ResumeKind::Send:
        case ResumeKind::Throw:
            step.verb = how == ResumeKind::Send ? Verb::Send : Verb::Throw;
            step.pending = pend;
            return;
        case ResumeKind::Close:
            step.verb = Verb::Close;
            return;
        case ResumeKind::External:
            step.verb = Verb::External;
            return;
        case ResumeKind::Cancel:
            step.verb = Verb::Cancel;
            return;
        case ResumeKind::Awaiter:
            step.verb = started ? Verb::Start : Verb::Wakeup;
            return;
        case ResumeKind::Loop:
            break;
        }
        step.verb = loopVerb(started);
    }

    Verb loopVerb(bool started)
    {
        if (started)
            return Verb::Start;
        if (std::exchange(cancelRequested, false))
            return Verb::Cancel;
        switch (lastEnqueue) {
        case EnqueueReason::Spawn:
            return Verb::Start;
        case EnqueueReason::Wakeup:
        case EnqueueReason::Callback:
            return Verb::Wakeup;
        case EnqueueReason::Timer:
            return Verb::Timer;
        case EnqueueReason::External:
            return Verb::External;
        case EnqueueReason::Cancel:
            return Verb::Cancel;
        case EnqueueReason::Yield:
            break;
        }
        return Verb::Loop;
    }
};

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
    QHash<SiteId, int> siteNodes;
    int endNodes[8];
    std::fill(std::begin(endNodes), std::end(endNodes), -1);
    int siteCases = 0;
    auto nodeFor = [&](NodeKind kind, SiteId site) {
        int &slot = kind == NodeKind::Site ? siteNodes[site] : endNodes[int(kind)];
        if (kind == NodeKind::Site ? slot == 0 : slot < 0) {
            slot = int(m.nodes.size());
            m.nodes.push_back(Node{kind, site, kind == NodeKind::Site ? ++siteCases : -1, 0});
        }
        return slot;
    };
    struct EdgeSteps
    {
        Step first, last;
    };
    QHash<quint64, int> edgeIndex;
    std::vector<EdgeSteps> steps;

    int at = 0; // the state over the whole history
    bool ended = false;
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
        case EventKind::Threw:
            if (ThrowKind(e.aux) == ThrowKind::ThrownIn) {
                if (!f.open)
                    f.pending = index;
                continue;
            }
            break;
        case EventKind::Cancelled:
            if (e.aux == 1) {
                f.cancelRequested = true;
                continue;
            }
            break;
        case EventKind::Sent:
            if (!f.open)
                f.pending = index;
            if (!isResumption(e))
                continue;
            [[fallthrough]]; // a packed Sent is the resumption too
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
        const std::optional<NodeKind> kind = endsIn(trace, e, f.open, f.step.verb);
        if (!kind)
            continue;
        if (e.kind == EventKind::Destroyed)
            f.pending = kNone;
        Step step = f.open ? f.step : Step{};
        step.outcome = index;
        f.open = false;
        const int to = nodeFor(*kind, *kind == NodeKind::Site ? e.site : 0);
        const quint64 key = (quint64(at) << 40) | (quint64(to) << 8) | quint64(step.verb);
        auto found = edgeIndex.constFind(key);
        int edge = found == edgeIndex.constEnd() ? -1 : *found;
        if (edge < 0) {
            edge = int(m.edges.size());
            edgeIndex.insert(key, edge);
            m.edges.push_back(Edge{at, to, verbText(step.verb), {}, {}, 0, 0});
            steps.push_back(EdgeSteps{step, step});
        }
        Edge &x = m.edges[std::size_t(edge)];
        ++x.total;
        if (past) {
            ++x.count;
            steps[std::size_t(edge)].last = step;
            ++m.nodes[std::size_t(to)].visits;
            m.current = to;
            m.lastEdge = edge;
            m.running = false;
        }
        at = to;
        ended = *kind != NodeKind::Site;
    }
    // Texts only now: for each edge, its last traversal up to the cursor (the first when none yet).
    for (std::size_t i = 0; i < m.edges.size(); ++i) {
        const Step &s = m.edges[i].count > 0 ? steps[i].last : steps[i].first;
        m.edges[i].action = actionText(trace, s);
        m.edges[i].outcome = outcomeText(trace, s);
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

} // namespace coroscope
