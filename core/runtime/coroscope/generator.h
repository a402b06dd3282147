#pragma once

// Generator<Yield, Send, Return>: a synchronous generator with Python's
// protocol (PEP 255 / 342 / 380): next(), send(), throwInto(), close(),
// a return value (StopIteration.value) and `co_yield delegate(sub)` as
// `yield from`.
//
// The frame starts suspended (like calling a Python generator function: the
// body has not run yet). Each next()/send()/throwInto() resumes it directly on
// the caller's stack until the next co_yield, co_return or escaping exception.
// The frame stays alive after the body finishes, so returnValue() can be read,
// and is destroyed with the Generator object or by close().

#include <coroscope/errors.h>
#include <coroscope/detail/tracedpromise.h>

#include <coroutine>
#include <exception>
#include <iterator>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace coroscope {

template <class Yield, class Send = void, class Return = void>
class Generator;

namespace detail {

template <class T>
using ValueOrMonostate = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

// The outer generator's view of a running `yield from`: one resumption of the
// outer generator is forwarded to the sub-generator through this interface.
template <class Yield, class Send>
class DelegateBase
{
public:
    // Returns true when the sub-generator yielded (the value is in `out`), and
    // false when it finished; exceptions from the sub-generator propagate.
    virtual bool forward(ResumeKind how, ValueOrMonostate<Send> *sent, std::exception_ptr thrown,
                         std::optional<Yield> &out) = 0;
    virtual void closeSub() = 0;

protected:
    ~DelegateBase() = default;
};

template <class Derived, class Return>
struct GeneratorReturn
{
    void return_value(Return v, SourceLocation loc = SourceLocation::current())
    {
        auto &self = static_cast<Derived &>(*this);
        self.m_return.emplace(std::move(v));
        self.recordValue(EventKind::Returned, *self.m_return, self.park(loc));
    }
};
template <class Derived>
struct GeneratorReturn<Derived, void>
{
    void return_void()
    {
        auto &self = static_cast<Derived &>(*this);
        self.m_return.emplace();
        self.recordValue(EventKind::Returned, std::monostate{});
    }
};

} // namespace detail

// `co_yield delegate(sub)`: Python's `yield from sub`. Takes the sub-generator
// by reference (it must outlive the delegation) or by value (owned).
template <class G>
class Delegate
{
public:
    explicit Delegate(G &g) : m_gen(&g) {}
    explicit Delegate(G &&g) : m_owned(std::move(g)), m_gen(&*m_owned) {}
    Delegate(Delegate &&o) noexcept : m_owned(std::move(o.m_owned)), m_gen(m_owned ? &*m_owned : o.m_gen) {}
    Delegate(const Delegate &) = delete;
    G &gen() noexcept { return *m_gen; }

private:
    std::optional<G> m_owned;
    G *m_gen;
};

template <class G>
Delegate<std::remove_cvref_t<G>> delegate(G &&g)
{
    return Delegate<std::remove_cvref_t<G>>(std::forward<G>(g));
}

template <class Yield, class Send, class Return>
class Generator
{
public:
    using yield_type = Yield;
    using send_type = Send;
    using return_type = Return;
    using SendValue = detail::ValueOrMonostate<Send>;
    using ReturnValue = detail::ValueOrMonostate<Return>;

    class promise_type;
    using Handle = std::coroutine_handle<promise_type>;

