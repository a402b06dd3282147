#include <coroscope/snapshot.h>

#include <algorithm>

namespace coroscope {

QString nameOf(CoroutineState s)
{
    static const char *const n[] = {"absent", "created", "running", "suspended", "done", "failed", "cancelled",
                                    "destroyed"};
    const auto i = std::size_t(s);
    return i < std::size(n) ? QString::fromLatin1(n[i]) : QStringLiteral("?");
}

const CoroutineSnapshot &Snapshot::coroutine(CoroId id) const
{
    static const CoroutineSnapshot absent;
    return id < coroutines.size() ? coroutines[id] : absent;
}


static void popRunning(std::vector<CoroId> &running, CoroId c)
{
    // Usually the top; a coroutine destroyed from outside may sit lower.
    for (auto it = running.rbegin(); it != running.rend(); ++it) {
        if (*it == c) {
            running.erase(std::next(it).base());
            return;
        }
    }
}

void Snapshot::apply(const Trace &trace, std::size_t index)
{
    const Event &e = trace.event(index);
    eventCount = index + 1;
    if (e.coro >= coroutines.size())
        coroutines.resize(std::max<std::size_t>(e.coro + 1, trace.coroutineCount() + 1));
    CoroutineSnapshot &c = coroutines[e.coro];
    if (e.coro != 0)
        c.lastEvent = std::uint32_t(index);
    auto park = [&](SiteId site) {
        c.state = CoroutineState::Parked;
        c.site = site ? site : c.site;
        popRunning(running, e.coro);
    };
    auto resume = [&] {
        if (c.gathering) { // it no longer waits for gather's children
            std::erase_if(gathered, [&e](const AwaitEdge &g) { return g.from == e.coro; });
            c.gathering = false;
        }
        c.state = CoroutineState::Running;
        c.awaiting = false;
        ++c.resumes;
        popRunning(running, e.coro);
        running.push_back(e.coro);
    };
    switch (e.kind) {
    case EventKind::Created:
        c = CoroutineSnapshot{};
        c.state = CoroutineState::Created;
        c.frameAlive = trace.coroutine(e.coro).kind != CoroutineKind::Future;
        c.lastEvent = std::uint32_t(index);
        break;
    case EventKind::Started:
    case EventKind::Resumed:
        resume();
        break;
    case EventKind::Suspended:
        park(e.site);
        c.awaiting = false;
        break;
    case EventKind::Yielded:
    case EventKind::StateChanged:
        park(e.site);
        c.awaiting = c.awaiting && c.awaitKind == AwaitKind::Delegate; // a `yield from` passing a value on
        c.lastValue = e.arg;
        c.lastValueKind = std::uint8_t(e.kind);
        c.lastValueIsInput = false;
        break;
    case EventKind::Sent:
        c.lastValue = e.arg;
        c.lastValueKind = std::uint8_t(e.kind);
        c.lastValueIsInput = true;
        if (isResumption(e))
            resume();
        break;
    case EventKind::Awaiting:
        if (AwaitKind(e.aux) == AwaitKind::Gather) {
            gathered.push_back(AwaitEdge{e.coro, e.arg, AwaitKind::Gather});
            c.gathering = true;
            break;
        }
        if (AwaitKind(e.aux) == AwaitKind::Delegate) { // parked by the yield that follows
            c.awaiting = true;
            c.awaitKind = AwaitKind::Delegate;
            c.awaitTarget = e.arg;
            break;
        }
        park(e.site);
        c.awaiting = true;
        c.awaitKind = AwaitKind(e.aux);
        c.awaitTarget = e.arg;
        break;
    case EventKind::ExternalWait:
        park(e.site);
        c.awaiting = true;
        c.awaitKind = AwaitKind::External;
        c.awaitTarget = e.arg;
        externals.push_back(ExternalWaitSnapshot{e.coro, e.arg, e.site, std::uint32_t(index)});
        break;
    case EventKind::ExternalDone: {
        auto it = std::find_if(externals.begin(), externals.end(), [&e](const ExternalWaitSnapshot &w) {
            return w.coro == e.coro && w.description == e.arg;
        });
        if (it != externals.end())
            externals.erase(it);
        // What it waited for has come: it waits for its turn on the ready queue now, and the
        // Await graph, its Awaiting cell and the External waits table agree on that.
        if (c.awaiting && c.awaitKind == AwaitKind::External && c.awaitTarget == e.arg)
            c.awaiting = false;
        break;
    }
    case EventKind::Returned:
        c.state = CoroutineState::Done;
        c.awaiting = false;
        c.lastValue = e.arg;
        c.lastValueKind = std::uint8_t(e.kind);
        c.lastValueIsInput = false;
        if (e.site)
            c.site = e.site;
        popRunning(running, e.coro);
        break;
    case EventKind::Threw:
        c.lastValue = e.arg;
        c.lastValueKind = std::uint8_t(e.kind);
        c.lastValueIsInput = ThrowKind(e.aux) == ThrowKind::ThrownIn;
        if (ThrowKind(e.aux) != ThrowKind::ThrownIn) {
            c.state = CoroutineState::Failed;
            c.awaiting = false;
            popRunning(running, e.coro);
        }
        break;
    case EventKind::Cancelled:
        if (e.aux == 1) {
            c.cancelRequested = true;
        } else {
            c.state = CoroutineState::Cancelled;
            c.awaiting = false;
            popRunning(running, e.coro);
        }
        break;
    case EventKind::Destroyed:
        c.frameAlive = false;
        if (!isFinished(c.state))
            c.state = CoroutineState::Destroyed;
        c.awaiting = false;
        popRunning(running, e.coro);
        break;
    case EventKind::Enqueued:
        ready.push_back(ReadyEntrySnapshot{e.coro, EnqueueReason(e.aux), e.arg, std::uint32_t(index)});
        break;
    case EventKind::Dequeued:
        if (!ready.empty())
            ready.pop_front();
        break;
    case EventKind::TimerScheduled: {
        const auto &t = trace.timers();
        const auto key = [&t](std::uint32_t i) { return std::pair(i < t.size() ? t[i].dueNs : 0, i); };
        auto pos = std::upper_bound(timers.begin(), timers.end(), e.arg,
                                    [&key](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
        timers.insert(pos, e.arg);
        break;
    }
    case EventKind::TimerFired:
    case EventKind::TimerCancelled: {
        auto it = std::find(timers.begin(), timers.end(), e.arg);
        if (it != timers.end())
            timers.erase(it);
        break;
    }
    case EventKind::LoopIdle:
        if (IdleReason(e.aux) == IdleReason::Deadlock) {
            deadlocked = true;
            if (stuck.empty())
                stuck = awaitGraph();
        }
        if (IdleReason(e.aux) == IdleReason::Finished || IdleReason(e.aux) == IdleReason::Deadlock)
            finished = true;
        break;
    case EventKind::Output:
        ++outputCount;
        break;
    case EventKind::Warning:
        ++warningCount;
        if (e.coro)
            c.warnings |= std::uint16_t(1u << e.aux);
        if (WarningKind(e.aux) == WarningKind::Deadlock)
            deadlocked = true;
        break;
    case EventKind::Renamed:
    case EventKind::KindCount:
        break;
    }
    // loopTimeNs = trace.loopTimeAt(index), found by walking from the last mark
    // (a binary search only when this snapshot was folded over another trace).
    const std::vector<TimeMark> &marks = trace.timeMarks();
    if (m_mark >= marks.size() || marks[m_mark].event > index) {
        const auto it = std::upper_bound(marks.begin(), marks.end(), index,
                                         [](std::size_t i, const TimeMark &m) { return i < m.event; });
        m_mark = it == marks.begin() ? 0 : std::size_t(it - marks.begin()) - 1;
    }
    while (m_mark + 1 < marks.size() && marks[m_mark + 1].event <= index)
        ++m_mark;
    loopTimeNs = m_mark < marks.size() && marks[m_mark].event <= index ? marks[m_mark].loopNs : 0;
}

std::vector<AwaitEdge> Snapshot::awaitGraph() const
{
    std::vector<AwaitEdge> edges;
    for (CoroId id = 1; id < coroutines.size(); ++id) {
        const auto &c = coroutines[id];
        if (c.awaitsCoroutine())
            edges.push_back(AwaitEdge{id, c.awaitTarget, c.awaitKind});
    }
    for (const AwaitEdge &g : gathered)
        if (coroutine(g.from).state == CoroutineState::Parked && isLive(coroutine(g.to).state))
            edges.push_back(g);
    return edges;
}

std::vector<CoroId> Snapshot::awaitCycle() const
{
    return awaitCycle(awaitGraph());
}

std::vector<CoroId> Snapshot::awaitCycle(const std::vector<AwaitEdge> &graph) const
{
    if (graph.size() < 2 && (graph.empty() || graph.front().from != graph.front().to))
        return {}; // a cycle needs two edges, or one onto itself
    // Each parked coroutine awaits at most one thing: follow the chain.
    std::vector<CoroId> next(coroutines.size(), 0);
    for (const auto &edge : graph)
        if (edge.to < next.size() && (next[edge.from] == 0 || edge.kind != AwaitKind::Gather))
            next[edge.from] = edge.to;
    std::vector<std::uint8_t> mark(coroutines.size(), 0); // 0 new, 1 on path, 2 done
    std::vector<CoroId> path; // one buffer for every walk: a walk per coroutine allocated 100,000 times
    for (CoroId start = 1; start < coroutines.size(); ++start) {
        if (mark[start] != 0 || next[start] == 0)
            continue; // seen, or awaits nothing: no cycle starts here
        path.clear();
        CoroId at = start;
        while (at && mark[at] == 0) {
            mark[at] = 1;
            path.push_back(at);
            at = next[at];
        }
        if (at && mark[at] == 1) {
            auto from = std::find(path.begin(), path.end(), at);
            return std::vector<CoroId>(from, path.end());
        }
        for (CoroId p : path)
            mark[p] = 2;
    }
    return {};
}

bool operator==(const Snapshot &a, const Snapshot &b)
{
    const std::size_t n = std::max(a.coroutines.size(), b.coroutines.size());
    for (std::size_t i = 1; i < n; ++i)
        if (a.coroutine(CoroId(i)) != b.coroutine(CoroId(i)))
            return false;
    return a.eventCount == b.eventCount && a.ready == b.ready && a.timers == b.timers && a.externals == b.externals
        && a.running == b.running && a.loopTimeNs == b.loopTimeNs && a.outputCount == b.outputCount
        && a.warningCount == b.warningCount && a.deadlocked == b.deadlocked && a.finished == b.finished
        && a.stuck == b.stuck && a.gathered == b.gathered;
}

void Snapshot::rebase(std::size_t n) noexcept
{
    auto down = [n](std::uint32_t &index) { index = index > n ? std::uint32_t(index - n) : 0; };
    for (CoroutineSnapshot &c : coroutines)
        down(c.lastEvent);
    for (ReadyEntrySnapshot &r : ready)
        down(r.enqueuedAt);
    for (ExternalWaitSnapshot &x : externals)
        down(x.since);
    eventCount = eventCount > n ? eventCount - n : 0;
    m_mark = 0; // found again by the next apply()
}

void dropOldestEvents(Trace &trace, std::size_t n)
{
    n = std::min(n, trace.size());
    if (n == 0)
        return;
    auto base = std::make_shared<Snapshot>(SnapshotIndex::fold(trace, n));
    base->rebase(n);
    trace.dropFront(n, std::move(base));
}

} // namespace coroscope
