#pragma once

// Engine: runs a program on a thread of its own, under a Recorder and an
// EventLoop, and pauses it at recorded events on command. It lives on the GUI
// thread and never blocks it: commands go to the engine thread through a
// mutex-protected hand-off, and the recorded events come back as plain data
// (TraceDelta batches, at every pause and about every 30 ms while running)
// that the Engine applies to its own copy of the trace.
//
// Every recorded event is a pause point: the engine thread blocks inside the
// recorder's hook, right after the event was recorded, until a command lets it
// go. So a step can stop between a generator's yield and the next line of the
// task that called next().
//
// Limits: stop(), restart() and ~Engine() ask the loop to stop and wait for
// the entry that runs now to suspend. A program that never suspends (a CPU
// loop with no co_await) cannot be stopped; ~Engine() gives up after a few
// seconds and leaves that thread behind. (Running programs in a child process
// lifts this.)

#include <coroscope/eventloop.h>
#include <coroscope/runoutcome.h>
#include <coroscope/stops.h>
#include <coroscope/task.h>
#include <coroscope/trace.h>

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

namespace coroscope {

namespace detail {
enum class EngineMode : int;
struct EngineControl;
struct EngineBatch;
class EngineWorker;
} // namespace detail

class Engine : public QObject
{
    Q_OBJECT
public:
    // Builds the program's main task; called on the engine thread, once per run.
    // Whatever it captures must stay valid for the whole run (it is kept until the run ends).
    using Program = std::function<Task<void>()>;

    enum class State {
        Empty,    // nothing loaded
        Loaded,   // ready to start
        Running,  // the program runs (or is about to pause)
        Paused,   // blocked at event pausedAt()
        Stopping, // asked to stop; waiting for it to suspend
        Finished, // the run ended: see outcome()
    };
    Q_ENUM(State)

    using Outcome = RunOutcome;

    static constexpr std::size_t kDefaultMaxEvents = 10'000'000;

    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    // Replaces the program and clears the trace: the state is Loaded (Empty for an
    // empty program) at once. A run in progress is stopped in the background and
    // unreported; starting the new program waits for it to be gone.
    void load(Program program, const QString &name, EventLoop::Clock clock = EventLoop::Clock::Virtual);

    // Starts the loaded program paused at its first event (paused(0)); from
    // Finished, runs it again. From Loaded, step(), stepLoop() and continueRun()
    // start it in their mode instead.
    void start();
    // Runs to the next step event (isStepEvent).
    void step();
    // Runs until the next ready entry is about to run: pauses at the next Dequeued event.
    void stepLoop();
    // Runs until an event at a breakpoint (isBreakpointEvent) or the end.
    void continueRun();
    // Pauses at the next step event (no-op unless running).
    void pause();
    // Ends the run: finished(Aborted). Asynchronous: the state is Stopping until then.
    void stop();
    // Stops the run in progress (without a finished() for it) and starts the program
    // again, paused at its first event; started() tells when the new run begins.
    void restart();

    // Breakpoints apply at once, also to the run in progress (every mode stops at one).
    void setBreakpoints(const QSet<Breakpoint> &breakpoints);
    QSet<Breakpoint> breakpoints() const { return m_breakpoints; }

    // The Send box: parses `text` and sends it into generator `coro` on the engine
    // thread (Recorder::sendText), at the pause point or, when running, at the next
    // event. The events it causes are recorded as running, then the engine pauses
    // again at the last of them; sendResult() reports "yielded 15", "finished",
    // "raised …" or why it was impossible.
    void send(CoroId coro, const QString &text);

    // The history limit: once the trace holds this many events, its oldest
    // half is dropped (see Recorder::setHistoryLimit and Trace::droppedEvents)
    // and the run goes on, so a run that never ends keeps its memory bounded.
    // 0 = no limit. Takes effect at the next start.
    void setMaxEvents(std::size_t n) { m_maxEvents = n; }
    std::size_t maxEvents() const noexcept { return m_maxEvents; }

    // The GUI-side copy of the trace: everything shipped so far.
    const Trace &trace() const noexcept { return m_trace; }
    State state() const noexcept { return m_state; }
    QString programName() const { return m_name; }
    EventLoop::Clock clock() const noexcept { return m_clock; }
    // The event the engine is paused at; nullopt unless Paused.
    std::optional<std::size_t> pausedAt() const noexcept { return m_pausedAt; }
    // The outcome of the last finished run.
    const std::optional<Outcome> &outcome() const noexcept { return m_outcome; }
    // The run has recorded nothing for kNotYieldingMs while not waiting on
    // purpose: its body does not suspend (a CPU loop). Pause cannot reach it;
    // restart() and load() leave its thread behind and start afresh.
    bool isNotYielding() const noexcept { return m_notYielding; }
    static constexpr int kNotYieldingMs = 1000;
    static constexpr int kWatchIntervalMs = 250;
    // Runs left behind because they would not stop, still running or not yet reclaimed.
    std::size_t abandonedRuns() const noexcept { return m_abandoned.size(); }

Q_SIGNALS:
    void started();                                   // a new run began; trace() was cleared
    void stateChanged(coroscope::Engine::State state);
    void traceGrew(std::size_t size);                 // trace() has new events
    void paused(std::size_t eventIndex);              // the program is blocked after this event
    void finished(const coroscope::Engine::Outcome &outcome);
    void sendResult(coroscope::CoroId coro, const QString &result);
    void notYieldingChanged(bool notYielding);

private:
    void launch(detail::EngineMode mode);
    void command(detail::EngineMode mode);
    void requestStop(const QString &reason);
    void signalStop(const QString &reason);
    void receiveBatches(detail::EngineControl &control);
    void receive(const detail::EngineBatch &batch);
    void threadFinished();
    void setState(State s);
    void watch();
    void abandonRun();
    void reclaimAbandoned();

    struct Run;
    std::unique_ptr<Run> m_run;
    std::shared_ptr<detail::EngineControl> m_control;
    Program m_program;
    QString m_name;
    EventLoop::Clock m_clock = EventLoop::Clock::Virtual;
    Trace m_trace;
    QSet<Breakpoint> m_breakpoints;
    std::size_t m_maxEvents = kDefaultMaxEvents;
    std::optional<std::size_t> m_pausedAt;
    std::optional<Outcome> m_outcome;
    std::uint64_t m_generation = 0; // which run the batches belong to
    std::uint64_t m_token = 0;      // the last run command: pauses before it are stale
    State m_state = State::Empty;
    std::optional<detail::EngineMode> m_launchPending; // waits for the previous run's thread to finish
    QTimer *m_watchdog = nullptr;
    std::uint64_t m_lastBeat = 0;
    int m_quietMs = 0;
    bool m_notYielding = false;
    std::vector<std::unique_ptr<Run>> m_abandoned;
};

} // namespace coroscope

