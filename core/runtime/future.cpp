#include <coroscope/future.h>

namespace coroscope {
namespace detail {

CoroId registerFutureId(const SourceLocation &created)
{
    Recorder *r = t_recorder;
    if (!r)
        return 0;
    const CoroId id = r->registerCoroutine(CoroutineKind::Future, created, 0,
                                           QStringLiteral("future@") + QString::number(created.line()));
    r->record(EventKind::Created, id, r->site(created), t_current);
    return id;
}

FutureCore::FutureCore(CoroId id, CoroutineKind kind) : m_id(id), m_kind(kind), m_loop(EventLoop::current()) {}

FutureCore::~FutureCore()
{
    if (m_exception && !m_retrieved) {
        const QString what = exceptionText(m_exception);
        const QString msg = (m_kind == CoroutineKind::Task ? QStringLiteral("Task exception was never retrieved: ")
                                                           : QStringLiteral("Future exception was never retrieved: "))
            + what;
        if (Recorder *r = t_recorder; r && m_id)
            r->record(EventKind::Warning, m_id, 0, r->text(msg), std::uint8_t(WarningKind::UnretrievedException));
        qWarning("coroscope: %s", qPrintable(msg));
    }
}

void FutureCore::addWaiter(std::coroutine_handle<> h, CoroId waiter, TaskContextPtr ctx)
{
    m_callbacks.push_back(Callback{{}, h, std::move(ctx), waiter, 0});
}

void FutureCore::addCallback(std::function<void()> fn, const QString &description)
{
    ValueId desc = 0;
    if (Recorder *r = t_recorder)
        desc = r->text(description.isEmpty() ? QStringLiteral("done callback") : description);
    if (m_done) {
        // asyncio schedules a callback added to a finished future right away.
        if (m_loop)
            m_loop->enqueueCallback(std::move(fn), 0, EnqueueReason::Callback, desc);
        else
            fn();
        return;
    }
    m_callbacks.push_back(Callback{std::move(fn), {}, {}, 0, desc});
}

std::exception_ptr FutureCore::takeException()
{
    m_retrieved = true;
    if (m_cancelled)
        return std::make_exception_ptr(CancelledError());
    return m_exception;
}

bool FutureCore::finish()
{
    m_done = true;
    auto callbacks = std::move(m_callbacks);
    m_callbacks.clear();
    EventLoop *loop = m_loop ? m_loop : EventLoop::current();
    for (auto &c : callbacks) {
        if (!loop) {
            if (c.fn)
                c.fn();
            continue;
        }
        if (c.handle)
            loop->enqueueResume(c.handle, c.target, EnqueueReason::Wakeup, std::move(c.ctx), ResumeKind::Loop);
        else
            loop->enqueueCallback([self = shared_from_this(), fn = std::move(c.fn)] { fn(); }, 0,
                                  EnqueueReason::Callback, c.description);
    }
    return true;
}

bool FutureCore::finishWithException(std::exception_ptr e, bool record)
{
    if (m_done)
        return false;
    m_exception = std::move(e);
    if (record) {
        if (Recorder *r = t_recorder; r && m_id)
            r->record(EventKind::Threw, m_id, 0, r->text(exceptionText(m_exception)), std::uint8_t(ThrowKind::Future));
    }
    return finish();
}

bool FutureCore::finishCancelled()
{
    if (m_done)
        return false;
    m_cancelled = true;
    // A task's frame has recorded its own end (unhandled_exception) already.
    if (Recorder *r = t_recorder; r && m_id && m_kind == CoroutineKind::Future)
        r->record(EventKind::Cancelled, m_id, 0, t_current, 0);
    return finish();
}

void TaskStateBase::destroyFrame()
{
    ctx->alive = false;
    ctx->interrupt = nullptr;
    core().dropCallbacks();
    if (auto f = std::exchange(frame, nullptr))
        f.destroy();
}

} // namespace detail
} // namespace coroscope
