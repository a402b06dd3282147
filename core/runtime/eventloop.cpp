#include <coroscope/eventloop.h>
#include <coroscope/future.h>

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>
#include <algorithm>
#include <thread>

namespace coroscope {

namespace {
thread_local EventLoop *t_loop = nullptr;
}

bool TimerHandle::cancel()
{
    if (!m_loop)
        return false;
    auto it = m_loop->m_timers.find(m_key);
    if (it == m_loop->m_timers.end())
        return false;
    m_loop->record(EventKind::TimerCancelled, it->second.entry.target, it->second.traceIndex, 0);
    m_loop->m_timers.erase(it);
    m_loop = nullptr;
    return true;
}

bool TimerHandle::active() const
{
    return m_loop && m_loop->m_timers.count(m_key);
}

EventLoop::EventLoop(Clock clock)
    : m_clock(clock), m_realStart(std::chrono::steady_clock::now()), m_previous(t_loop)
{
    t_loop = this;
}

EventLoop::~EventLoop()
{
    // Frames of tasks that never finished are destroyed here, innermost state
    // first reported: asyncio's "Task was destroyed but it is pending!".
    auto tasks = std::move(m_tasks);
    m_tasks.clear();
    m_deadTaskSlots = 0;
    for (auto &t : tasks) {
        if (!t)
            continue;
        if (Recorder *r = Recorder::current(); r && t->core().id())
            r->record(EventKind::Warning, t->core().id(), 0,
                      r->text(QStringLiteral("task was destroyed but it is pending")),
                      std::uint8_t(WarningKind::DestroyedWhileParked));
        t->destroyFrame();
    }
    m_ready.clear();
    m_timers.clear();
    t_loop = m_previous;
}

void EventLoop::reportOrphans()
{
    Recorder *r = Recorder::current();
    if (!r || !m_ready.empty() || !m_timers.empty() || m_externalWaits > 0)
        return;
    for (const auto &t : m_tasks) {
        if (t && !t->core().done() && t->core().id())
            r->record(EventKind::Warning, t->core().id(), 0,
                      r->text(QStringLiteral("orphan: parked with nobody able to resume it (the main task has returned "
                                             "and nothing is ready, timed or awaited outside)")),
                      std::uint8_t(WarningKind::Orphan));
    }
}

EventLoop *EventLoop::current() noexcept
{
    return t_loop;
}

std::chrono::nanoseconds EventLoop::now() const
{
    if (m_clock == Clock::Virtual)
        return std::chrono::nanoseconds(m_virtualNow);
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_realStart);
}

void EventLoop::enqueueResume(std::coroutine_handle<> h, CoroId target, EnqueueReason reason,
                              detail::TaskContextPtr ctx, ResumeKind how)
{
    m_ready.push_back(Entry{h, {}, std::move(ctx), target, how});
    record(EventKind::Enqueued, target, 0, std::uint8_t(reason));
}

void EventLoop::enqueueCallback(std::function<void()> fn, CoroId target, EnqueueReason reason, ValueId description)
{
    m_ready.push_back(Entry{{}, std::move(fn), {}, target, ResumeKind::Loop});
    record(EventKind::Enqueued, target, description, std::uint8_t(reason));
}

void EventLoop::callSoon(std::function<void()> fn, const QString &description)
{
    ValueId desc = 0;
    if (Recorder *r = detail::t_recorder)
        desc = r->text(description.isEmpty() ? QStringLiteral("callback") : description);
    enqueueCallback(std::move(fn), 0, EnqueueReason::Callback, desc);
}

TimerHandle EventLoop::callLater(std::chrono::nanoseconds delay, std::function<void()> fn,
                                 const QString &description)
{
    ValueId desc = 0;
    if (Recorder *r = detail::t_recorder)
        desc = r->text(description.isEmpty() ? QStringLiteral("call_later(%1)").arg(formatDuration(delay))
                                             : description);
    return addTimer(delay, detail::t_current, desc, {}, {}, std::move(fn));
}

