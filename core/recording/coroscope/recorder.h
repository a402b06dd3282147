#pragma once

// The Recorder records every transition of the coroutines on its thread.
//
// The hooks are in the promise types (detail/tracedpromise.h): each reads the
// thread's Recorder (t_recorder, below) and records through its inline
// functions. With no Recorder alive on the thread, a hook is one load of a
// thread-local pointer and one predictable branch.

#include <coroscope/event.h>
#include <coroscope/sourcelocation.h>
#include <coroscope/trace.h>
#include <coroscope/valuetext.h>

#include <QHash>

#include <chrono>
#include <functional>
#include <cstdint>

namespace coroscope {

class Recorder;

// Told about every event right after it is recorded, on the recording thread.
// The engine's observer blocks here to pause the program at that transition.
class RecorderObserver
{
public:
    virtual ~RecorderObserver() = default;
    virtual void eventRecorded(const Recorder &recorder, std::size_t index) = 0;
    // The loop is about to block (a real-clock timer, an external wait): a
    // moment to hand over what was recorded, since no event may come for a while.
    virtual void loopWaiting(const Recorder &recorder) { Q_UNUSED(recorder); }
    // The oldest history is about to be dropped at the history limit.
    virtual void historyDropping(const Recorder &recorder) { Q_UNUSED(recorder); }
};

class Recorder
{
public:
    Recorder();
    ~Recorder();
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;

    // The Recorder alive on this thread (the innermost one), or nullptr.
    static Recorder *current() noexcept;

    const Trace &trace() const noexcept { return m_trace; }
    // Room for this many events before the store grows (a benchmark's set-up).
    // The trace itself is only written by the Recorder: record()'s fast path
    // relies on the bound it keeps (m_fastEnd).
    void reserveEvents(std::size_t events);
    std::uint32_t serial() const noexcept { return m_serial; }

    void setObserver(RecorderObserver *observer) noexcept
    {
        m_observer = observer;
        updateFastEnd();
    }

    // Keeps memory bounded on a run that does not end: when the trace holds
    // `maxEvents` events, its oldest half is dropped (folded into the trace's
    // base snapshot) and a HistoryDropped warning recorded. 0: no limit.
    // Checked on the slow path, which the fast path hands over to before the limit.
    void setHistoryLimit(std::size_t maxEvents) noexcept;
    std::size_t historyLimit() const noexcept { return m_historyLimit; }
    RecorderObserver *observer() const noexcept { return m_observer; }

    // Whether headless print() also writes to stdout (default true).
    void setEchoOutput(bool echo) noexcept { m_echoOutput = echo; }
    bool echoOutput() const noexcept { return m_echoOutput; }

    CoroId registerCoroutine(CoroutineKind kind, const SourceLocation &created, std::uint32_t frameSize,
                             QString name = {});
    void rename(CoroId id, const QString &name);
    void markReceivesValues(CoroId id);

    // The Send box: a generator parked at a receiving co_yield registers how
    // to parse typed text and send it in. The function returns what happened.
    using SendTarget = std::function<QString(const QString &text)>;
    void setSendTarget(CoroId id, SendTarget target);
    void clearSendTarget(CoroId id);
    // Sends text into generator `id` on this (the recording) thread; an error text when impossible.
    QString sendText(CoroId id, const QString &text);
    bool canSend(CoroId id) const;

    // Takes the fields, not an Event: g++ reloads an Event built apart, field
    // by field, as one 16-byte word when it is copied whole, a store-forwarding
    // stall on every traced step.
    // Always inlined: a call costs more than its fast path, and g++ stops inlining it
    // into some hooks when their code around it grows.
    [[gnu::always_inline]] void record(EventKind kind, CoroId coro, SiteId site = 0, std::uint32_t arg = 0,
                                       std::uint8_t aux = 0, std::uint16_t flags = 0)
    {
        // A leaf on the common path, so that it inlines into every hook without a
        // stack frame, and one compare: the trace's size against m_fastEnd, where a
        // time mark is due, the event store is full or the history limit is reached
        // (0 while an observer is attached, which sees every event). Those go out of line.
        if (m_trace.size() >= m_fastEnd) [[unlikely]] {
            recordSlow(Event{kind, aux, flags, coro, site, arg});
            return;
        }
        m_trace.appendUnchecked(Event{kind, aux, flags, coro, site, arg});
    }

    SiteId site(const SourceLocation &loc) { return m_trace.internSite(loc); }
    ValueId text(const QString &t) { return m_trace.internValue(t); }

