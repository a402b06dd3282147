#pragma once

// Task<T>: `async def`. Lazily started: the body runs when the task is
// awaited (inline, like `await coro()` in Python: no loop step in between) or
// when it is spawned on an EventLoop (then it first runs on a later step).

#include <coroscope/future.h>
#include <coroscope/detail/taskpromise.h>

#include <chrono>
#include <coroutine>
#include <optional>

namespace coroscope {

template <class T = void>
class Task;

namespace detail {

template <class Derived, class T>
struct TaskReturn
{
    void return_value(T v, SourceLocation loc = SourceLocation::current())
    {
        auto &self = static_cast<Derived &>(*this);
        self.m_value.emplace(std::move(v));
        self.recordValue(EventKind::Returned, *self.m_value, self.park(loc));
    }
};
template <class Derived>
struct TaskReturn<Derived, void>
{
    void return_void()
    {
        auto &self = static_cast<Derived &>(*this);
        self.m_value.emplace();
        self.recordValue(EventKind::Returned, std::monostate{});
    }
};

bool isCancelledError(const std::exception_ptr &e);

// Awaiting a Task directly: start it now by symmetric transfer; it transfers
// back here when it finishes.
template <class T, class Promise>
class ChildTaskAwaiter
{
public:
    ChildTaskAwaiter(TaskPromiseBase *p, std::coroutine_handle<Promise> child, SiteId site)
        : m_p(p), m_child(child), m_site(site)
    {
    }
    bool await_ready()
    {
        if (!m_child || m_child.promise().started()) {
            if (Recorder *r = m_p->recorder())
                r->record(EventKind::Warning, m_p->id(), m_site, r->text(QStringLiteral("awaited a task twice")),
                          std::uint8_t(WarningKind::AwaitedTwice));
            throw std::logic_error("cannot reuse already awaited coroutine");
        }
        return false;
    }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> self) noexcept
    {
        auto &cp = m_child.promise();
        cp.m_continuation = self;
        cp.m_ctx = m_p->m_ctx;
        m_p->recordAwaiting(m_site, AwaitKind::Coroutine, cp.id());
        t_resumeHow = ResumeKind::Awaiter;
        t_resumer = m_p->id();
        return m_child;
    }
    T await_resume()
    {
        m_p->resumed();
        auto &cp = m_child.promise();
        if (cp.m_exception)
            std::rethrow_exception(cp.m_exception);
        if constexpr (!std::is_void_v<T>)
            return std::move(*cp.m_value);
    }

private:
    TaskPromiseBase *m_p;
    std::coroutine_handle<Promise> m_child;
    SiteId m_site;
};

// Awaiting a Future or a TaskHandle: register as a waiter, woken through the
// ready queue. Cancelling the awaiting task cancels what it awaits, as in asyncio.
template <class T, class State>
class FutureAwaiter
{
public:
    FutureAwaiter(TaskPromiseBase *p, std::shared_ptr<State> s, SiteId site, AwaitKind kind)
        : m_p(p), m_s(std::move(s)), m_site(site), m_kind(kind)
    {
    }
    bool await_ready() const noexcept { return m_s->done(); }
    void await_suspend(std::coroutine_handle<> self)
    {
        m_suspended = true;
        m_p->recordAwaiting(m_site, m_kind, m_s->id());
        m_s->addWaiter(self, m_p->id(), m_p->m_ctx);
        m_p->parked(self, [s = m_s] { cancelState(*s); });
    }
    std::conditional_t<std::is_void_v<T>, void, const Value<T> &> await_resume()
    {
        if (m_suspended) {
            m_p->resumed();
            m_p->throwIfCancelled();
        }
        if constexpr (std::is_void_v<T>)
            m_s->get();
        else
            return m_s->get();
    }

private:
    static void cancelState(State &s);
    TaskPromiseBase *m_p;
    std::shared_ptr<State> m_s;
    SiteId m_site;
    AwaitKind m_kind;
    bool m_suspended = false;
};

class SleepAwaiter
{
public:
    SleepAwaiter(TaskPromiseBase *p, std::chrono::nanoseconds d, SiteId site) : m_p(p), m_delay(d), m_site(site) {}
    bool await_ready() const noexcept { return false; } // even sleep(0) yields to the loop
    void await_suspend(std::coroutine_handle<> self);
    void await_resume()
    {
        m_p->resumed();
        m_p->throwIfCancelled();
    }

private:
    TaskPromiseBase *m_p;
    std::chrono::nanoseconds m_delay;
    SiteId m_site;
    TimerHandle m_timer;
};

} // namespace detail

// asyncio.sleep(d); sleep(0) puts the task at the back of the ready queue.
struct SleepAwaitable
{
    using coroscope_awaitable = void;
    std::chrono::nanoseconds delay;
    detail::SleepAwaiter coroscopeAwaiter(detail::TaskPromiseBase *p, SiteId site) const
    {
        return detail::SleepAwaiter(p, delay, site);
    }
};
inline SleepAwaitable sleep(std::chrono::nanoseconds d) { return SleepAwaitable{d}; }

template <class T>
class Task
{
public:
    using value_type = T;
    using coroscope_awaitable = void;

    class promise_type : public detail::TaskPromiseBase, public detail::TaskReturn<promise_type, T>
    {
    public:
        explicit promise_type(SourceLocation created = SourceLocation::current())
            : TaskPromiseBase(CoroutineKind::Task, created)
        {
        }
        Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
        detail::InitialAwaiter initial_suspend() noexcept { return {this}; }