TimerHandle EventLoop::addTimer(std::chrono::nanoseconds delay, CoroId owner, ValueId description,
                                std::coroutine_handle<> h, detail::TaskContextPtr ctx, std::function<void()> fn)
{
    const std::int64_t due = now().count() + std::max<std::int64_t>(0, delay.count());
    const TimerKey key{due, m_timerSeq++};
    Timer t{Entry{h, std::move(fn), std::move(ctx), owner, ResumeKind::Loop}, 0};
    if (Recorder *r = detail::t_recorder) {
        t.traceIndex = r->addTimer(due, owner, description);
        r->record(EventKind::TimerScheduled, owner, 0, t.traceIndex);
    }
    m_timers.emplace(key, std::move(t));
    return TimerHandle(this, key);
}

void EventLoop::registerTask(std::shared_ptr<detail::TaskStateBase> state)
{
    state->loopSlot = m_tasks.size();
    m_tasks.push_back(std::move(state));
}

void EventLoop::unregisterTask(detail::TaskStateBase *state)
{
    const std::size_t slot = state->loopSlot;
    if (slot >= m_tasks.size() || m_tasks[slot].get() != state)
        return; // not this loop's (or already gone)
    // Keep it alive until the table is consistent again: its destructor may report.
    auto keep = std::move(m_tasks[slot]);
    ++m_deadTaskSlots;
    if (m_deadTaskSlots > 32 && m_deadTaskSlots * 2 > m_tasks.size()) {
        std::erase(m_tasks, nullptr);
        for (std::size_t i = 0; i < m_tasks.size(); ++i)
            m_tasks[i]->loopSlot = i;
        m_deadTaskSlots = 0;
    }
}

void EventLoop::advanceTo(std::int64_t ns)
{
    if (m_clock == Clock::Virtual && ns > m_virtualNow)
        m_virtualNow = ns;
    if (Recorder *r = detail::t_recorder)
        r->setLoopTime(now().count());
}

bool EventLoop::fireDueTimers()
{
    if (m_timers.empty())
        return false;
    const std::int64_t t = now().count();
    bool any = false;
    while (!m_timers.empty() && m_timers.begin()->first.first <= t) {
        auto node = m_timers.extract(m_timers.begin());
        Timer &timer = node.mapped();
        record(EventKind::TimerFired, timer.entry.target, timer.traceIndex, 0);
        timer.entry.how = ResumeKind::Loop;
        m_ready.push_back(std::move(timer.entry));
        record(EventKind::Enqueued, m_ready.back().target, 0, std::uint8_t(EnqueueReason::Timer));
        any = true;
    }
    return any;
}

