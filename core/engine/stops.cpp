#include <coroscope/stops.h>

namespace coroscope {

bool breakpointMatches(const Breakpoint &b, const Site &site)
{
    if (b.line != site.line)
        return false;
    if (!b.file.contains(u'/'))
        return b.file == site.fileName();
    if (b.file == site.file)
        return true;
    // The program's side sees paths as compiled, which can be relative
    // (ccache's base_dir): "../../src/main.cpp" is the breakpoint's file when
    // the breakpoint's full path ends in "/src/main.cpp".
    if (site.file.startsWith(u'/') || site.file.isEmpty())
        return false;
    QStringView rest(site.file);
    while (rest.startsWith(u"../") || rest.startsWith(u"./"))
        rest = rest.mid(rest.indexOf(u'/') + 1);
    return !rest.isEmpty() && b.file.size() > rest.size() && b.file.endsWith(rest)
        && b.file.at(b.file.size() - rest.size() - 1) == u'/';
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
