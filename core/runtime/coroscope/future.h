#pragma once

// Future<T> (asyncio.Future) and TaskHandle<T> (asyncio.Task, what spawn
// returns). Both are cheap shared handles onto one state; awaiting them and
// their done-callbacks are woken through the loop's ready queue, in the order
// they were registered.

#include <coroscope/errors.h>
#include <coroscope/eventloop.h>
#include <coroscope/detail/tracedpromise.h>

#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace coroscope {

namespace detail {

class TaskPromiseBase;

template <class T>
using Value = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

// The untyped half of a future: completion, callbacks, exception bookkeeping.
class FutureCore : public std::enable_shared_from_this<FutureCore>
{
public:
    FutureCore(CoroId id, CoroutineKind kind);
    virtual ~FutureCore(); // reports an exception that nobody retrieved
    FutureCore(const FutureCore &) = delete;
    FutureCore &operator=(const FutureCore &) = delete;

    CoroId id() const noexcept { return m_id; }
    bool done() const noexcept { return m_done; }
    bool cancelled() const noexcept { return m_cancelled; }

    // An awaiter waiting on this future; resumed via the ready queue.
    void addWaiter(std::coroutine_handle<> h, CoroId waiter, TaskContextPtr ctx);
    void addCallback(std::function<void()> fn, const QString &description);
    // The exception (or CancelledError) to raise, marking it retrieved.
    std::exception_ptr takeException();
    void markRetrieved() noexcept { m_retrieved = true; }
    bool hasException() const noexcept { return bool(m_exception); }

    bool finishWithException(std::exception_ptr e, bool record = true);
    bool finishCancelled();
    // Forgets the pending callbacks (their captures may refer back to this
    // future): used when a task's frame is destroyed without finishing.
    void dropCallbacks() { m_callbacks.clear(); }

protected:
    bool finish(); // marks done and schedules the callbacks
    std::exception_ptr m_exception;
    CoroId m_id;
    CoroutineKind m_kind;
    bool m_done = false;
    bool m_cancelled = false;
    bool m_retrieved = false;

private:
    struct Callback
    {
        std::function<void()> fn;
        std::coroutine_handle<> handle;
        TaskContextPtr ctx;
        CoroId target = 0;
        ValueId description = 0;
    };
    std::vector<Callback> m_callbacks;
    EventLoop *m_loop;
};

template <class T>
class FutureState : public FutureCore
{
public:
    using FutureCore::FutureCore;
    std::optional<Value<T>> result;

    template <class... A>
    bool finishWithResult(A &&...a)
    {
        if (m_done)
            return false;
        result.emplace(std::forward<A>(a)...);
        // A task's frame has recorded its own return already.
        if (Recorder *r = Recorder::current(); r && m_id && m_kind == CoroutineKind::Future)
            r->record(EventKind::Returned, m_id, 0, r->value(*result));
        return finish();
    }
    const Value<T> &get()
    {
        if (!m_done)
            throw InvalidStateError("Result is not set.");
        if (auto e = takeException())
            std::rethrow_exception(e);
        return *result;
    }
};

// A spawned task: the state of its future plus its root frame and context.
class TaskStateBase
{
public:
    virtual ~TaskStateBase() = default;
    virtual FutureCore &core() = 0;
    std::coroutine_handle<> frame; // the root frame until it finishes
    TaskContextPtr ctx = std::make_shared<TaskContext>();
    bool started = false;
    std::size_t loopSlot = 0; // its index in the EventLoop's task table (O(1) unregister)
    // Called by the loop when it is destroyed with this task still parked.
    void destroyFrame();
};

template <class T>
class TaskState final : public TaskStateBase, public FutureState<T>
{
public:
    explicit TaskState(CoroId id) : FutureState<T>(id, CoroutineKind::Task) {}
    FutureCore &core() override { return *this; }
};

} // namespace detail

template <class T>
class Future
{
public:
    using value_type = T;
    explicit Future(SourceLocation created = SourceLocation::current())
        : m_s(std::make_shared<detail::FutureState<T>>(registerFuture(created), CoroutineKind::Future))
    {
    }

