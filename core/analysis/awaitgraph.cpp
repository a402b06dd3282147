#include <coroscope/awaitgraph.h>

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

AwaitGraph AwaitGraph::compute(const Trace &trace, const Snapshot &snapshot, CoroId selected, std::size_t maxNodes)
{
    AwaitGraph g;
    const std::vector<AwaitEdge> awaits = snapshot.awaitGraph();
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
        g.nodes.push_back(Node{id, coroutineLabel(trace, id), snapshot.coroutine(id).state, onCycle.contains(id)});
    }
    for (const AwaitEdge &e : awaits) {
        const int from = nodeOf.value(e.from, -1), to = nodeOf.value(e.to, -1);
        if (from >= 0 && to >= 0)
            g.edges.push_back(Edge{from, to, e.kind, onCycle.contains(e.from) && onCycle.contains(e.to)});
    }
    // What the shown coroutines sleep on or wait for outside the loop.
    for (const CoroId id : ids) {
        const CoroutineSnapshot &c = snapshot.coroutine(id);
        if (c.state != CoroutineState::Parked || !c.awaiting || c.awaitsCoroutine())
            continue;
        g.nodes.push_back(Node{0, awaitingText(trace, c), CoroutineState::Absent, false});
        g.edges.push_back(Edge{nodeOf.value(id), int(g.nodes.size()) - 1, c.awaitKind, false});
    }
    return g;
}

} // namespace coroscope
