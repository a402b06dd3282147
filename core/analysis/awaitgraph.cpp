#include <coroscope/awaitgraph.h>

#include <coroscope/internals.h>
#include <coroscope/tracetext.h>

#include <QHash>
#include <QSet>
#include <algorithm>
#include <deque>

namespace coroscope {

int AwaitGraph::indexOf(CoroId id) const
{
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (id != 0 && nodes[i].coro == id)
            return int(i);
    return -1;
}

namespace {

// The edges with library internals taken out: an edge into an internal is
// carried on to the first coroutines past it (main → gather → fetch becomes main → fetch).
std::vector<AwaitEdge> withoutInternals(const Trace &trace, const std::vector<AwaitEdge> &edges)
{
    QHash<CoroId, bool> internal;
    const auto isInternal = [&trace, &internal](CoroId id) {
        auto it = internal.find(id);
        if (it == internal.end())
            it = internal.insert(id, isLibraryInternal(trace, id));
        return *it;
    };
    QHash<CoroId, QList<std::size_t>> out;
    for (std::size_t i = 0; i < edges.size(); ++i)
        out[edges[i].from] << i;
    std::vector<AwaitEdge> kept;
    for (const AwaitEdge &e : edges) {
        if (isInternal(e.from))
            continue;
        if (!isInternal(e.to)) {
            kept.push_back(e);
            continue;
        }
        QSet<CoroId> visited{e.to};
        std::vector<CoroId> stack{e.to};
        while (!stack.empty()) {
            const CoroId at = stack.back();
            stack.pop_back();
            for (const std::size_t i : out.value(at)) {
                const AwaitEdge &next = edges[i];
                if (!isInternal(next.to)) {
                    kept.push_back(AwaitEdge{e.from, next.to, next.kind});
                } else if (!visited.contains(next.to)) {
                    visited.insert(next.to);
                    stack.push_back(next.to);
                }
            }
        }
    }
    return kept;
}

} // namespace

AwaitGraph AwaitGraph::compute(const Trace &trace, const Snapshot &snapshot, CoroId selected, std::size_t maxNodes,
                               bool internals)
{
    AwaitGraph g;
    std::vector<AwaitEdge> awaits = snapshot.awaitGraph();
    QSet<CoroId> stuck;
    for (const AwaitEdge &e : snapshot.stuck) {
        stuck << e.from << e.to;
        const bool stillParked = std::any_of(awaits.begin(), awaits.end(),
                                             [&e](const AwaitEdge &a) { return a.from == e.from; });
        if (!stillParked)
            awaits.push_back(e);
    }
    if (!internals) {
        awaits = withoutInternals(trace, awaits);
        if (isLibraryInternal(trace, selected))
            selected = 0;
    }
    g.cycle = snapshot.awaitCycle(awaits);
    const QSet<CoroId> onCycle(g.cycle.begin(), g.cycle.end());

    QHash<CoroId, QList<CoroId>> neighbours;
    std::vector<CoroId> involved;
    QSet<CoroId> seen;
    auto involve = [&involved, &seen](CoroId id) {
        if (!seen.contains(id)) {
            seen.insert(id);
            involved.push_back(id);
        }
    };
    for (const AwaitEdge &e : awaits) {
        involve(e.from);
        involve(e.to);
        neighbours[e.from] << e.to;
        neighbours[e.to] << e.from;
    }
    // A coroutine parked on a Qt signal or a socket is drawn with what it waits for.
    for (CoroId id = 1; id < snapshot.coroutines.size(); ++id) {
        const CoroutineSnapshot &c = snapshot.coroutines[id];
        if (c.state == CoroutineState::Parked && c.awaiting && c.awaitKind == AwaitKind::External
            && (internals || !isLibraryInternal(trace, id)))
            involve(id);
    }
    const bool selectedExists = selected != 0 && snapshot.coroutine(selected).state != CoroutineState::Absent;
    if (selectedExists)
        involve(selected);

    QSet<CoroId> keep;
    if (involved.size() <= maxNodes) {
        keep = QSet<CoroId>(involved.begin(), involved.end());
    } else {
        // Breadth first from what matters: the cycle, then the selection.
        std::deque<CoroId> queue(g.cycle.begin(), g.cycle.end());
        if (selectedExists)
            queue.push_back(selected);
        if (queue.empty())
            queue.push_back(involved.front());
        while (!queue.empty() && std::size_t(keep.size()) < maxNodes) {
            const CoroId id = queue.front();
            queue.pop_front();
            if (keep.contains(id))
                continue;
            keep.insert(id);
            for (const CoroId n : neighbours.value(id))
                queue.push_back(n);
        }
    }
    std::vector<CoroId> ids(keep.begin(), keep.end());
    std::sort(ids.begin(), ids.end());
    g.hidden = int(involved.size() - ids.size());
    QHash<CoroId, int> nodeOf;
    for (const CoroId id : ids) {
        nodeOf.insert(id, int(g.nodes.size()));
        Node n{id, coroutineLabel(trace, id), snapshot.coroutine(id).state, onCycle.contains(id), stuck.contains(id)};
        if (n.stuck && !isFinished(n.state) && id <= trace.coroutineCount()
            && trace.coroutine(id).kind == CoroutineKind::Future)
            n.note = QStringLiteral("nobody can resolve this");
        g.nodes.push_back(std::move(n));
    }
    for (const AwaitEdge &e : awaits) {
        const int from = nodeOf.value(e.from, -1), to = nodeOf.value(e.to, -1);
        if (from >= 0 && to >= 0)
            g.edges.push_back(Edge{from, to, e.kind, onCycle.contains(e.from) && onCycle.contains(e.to),
                                   stuck.contains(e.from) && stuck.contains(e.to)});
    }
    // What the shown coroutines sleep on or wait for outside the loop.
    for (const CoroId id : ids) {
        const CoroutineSnapshot &c = snapshot.coroutine(id);
        if (c.state != CoroutineState::Parked || !c.awaiting || c.awaitsCoroutine())
            continue;
        g.nodes.push_back(Node{0, awaitingText(trace, c), CoroutineState::Absent, false, false, {}});
        g.edges.push_back(Edge{nodeOf.value(id), int(g.nodes.size()) - 1, c.awaitKind, false, false});
    }
    return g;
}

} // namespace coroscope
