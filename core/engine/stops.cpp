#include <coroscope/stops.h>

namespace coroscope {

bool breakpointMatches(const Breakpoint &b, const Site &site)
{
    if (b.line != site.line)
        return false;
    if (b.file.contains(u'/'))
        return b.file == site.file;
    return b.file == site.fileName();
}

bool isStepEvent(EventKind kind) noexcept
{
    switch (kind) {
    case EventKind::Started:
    case EventKind::Resumed:
    case EventKind::Yielded:
    case EventKind::Sent:
    case EventKind::Awaiting:
    case EventKind::Suspended:
    case EventKind::Returned:
    case EventKind::Threw:
    case EventKind::Cancelled:
    case EventKind::Output:
    case EventKind::ExternalWait:
    case EventKind::ExternalDone:
    case EventKind::Warning:
    case EventKind::StateChanged:
        return true;
    default:
        return false;
    }
}

bool isStepEvent(const Event &e) noexcept
{
    // The relations recorded beside a step (gather's children, a `yield from`
    // after its yield) are not stops of their own.
    return !isRelation(e) && isStepEvent(e.kind);
}

bool isBreakpointEvent(const Event &e) noexcept
{
    return !isRelation(e) && isBreakpointEvent(e.kind);
}

bool isBreakpointEvent(EventKind kind) noexcept
{
    switch (kind) {
    case EventKind::Yielded:
    case EventKind::Awaiting:
    case EventKind::Suspended:
    case EventKind::ExternalWait:
    case EventKind::Returned:
    case EventKind::StateChanged:
        return true;
    default:
        return false;
    }
}

} // namespace coroscope
