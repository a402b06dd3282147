#pragma once

// The part every Coroscope promise shares: frame-size capture, a stable id
// from the Recorder that was alive when the coroutine was created, and the
// recording helpers the hooks use.

#include <coroscope/recorder.h>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <new>
#include <string_view>

namespace coroscope::detail {

QString shortFunctionName(const char *prettyFunction);
QString exceptionText(const std::exception_ptr &e);

class TracedPromise
{
public:
    // Each coroutine frame is allocated through here, so the frame size the
    // compiler chose is known before the promise is constructed.
    static void *operator new(std::size_t size)
    {
        t_lastFrameSize = std::uint32_t(size);
        return ::operator new(size);
    }
    static void operator delete(void *p, std::size_t) noexcept { ::operator delete(p); }

    // receivesValues is set before the Created event, so whoever looks at the
    // trace from that event on (the engine ships it right away) sees it.
    TracedPromise(CoroutineKind kind, const SourceLocation &created, bool receivesValues = false)
    {
        if (Recorder *r = t_recorder) [[unlikely]] {
            m_serial = r->serial();
            m_id = r->registerCoroutine(kind, created, t_lastFrameSize);
            if (receivesValues)
                r->markReceivesValues(m_id);
            r->record(EventKind::Created, m_id, r->site(created), t_current);
        }
    }
    ~TracedPromise()
    {
        if (Recorder *r = recorder())
            r->record(EventKind::Destroyed, m_id, 0, 0, m_finished ? 0 : 1);
    }
    TracedPromise(const TracedPromise &) = delete;
    TracedPromise &operator=(const TracedPromise &) = delete;

    CoroId id() const noexcept { return m_id; }
    bool started() const noexcept { return m_started; }
    bool finished() const noexcept { return m_finished; }

    // The recorder this coroutine reports to, if it is still the one alive on this thread.
    // (m_serial is 0, which no Recorder has, when the coroutine was made with none alive.)
    Recorder *recorder() const noexcept
    {
        Recorder *r = t_recorder;
        return (r && r->serial() == m_serial) ? r : nullptr;
    }

    void recordStartOrResume(ResumeKind how, CoroId resumer)
    {
        if (Recorder *r = recorder()) [[unlikely]]
            recordStartOrResume(r, how, resumer);
        m_started = true;
    }
    // The same when the caller has checked recorder() already (r is what it returned).
    // This, recordSend and parkAndRecord are a traced step's hooks: always inlined,
    // since g++'s inliner drops one or another of them as the code around them changes.
    [[gnu::always_inline]] void recordStartOrResume(Recorder *r, ResumeKind how, CoroId resumer)
    {
        if (!m_started)
            r->record(EventKind::Started, m_id, 0, resumer, std::uint8_t(how));
        else
            r->record(EventKind::Resumed, m_id, m_parkedSite, resumer, std::uint8_t(how));
        m_started = true;
    }
    // send(value) by `resumer`: one packed Sent event, or Sent + Resumed when
    // the resumer's id does not fit (see kResumerNotPacked). A send resumes a
    // started coroutine only (sending to a fresh generator is refused before).
    [[gnu::always_inline]] void recordSend(Recorder *r, ValueId value, CoroId resumer)
    {
        // Field by field: see Recorder::record on copying an Event whole.
        const Event e = sentEvent(m_id, m_parkedSite, value, std::min(resumer, kResumerNotPacked));
        r->record(e.kind, e.coro, e.site, e.arg, e.aux, e.flags);
        if (resumer >= kResumerNotPacked) [[unlikely]]
            r->record(EventKind::Resumed, m_id, m_parkedSite, resumer, std::uint8_t(ResumeKind::Send));
        m_started = true;
    }
    template <class T>
    void recordValue(EventKind kind, const T &v, SiteId site = 0, std::uint8_t aux = 0)
    {
        if (Recorder *r = recorder()) [[unlikely]]
            r->record(kind, m_id, site, r->value(v), aux);
    }
    void recordException(const std::exception_ptr &e, ThrowKind how)
    {
        if (Recorder *r = recorder()) [[unlikely]]
            r->record(EventKind::Threw, m_id, how == ThrowKind::ThrownIn ? m_parkedSite : 0,
                      r->text(exceptionText(e)), std::uint8_t(how));
    }
    SiteId park(const SourceLocation &loc)
    {
        if (Recorder *r = recorder()) [[unlikely]]
            m_parkedSite = siteOf(r, loc);
        return m_parkedSite;
    }
    // park(loc) and then recordValue(kind, v, site) behind one recorder check (a co_yield's hook).
    template <class T>
    [[gnu::always_inline]] void parkAndRecord(EventKind kind, const SourceLocation &loc, const T &v)
    {
        if (Recorder *r = recorder()) [[unlikely]] {
            m_parkedSite = siteOf(r, loc);
            r->record(kind, m_id, m_parkedSite, r->value(v));
        }
    }
    void setName(const QString &name)
    {
        if (Recorder *r = recorder())
            r->rename(m_id, name);
    }
    void markStarted() noexcept { m_started = true; }
    void markFinished() noexcept { m_finished = true; }
    SiteId parkedSite() const noexcept { return m_parkedSite; }

private:
    // A coroutine parks at the same co_yield / co_await step after step (a
    // loop): its last site answers without the recorder's site cache.
    SiteId siteOf(Recorder *r, const SourceLocation &loc)
    {
        if constexpr (SourceLocation::kKeyIsSite) {
            if (loc.siteKey() == m_parkedKey)
                return m_parkedSite;
            m_parkedKey = loc.siteKey();
        }
        return r->site(loc);
    }

    const void *m_parkedKey = nullptr; // SourceLocation::siteKey() of m_parkedSite
    CoroId m_id = 0;
    std::uint32_t m_serial = 0;
    SiteId m_parkedSite = 0;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace coroscope::detail
