#pragma once

// The promise half shared by Task and AsyncGenerator: the continuation (who
// awaits this coroutine directly), the task context (cancellation), and
// await_transform, which turns every co_await into a traced suspension point.
//
// await_transform sorts awaitables in two:
//  - Coroscope's own (they declare `using coroscope_awaitable = void` and make
//    their awaiter through coroscopeAwaiter(promise, site)): Task, TaskHandle,
//    Future, sleep(), AsyncGenerator::next();
//  - everything else (QCoro tasks, qCoro signals, QTimer, any C++20 awaiter):
//    ForeignAwaiter hands the foreign awaiter a trampoline coroutine instead of
//    the real one, and the trampoline puts the real coroutine on the ready
//    queue when the foreign code resumes it. So external completions are
//    recorded and pass through the loop like any other resumption.

#include <coroscope/errors.h>
#include <coroscope/eventloop.h>
#include <coroscope/detail/tracedpromise.h>

#include <coroutine>
#include <exception>
#include <type_traits>
#include <utility>

namespace coroscope::detail {

template <class A>
concept OwnAwaitable = requires { typename std::remove_cvref_t<A>::coroscope_awaitable; };

class TaskPromiseBase : public TracedPromise
{
public:
    TaskPromiseBase(CoroutineKind kind, const SourceLocation &created) : TracedPromise(kind, created) {}

    // Every resumption of this coroutine's body goes through here (from an
    // awaiter's await_resume): it becomes the running coroutine, and the
    // resumption is recorded with how and by whom it happened.
    void resumed()
    {
        t_current = id();
        recordStartOrResume(t_resumeHow, t_resumer);
        if (m_ctx) {
            m_ctx->parked = nullptr;
            m_ctx->interrupt = nullptr;
        }
    }
    // Raises CancelledError at this suspension point if a cancel() arrived.
    void throwIfCancelled()
    {
        if (m_ctx && m_ctx->cancelPending) {
            m_ctx->cancelPending = false;
            recordException(std::make_exception_ptr(CancelledError()), ThrowKind::ThrownIn);
            throw CancelledError();
        }
    }
    // Called from await_suspend: remembers where this task is parked and how to
    // wake it early; delivers a cancel() that came while the task was running.
    void parked(std::coroutine_handle<> self, std::function<void()> interrupt)
    {
        if (!m_ctx)
            return;
        m_ctx->parked = self;
        m_ctx->interrupt = std::move(interrupt);
        if (m_ctx->cancelPending && m_ctx->interrupt)
            std::exchange(m_ctx->interrupt, nullptr)();
    }
    void recordAwaiting(SiteId site, AwaitKind kind, std::uint32_t arg)
    {
        if (Recorder *r = recorder()) [[unlikely]]
            r->record(EventKind::Awaiting, id(), site, arg, std::uint8_t(kind));
    }

    template <class A>
    auto await_transform(A &&a, SourceLocation loc = SourceLocation::current());

    std::coroutine_handle<> m_continuation; // the coroutine awaiting this one directly
    TaskContextPtr m_ctx;
    std::exception_ptr m_exception;
};

// Resumption point at the start of a task body.
struct InitialAwaiter
{
    TaskPromiseBase *p;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const
    {
        p->resumed();
        p->throwIfCancelled(); // cancelled before it ever ran: the body does not run
    }
};

// A coroutine of the smallest kind: resumed by foreign code, it calls back.
class Trampoline
{
public:
    struct promise_type
    {
        Trampoline get_return_object() { return Trampoline(std::coroutine_handle<promise_type>::from_promise(*this)); }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() noexcept {}
        void unhandled_exception() noexcept { std::terminate(); }
    };
    Trampoline() = default;
    explicit Trampoline(std::coroutine_handle<promise_type> h) : m_h(h) {}
    Trampoline(Trampoline &&o) noexcept : m_h(std::exchange(o.m_h, nullptr)) {}
    // The frame assigned over is destroyed now, where the assignment is, not
    // whenever the moved-from object happens to die.
    Trampoline &operator=(Trampoline &&o) noexcept
    {
        if (this != &o) {
            if (m_h)
                m_h.destroy();
            m_h = std::exchange(o.m_h, nullptr);
        }
        return *this;
    }
    ~Trampoline()
    {
        if (m_h)
            m_h.destroy();
    }
    std::coroutine_handle<> handle() const noexcept { return m_h; }

private:
    std::coroutine_handle<promise_type> m_h;
};

class ExternalWaitBase
{
public:
    virtual void externalDone() = 0;

protected:
    ~ExternalWaitBase() = default;
};
Trampoline makeTrampoline(ExternalWaitBase *wait);

} // namespace coroscope::detail

