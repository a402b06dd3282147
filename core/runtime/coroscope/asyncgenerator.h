#pragma once

// AsyncGenerator<Yield>: an async generator (PEP 525). Its body may co_await
// and co_yield. The consumer pulls with `co_await agen.next()`, which runs the
// body (inline, inheriting the consumer's task for cancellation) until the
// next co_yield (a value) or the end (nullopt: StopAsyncIteration).

#include <coroscope/task.h>

#include <optional>

namespace coroscope {

template <class Yield>
class AsyncGenerator
{
public:
    class promise_type : public detail::TaskPromiseBase
    {
    public:
        explicit promise_type(SourceLocation created = SourceLocation::current())
            : TaskPromiseBase(CoroutineKind::AsyncGenerator, created)
        {
        }
        AsyncGenerator get_return_object()
        {
            return AsyncGenerator(std::coroutine_handle<promise_type>::from_promise(*this));
        }
        detail::InitialAwaiter initial_suspend() noexcept { return {this}; }

        // Both a co_yield and the end hand control back to the consumer.
        struct ToConsumer
        {
            promise_type *p;
            bool await_ready() const noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<>) const noexcept
            {
                detail::t_resumeHow = ResumeKind::Awaiter;
                detail::t_resumer = p->id();
                return std::exchange(p->m_continuation, nullptr);
            }
            void await_resume() const noexcept { p->resumed(); } // noexcept: it is also the final awaiter
        };
        ToConsumer final_suspend() noexcept
        {
            markFinished();
            return {this};
        }
        template <class U = Yield>
            requires std::is_convertible_v<U &&, Yield>
        ToConsumer yield_value(U &&v, SourceLocation loc = SourceLocation::current())
        {
            m_yielded.emplace(std::forward<U>(v));
            recordValue(EventKind::Yielded, *m_yielded, park(loc));
            return {this};
        }
        void return_void() { recordValue(EventKind::Returned, std::monostate{}); }
        void unhandled_exception()
        {
            m_exception = std::current_exception();
            recordException(m_exception, ThrowKind::Escaped);
        }
        std::optional<Yield> m_yielded;
    };
    using Handle = std::coroutine_handle<promise_type>;

    // The awaiter of `co_await agen.next()`.
    class NextAwaiter
    {
    public:
        NextAwaiter(detail::TaskPromiseBase *p, Handle g, SiteId site) : m_p(p), m_g(g), m_site(site) {}
        bool await_ready() const noexcept { return !m_g || m_g.done(); }
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> self)
        {
            auto &gp = m_g.promise();
            if (gp.m_continuation)
                throw std::logic_error("asynchronous generator is already running");
            m_suspended = true;
            gp.m_continuation = self;
            gp.m_ctx = m_p->m_ctx;
            gp.m_yielded.reset();
            m_p->recordAwaiting(m_site, AwaitKind::AsyncNext, gp.id());
            detail::t_resumeHow = ResumeKind::Next;
            detail::t_resumer = m_p->id();
            return m_g;
        }
        std::optional<Yield> await_resume()
        {
            if (m_suspended)
                m_p->resumed();
            if (!m_g || !m_suspended)
                return std::nullopt;
            auto &gp = m_g.promise();
            if (m_g.done() && gp.m_exception)
                std::rethrow_exception(std::exchange(gp.m_exception, nullptr));
            return std::exchange(gp.m_yielded, std::nullopt);
        }

    private:
        detail::TaskPromiseBase *m_p;
        Handle m_g;
        SiteId m_site;
        bool m_suspended = false;
    };

    struct NextAwaitable
    {
        using coroscope_awaitable = void;
        Handle g;
        NextAwaiter coroscopeAwaiter(detail::TaskPromiseBase *p, SiteId site) const
        {
            return NextAwaiter(p, g, site);
        }
    };

    AsyncGenerator() = default;
    explicit AsyncGenerator(Handle h) noexcept : m_h(h) {}
    AsyncGenerator(AsyncGenerator &&o) noexcept : m_h(std::exchange(o.m_h, nullptr)) {}
    // The frame assigned over is destroyed now, where the assignment is, not
    // whenever the moved-from object happens to die.
    AsyncGenerator &operator=(AsyncGenerator &&o) noexcept
    {
        if (this != &o) {
            if (m_h)
                m_h.destroy();
            m_h = std::exchange(o.m_h, nullptr);
        }
        return *this;
    }
    ~AsyncGenerator()
    {
        if (m_h)
            m_h.destroy();
    }

    // `co_await agen.next()`: the next value, or nullopt (StopAsyncIteration).
    NextAwaitable next() noexcept { return NextAwaitable{m_h}; }
    bool done() const noexcept { return !m_h || m_h.done(); }
    CoroId id() const noexcept { return m_h ? m_h.promise().id() : 0; }
    AsyncGenerator &setName(const QString &name)
    {
        if (m_h)
            m_h.promise().setName(name);
        return *this;
    }
    // agen.aclose(): destroys the parked frame (its locals' destructors run).
    Task<void> aclose()
    {
        close();
        co_return;
    }
    void close()
    {
        if (m_h && !m_h.done()) {
            auto &p = m_h.promise();
            if (p.m_continuation)
                throw std::logic_error("asynchronous generator is already running");
            if (p.started())
                p.recordStartOrResume(ResumeKind::Close, detail::t_current);
            m_h.destroy();
            m_h = nullptr;
        }
    }

private:
    Handle m_h;
};

} // namespace coroscope
