#include <coroscope/timelinedata.h>

#include <algorithm>

namespace coroscope {

void TimelineData::reset()
{
    m_lanes.clear();
    m_arrows.clear();
    m_longestArrow = 0;
    m_events = 0;
}

void TimelineData::update(const Trace &trace)
{
    if (trace.size() < m_events)
        reset();
    if (m_lanes.size() < trace.coroutineCount() + 1)
        m_lanes.resize(trace.coroutineCount() + 1);
    for (std::size_t i = m_events; i < trace.size(); ++i)
        apply(trace, std::uint32_t(i));
    m_events = trace.size();
}

const std::vector<TimelineData::Transition> &TimelineData::transitions(CoroId id) const
{
    static const std::vector<Transition> none;
    return id < m_lanes.size() ? m_lanes[id].transitions : none;
}

const std::vector<TimelineData::Mark> &TimelineData::marks(CoroId id) const
{
    static const std::vector<Mark> none;
    return id < m_lanes.size() ? m_lanes[id].marks : none;
}

void TimelineData::enter(Lane &lane, std::uint32_t pos, State state)
{
    auto &t = lane.transitions;
    if (!t.empty() && t.back().state == state)
        return;
    if (!t.empty() && t.back().pos >= pos) { // two changes in one column: the later one wins
        t.back().state = state;
        if (t.size() > 1 && t[t.size() - 2].state == state)
            t.pop_back();
        return;
    }
    t.push_back(Transition{pos, state});
}

void TimelineData::apply(const Trace &trace, std::uint32_t index)
{
    const Event &e = trace[index];
    if (e.coro == 0 || e.coro >= m_lanes.size())
        return;
    Lane &lane = m_lanes[e.coro];
    auto arrow = [this](CoroId from, CoroId to, std::uint32_t fromPos, std::uint32_t toPos, ArrowKind kind) {
        if (from == 0 || to == 0 || from >= m_lanes.size() || to >= m_lanes.size() || from == to)
            return;
        m_arrows.push_back(Arrow{from, to, fromPos, toPos, kind});
        m_longestArrow = std::max(m_longestArrow, toPos - fromPos);
    };
    auto resumed = [&] {
        enter(lane, index, State::Running);
        if (lane.awaiting && lane.awaiting < m_lanes.size()) {
            const std::uint32_t result = m_lanes[lane.awaiting].lastOutcome;
            if (result != UINT32_MAX && result >= lane.awaitSince)
                arrow(lane.awaiting, e.coro, result, index, ArrowKind::Resume);
        }
        lane.awaiting = 0;
        const ResumeKind how = resumeKindOf(e);
        const CoroId by = resumerOf(e);
        if (by && (how == ResumeKind::Next || how == ResumeKind::Send || how == ResumeKind::Throw
                   || how == ResumeKind::Close || how == ResumeKind::Awaiter))
            arrow(by, e.coro, index, index, ArrowKind::Call);
    };
    switch (e.kind) {
    case EventKind::Created:
        enter(lane, index, State::Created);
        break;
    case EventKind::Started:
    case EventKind::Resumed:
        resumed();
        break;
    case EventKind::Yielded:
        lane.marks.push_back(Mark{index, MarkKind::Yield});
        lane.lastOutcome = index;
        enter(lane, index + 1, State::Parked);
        break;
    case EventKind::Suspended:
        enter(lane, index + 1, State::Parked);
        break;
    case EventKind::Awaiting:
        if (isRelation(e))
            break; // a `yield from` parks at its yield; gather at its own await
        enter(lane, index + 1, State::Awaiting);
        if (awaitsCoroutine(AwaitKind(e.aux))) {
            lane.awaiting = e.arg;
            lane.awaitSince = index;
            arrow(e.coro, e.arg, index, index, ArrowKind::Await);
        }
        break;
    case EventKind::ExternalWait:
        enter(lane, index + 1, State::Awaiting);
        break;
    case EventKind::Sent:
        lane.marks.push_back(Mark{index, MarkKind::Send});
        if (isResumption(e))
            resumed();
        break;
    case EventKind::Returned:
        lane.marks.push_back(Mark{index, MarkKind::Return});
        lane.lastOutcome = index;
        enter(lane, index + 1, State::None);
        break;
    case EventKind::Threw:
        if (ThrowKind(e.aux) == ThrowKind::ThrownIn) {
            lane.marks.push_back(Mark{index, MarkKind::ThrowIn});
            break;
        }
        if (ThrowKind(e.aux) == ThrowKind::Escaped || trace.coroutine(e.coro).kind == CoroutineKind::Future) {
            lane.marks.push_back(Mark{index, MarkKind::Raise});
            lane.lastOutcome = index;
            enter(lane, index + 1, State::None);
        }
        break;
    case EventKind::Cancelled:
        if (e.aux == 1)
            break;
        lane.marks.push_back(Mark{index, MarkKind::Cancel});
        lane.lastOutcome = index;
        enter(lane, index + 1, State::None);
        break;
    case EventKind::Destroyed:
        enter(lane, index + 1, State::None);
        break;
    default:
        break;
    }
}

std::vector<TimelineData::Span> TimelineData::spans(CoroId id) const
{
    std::vector<Span> out;
    const auto &t = transitions(id);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const std::uint32_t end = i + 1 < t.size() ? t[i + 1].pos : std::uint32_t(std::max<std::size_t>(m_events, t[i].pos));
        if (t[i].state != State::None && end > t[i].pos)
            out.push_back(Span{t[i].pos, end, t[i].state});
    }
    return out;
}

TimelineData::State TimelineData::stateAt(CoroId id, std::uint32_t pos) const
{
    const auto &t = transitions(id);
    auto it = std::upper_bound(t.begin(), t.end(), pos,
                               [](std::uint32_t p, const Transition &x) { return p < x.pos; });
    return it == t.begin() ? State::None : (it - 1)->state;
}

std::size_t TimelineData::bytesResident() const noexcept
{
    std::size_t bytes = m_lanes.capacity() * sizeof(Lane) + m_arrows.capacity() * sizeof(Arrow);
    for (const Lane &l : m_lanes)
        bytes += l.transitions.capacity() * sizeof(Transition) + l.marks.capacity() * sizeof(Mark);
    return bytes;
}

} // namespace coroscope