// QCoro makes Qt types (QTimer, QNetworkReply, QFuture …) awaitable through
// this trait, used by its own await_transform rather than operator co_await.
namespace QCoro::detail {
template <typename T>
struct awaiter_type;
} // namespace QCoro::detail

namespace coroscope::detail {

template <class A>
concept QCoroAwaitable = requires { typename QCoro::detail::awaiter_type<std::remove_cvref_t<A>>::type; };

template <class A>
decltype(auto) getAwaiter(A &&a)
{
    if constexpr (requires { std::forward<A>(a).operator co_await(); })
        return std::forward<A>(a).operator co_await();
    else if constexpr (requires { operator co_await(std::forward<A>(a)); })
        return operator co_await(std::forward<A>(a));
    else if constexpr (QCoroAwaitable<A>)
        return typename QCoro::detail::awaiter_type<std::remove_cvref_t<A>>::type{a};
    else
        return std::forward<A>(a);
}

QString describeForeign(const QString &typeName);

// A foreign awaitable with the name its wait goes by ("QTimer::timeout"):
// what coroscope::qCoro(obj, &Class::signal) returns.
template <class A>
struct NamedWait
{
    A awaitable;
    QString name;
};
template <class A>
inline constexpr bool isNamedWait = false;
template <class A>
inline constexpr bool isNamedWait<NamedWait<A>> = true;

// Wraps an awaitable Coroscope does not own (see the top of this file).
template <class A>
class ForeignAwaiter final : public ExternalWaitBase
{
    using Raw = decltype(getAwaiter(std::declval<A>()));
    // An awaitable that is its own awaiter is used in place (it lives until
    // the end of the full co_await expression); a returned awaiter is kept here.
    using Stored = std::conditional_t<std::is_reference_v<Raw>, Raw, std::remove_cvref_t<Raw>>;

public:
    ForeignAwaiter(TaskPromiseBase *p, A &&a, SiteId site, QString name = {})
        : m_p(p), m_awaiter(getAwaiter(std::forward<A>(a))), m_site(site), m_name(std::move(name))
    {
    }
    ForeignAwaiter(ForeignAwaiter &&) = delete;

    bool await_ready() { return m_awaiter.await_ready(); }

    std::coroutine_handle<> await_suspend(std::coroutine_handle<> self)
    {
        m_loop = EventLoop::current();
        if (!m_loop)
            throw std::logic_error("co_await of an external awaitable needs a running coroscope::EventLoop");
        m_self = self;
        if (Recorder *r = m_p->recorder()) {
            m_description = r->text(m_name.isEmpty() ? describeForeign(typeName<std::remove_cvref_t<Raw>>()) : m_name);
            r->record(EventKind::ExternalWait, m_p->id(), m_site, m_description);
        }
        m_loop->externalWaitStarted();
        m_p->parked(self, {}); // a cancel() is delivered when the external wait completes
        m_trampoline = makeTrampoline(this);
        using R = decltype(m_awaiter.await_suspend(m_trampoline.handle()));
        if constexpr (std::is_void_v<R>) {
            m_awaiter.await_suspend(m_trampoline.handle());
            return std::noop_coroutine();
        } else if constexpr (std::is_same_v<R, bool>) {
            if (m_awaiter.await_suspend(m_trampoline.handle()))
                return std::noop_coroutine();
            finishWait();
            return self; // did not suspend after all: go straight on
        } else {
            return m_awaiter.await_suspend(m_trampoline.handle());
        }
    }

    decltype(auto) await_resume()
    {
        if (m_self) {
            m_p->resumed();
            m_p->throwIfCancelled();
        }
        return m_awaiter.await_resume();
    }

    void externalDone() override
    {
        finishWait();
        m_loop->enqueueResume(m_self, m_p->id(), EnqueueReason::External, m_p->m_ctx, ResumeKind::External);
    }

private:
    void finishWait()
    {
        m_loop->externalWaitFinished();
        if (Recorder *r = m_p->recorder())
            r->record(EventKind::ExternalDone, m_p->id(), m_site, m_description);
    }

    TaskPromiseBase *m_p;
    Stored m_awaiter;
    SiteId m_site;
    QString m_name;
    ValueId m_description = 0;
    EventLoop *m_loop = nullptr;
    std::coroutine_handle<> m_self;
    Trampoline m_trampoline;
};

template <class A>
auto TaskPromiseBase::await_transform(A &&a, SourceLocation loc)
{
    const SiteId site = park(loc);
    if constexpr (OwnAwaitable<A>)
        return std::forward<A>(a).coroscopeAwaiter(this, site);
    else if constexpr (isNamedWait<std::remove_cvref_t<A>>)
        return ForeignAwaiter<decltype(a.awaitable) &&>(this, std::move(a.awaitable), site, a.name);
    else
        return ForeignAwaiter<A>(this, std::forward<A>(a), site);
}

} // namespace coroscope::detail