    class promise_type : public detail::TracedPromise,
                         public detail::GeneratorReturn<promise_type, Return>
    {
    public:
        explicit promise_type(SourceLocation created = SourceLocation::current())
            : TracedPromise(CoroutineKind::Generator, created, !std::is_void_v<Send>)
        {
            if constexpr (!std::is_void_v<Send>) {
                if (Recorder *r = recorder()) {
                    if constexpr (ParsableFromText<Send>)
                        r->setSendTarget(id(), [this](const QString &text) { return sendFromText(text); });
                }
            }
        }
        ~promise_type()
        {
            if constexpr (!std::is_void_v<Send>) {
                if (Recorder *r = recorder())
                    r->clearSendTarget(id());
            }
        }
        promise_type(const promise_type &) = delete;
        promise_type &operator=(const promise_type &) = delete;

        QString sendFromText(const QString &text)
        {
            if constexpr (ParsableFromText<Send>) {
                std::optional<Send> v = fromText<Send>(text);
                if (!v)
                    return QStringLiteral("cannot read \"%1\" as %2").arg(text, typeName<Send>());
                if (Handle::from_promise(*this).done())
                    return QStringLiteral("the generator has finished");
                try {
                    std::optional<Yield> y = resume(ResumeKind::Send, &*v, nullptr);
                    return y ? QStringLiteral("yielded ") + toText(*y) : QStringLiteral("finished");
                } catch (...) {
                    return QStringLiteral("raised ") + detail::exceptionText(std::current_exception());
                }
            }
            return QStringLiteral("this generator cannot receive typed values");
        }

        Generator get_return_object() { return Generator(Handle::from_promise(*this)); }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept
        {
            markFinished();
            return {};
        }
        void unhandled_exception()
        {
            m_exception = std::current_exception();
            recordException(m_exception, ThrowKind::Escaped);
        }

        // Resumption point of a plain co_yield: raises what throwInto() brought,
        // else evaluates to what send() brought (nullopt after next()).
        struct YieldAwaiter
        {
            promise_type *p;
            bool await_ready() const noexcept { return false; }
            void await_suspend(std::coroutine_handle<>) const noexcept {}
            auto await_resume()
            {
                if (p->m_thrown)
                    std::rethrow_exception(std::exchange(p->m_thrown, nullptr));
                if constexpr (!std::is_void_v<Send>)
                    return p->takeSent();
            }
        };

        template <class U = Yield>
            requires std::is_convertible_v<U &&, Yield>
        YieldAwaiter yield_value(U &&v, SourceLocation loc = SourceLocation::current())
        {
            m_yielded.emplace(std::forward<U>(v));
            parkAndRecord(EventKind::Yielded, loc, *m_yielded);
            return YieldAwaiter{this};
        }

        // `yield from`: the awaiter lives in this frame for the whole
        // delegation and receives the resumptions of the outer generator.
        template <class G>
        class DelegateAwaiter final : public detail::DelegateBase<Yield, Send>
        {
        public:
            DelegateAwaiter(promise_type *outer, Delegate<G> &&d, SiteId site)
                : m_outer(outer), m_delegate(std::move(d)), m_site(site)
            {
            }
            bool await_ready()
            {
                // Python's first step of `yield from` is next(sub).
                std::optional<Yield> out;
                if (forward(ResumeKind::Next, nullptr, nullptr, out))
                    return false;
                return true;
            }
            void await_suspend(std::coroutine_handle<>) noexcept { m_outer->m_delegate = this; }
            typename G::ReturnValue await_resume()
            {
                if (m_outer->m_thrown)
                    std::rethrow_exception(std::exchange(m_outer->m_thrown, nullptr));
                return std::move(*m_result);
            }
            bool forward(ResumeKind how, SendValue *sent, std::exception_ptr thrown,
                         std::optional<Yield> &out) override
            {
                auto &sub = m_delegate.gen();
                std::optional<typename G::yield_type> v;
                if (how == ResumeKind::Throw)
                    v = sub.throwInto(thrown);
                else if constexpr (!std::is_void_v<typename G::send_type>)
                    v = (how == ResumeKind::Send && sent) ? sub.send(std::move(*sent)) : sub.next();
                else
                    v = sub.next();
                if (v) {
                    // Recorded before the yield that parks it: from that yield on, the
                    // await graph, the Awaiting column and the Log show the `yield from`.
                    if (Recorder *r = m_outer->recorder()) [[unlikely]]
                        r->record(EventKind::Awaiting, m_outer->id(), m_site, sub.id(),
                                  std::uint8_t(AwaitKind::Delegate));
                    m_outer->m_yielded.emplace(std::move(*v));
                    m_outer->recordValue(EventKind::Yielded, *m_outer->m_yielded, m_site);
                    out = m_outer->m_yielded;
                    return true;
                }
                m_result.emplace(sub.returnValue());
                return false;
            }
            void closeSub() override { m_delegate.gen().close(); }

        private:
            promise_type *m_outer;
            Delegate<G> m_delegate;
            SiteId m_site;
            std::optional<typename G::ReturnValue> m_result;
        };

        template <class G>
        DelegateAwaiter<G> yield_value(Delegate<G> &&d, SourceLocation loc = SourceLocation::current())
        {
            static_assert(std::is_void_v<typename G::send_type> || std::is_same_v<typename G::send_type, Send>,
                          "yield from: the sub-generator must take the same sent type (or none)");
            return DelegateAwaiter<G>(this, std::move(d), park(loc));
        }

        // Generators are synchronous: a co_await in their body is a compile error, as in Python.
        template <class A>
        void await_transform(A &&) = delete;

        // One protocol step (next / send / throw), shared by the Generator
        // object and the engine's Send box.
        // `thrown` is a pointer, nullptr for next() and send(), so the common
        // steps neither build nor test an exception_ptr.
        std::optional<Yield> resume(ResumeKind how, SendValue *sent, const std::exception_ptr *thrown)
        {
            // The common step is kept small enough to inline into next()/send():
            // misuse, `yield from` and thrown exceptions go through out-of-line calls.
            if (m_running) [[unlikely]]
                misuse("generator already executing");
            if (!started() && how == ResumeKind::Send) [[unlikely]]
                misuse("can't send a value to a just-started generator; call next() first");
            if (m_delegate) [[unlikely]]
                return resumeDelegating(how, sent, thrown);
            if (sent)
                m_sent.emplace(std::move(*sent));
            else
                m_sent.reset();
            if (thrown || m_thrown) [[unlikely]]
                m_thrown = thrown ? *thrown : nullptr;
            // One recorder check for the whole resumption: the hot path of a traced step.
            if (Recorder *r = recorder()) [[unlikely]] {
                if (sent) {
                    recordSend(r, r->value(*m_sent), detail::t_current);
                } else {
                    if (thrown) [[unlikely]]
                        recordException(*thrown, ThrowKind::ThrownIn);
                    recordStartOrResume(r, how, detail::t_current);
                }
            } else {
                markStarted();
            }
            return resumeFrame(Handle::from_promise(*this));
        }

        // What send() brought, as the parked co_yield's value (see resumeFrame for why it is built apart).
        std::optional<SendValue> takeSent()
        {
            if (!m_sent)
                return std::nullopt;
            std::optional<SendValue> out(std::in_place, std::move(*m_sent));
            if constexpr (!std::is_trivially_destructible_v<SendValue>)
                m_sent.reset(); // else left as it is: resume() sets or resets it before each step
            return out;
        }

        std::optional<Yield> m_yielded;
        std::optional<SendValue> m_sent;
        std::exception_ptr m_thrown;    // thrown in, raised at the parked co_yield
        std::exception_ptr m_exception; // escaped the body, raised by the resuming call
        std::optional<ReturnValue> m_return;
        detail::DelegateBase<Yield, Send> *m_delegate = nullptr;
        bool m_running = false;

    private:
        [[noreturn, gnu::cold, gnu::noinline]] static void misuse(const char *what)
        {
            throw GeneratorError(what);
        }

        [[gnu::noinline]] std::optional<Yield> resumeDelegating(ResumeKind how, SendValue *sent,
                                                                const std::exception_ptr *thrown)
        {
            if (Recorder *r = recorder(); r && sent) {
                recordSend(r, r->value(*sent), detail::t_current);
            } else {
                if (thrown)
                    recordException(*thrown, ThrowKind::ThrownIn);
                recordStartOrResume(how, detail::t_current);
            }
            RunningScope running(this);
            std::optional<Yield> out;
            // The sub-generator is resumed by this generator, as Python's `yield from` does it.
            detail::CurrentScope current(id());
            try {
                if (m_delegate->forward(how, sent, thrown ? *thrown : nullptr, out))
                    return out;
            } catch (...) {
                m_thrown = std::current_exception(); // raised at the `yield from` in this frame
            }
            m_delegate = nullptr;
            running.release();
            return resumeFrame(Handle::from_promise(*this));
        }

        struct RunningScope
        {
            explicit RunningScope(promise_type *p) : p(p) { p->m_running = true; }
            ~RunningScope()
            {
                if (p)
                    p->m_running = false;
            }
            void release()
            {
                p->m_running = false;
                p = nullptr;
            }
            promise_type *p;
        };

        std::optional<Yield> resumeFrame(Handle h)
        {
            {
                RunningScope running(this);
                detail::CurrentScope current(id());
                h.resume();
            }
            if (h.done()) {
                m_yielded.reset();
                if (m_exception)
                    std::rethrow_exception(std::exchange(m_exception, nullptr));
                return std::nullopt;
            }
            // A co_yield always leaves a value. The result is built from the
            // value alone: g++ reloads a value and a flag stored apart as one
            // word when the whole optional is copied out of the frame
            // (std::exchange), a store-forwarding stall on every step.
            std::optional<Yield> out(std::in_place, std::move(*m_yielded));
            if constexpr (!std::is_trivially_destructible_v<Yield>)
                m_yielded.reset(); // else left engaged: the next co_yield overwrites it
            return out;
        }
    };