        struct FinalAwaiter
        {
            bool await_ready() const noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept
            {
                promise_type &p = h.promise();
                p.markFinished();
                if (p.m_continuation) {
                    detail::t_resumeHow = ResumeKind::Awaiter;
                    detail::t_resumer = p.id();
                    return p.m_continuation;
                }
                if (p.m_root) {
                    // A spawned task: hand the outcome to its future, then free the frame.
                    auto root = std::move(p.m_root);
                    std::optional<detail::Value<T>> value = std::move(p.m_value);
                    std::exception_ptr e = p.m_exception;
                    root->frame = nullptr;
                    h.destroy();
                    if (e && detail::isCancelledError(e))
                        root->finishCancelled();
                    else if (e)
                        root->finishWithException(e, false);
                    else
                        root->finishWithResult(std::move(*value));
                    if (EventLoop *loop = EventLoop::current())
                        loop->unregisterTask(root.get());
                }
                return std::noop_coroutine();
            }
            void await_resume() const noexcept {}
        };
        FinalAwaiter final_suspend() noexcept { return {}; }

        void unhandled_exception()
        {
            m_exception = std::current_exception();
            if (!detail::isCancelledError(m_exception))
                recordException(m_exception, ThrowKind::Escaped);
            else if (Recorder *r = recorder())
                r->record(EventKind::Cancelled, id(), 0, 0, 0);
        }

        std::optional<detail::Value<T>> m_value;
        std::shared_ptr<detail::TaskState<T>> m_root; // set when spawned
    };
    using Handle = std::coroutine_handle<promise_type>;

    Task() = default;
    explicit Task(Handle h) noexcept : m_h(h) {}
    Task(Task &&o) noexcept : m_h(std::exchange(o.m_h, nullptr)) {}
    // The frame assigned over is destroyed now, where the assignment is, not
    // whenever the moved-from object happens to die.
    Task &operator=(Task &&o) noexcept
    {
        if (this != &o) {
            if (m_h)
                m_h.destroy();
            m_h = std::exchange(o.m_h, nullptr);
        }
        return *this;
    }
    ~Task()
    {
        if (m_h)
            m_h.destroy();
    }

    bool done() const noexcept { return !m_h || m_h.done(); }
    CoroId id() const noexcept { return m_h ? m_h.promise().id() : 0; }
    Task &setName(const QString &name) &
    {
        if (m_h)
            m_h.promise().setName(name);
        return *this;
    }
    Task &&setName(const QString &name) &&
    {
        if (m_h)
            m_h.promise().setName(name);
        return std::move(*this);
    }
    Handle release() noexcept { return std::exchange(m_h, nullptr); }
    Handle handle() const noexcept { return m_h; }

    auto coroscopeAwaiter(detail::TaskPromiseBase *p, SiteId site) const
    {
        return detail::ChildTaskAwaiter<T, promise_type>(p, m_h, site);
    }

private:
    Handle m_h;
};

template <class T>
auto Future<T>::coroscopeAwaiter(detail::TaskPromiseBase *p, SiteId site) const
{
    return detail::FutureAwaiter<T, detail::FutureState<T>>(p, m_s, site, AwaitKind::Future);
}
template <class T>
auto TaskHandle<T>::coroscopeAwaiter(detail::TaskPromiseBase *p, SiteId site) const
{
    return detail::FutureAwaiter<T, detail::TaskState<T>>(p, m_s, site, AwaitKind::Task);
}

template <class T, class State>
void detail::FutureAwaiter<T, State>::cancelState(State &s)
{
    if constexpr (std::is_base_of_v<TaskStateBase, State>)
        TaskHandle<T>(std::static_pointer_cast<TaskState<T>>(s.shared_from_this())).cancel();
    else
        s.finishCancelled();
}

template <class T>
TaskHandle<T> EventLoop::spawn(Task<T> task, QString name)
{
    auto h = task.release();
    if (!h)
        throw std::logic_error("spawn: empty task");
    auto &p = h.promise();
    if (!name.isEmpty())
        p.setName(name);
    auto state = std::make_shared<detail::TaskState<T>>(p.id());
    state->frame = h;
    state->ctx->rootId = p.id();
    p.m_ctx = state->ctx;
    p.m_root = state;
    registerTask(state);
    enqueueResume(h, p.id(), EnqueueReason::Spawn, state->ctx, ResumeKind::Loop);
    return TaskHandle<T>(std::move(state));
}

template <class T>
T EventLoop::runUntilComplete(Task<T> task)
{
    TaskHandle<T> handle = spawn(std::move(task));
    while (!handle.done()) {
        if (!step()) {
            if (stopRequested())
                throw StoppedError("the run was stopped before the task finished");
            const QString parked = describeParkedTasks();
            if (Recorder *r = Recorder::current())
                r->record(EventKind::Warning, handle.id(), 0, r->text(QStringLiteral("deadlock: ") + parked),
                          std::uint8_t(WarningKind::Deadlock));
            throw DeadlockError("deadlock: the loop ran out of work with tasks parked: " + parked.toStdString());
        }
    }
    reportOrphans();
    if constexpr (std::is_void_v<T>)
        handle.result();
    else
        return handle.result();
}

} // namespace coroscope
