#pragma once

// Snapshot: the state of everything at one event of a Trace, as a pure fold
// of events 0..k. Every view shows a Snapshot and nothing else, so stepping
// back is only moving the cursor. SnapshotIndex keeps checkpoints so that
// seeking anywhere folds a bounded number of events.

#include <coroscope/trace.h>

#include <cstdint>
#include <deque>
#include <vector>

namespace coroscope {

enum class CoroutineState : std::uint8_t {
    Absent,    // not created yet at this cursor
    Created,   // created, never run (a future: pending)
    Running,
    Parked,    // suspended at `site` (a yield, an await, a sleep, an external wait)
    Done,      // returned (a future: has a result)
    Failed,    // an exception escaped (a future: has an exception)
    Cancelled,
    Destroyed, // destroyed before it finished
};
QString nameOf(CoroutineState);
// It has ended: returned, failed, cancelled or destroyed.
constexpr bool isFinished(CoroutineState s) noexcept
{
    return s == CoroutineState::Done || s == CoroutineState::Failed || s == CoroutineState::Cancelled
        || s == CoroutineState::Destroyed;
}
// It exists and has not ended: created, running or parked.
constexpr bool isLive(CoroutineState s) noexcept
{
    return s != CoroutineState::Absent && !isFinished(s);
}

struct CoroutineSnapshot
{
    CoroutineState state = CoroutineState::Absent;
    AwaitKind awaitKind = AwaitKind::Coroutine;
    bool awaiting = false;        // parked on something (awaitTarget is meaningful)
    bool cancelRequested = false;
    bool frameAlive = false;
    bool lastValueIsInput = false; // the last value was sent in (else yielded/returned/raised)
    bool gathering = false;       // has edges in Snapshot::gathered
    std::uint8_t lastValueKind = 0; // the EventKind that carried lastValue
    std::uint16_t warnings = 0;   // bit (1 << WarningKind)
    SiteId site = 0;              // current (parked) or last point
    std::uint32_t resumes = 0;
    ValueId lastValue = 0;
    std::uint32_t awaitTarget = 0; // CoroId, or ValueId for Sleep / External
    std::uint32_t lastEvent = 0;  // index of the last event of this coroutine
    bool has(WarningKind w) const noexcept { return warnings & (1u << unsigned(w)); }
    // Parked on another coroutine, task or future (not a sleep or an external wait).
    bool awaitsCoroutine() const noexcept
    {
        return state == CoroutineState::Parked && awaiting && coroscope::awaitsCoroutine(awaitKind);
    }
    friend bool operator==(const CoroutineSnapshot &, const CoroutineSnapshot &) = default;
};

struct ReadyEntrySnapshot
{
    CoroId target = 0;
    EnqueueReason reason = EnqueueReason::Wakeup;
    ValueId description = 0;
    std::uint32_t enqueuedAt = 0; // event index
    friend bool operator==(const ReadyEntrySnapshot &, const ReadyEntrySnapshot &) = default;
};

struct ExternalWaitSnapshot
{
    CoroId coro = 0;
    ValueId description = 0;
    SiteId site = 0;
    std::uint32_t since = 0; // event index
    friend bool operator==(const ExternalWaitSnapshot &, const ExternalWaitSnapshot &) = default;
};

struct AwaitEdge
{
    CoroId from = 0;
    CoroId to = 0;
    AwaitKind kind = AwaitKind::Coroutine;
    friend bool operator==(const AwaitEdge &, const AwaitEdge &) = default;
};

class Snapshot
{
public:
    // Number of events folded: the state after events 0 .. eventCount-1.
    std::size_t eventCount = 0;
    std::vector<CoroutineSnapshot> coroutines{1}; // indexed by CoroId; [0] unused
    std::deque<ReadyEntrySnapshot> ready;         // FIFO, front runs next
    // Trace timer indexes, sorted by (due, creation). A deque: timers fire from the
    // front and new ones mostly join at the back, so both ends stay O(1) with
    // 100,000 pending.
    std::deque<std::uint32_t> timers;
    std::vector<ExternalWaitSnapshot> externals;
    std::vector<CoroId> running;                  // the running stack: back() runs now
    // The await edges when the loop found itself deadlocked, kept for the rest
    // of the run: the frames are destroyed after it, and what was stuck stays drawn.
    std::vector<AwaitEdge> stuck;
    // gather()'s children (kind Gather), from the gathering coroutine, while
    // it waits for them; awaitGraph() leaves out the children that have finished.
    std::vector<AwaitEdge> gathered;
    std::int64_t loopTimeNs = 0;
    std::uint32_t outputCount = 0;
    std::uint32_t warningCount = 0;
    bool deadlocked = false;
    bool finished = false; // the loop reported it has nothing left to do

    const CoroutineSnapshot &coroutine(CoroId id) const;
    CoroId runningNow() const noexcept { return running.empty() ? 0 : running.back(); }
    // Who awaits whom right now (parked coroutines awaiting another coroutine, task or future).
    std::vector<AwaitEdge> awaitGraph() const;
    // The coroutines on an await cycle (a deadlock), empty when there is none.
    std::vector<CoroId> awaitCycle() const;
    // The same over the edges awaitGraph() gave, for a caller that needs both.
    std::vector<CoroId> awaitCycle(const std::vector<AwaitEdge> &graph) const;

    // The fold step: apply event `index` of `trace` (it must be eventCount).
    void apply(const Trace &trace, std::size_t index);
    // Everything the views read is equal.
    friend bool operator==(const Snapshot &a, const Snapshot &b);

    // The same state seen from a trace whose first n events were dropped:
    // event indices move down by n (those before the kept history become 0).
    void rebase(std::size_t n) noexcept;

private:
    // The trace's time mark in effect at eventCount: the fold walks the marks
    // along with the events instead of searching them for every event.
    std::size_t m_mark = 0;
};

class SnapshotIndex
{
public:
    explicit SnapshotIndex(const Trace *trace = nullptr);
    void setTrace(const Trace *trace); // resets everything
    const Trace *trace() const noexcept { return m_trace; }

    // The trace grew (or was replaced in place): index the new events.
    void update();

    // The state after events 0 .. eventCount-1 (eventCount ≤ trace size).
    Snapshot at(std::size_t eventCount) const;
    // The same from scratch, with no checkpoint (the reference in tests).
    static Snapshot fold(const Trace &trace, std::size_t eventCount);

    // Indices of the events of one coroutine, in order (the Values and Timeline views).
    const std::vector<std::uint32_t> &eventsOf(CoroId id) const;
    // Indices of Output events, in order.
    const std::vector<std::uint32_t> &outputEvents() const noexcept { return m_outputs; }
    // How many of the given sorted indices are < eventCount.
    static std::size_t countBefore(const std::vector<std::uint32_t> &indices, std::size_t eventCount);

    std::size_t checkpointCount() const noexcept { return m_checkpoints.size(); }
    std::size_t bytesResident() const noexcept;

private:
    const Trace *m_trace = nullptr;
    std::size_t m_dropped = 0; // the trace's droppedEvents() when indexed
    std::vector<Snapshot> m_checkpoints; // m_checkpoints[i].eventCount increasing; [0] is empty
    Snapshot m_head;                     // the fold at the current trace end
    std::vector<std::vector<std::uint32_t>> m_byCoroutine;
    std::vector<std::uint32_t> m_outputs;
};

// Drops the first n events of the trace (all of them when n is larger),
// folding them into its base snapshot, so that every fold of what is kept
// gives the same states as a fold of the whole run.
void dropOldestEvents(Trace &trace, std::size_t n);

} // namespace coroscope