    Generator() = default;
    explicit Generator(Handle h) noexcept : m_h(h) {}
    Generator(Generator &&o) noexcept : m_h(std::exchange(o.m_h, nullptr)) {}
    Generator &operator=(Generator &&o) noexcept
    {
        if (this != &o) {
            reset();
            m_h = std::exchange(o.m_h, nullptr);
        }
        return *this;
    }
    ~Generator() { reset(); }

    // next(gen): the next yielded value, or nullopt once the generator has finished.
    std::optional<Yield> next()
    {
        if (finishedOrEmpty())
            return std::nullopt;
        return m_h.promise().resume(ResumeKind::Next, nullptr, nullptr);
    }

    // gen.send(v): v becomes the value of the parked co_yield.
    std::optional<Yield> send(SendValue v)
        requires(!std::is_void_v<Send>)
    {
        if (finishedOrEmpty())
            return std::nullopt;
        return m_h.promise().resume(ResumeKind::Send, &v, nullptr);
    }

    // gen.throw(e): raises e at the parked co_yield. Caught inside, the
    // generator goes on to its next yield; uncaught, it propagates out of here.
    std::optional<Yield> throwInto(std::exception_ptr e)
    {
        if (finishedOrEmpty())
            std::rethrow_exception(e);
        auto &p = m_h.promise();
        if (!p.started()) {
            // Python raises at the very start: the body never runs.
            p.recordException(e, ThrowKind::ThrownIn);
            p.markFinished();
            m_h.destroy();
            m_h = nullptr;
            std::rethrow_exception(e);
        }
        return p.resume(ResumeKind::Throw, nullptr, &e);
    }
    template <class E>
    std::optional<Yield> throwInto(E e)
        requires(!std::is_same_v<E, std::exception_ptr>)
    {
        return throwInto(std::make_exception_ptr(std::move(e)));
    }

