#pragma once

// The control block a paused program's thread shares with its link thread
// (childlink.cpp), and the batches that travel to the window. Only
// EngineControl is touched by both threads, under its mutex.

#include <coroscope/eventloop.h>
#include <coroscope/outcome.h>
#include <coroscope/stops.h>
#include <coroscope/trace.h>

#include <QAbstractEventDispatcher>
#include <QSet>
#include <atomic>
#include <optional>
#include <condition_variable>
#include <mutex>
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

// Everything the window learns from the program's thread, as plain data
// (the link encodes it as a Batch frame).
struct EngineBatch
{
    std::uint64_t token = 0; // the run command in force when it paused
    TraceDelta delta;
    std::optional<std::size_t> pausedAt;
    std::vector<SendReply> replies;
    bool finished = false;
    std::optional<RunOutcome> outcome; // with finished: how the run ended, when known
};

// Written by the link thread through change() (the window's commands), read by
// the program's thread under the mutex. `serial` lets the program's thread
// skip the lock while nothing changed.
struct EngineControl
{
    template <class F>
    void change(F &&f)
    {
        apply(f, false);
    }
    // The same, for a change the program's thread must act on even while it waits
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
    EventLoop *loop = nullptr; // the program's loop while it exists (for requestStop)
    QAbstractEventDispatcher *dispatcher = nullptr; // the program thread's, while `loop` is set

    // --- lock-free, for the link thread's heartbeat ---
    // Bumped at every recorded event; `waiting` is set while the loop blocks on
    // purpose (a real-clock timer, an external wait). A heartbeat that stands
    // still while not waiting means a body that does not suspend.
    std::atomic<std::uint64_t> heartbeat{0};
    std::atomic<bool> waiting{false};
};

} // namespace coroscope::detail
