#pragma once

// AwaitGraph: who awaits whom at one Snapshot, as plain data for the Await
// graph dock. Coroutines that await another coroutine, task or future (the
// snapshot's awaitGraph()), what they await, and, as pseudo nodes, the sleeps
// and external waits those coroutines are parked on. The nodes and edges of
// an await cycle (a deadlock) are flagged, and once the loop has deadlocked,
// every chain that was parked then is drawn (stuck), even after its frames are gone.

#include <coroscope/snapshot.h>

#include <QString>
#include <vector>

namespace coroscope {

struct AwaitGraph
{
    struct Node
    {
        CoroId coro = 0;      // 0 for a pseudo node (a sleep, an external wait)
        QString label;        // "fetch#4", "sleep(50 ms)"
        CoroutineState state = CoroutineState::Absent;
        bool onCycle = false;
        bool stuck = false; // on a chain that was parked when the loop deadlocked
        QString note;       // "nobody can resolve this": a pending future at the end of a stuck chain
        friend bool operator==(const Node &, const Node &) = default;
    };
    struct Edge
    {
        int from = 0; // node indexes: `from` awaits `to`
        int to = 0;
        AwaitKind kind = AwaitKind::Coroutine;
        bool onCycle = false;
        bool stuck = false;
        friend bool operator==(const Edge &, const Edge &) = default;
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    std::vector<CoroId> cycle; // Snapshot::awaitCycle()
    int hidden = 0;            // coroutines left out to stay within maxNodes

    int indexOf(CoroId id) const;

    // `selected` is always shown when it exists; beyond `maxNodes`, only the
    // cycle and the selected coroutine's neighbourhood are kept.
    // `internals` false: library internals (isLibraryInternal) are left out and
    // whoever awaits one is drawn awaiting what it awaits (main → gather's children).
    static AwaitGraph compute(const Trace &trace, const Snapshot &snapshot, CoroId selected = 0,
                              std::size_t maxNodes = 120, bool internals = true);
};

} // namespace coroscope