    // gen.close(): destroys the parked frame, running its locals' destructors. Idempotent.
    void close()
    {
        if (!m_h)
            return;
        auto &p = m_h.promise();
        if (p.m_running)
            throw GeneratorError("generator already executing");
        if (m_h.done())
            return;
        if (p.started())
            p.recordStartOrResume(ResumeKind::Close, detail::t_current);
        {
            // Cleanup code (destructors, a scope guard's print) runs in this
            // generator's frame, as Python's `finally` does on close().
            detail::CurrentScope current(p.id());
            if (p.m_delegate)
                p.m_delegate->closeSub();
            m_h.destroy();
        }
        m_h = nullptr;
    }

    bool done() const noexcept { return !m_h || m_h.done(); }

    // StopIteration.value: what the body returned.
    const ReturnValue &returnValue() const
    {
        if (!m_h || !m_h.done() || !m_h.promise().m_return)
            throw GeneratorError(m_h && !m_h.done() ? "generator has not finished"
                                                    : "generator did not return normally");
        return *m_h.promise().m_return;
    }

    CoroId id() const noexcept { return m_h ? m_h.promise().id() : 0; }
    Generator &setName(const QString &name)
    {
        if (m_h)
            m_h.promise().setName(name);
        return *this;
    }

    class iterator
    {
    public:
        using value_type = Yield;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        iterator(Generator *g, std::optional<Yield> v) : m_g(g), m_v(std::move(v)) {}
        const Yield &operator*() const { return *m_v; }
        const Yield *operator->() const { return &*m_v; }
        iterator &operator++()
        {
            m_v = m_g->next();
            return *this;
        }
        void operator++(int) { ++*this; }
        friend bool operator==(const iterator &it, std::default_sentinel_t) noexcept { return !it.m_v; }

    private:
        Generator *m_g = nullptr;
        std::optional<Yield> m_v;
    };
    iterator begin()
        requires std::is_void_v<Send>
    {
        return iterator(this, next());
    }
    std::default_sentinel_t end() const noexcept { return {}; }

private:
    bool finishedOrEmpty()
    {
        if (m_h && !m_h.done())
            return false;
        if (m_h) {
            auto &p = m_h.promise();
            if (Recorder *r = p.recorder())
                r->record(EventKind::Warning, p.id(), 0,
                          r->text(QStringLiteral("resumed a generator that has already finished")),
                          std::uint8_t(WarningKind::ResumedFinished));
        }
        return true;
    }
    void reset()
    {
        if (m_h) {
            detail::CurrentScope current(m_h.promise().id()); // its destructors run in its frame
            m_h.destroy();
        }
        m_h = nullptr;
    }

    Handle m_h;
};

} // namespace coroscope