    template <class T>
    ValueId value(const T &v)
    {
        using U = std::remove_cvref_t<T>;
        if constexpr (std::is_integral_v<U> && !std::is_same_v<U, bool> && !std::is_same_v<U, char>) {
            if (Trace::fitsInline((long long)v) && (std::is_signed_v<U> || (unsigned long long)v < (1ull << 30)))
                return Trace::inlineInt((long long)v);
        }
        return m_trace.internValue(toText(v));
    }

    // At the end of a run, once the program and its loop are gone: a Warning
    // (LeakedFrame) for every coroutine frame that was created and never
    // destroyed. Returns how many there were.
    std::size_t reportLeakedFrames();

    // The event loop reports its clock when it moves, so the trace keeps loop time per event.
    void setLoopTime(std::int64_t ns);
    std::uint32_t addTimer(std::int64_t dueNs, CoroId owner, ValueId description)
    {
        return m_trace.addTimer(TimerInfo{dueNs, owner, description});
    }

private:
    void mark();
    void recordSlow(const Event &e);
    void updateFastEnd() noexcept;
    void dropOldestHistory();

    Trace m_trace;
    RecorderObserver *m_observer = nullptr;
    Recorder *m_previous = nullptr;
    std::chrono::steady_clock::time_point m_start;
    std::size_t m_fastEnd = 0;  // record() takes the fast path while the trace is smaller
    std::size_t m_nextMark = Trace::kTimeMarkInterval; // the event index that gets the next time mark
    std::int64_t m_loopNs = 0;
    std::size_t m_historyLimit = 0;
    std::uint32_t m_serial = 0;
    bool m_echoOutput = true;
    QHash<CoroId, SendTarget> m_sendTargets;
};

namespace detail {
// initial-exec: Coroscope is linked statically into executables, so these are
// reached at a fixed offset from the thread pointer. The default for -fPIC code
// (general dynamic, which the linker relaxes) costs each hook an extra instruction.
#define COROSCOPE_TLS_MODEL __attribute__((tls_model("initial-exec")))
// constinit: without it every use from another translation unit goes through
// a TLS init wrapper (an extra load, test and branch per hook).
extern constinit thread_local Recorder *t_recorder COROSCOPE_TLS_MODEL;
// The coroutine whose body is running on this thread right now (0 = plain code or the loop).
extern constinit thread_local CoroId t_current COROSCOPE_TLS_MODEL;
// The frame size seen by the last promise operator new on this thread.
extern constinit thread_local std::uint32_t t_lastFrameSize COROSCOPE_TLS_MODEL;
// How and by whom the next coroutine to run was resumed; set by whoever
// resumes it (the loop, a finishing child) and read by the awaiter's await_resume.
extern constinit thread_local ResumeKind t_resumeHow COROSCOPE_TLS_MODEL;
extern constinit thread_local CoroId t_resumer COROSCOPE_TLS_MODEL;

// Sets the running coroutine for a scope and restores the previous one.
class CurrentScope
{
public:
    explicit CurrentScope(CoroId id) noexcept : m_previous(t_current) { t_current = id; }
    ~CurrentScope() { t_current = m_previous; }
    CurrentScope(const CurrentScope &) = delete;
    CurrentScope &operator=(const CurrentScope &) = delete;

private:
    CoroId m_previous;
};
} // namespace detail

// Records one line of program output (and prints it when headless). Like
// Python's print: arguments separated by spaces, strings without quotes.
void print(const QString &line);
template <class... Args>
void print(const Args &...args)
    requires(sizeof...(Args) != 1 || !(std::is_same_v<Args, QString> && ...))
{
    QString line;
    bool first = true;
    auto one = [&line, &first](const auto &a) {
        if (!first)
            line += u' ';
        first = false;
        using A = std::remove_cvref_t<decltype(a)>;
        if constexpr (std::is_same_v<A, QString>)
            line += a;
        else if constexpr (std::is_convertible_v<const A &, const char *>)
            line += QString::fromUtf8(static_cast<const char *>(a));
        else if constexpr (std::is_convertible_v<const A &, QStringView>)
            line += QStringView(a);
        else if constexpr (std::is_same_v<A, std::string> || std::is_same_v<A, std::string_view>)
            line += QString::fromUtf8(a.data(), qsizetype(a.size()));
        else
            line += toText(a);
    };
    (one(args), ...);
    print(line);
}

} // namespace coroscope