    template <class U = T>
        requires(!std::is_void_v<U>)
    bool setResult(U v)
    {
        return m_s->finishWithResult(std::move(v));
    }
    bool setResult()
        requires std::is_void_v<T>
    {
        return m_s->finishWithResult();
    }
    bool setException(std::exception_ptr e) { return m_s->finishWithException(std::move(e)); }
    bool cancel() { return m_s->finishCancelled(); }
    bool done() const noexcept { return m_s->done(); }
    bool cancelled() const noexcept { return m_s->cancelled(); }
    // The result; raises the stored exception, CancelledError, or InvalidStateError when not done.
    const detail::Value<T> &result() const { return m_s->get(); }
    std::exception_ptr exception() const
    {
        if (!m_s->done())
            throw InvalidStateError("Exception is not set.");
        if (m_s->cancelled())
            throw CancelledError();
        m_s->markRetrieved();
        return m_s->hasException() ? m_s->takeException() : nullptr;
    }
    void addDoneCallback(std::function<void(Future<T> &)> fn, const QString &description = {})
    {
        // The stored callback holds the state weakly (no cycle while pending);
        // FutureCore::finish() holds it strongly while the callback is queued.
        m_s->addCallback([w = std::weak_ptr(m_s), fn = std::move(fn)]() mutable {
            if (auto s = w.lock()) {
                Future self(std::move(s));
                fn(self);
            }
        }, description);
    }
    CoroId id() const noexcept { return m_s->id(); }
    const std::shared_ptr<detail::FutureState<T>> &state() const noexcept { return m_s; }

    using coroscope_awaitable = void;
    auto coroscopeAwaiter(detail::TaskPromiseBase *p, SiteId site) const; // task.h

private:
    explicit Future(std::shared_ptr<detail::FutureState<T>> s) : m_s(std::move(s)) {}
    static CoroId registerFuture(const SourceLocation &created);
    std::shared_ptr<detail::FutureState<T>> m_s;
};

namespace detail {
CoroId registerFutureId(const SourceLocation &created);
}
template <class T>
CoroId Future<T>::registerFuture(const SourceLocation &created)
{
    return detail::registerFutureId(created);
}

template <class T>
class TaskHandle
{
public:
    using value_type = T;
    TaskHandle() = default;
    explicit TaskHandle(std::shared_ptr<detail::TaskState<T>> s) : m_s(std::move(s)) {}

    bool done() const noexcept { return m_s && m_s->done(); }
    bool cancelled() const noexcept { return m_s && m_s->cancelled(); }
    // Requests cancellation: CancelledError is raised at the task's parked
    // co_await when it next resumes. False when the task is already done.
    bool cancel();
    const detail::Value<T> &result() const { return m_s->get(); }
    std::exception_ptr exception() const
    {
        if (!m_s->done())
            throw InvalidStateError("Exception is not set.");
        return m_s->takeException();
    }
    void addDoneCallback(std::function<void(TaskHandle<T> &)> fn, const QString &description = {})
    {
        m_s->addCallback([w = std::weak_ptr(m_s), fn = std::move(fn)]() mutable {
            if (auto s = w.lock()) {
                TaskHandle self(std::move(s));
                fn(self);
            }
        }, description);
    }
    CoroId id() const noexcept { return m_s ? m_s->id() : 0; }
    const std::shared_ptr<detail::TaskState<T>> &state() const noexcept { return m_s; }
    bool valid() const noexcept { return bool(m_s); }

    using coroscope_awaitable = void;
    auto coroscopeAwaiter(detail::TaskPromiseBase *p, SiteId site) const; // task.h

private:
    std::shared_ptr<detail::TaskState<T>> m_s;
};

template <class T>
bool TaskHandle<T>::cancel()
{
    if (!m_s || m_s->done())
        return false;
    auto &ctx = *m_s->ctx;
    if (Recorder *r = Recorder::current(); r && m_s->id())
        r->record(EventKind::Cancelled, m_s->id(), 0, detail::t_current, 1);
    ctx.cancelPending = true;
    if (ctx.interrupt)
        std::exchange(ctx.interrupt, nullptr)();
    return true;
}

} // namespace coroscope
