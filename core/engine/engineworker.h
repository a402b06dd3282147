#pragma once

// The engine thread's half of Engine (engine.h): the control block both
// threads share, the batches that travel back, and the worker that runs the
// program. Nothing here is touched by both threads except EngineControl,
// under its mutex, and the worker's end-of-run flag (EngineWorker::ended()).

#include <coroscope/engine.h>

#include <QAbstractEventDispatcher>
#include <QObject>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

namespace coroscope::detail {

enum class EngineMode : int {
    PauseNext, // pause at the next event, whatever it is (start: the first event)
    Pause,     // pause at the next step event (pause())
    Step,      // run to the next step event
    StepLoop,  // run to the next Dequeued
    Continue,  // run to a breakpoint or the end
};

struct SendRequest
{
    CoroId coro = 0;
    QString text;
};

struct SendReply
{
    CoroId coro = 0;
    QString result;
};

// Everything the GUI learns from the engine thread, as plain data.
struct EngineBatch
{
    std::uint64_t generation = 0;
    std::uint64_t token = 0; // the run command in force when it paused
    TraceDelta delta;
    std::optional<std::size_t> pausedAt;
    std::vector<SendReply> replies;
    bool finished = false;
    std::optional<Engine::Outcome> outcome; // with finished: how the run ended, when known
};

// Written by the GUI thread through change(), read by the engine thread under
// the mutex. `serial` lets the engine thread skip the lock while nothing changed.
// The batches travel the other way through it too (`outbox`).
struct EngineControl
{
    template <class F>
    void change(F &&f)
    {
        apply(f, false);
    }
    // The same, for a change the engine thread must act on even while it waits
    // for Qt events (an external wait): a pause, a send, a stop. That wait is
    // woken through its event dispatcher rather than by posting it an event,
    // which would be allocated here and freed there in a hand-over ordered by
    // Qt's event-queue lock, one ThreadSanitizer cannot see.
    template <class F>
    void changeAndWakeLoop(F &&f)
    {
        apply(f, true);
    }
    template <class F>
    void apply(F &f, bool wakeLoop)
    {
        {
            std::lock_guard lock(mutex);
            f(*this);
            serial.fetch_add(1, std::memory_order_release);
            // After the serial moved (a woken thread reads it without the lock),
            // and under the lock, which keeps the dispatcher alive.
            if (wakeLoop && dispatcher)
                dispatcher->wakeUp();
        }
        wake.notify_all();
    }
    // The GUI thread's end of `outbox`.
    std::vector<EngineBatch> takeBatches()
    {
        std::lock_guard lock(mutex);
        return std::exchange(outbox, {});
    }

    std::mutex mutex;
    std::condition_variable wake;
    std::atomic<std::uint64_t> serial{1};
    // --- guarded by mutex ---
    EngineMode mode = EngineMode::PauseNext;
    std::uint64_t token = 0; // bumped by each run command (step, stepLoop, continue)
    bool stop = false;
    QString stopReason;
    QSet<Breakpoint> breakpoints;
    std::vector<SendRequest> sends;
    EventLoop *loop = nullptr; // the engine thread's loop while it exists (for requestStop)
    QAbstractEventDispatcher *dispatcher = nullptr; // the engine thread's, while `loop` is set
    // The engine thread's batches, oldest first, until the GUI thread takes
    // them (takeBatches()). They wait here rather than travel as a queued
    // signal's argument, and EngineWorker::shipped, which says there is
    // something to take, is emitted under the mutex: so the mutex orders the
    // whole hand-over, Qt's queued call included, where ThreadSanitizer sees
    // it. (Qt's event queue orders it as well, but TSan cannot see that in a
    // Qt not built with it.)
    std::vector<EngineBatch> outbox;

    // --- lock-free, for the GUI's watchdog ---
    // Bumped at every recorded event; `waiting` is set while the loop blocks on
    // purpose (a real-clock timer, an external wait). A heartbeat that stands
    // still while not waiting means a body that does not suspend.
    std::atomic<std::uint64_t> heartbeat{0};
    std::atomic<bool> waiting{false};
};

class EngineWorker final : public QObject
{
    Q_OBJECT
public:
    EngineWorker(std::shared_ptr<EngineControl> control, Engine::Program program, EventLoop::Clock clock,
                 std::size_t maxEvents, std::uint64_t generation);

    // Runs the program to its end on this (the engine) thread, then quits the thread.
    void run();

    // The hand-over at the end of a run, spelled out for ThreadSanitizer.
    // QThread::wait() orders all the engine thread did (Qt's own QThread::finished
    // bookkeeping included) before the GUI thread deletes the worker, its control
    // block and the QThread, but through Qt's futex-based mutexes, which TSan
    // cannot see in a Qt not built with it; this release/acquire pair shows it
    // the same order. threadEnding() runs on the engine thread, connected
    // directly to QThread::finished after the Engine's own connection, so after
    // Qt has queued that one; ended() on the GUI thread once wait() has returned.
    void threadEnding() noexcept { m_ended.store(true, std::memory_order_release); }
    bool ended() const noexcept { return m_ended.load(std::memory_order_acquire); }

Q_SIGNALS:
    void shipped(); // a batch waits in the control block (EngineControl::takeBatches())

private:
    std::shared_ptr<EngineControl> m_control;
    Engine::Program m_program;
    EventLoop::Clock m_clock;
    std::size_t m_maxEvents;
    std::uint64_t m_generation;
    std::atomic<bool> m_ended{false};
};

} // namespace coroscope::detail
