#include <coroscope/iteratortrace.h>

#include <variant>

namespace coroscope {

IteratorTrace::IteratorTrace(const QString &name, SourceLocation created)
{
    if (Recorder *r = detail::t_recorder) [[unlikely]] {
        m_serial = r->serial();
        m_id = r->registerCoroutine(CoroutineKind::Iterator, created, 0, name);
        r->record(EventKind::Created, m_id, r->site(created), detail::t_current);
    }
}

IteratorTrace::~IteratorTrace()
{
    if (Recorder *r = recorder())
        r->record(EventKind::Destroyed, m_id, 0, 0, m_finished ? 0 : 1);
}

IteratorTrace::Step IteratorTrace::step(ResumeKind how)
{
    if (Recorder *r = recorder()) [[unlikely]] {
        if (!m_started)
            r->record(EventKind::Started, m_id, 0, detail::t_current, std::uint8_t(how));
        else
            r->record(EventKind::Resumed, m_id, m_parkedSite, detail::t_current, std::uint8_t(how));
    }
    m_started = true;
    return Step(m_id);
}

void IteratorTrace::finish(SourceLocation loc)
{
    // A Python iterator raises StopIteration on every later call too; the end is recorded once.
    if (m_finished)
        return;
    m_finished = true;
    if (Recorder *r = recorder()) [[unlikely]] {
        m_parkedSite = r->site(loc);
        r->record(EventKind::Returned, m_id, m_parkedSite, r->value(std::monostate{}));
    }
}

} // namespace coroscope
