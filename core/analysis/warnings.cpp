#include <algorithm>
#include <coroscope/warnings.h>

namespace coroscope {

namespace {
constexpr std::uint16_t bit(WarningKind w)
{
    return std::uint16_t(1u << unsigned(w));
}
} // namespace

WarningRules::WarningRules(const Trace &trace, const Snapshot &snapshot, bool atLiveEnd, bool withCycle)
    : m_trace(trace), m_snapshot(snapshot), m_atLiveEnd(atLiveEnd)
{
    if (withCycle) {
        m_cycle = snapshot.awaitCycle();
        std::sort(m_cycle.begin(), m_cycle.end());
    }
}

bool WarningRules::checksLeaks() const noexcept
{
    return m_atLiveEnd && m_snapshot.finished;
}

std::uint16_t WarningRules::of(CoroId id) const
{
    const Snapshot &s = m_snapshot;
    const CoroutineSnapshot &c = s.coroutine(id);
    std::uint16_t w = c.warnings;
    if (c.state == CoroutineState::Parked && c.awaiting) {
        if (s.deadlocked)
            w |= bit(WarningKind::Deadlock);
        else if (s.finished ||
                 (c.awaitsCoroutine() && s.coroutine(c.awaitTarget).state == CoroutineState::Destroyed))
            w |= bit(WarningKind::Orphan);
    }
    if (checksLeaks() && c.frameAlive && c.state != CoroutineState::Running &&
        id <= m_trace.coroutineCount() && m_trace.coroutine(id).kind != CoroutineKind::Future)
        w |= bit(WarningKind::LeakedFrame);
    if (std::binary_search(m_cycle.begin(), m_cycle.end(), id))
        w |= bit(WarningKind::Deadlock);
    return w;
}

std::vector<std::uint16_t> runWarnings(const Trace &trace)
{
    Snapshot s;
    std::vector<std::uint16_t> out;
    const auto collect = [&out, &trace, &s](bool atLiveEnd) {
        const WarningRules rules(trace, s, atLiveEnd);
        out.resize(std::max(out.size(), s.coroutines.size()), 0);
        for (CoroId id = 1; id < s.coroutines.size(); ++id)
            out[id] |= rules.of(id);
    };
    bool ended = false;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        s.apply(trace, i);
        if (!ended && (s.finished || s.deadlocked)) {
            ended = true;
            collect(false);
        }
    }
    collect(true);
    return out;
}

} // namespace coroscope
