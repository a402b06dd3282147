#pragma once

// EventLoop: Coroscope's asyncio-style loop. One per thread, running inside a
// Qt thread so that QCoro and Qt awaitables work alongside it.
//
// Ordering follows asyncio: ready entries run FIFO; a spawned task first runs
// on a later step; timers fire by (due time, creation order); done-callbacks
// and awaiter wakeups go through the ready queue in registration order.

#include <coroscope/event.h>
#include <coroscope/recorder.h>

#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace coroscope {

template <class T> class Task;
template <class T> class TaskHandle;
class EventLoop;

namespace detail {

// Shared by all coroutines of one spawned task (the root and the tasks and
// async generators it awaits directly): where it is parked, and whether a
// cancellation is on its way.
struct TaskContext
{
    CoroId rootId = 0;
    std::coroutine_handle<> parked; // the innermost coroutine of this task that is parked
    std::function<void()> interrupt; // wakes the parked coroutine early (cancel); empty for external waits
    bool cancelPending = false;      // the next resumption raises CancelledError
    bool alive = true;               // false once the root frame is gone: pending wakeups are stale
};
using TaskContextPtr = std::shared_ptr<TaskContext>;

class TaskStateBase;

} // namespace detail

class TimerHandle
{
public:
    TimerHandle() = default;
    bool cancel(); // false when it already fired or was cancelled
    bool active() const;

private:
    friend class EventLoop;
    TimerHandle(EventLoop *loop, std::pair<std::int64_t, std::uint64_t> key) : m_loop(loop), m_key(key) {}
    EventLoop *m_loop = nullptr;
    std::pair<std::int64_t, std::uint64_t> m_key{};
};

class EventLoop
{
public:
    enum class Clock { Virtual, Real };

    explicit EventLoop(Clock clock = Clock::Virtual);
    ~EventLoop(); // destroys the frames of tasks that are still parked, reporting each
    EventLoop(const EventLoop &) = delete;
    EventLoop &operator=(const EventLoop &) = delete;

    // The loop running on this thread (asyncio.get_running_loop), or nullptr.
    static EventLoop *current() noexcept;

    Clock clock() const noexcept { return m_clock; }
    std::chrono::nanoseconds now() const;

    // asyncio.create_task: the task first runs on a later step.
    template <class T>
    TaskHandle<T> spawn(Task<T> task, QString name = {});

    void callSoon(std::function<void()> fn, const QString &description = {});
    TimerHandle callLater(std::chrono::nanoseconds delay, std::function<void()> fn, const QString &description = {});

    // Runs exactly one ready entry (moving due timers in and waiting for
    // external completions first when nothing is ready). False when there is
    // nothing left to run: no ready entry, no timer and no external wait.
    bool step();
    void runUntilIdle();
    // asyncio.run: spawns the task and runs until it is done; its exception is
    // re-raised here. Throws DeadlockError if the loop runs out of work first.
    template <class T>
    T runUntilComplete(Task<T> task);

    std::size_t readyCount() const noexcept { return m_ready.size(); }
    std::size_t timerCount() const noexcept { return m_timers.size(); }
    std::size_t externalWaitCount() const noexcept { return m_externalWaits; }
    std::size_t liveTaskCount() const noexcept { return m_tasks.size() - m_deadTaskSlots; }
    // Once the main task has finished with nothing ready, no timer and no
    // external wait left, a task still parked can never be resumed: each gets
    // a Warning (Orphan) before the loop's destruction reclaims its frame.
    void reportOrphans();
    // Human-readable "who waits on what" of the parked tasks (for DeadlockError).
    QString describeParkedTasks() const;

    // Asks the loop to stop (thread-safe): step() returns false from now on,
    // so runUntilComplete() throws StoppedError once the entry that is running
    // now has suspended. Code that never suspends cannot be stopped this way.
    void requestStop() noexcept { m_stopRequested.store(true, std::memory_order_relaxed); }
    bool stopRequested() const noexcept { return m_stopRequested.load(std::memory_order_relaxed); }

    // --- used by awaiters and futures ---
    void enqueueResume(std::coroutine_handle<> h, CoroId target, EnqueueReason reason,
                       detail::TaskContextPtr ctx, ResumeKind how = ResumeKind::Loop);
    void enqueueCallback(std::function<void()> fn, CoroId target, EnqueueReason reason, ValueId description);
    TimerHandle addTimer(std::chrono::nanoseconds delay, CoroId owner, ValueId description,
                         std::coroutine_handle<> h, detail::TaskContextPtr ctx, std::function<void()> fn);
    void externalWaitStarted() noexcept { ++m_externalWaits; }
    void externalWaitFinished() noexcept { --m_externalWaits; }
    void registerTask(std::shared_ptr<detail::TaskStateBase> state);
    void unregisterTask(detail::TaskStateBase *state);

private:
    friend class TimerHandle;
    struct Entry
    {
        std::coroutine_handle<> handle; // resume this …
        std::function<void()> callback; // … or call this
        detail::TaskContextPtr ctx;
        CoroId target = 0;
        ResumeKind how = ResumeKind::Loop;
    };
    struct Timer
    {
        Entry entry;
        std::uint32_t traceIndex = 0;
    };
    using TimerKey = std::pair<std::int64_t, std::uint64_t>; // (due, creation order)

    void run(Entry &e);
    bool fireDueTimers();
    void waitForExternal(std::int64_t untilNs);
    void advanceTo(std::int64_t ns);
    // Inline: with no Recorder alive, the loop's hooks are a load and a branch too.
    void record(EventKind kind, CoroId coro, std::uint32_t arg, std::uint8_t aux)
    {
        if (Recorder *r = detail::t_recorder) [[unlikely]]
            r->record(kind, coro, 0, arg, aux);
    }
    void notifyWaiting();

    Clock m_clock;
    std::int64_t m_virtualNow = 0;
    std::chrono::steady_clock::time_point m_realStart;
    std::deque<Entry> m_ready;
    std::map<TimerKey, Timer> m_timers;
    std::uint64_t m_timerSeq = 0;
    std::size_t m_externalWaits = 0;
    // Registration order, with a finished task's slot set to null and the
    // table compacted when half of it is null: unregistering is O(1) amortised
    // (an erase was O(n), quadratic for 100,000 tasks).
    std::vector<std::shared_ptr<detail::TaskStateBase>> m_tasks;
    std::size_t m_deadTaskSlots = 0;
    EventLoop *m_previous = nullptr;
    std::atomic<bool> m_stopRequested{false};
};

} // namespace coroscope
