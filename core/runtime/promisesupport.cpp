#include <coroscope/detail/taskpromise.h>
#include <coroscope/task.h>

#include <typeinfo>

namespace coroscope::detail {

QString shortFunctionName(const char *prettyFunction)
{
    // "coroscope::Generator<int> countdown(int)" -> "countdown";
    // "main()::<lambda(int)>" -> "lambda in main".
    QString s = QString::fromUtf8(prettyFunction ? prettyFunction : "");
    // Helpers in an unnamed namespace: its spelling is noise in a name (and clang's has a paren).
    s.remove(QStringLiteral("{anonymous}::")).remove(QStringLiteral("(anonymous namespace)::"));
    if (s.contains(QStringLiteral("<lambda"))) {
        const auto cut = s.indexOf(QStringLiteral("::<lambda"));
        QString outer = s.left(cut < 0 ? 0 : cut);
        return QStringLiteral("lambda in ") + shortFunctionName(outer.toUtf8().constData());
    }
    // Strip the parameter list: find the '(' that closes the name at depth 0 of <>.
    int depth = 0;
    qsizetype paren = -1;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == u'<')
            ++depth;
        else if (c == u'>')
            --depth;
        else if (c == u'(' && depth == 0) {
            paren = i;
            break;
        }
    }
    if (paren >= 0)
        s.truncate(paren);
    // Drop the return type: the name starts after the last space at depth 0.
    depth = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == u'<')
            ++depth;
        else if (c == u'>')
            --depth;
        else if (c == u' ' && depth == 0)
            start = i + 1;
    }
    s = s.mid(start);
    // Keep the last two qualifiers at most ("Class::method").
    const auto parts = s.split(QStringLiteral("::"));
    if (parts.size() > 2)
        s = parts[parts.size() - 2] + QStringLiteral("::") + parts.back();
    return s.isEmpty() ? QStringLiteral("coroutine") : s;
}

QString exceptionText(const std::exception_ptr &e)
{
    if (!e)
        return {};
    try {
        std::rethrow_exception(e);
    } catch (const CancelledError &) {
        return QStringLiteral("CancelledError");
    } catch (const std::exception &ex) {
        return QString::fromUtf8(ex.what());
    } catch (...) {
        return QStringLiteral("unknown exception");
    }
}

bool isCancelledError(const std::exception_ptr &e)
{
    if (!e)
        return false;
    try {
        std::rethrow_exception(e);
    } catch (const CancelledError &) {
        return true;
    } catch (...) {
        return false;
    }
}

Trampoline makeTrampoline(ExternalWaitBase *wait)
{
    wait->externalDone();
    co_return;
}

QString describeForeign(const QString &typeName)
{
    QString t = typeName;
    t.replace(QStringLiteral("QCoro::detail::"), QStringLiteral("QCoro::"));
    // An awaiter declared inside the awaitable's operator co_await is named after
    // the awaitable: "QCoro::Task<int>", not "QCoro::Task<int>::operator co_await() const::…".
    const qsizetype local = t.indexOf(QStringLiteral("::operator co_await"));
    if (local > 0)
        t.truncate(local);
    return t;
}

void SleepAwaiter::await_suspend(std::coroutine_handle<> self)
{
    EventLoop *loop = EventLoop::current();
    if (!loop)
        throw std::logic_error("sleep() needs a running coroscope::EventLoop");
    if (m_delay.count() <= 0) {
        if (Recorder *r = m_p->recorder())
            r->record(EventKind::Suspended, m_p->id(), m_site, 0);
        loop->enqueueResume(self, m_p->id(), EnqueueReason::Yield, m_p->m_ctx);
        m_p->parked(self, {}); // already queued: a cancel() is seen when it resumes
        return;
    }
    ValueId desc = 0;
    if (Recorder *r = m_p->recorder()) {
        desc = r->text(QStringLiteral("sleep(%1)").arg(formatDuration(m_delay)));
        r->record(EventKind::Awaiting, m_p->id(), m_site, desc, std::uint8_t(AwaitKind::Sleep));
    }
    m_timer = loop->addTimer(m_delay, m_p->id(), desc, self, m_p->m_ctx, {});
    m_p->parked(self, [this, self, loop] {
        if (m_timer.cancel())
            loop->enqueueResume(self, m_p->id(), EnqueueReason::Cancel, m_p->m_ctx, ResumeKind::Cancel);
    });
}

} // namespace coroscope::detail
