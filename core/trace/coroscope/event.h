#pragma once

// The plain value types that cross from the program to every view: one
// 16-byte Event per transition, with sites, values and coroutine descriptions
// interned once in the Trace and referred to by id.

#include <QString>
#include <chrono>
#include <cstdint>

namespace coroscope {

using CoroId = std::uint32_t; // 0 = none (the loop itself, or "nobody")
using SiteId = std::uint32_t; // 0 = unknown site
using ValueId = std::uint32_t; // see Trace::valueText(); high bit = an inline integer

enum class CoroutineKind : std::uint8_t { Generator, Task, AsyncGenerator, Future, Iterator };

enum class EventKind : std::uint8_t {
    Created,        // site = creation site, arg = parent (creator) coroutine
    Started,        // first resumption; arg = resumer coroutine
    Resumed,        // aux = ResumeKind, arg = resumer coroutine, site = where it was parked
    Suspended,      // plain suspension at site (sleep(0), a hand-written state machine)
    Yielded,        // site, arg = value
    Sent,           // send(): arg = value sent in, site = parked site, resumer in aux:flags (see sendResumer)
    Awaiting,       // site, aux = AwaitKind, arg = target coroutine (or value for Sleep/External)
    Returned,       // arg = return value (or future result)
    Threw,          // arg = exception text, aux = ThrowKind
    Cancelled,      // the task or future was cancelled
    Destroyed,      // aux = 1 when destroyed while parked (never finished)
    Enqueued,       // coro = target (0 for a plain callback), aux = EnqueueReason, arg = description value
    Dequeued,       // the front ready entry runs; coro = its target, aux = 1 when it was stale and dropped
    TimerScheduled, // coro = owner, arg = timer index (Trace::timer())
    TimerFired,     // arg = timer index
    TimerCancelled, // arg = timer index
    ExternalWait,   // site, arg = description value (a Qt signal, a QCoro task …)
    ExternalDone,   // arg = description value
    LoopIdle,       // aux = IdleReason
    Output,         // arg = printed text (one line)
    Warning,        // aux = WarningKind, arg = message value
    Renamed,        // arg = new name value
    StateChanged,   // hand-written iterators: site = the state's site, arg = value
    KindCount
};

enum class ResumeKind : std::uint8_t { Next, Send, Throw, Close, Loop, Awaiter, External, Cancel };
// Two kinds are relations recorded beside a step, not suspensions (isRelation):
// Delegate: `yield from` (co_yield delegate(sub)), recorded just before each
// value the delegating generator passes on; parked by that yield, it reads as
// awaiting its sub-generator until it is resumed.
// Gather: gather() waits for this child task (arg) besides what it awaits,
// until the child finishes or the gathering coroutine resumes.
enum class AwaitKind : std::uint8_t { Coroutine, Future, Task, Sleep, External, AsyncNext, Delegate, Gather };
// Whether an await's target (an Awaiting event's arg) is a coroutine id. A
// sleep or an external wait has none: its arg is the text of what it waits for.
constexpr bool awaitsCoroutine(AwaitKind k) noexcept
{
    return k != AwaitKind::Sleep && k != AwaitKind::External;
}
enum class ThrowKind : std::uint8_t { Escaped, ThrownIn, Future };
enum class EnqueueReason : std::uint8_t { Spawn, Wakeup, Callback, Timer, External, Yield, Cancel };
enum class IdleReason : std::uint8_t { AdvanceClock, WaitExternal, Finished, Deadlock };
enum class WarningKind : std::uint8_t {
    UnretrievedException, DestroyedWhileParked, LeakedFrame, Deadlock, Orphan, ResumedFinished, AwaitedTwice,
    HistoryDropped // the oldest events were dropped at the history limit (coro 0)
};

struct Event
{
    EventKind kind = EventKind::Created;
    std::uint8_t aux = 0;
    std::uint16_t flags = 0; // Sent: the resumer's low 16 bits (see sendResumer); else 0
    CoroId coro = 0;
    SiteId site = 0;
    std::uint32_t arg = 0;

    friend bool operator==(const Event &, const Event &) = default;
};
static_assert(sizeof(Event) == 16, "the resident trace budget is 16 bytes per event");

// A send() is one Sent event: the value in arg and the resumer packed into
// aux:flags, so that a send step costs two records (Sent, Yielded), not three.
// A resumer too large for 24 bits, and every Sent of a version-1 trace file,
// carries kResumerNotPacked instead: then the Sent is the value only and a
// Resumed (ResumeKind::Send) follows it, as the resumption.
inline constexpr CoroId kResumerNotPacked = 0xFFFFFF;

constexpr CoroId sendResumer(const Event &e) noexcept
{
    return (CoroId(e.aux) << 16) | e.flags;
}
constexpr Event sentEvent(CoroId coro, SiteId parked, std::uint32_t value, CoroId resumer) noexcept
{
    return Event{EventKind::Sent, std::uint8_t(resumer >> 16), std::uint16_t(resumer), coro, parked, value};
}
// Whether e starts a run of e.coro's body: Started, Resumed or a packed Sent.
constexpr bool isResumption(const Event &e) noexcept
{
    return e.kind == EventKind::Started || e.kind == EventKind::Resumed ||
           (e.kind == EventKind::Sent && sendResumer(e) != kResumerNotPacked);
}
// For a resumption: who resumed it (0 = the loop or plain code) and how.
constexpr CoroId resumerOf(const Event &e) noexcept
{
    return e.kind == EventKind::Sent ? sendResumer(e) : e.arg;
}
constexpr ResumeKind resumeKindOf(const Event &e) noexcept
{
    return e.kind == EventKind::Sent ? ResumeKind::Send : ResumeKind(e.aux);
}

// An Awaiting event that names a relation (a `yield from`, a child of gather()):
// it neither parks the coroutine nor ends a stretch of its run.
constexpr bool isRelation(const Event &e) noexcept
{
    return e.kind == EventKind::Awaiting && (AwaitKind(e.aux) == AwaitKind::Delegate || AwaitKind(e.aux) == AwaitKind::Gather);
}

// Which kinds carry a ValueId in Event::arg (the others carry a CoroId or an index).
constexpr bool argIsValue(EventKind k) noexcept
{
    switch (k) {
    case EventKind::Yielded: case EventKind::Sent: case EventKind::Returned: case EventKind::Threw:
    case EventKind::Enqueued: case EventKind::ExternalWait: case EventKind::ExternalDone:
    case EventKind::Output: case EventKind::Warning: case EventKind::Renamed: case EventKind::StateChanged:
        return true;
    default:
        return false;
    }
}

QString nameOf(EventKind);
QString nameOf(CoroutineKind);
QString nameOf(ResumeKind);
QString nameOf(AwaitKind);
QString nameOf(EnqueueReason);
QString nameOf(WarningKind);
QString nameOf(IdleReason);
QString nameOf(ThrowKind);

// "250 ms", "1.5 s", "0 s": how durations read in the views.
QString formatDuration(std::chrono::nanoseconds d);

} // namespace coroscope
