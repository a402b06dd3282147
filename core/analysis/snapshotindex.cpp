#include <coroscope/snapshot.h>

#include <algorithm>

namespace coroscope {

namespace {
// A checkpoint costs a copy of every coroutine's state; folding costs per
// event. Spacing checkpoints by the number of coroutines keeps both bounded:
// memory ~ 16 bytes per event (a 32-byte CoroutineSnapshot per 2 events),
// seek ~ max(4096, 2 × coroutines) events to fold (the README's Performance
// section has the measured seek times).
std::size_t checkpointSpacing(std::size_t coroutines)
{
    return std::max<std::size_t>(4096, coroutines * 2);
}
} // namespace

SnapshotIndex::SnapshotIndex(const Trace *trace)
{
    setTrace(trace);
}

// Where every fold of a trace starts: its base when its oldest events were dropped.
static Snapshot start(const Trace *trace)
{
    return trace && trace->base() ? *trace->base() : Snapshot{};
}

void SnapshotIndex::setTrace(const Trace *trace)
{
    m_trace = trace;
    m_dropped = trace ? trace->droppedEvents() : 0;
    m_checkpoints.assign(1, start(trace));
    m_head = m_checkpoints.front();
    m_byCoroutine.clear();
    m_outputs.clear();
    update();
}

void SnapshotIndex::update()
{
    if (!m_trace)
        return;
    const Trace &t = *m_trace;
    if (t.size() < m_head.eventCount || t.droppedEvents() != m_dropped) { // replaced, or its oldest events dropped
        setTrace(m_trace);
        return;
    }
    if (m_byCoroutine.size() < t.coroutineCount() + 1)
        m_byCoroutine.resize(t.coroutineCount() + 1);
    for (std::size_t i = m_head.eventCount; i < t.size(); ++i) {
        const Event &e = t.event(i);
        if (e.coro && e.coro < m_byCoroutine.size())
            m_byCoroutine[e.coro].push_back(std::uint32_t(i));
        if (e.kind == EventKind::Output)
            m_outputs.push_back(std::uint32_t(i));
        m_head.apply(t, i);
        if (m_head.eventCount - m_checkpoints.back().eventCount >= checkpointSpacing(m_head.coroutines.size()))
            m_checkpoints.push_back(m_head);
    }
}

Snapshot SnapshotIndex::at(std::size_t eventCount) const
{
    if (!m_trace)
        return {};
    eventCount = std::min(eventCount, m_trace->size());
    if (eventCount == m_head.eventCount)
        return m_head;
    auto it = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), eventCount,
                               [](std::size_t n, const Snapshot &s) { return n < s.eventCount; });
    Snapshot s = *(it - 1);
    for (std::size_t i = s.eventCount; i < eventCount; ++i)
        s.apply(*m_trace, i);
    return s;
}

Snapshot SnapshotIndex::fold(const Trace &trace, std::size_t eventCount)
{
    Snapshot s = start(&trace);
    eventCount = std::min(eventCount, trace.size());
    for (std::size_t i = 0; i < eventCount; ++i)
        s.apply(trace, i);
    return s;
}

const std::vector<std::uint32_t> &SnapshotIndex::eventsOf(CoroId id) const
{
    static const std::vector<std::uint32_t> none;
    return id < m_byCoroutine.size() ? m_byCoroutine[id] : none;
}

std::size_t SnapshotIndex::countBefore(const std::vector<std::uint32_t> &indices, std::size_t eventCount)
{
    return std::size_t(std::lower_bound(indices.begin(), indices.end(), std::uint32_t(eventCount)) - indices.begin());
}

std::size_t SnapshotIndex::bytesResident() const noexcept
{
    std::size_t n = 0;
    for (const auto &s : m_checkpoints)
        n += s.coroutines.capacity() * sizeof(CoroutineSnapshot) + s.timers.size() * 4
            + s.ready.size() * sizeof(ReadyEntrySnapshot) + s.externals.capacity() * sizeof(ExternalWaitSnapshot);
    for (const auto &v : m_byCoroutine)
        n += v.capacity() * 4 + sizeof(v); // NOLINT(bugprone-sizeof-container): the vector object too
    return n + m_outputs.capacity() * 4;
}

} // namespace coroscope
