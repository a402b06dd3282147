#pragma once

// EngineObserver: the recorder's observer on the program's thread. After each
// recorded event it decides, from the mode and the breakpoints, whether to
// block there until the window sends a command; it ships the trace in batches.

#include "enginecontrol.h"

#include <coroscope/recorder.h>

#include <chrono>
#include <functional>

namespace coroscope::detail {

class EngineObserver final : public RecorderObserver
{
public:
    // Where the batches go: the engine's outbox (in-process), or the link's socket (a child process).
    using Sink = std::function<void(EngineBatch &&batch)>;
    EngineObserver(EngineControl &control, Sink sink);

    void eventRecorded(const Recorder &recorder, std::size_t index) override;
    void loopWaiting(const Recorder &recorder) override;
    // Ships what is not shipped yet before the oldest history goes, so that
    // the receiver holds every event up to the drop and can make the same base.
    void historyDropping(const Recorder &recorder) override;

    // The program is over: from now on nothing pauses (the loop's teardown still records).
    void setFinishing() noexcept { m_finishing = true; }
    // Ships the rest of the trace together with the outcome.
    // No outcome: a user's program whose recorder ended (its exit code tells the rest).
    void finish(const Trace &trace, const std::optional<RunOutcome> &outcome);
    // Ships what was recorded since the last batch (a crash handler's last word).
    void flush(const Trace &trace) { ship(trace, std::nullopt); }
    QString stopReason() const { return m_stopReason; }

private:
    void sync();
    void readLocked();
    bool shouldPause(const Trace &trace, const Event &e);
    bool atBreakpoint(const Trace &trace, SiteId site);
    void pauseAt(const Trace &trace, std::size_t index);
    std::vector<SendReply> runSends();
    void ship(const Trace &trace, std::optional<std::size_t> pausedAt, std::vector<SendReply> replies = {});
    void post(EngineBatch batch);
    void shipIfDue(const Trace &trace);

    EngineControl &m_control;
    Sink m_sink;
    // The engine thread's copy of the control block, refreshed when its serial moves.
    std::uint64_t m_seenSerial = 0;
    EngineMode m_mode = EngineMode::PauseNext;
    std::uint64_t m_token = 0;
    QSet<Breakpoint> m_breakpoints;
    std::vector<std::int8_t> m_siteHit; // per SiteId: -1 not looked at yet, 0 no, 1 a breakpoint
    std::vector<SendRequest> m_sends;
    QString m_stopReason;
    bool m_stopping = false;
    bool m_inSend = false;
    bool m_finishing = false;
    // Shipping.
    Trace::Cursor m_shipped;
    std::chrono::steady_clock::time_point m_lastShip;
    unsigned m_sinceClockCheck = 0;
};

} // namespace coroscope::detail
