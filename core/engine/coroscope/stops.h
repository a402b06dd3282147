#pragma once

// Where a paused program stops: the events Step and a breakpoint stop at, and
// breakpoints themselves. Shared by the window (history stepping) and the
// program's side of the link (live stepping), so both stop at the same events.

#include <coroscope/event.h>
#include <coroscope/trace.h>

#include <QHash>
#include <QString>

namespace coroscope {

// A breakpoint is a source line. `file` is the full path as the Source view
// shows it (Site::file); a bare file name (no '/') matches any path ending in
// it, which is how the built-in samples and older saved sessions name files.
// Lines rather than SiteIds because sites are interned only once reached.
struct Breakpoint
{
    QString file;
    int line = 0;
    friend bool operator==(const Breakpoint &, const Breakpoint &) = default;
};
inline size_t qHash(const Breakpoint &b, size_t seed = 0) noexcept
{
    return qHashMulti(seed, b.file, b.line);
}
bool breakpointMatches(const Breakpoint &b, const Site &site);

// The events step() stops at: the transitions a person follows, one per
// protocol move (not the loop's bookkeeping: enqueued, timers, idle …).
bool isStepEvent(EventKind kind) noexcept;
// The events a breakpoint stops at: arriving at a site (a yield, an await, a
// sleep, an external wait, a return), not leaving it.
bool isBreakpointEvent(EventKind kind) noexcept;
// The same for one event: also leaves out what is recorded beside a step
// (gather's children, a `yield from` after the yield it passed on).
bool isStepEvent(const Event &e) noexcept;
bool isBreakpointEvent(const Event &e) noexcept;

} // namespace coroscope
