#pragma once

// IteratorTrace: the recording half of a hand-written iterator, the iterator
// protocol written without a generator (a class with __iter__/__next__ and an
// explicit state). The object owns one coroutine id of kind Iterator, so the
// views draw it like a generator: its next() calls as resumptions, its state
// changes and yields at the sites where they happen, and its exhaustion.
//
//     class Reader {
//         IteratorTrace m_trace{QStringLiteral("Reader")};
//     public:
//         std::optional<int> next() {
//             auto step = m_trace.step();          // a call of __next__
//             m_trace.stateChanged(u"reading"_s);  // site = this line
//             m_trace.yielded(v);                  // return v
//             m_trace.finished();                  // raise StopIteration
//         }
//     };
//
// With no Recorder alive every call is one branch.

#include <coroscope/recorder.h>

namespace coroscope {

class IteratorTrace
{
public:
    explicit IteratorTrace(const QString &name, SourceLocation created = SourceLocation::current());
    ~IteratorTrace(); // the iterator's "frame" is gone: Destroyed (aux 1 when never exhausted)
    IteratorTrace(const IteratorTrace &) = delete;
    IteratorTrace &operator=(const IteratorTrace &) = delete;

    CoroId id() const noexcept { return m_id; }
    bool finished() const noexcept { return m_finished; }

    // One call of next(): records Started/Resumed and makes the iterator the
    // running coroutine (what it prints is attributed to it) until the scope ends.
    class Step
    {
    public:
        ~Step() { detail::t_current = m_previous; }
        Step(const Step &) = delete;
        Step &operator=(const Step &) = delete;

    private:
        friend class IteratorTrace;
        explicit Step(CoroId id) noexcept : m_previous(detail::t_current) { detail::t_current = id ? id : m_previous; }
        CoroId m_previous;
    };
    [[nodiscard]] Step step(ResumeKind how = ResumeKind::Next);

    // The explicit state moved on; `state` is what the views show (its name, a number …).
    template <class S>
    void stateChanged(const S &state, SourceLocation loc = SourceLocation::current())
    {
        if (Recorder *r = recorder()) [[unlikely]]
            r->record(EventKind::StateChanged, m_id, r->site(loc), r->value(state));
    }
    // next() is about to return `value`: the iterator parks here until the next call.
    template <class V>
    void yielded(const V &value, SourceLocation loc = SourceLocation::current())
    {
        if (Recorder *r = recorder()) [[unlikely]] {
            m_parkedSite = r->site(loc);
            r->record(EventKind::Yielded, m_id, m_parkedSite, r->value(value));
        }
    }
    // next() raises StopIteration: the iterator is exhausted.
    void finish(SourceLocation loc = SourceLocation::current());

private:
    Recorder *recorder() const noexcept
    {
        Recorder *r = detail::t_recorder;
        return (r && m_id && r->serial() == m_serial) ? r : nullptr;
    }

    CoroId m_id = 0;
    std::uint32_t m_serial = 0;
    SiteId m_parkedSite = 0;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace coroscope
