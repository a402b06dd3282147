#pragma once

// StateMachine: one coroutine seen as the state machine the compiler makes of
// it. States are its start, each suspension point it parks at and how it
// ended; a transition is one stretch from a resumption to the next
// suspension, labelled `action / outcome` in the vocabulary of
// coroscope::TransitionBuilder (`send(5) / yield 15`, `wakeup / await fetch#4`).
//
// The states and transitions come from the coroutine's whole recorded
// history, so the picture does not jump while the cursor moves; counts,
// visits, the current state and the values in the labels are those up to the
// cursor. A transition that has not happened by the cursor has count 0 and
// shows the values of its first occurrence.

#include <coroscope/trace.h>

#include <QString>
#include <QStringList>
#include <cstdint>
#include <utility>
#include <vector>

namespace coroscope {

class StateMachine
{
public:
    enum class NodeKind : std::uint8_t { Start, Site, Done, Failed, Cancelled, Closed, Destroyed };
    struct Node
    {
        NodeKind kind = NodeKind::Start;
        SiteId site = 0;     // the suspension point (Site nodes)
        int caseNumber = 0;  // the lowered form's `case`: 0 = start, 1 … = sites in first-reached order, -1 = an end
        int visits = 0;      // arrivals up to the cursor (start: 1 once created)
        friend bool operator==(const Node &, const Node &) = default;
    };
    struct Edge
    {
        int from = 0; // node indexes
        int to = 0;
        QString verb;    // what groups traversals: `next()`, `send`, `throw`, `wakeup`, `timer` …
        QString action;  // `send(5)`: the last traversal up to the cursor (the first when none yet)
        QString outcome; // `yield 15`
        int count = 0;   // traversals up to the cursor
        int total = 0;   // traversals in the whole trace
        QString label() const; // `send(5) / yield 15`, or the outcome alone when nothing resumed it
        friend bool operator==(const Edge &, const Edge &) = default;
    };

    // `events` are the indices of the coroutine's events (SnapshotIndex::eventsOf).
    static StateMachine compute(const Trace &trace, CoroId id, const std::vector<std::uint32_t> &events,
                                std::size_t cursor);

    // "start", "line 14" (with ":col" when two points share a line), "done", "failed" …
    QString nodeTitle(const Trace &trace, int node) const;
    int siteCount() const;

    CoroId coroutine = 0;
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    int current = -1;     // the state at the cursor; -1 when the coroutine does not exist yet
    bool running = false; // resumed out of `current` and not parked again yet
    int lastEdge = -1;    // the transition that led to `current` (-1 when none)
};

// The coroutine as the compiler lowers it: a resume function that switches on
// the frame's state, one case per suspension point, each showing its source
// line and where it goes next.
struct LoweredForm
{
    QString text;
    // Per node of the machine: the first and last line (0-based) of its case
    // or end label in `text`; (-1, -1) when it has none.
    std::vector<std::pair<int, int>> blocks;
};

// `sourceLines` is the program's source when the coroutine's file is the one
// shown (line n at index n - 1); without it the cases only name the lines.
LoweredForm lowerToSwitch(const Trace &trace, const StateMachine &machine, const QStringList &sourceLines = {});

} // namespace coroscope