void EventLoop::waitForExternal(std::int64_t untilNs)
{
    // Qt delivers socket, timer and signal completions through its own loop;
    // the trampolines they resume put coroutines on our ready queue.
    QAbstractEventDispatcher *dispatcher = QThread::currentThread()->eventDispatcher();
    if (!dispatcher) {
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        return;
    }
    if (untilNs < 0) {
        QCoreApplication::sendPostedEvents();
        // Another thread that requests a stop then wakes this one's dispatcher (the
        // Engine does): the flag is seen here, or the wake-up ends the wait.
        if (!stopRequested())
            dispatcher->processEvents(QEventLoop::WaitForMoreEvents);
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(untilNs - now().count());
    while (m_ready.empty() && !stopRequested() && std::chrono::steady_clock::now() < deadline) {
        QCoreApplication::sendPostedEvents();
        dispatcher->processEvents(QEventLoop::AllEvents);
        if (m_ready.empty())
            QThread::usleep(200);
    }
}

void EventLoop::notifyWaiting()
{
    if (Recorder *r = detail::t_recorder; r && r->observer())
        r->observer()->loopWaiting(*r);
}

bool EventLoop::step()
{
    if (stopRequested())
        return false;
    if (m_externalWaits > 0) {
        // Collect completions that are already there, without blocking.
        QCoreApplication::sendPostedEvents();
        if (auto *d = QThread::currentThread()->eventDispatcher())
            d->processEvents(QEventLoop::AllEvents);
    }
    if (m_clock == Clock::Real)
        fireDueTimers();
    while (m_ready.empty()) {
        if (stopRequested())
            return false;
        if (!m_timers.empty()) {
            const std::int64_t due = m_timers.begin()->first.first;
            if (m_clock == Clock::Virtual) {
                record(EventKind::LoopIdle, 0, 0, std::uint8_t(IdleReason::AdvanceClock));
                advanceTo(due);
            } else if (due > now().count()) {
                notifyWaiting();
                // In slices, so that requestStop() from another thread is seen soon.
                if (m_externalWaits > 0)
                    waitForExternal(due);
                else
                    std::this_thread::sleep_for(
                        std::min<std::chrono::nanoseconds>(std::chrono::nanoseconds(due - now().count()),
                                                           std::chrono::milliseconds(10)));
            }
            if (Recorder *r = detail::t_recorder)
                r->setLoopTime(now().count());
            fireDueTimers();
            continue;
        }
        if (m_externalWaits > 0) {
            record(EventKind::LoopIdle, 0, 0, std::uint8_t(IdleReason::WaitExternal));
            notifyWaiting();
            waitForExternal(-1);
            continue;
        }
        const bool parked = liveTaskCount() > 0;
        record(EventKind::LoopIdle, 0, 0, std::uint8_t(parked ? IdleReason::Deadlock : IdleReason::Finished));
        return false;
    }
    Entry e = std::move(m_ready.front());
    m_ready.pop_front();
    run(e);
    return true;
}

void EventLoop::run(Entry &e)
{
    if (e.ctx && !e.ctx->alive) {
        record(EventKind::Dequeued, e.target, 0, 1); // its task is gone: a stale wakeup
        return;
    }
    record(EventKind::Dequeued, e.target, 0, 0);
    if (e.handle) {
        detail::t_resumeHow = e.how;
        detail::t_resumer = 0;
        e.handle.resume();
        detail::t_current = 0;
    } else if (e.callback) {
        detail::CurrentScope scope(0);
        e.callback();
    }
}

void EventLoop::runUntilIdle()
{
    while (step()) {
    }
}

QString EventLoop::describeParkedTasks() const
{
    QStringList parts;
    Recorder *r = detail::t_recorder;
    auto nameOf = [r](CoroId id) {
        return (r && id && id <= r->trace().coroutineCount()) ? r->trace().coroutine(id).name : QStringLiteral("task");
    };
    // Who waits on whom: each task's last Awaiting event, found in one pass from the end.
    QHash<CoroId, QString> awaits;
    if (r) {
        for (const auto &t : m_tasks) {
            if (t)
                awaits.insert(t->core().id(), QString());
        }
        qsizetype missing = awaits.size();
        const Trace &trace = r->trace();
        for (std::size_t i = trace.size(); i-- > 0 && missing > 0;) {
            const Event &e = trace[i];
            auto it = awaits.find(e.coro);
            if (e.kind != EventKind::Awaiting || it == awaits.end() || !it->isEmpty())
                continue;
            const auto kind = AwaitKind(e.aux);
            *it = !awaitsCoroutine(kind) ? trace.valueText(e.arg)
                                        : QStringLiteral("%1 #%2").arg(nameOf(e.arg)).arg(e.arg);
            --missing;
        }
    }
    for (const auto &t : m_tasks) {
        if (!t)
            continue;
        const CoroId id = t->core().id();
        QString part = QStringLiteral("%1 #%2").arg(nameOf(id)).arg(id);
        if (const QString target = awaits.value(id); !target.isEmpty())
            part += QStringLiteral(" awaits ") + target;
        parts << part;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace coroscope
