#pragma once

// TimelineData: the Timeline dock's per-lane span lists, built incrementally
// (update() reads only the events appended since the last call), so a paint
// never scans the trace.
//
// The x axis is the event index: event e occupies [e, e + 1). A coroutine is
//   Created  from its Created event,
//   Running  from the event that resumed it (Started / Resumed) — that column included,
//   Parked   (at a co_yield, a sleep(0)) and
//   Awaiting (a coroutine, task, future, sleep or external wait) from the column
//            after the event that parked it,
//   None     from the column after it returned, raised, was cancelled or destroyed.
// Marks sit on the column of their event. Arrows: Await from the awaiter to
// what it awaits (at the Awaiting event), Resume from the awaited coroutine's
// result to the awaiter's resumption, Call from a resumer (next(), send())
// to the generator it resumes.

#include <coroscope/trace.h>

#include <cstdint>
#include <vector>

namespace coroscope {

class TimelineData
{
public:
    enum class State : std::uint8_t { None, Created, Running, Parked, Awaiting };
    enum class MarkKind : std::uint8_t { Yield, Send, ThrowIn, Return, Raise, Cancel };
    enum class ArrowKind : std::uint8_t { Await, Resume, Call };

    struct Transition
    {
        std::uint32_t pos = 0; // first column of the new state
        State state = State::None;
        friend bool operator==(const Transition &, const Transition &) = default;
    };
    struct Span
    {
        std::uint32_t begin = 0;
        std::uint32_t end = 0; // exclusive
        State state = State::None;
        friend bool operator==(const Span &, const Span &) = default;
    };
    struct Mark
    {
        std::uint32_t pos = 0;
        MarkKind kind = MarkKind::Yield;
        friend bool operator==(const Mark &, const Mark &) = default;
    };
    struct Arrow
    {
        CoroId from = 0;
        CoroId to = 0;
        std::uint32_t fromPos = 0;
        std::uint32_t toPos = 0; // ≥ fromPos; arrows are stored by increasing toPos
        ArrowKind kind = ArrowKind::Await;
        friend bool operator==(const Arrow &, const Arrow &) = default;
    };

    void reset();
    void update(const Trace &trace);

    std::size_t eventCount() const noexcept { return m_events; }
    std::size_t laneCount() const noexcept { return m_lanes.empty() ? 0 : m_lanes.size() - 1; } // lane i = CoroId i
    const std::vector<Transition> &transitions(CoroId id) const;
    const std::vector<Mark> &marks(CoroId id) const;
    const std::vector<Arrow> &arrows() const noexcept { return m_arrows; }
    std::uint32_t longestArrow() const noexcept { return m_longestArrow; }

    // The spans of a lane, None left out; the last one open-ended spans to eventCount().
    std::vector<Span> spans(CoroId id) const;
    // The lane's state in column `pos`.
    State stateAt(CoroId id, std::uint32_t pos) const;

    std::size_t bytesResident() const noexcept;

private:
    struct Lane
    {
        std::vector<Transition> transitions;
        std::vector<Mark> marks;
        CoroId awaiting = 0;        // what it is parked on (a coroutine), for the Resume arrow
        std::uint32_t awaitSince = 0;
        std::uint32_t lastOutcome = UINT32_MAX; // its last yield / return / raise / cancellation
    };
    void enter(Lane &lane, std::uint32_t pos, State state);
    void apply(const Trace &trace, std::uint32_t index);

    std::vector<Lane> m_lanes; // [0] unused
    std::vector<Arrow> m_arrows;
    std::uint32_t m_longestArrow = 0;
    std::size_t m_events = 0;
};

} // namespace coroscope
