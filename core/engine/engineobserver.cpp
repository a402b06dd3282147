#include "engineobserver.h"

#include <coroscope/eventloop.h>

namespace coroscope::detail {

namespace {
constexpr auto kShipInterval = std::chrono::milliseconds(30);
constexpr unsigned kClockCheckEvery = 16; // events between two looks at the clock
} // namespace

EngineObserver::EngineObserver(EngineControl &control, Sink sink)
    : m_control(control), m_sink(std::move(sink)),
      m_lastShip(std::chrono::steady_clock::now())
{
}

void EngineObserver::eventRecorded(const Recorder &recorder, std::size_t index)
{
    m_control.heartbeat.fetch_add(1, std::memory_order_relaxed);
    m_control.waiting.store(false, std::memory_order_relaxed);
    const Trace &trace = recorder.trace();
    // Events of a send() made while paused, and of the loop's teardown, run through.
    if (m_inSend || m_finishing) {
        shipIfDue(trace);
        return;
    }
    sync();
    if (m_stopping) {
        if (EventLoop *loop = EventLoop::current())
            loop->requestStop();
        shipIfDue(trace);
        return;
    }
    std::vector<SendReply> replies;
    if (!m_sends.empty())
        replies = runSends();
    if (shouldPause(trace, trace[index])) {
        if (!replies.empty())
            ship(trace, std::nullopt, std::move(replies));
        pauseAt(trace, trace.size() - 1);
    } else if (!replies.empty()) {
        ship(trace, std::nullopt, std::move(replies));
    } else {
        shipIfDue(trace);
    }
}

void EngineObserver::loopWaiting(const Recorder &recorder)
{
    // Nothing may be recorded for a while: hand over what there is, and act on
    // commands that need no event (stop, the Send box, a pause).
    const Trace &trace = recorder.trace();
    m_control.waiting.store(true, std::memory_order_relaxed);
    if (m_inSend || m_finishing)
        return;
    sync();
    if (m_stopping) {
        if (EventLoop *loop = EventLoop::current())
            loop->requestStop();
    } else if (!m_sends.empty()) {
        auto replies = runSends();
        ship(trace, std::nullopt, std::move(replies));
    }
    if (!m_stopping && m_mode == EngineMode::Pause && !trace.empty()) {
        pauseAt(trace, trace.size() - 1);
        return;
    }
    if (trace.size() > m_shipped.events || trace.droppedEvents() != m_shipped.dropped)
        ship(trace, std::nullopt);
}

void EngineObserver::historyDropping(const Recorder &recorder)
{
    ship(recorder.trace(), std::nullopt);
}

void EngineObserver::finish(const Trace &trace, const std::optional<RunOutcome> &outcome)
{
    EngineBatch b;
    b.token = m_token;
    b.delta = trace.deltaSince(m_shipped);
    m_shipped = trace.cursor();
    b.finished = true;
    b.outcome = outcome;
    {
        std::lock_guard lock(m_control.mutex);
        readLocked();
    }
    for (const auto &s : m_sends)
        b.replies.push_back(SendReply{s.coro, QStringLiteral("the program has ended")});
    m_sends.clear();
    post(std::move(b));
}

void EngineObserver::sync()
{
    if (m_control.serial.load(std::memory_order_acquire) == m_seenSerial)
        return;
    std::lock_guard lock(m_control.mutex);
    readLocked();
}

void EngineObserver::readLocked()
{
    m_seenSerial = m_control.serial.load(std::memory_order_relaxed);
    m_mode = m_control.mode;
    m_token = m_control.token;
    if (m_breakpoints != m_control.breakpoints) {
        m_breakpoints = m_control.breakpoints;
        m_siteHit.clear();
    }
    if (!m_control.sends.empty()) {
        for (auto &s : m_control.sends)
            m_sends.push_back(std::move(s));
        m_control.sends.clear();
    }
    if (m_control.stop && !m_stopping) {
        m_stopping = true;
        m_stopReason = m_control.stopReason;
    }
}

bool EngineObserver::atBreakpoint(const Trace &trace, SiteId site)
{
    if (site >= m_siteHit.size())
        m_siteHit.resize(std::max<std::size_t>(site + 1, trace.siteCount()), -1);
    std::int8_t &hit = m_siteHit[site];
    if (hit < 0) {
        const Site &s = trace.site(site);
        hit = std::any_of(m_breakpoints.cbegin(), m_breakpoints.cend(),
                          [&s](const Breakpoint &b) { return breakpointMatches(b, s); }) ? 1 : 0;
    }
    return hit == 1;
}

bool EngineObserver::shouldPause(const Trace &trace, const Event &e)
{
    if (m_mode == EngineMode::PauseNext)
        return true;
    if (!m_breakpoints.isEmpty() && e.site && isBreakpointEvent(e) && atBreakpoint(trace, e.site))
        return true;
    switch (m_mode) {
    case EngineMode::Pause:
    case EngineMode::Step:
        return isStepEvent(e);
    case EngineMode::StepLoop:
        return e.kind == EventKind::Dequeued;
    default:
        return false;
    }
}

void EngineObserver::pauseAt(const Trace &trace, std::size_t index)
{
    // The command this pause answers; one that came after it (a newer token)
    // makes the GUI ignore this pause, and lets the program go on at once.
    const std::uint64_t pausedToken = m_token;
    ship(trace, index);
    std::unique_lock lock(m_control.mutex);
    readLocked();
    // Blocks until a run command (a new token), a stop, or a send to execute here.
    for (;;) {
        if (m_stopping)
            break;
        if (!m_sends.empty()) {
            lock.unlock();
            auto replies = runSends();
            lock.lock();
            readLocked();
            const bool stillPaused = !m_stopping && m_token == pausedToken;
            lock.unlock();
            ship(trace, stillPaused ? std::optional<std::size_t>(trace.size() - 1) : std::nullopt,
                 std::move(replies));
            lock.lock();
            readLocked();
            continue;
        }
        if (m_token != pausedToken)
            break;
        m_control.wake.wait(lock);
        readLocked();
    }
    lock.unlock();
    if (m_stopping) {
        if (EventLoop *loop = EventLoop::current())
            loop->requestStop();
    }
    m_lastShip = std::chrono::steady_clock::now();
}

std::vector<SendReply> EngineObserver::runSends()
{
    std::vector<SendReply> replies;
    Recorder *recorder = Recorder::current();
    auto sends = std::move(m_sends);
    m_sends.clear();
    m_inSend = true;
    for (const auto &s : sends) {
        // The Send box is nobody's coroutine: the generator is resumed by coroutine 0.
        CurrentScope scope(0);
        replies.push_back(SendReply{s.coro, recorder ? recorder->sendText(s.coro, s.text)
                                                     : QStringLiteral("the program is not running")});
    }
    m_inSend = false;
    return replies;
}

void EngineObserver::ship(const Trace &trace, std::optional<std::size_t> pausedAt, std::vector<SendReply> replies)
{
    EngineBatch b;
    b.token = m_token;
    b.delta = trace.deltaSince(m_shipped);
    m_shipped = trace.cursor();
    b.pausedAt = pausedAt;
    b.replies = std::move(replies);
    m_lastShip = std::chrono::steady_clock::now();
    m_sinceClockCheck = 0;
    post(std::move(b));
}

void EngineObserver::post(EngineBatch batch)
{
    m_sink(std::move(batch));
}

void EngineObserver::shipIfDue(const Trace &trace)
{
    if (++m_sinceClockCheck < kClockCheckEvery)
        return;
    m_sinceClockCheck = 0;
    if (std::chrono::steady_clock::now() - m_lastShip >= kShipInterval)
        ship(trace, std::nullopt);
}

} // namespace coroscope::detail
