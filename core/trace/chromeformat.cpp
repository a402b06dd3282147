// Trace::toChromeJson: Chrome Trace Event JSON, for Perfetto / chrome://tracing.
//
// One process "Coroscope". Each coroutine is an async track (cat "coroutine",
// id "0x<coroutine id>") with one b/e slice per running span — from Started or
// Resumed to the next Yielded, Awaiting, Suspended, Returned, escaping Threw or
// Cancelled (or Destroyed, or the end of the trace). Each coroutine also names
// a thread (tid = its id) carrying instant events for yields, sends, output
// and warnings, and the ends of the flow arrows (s/f, bp "e"): "await" from an
// Awaiting event to the target's start, "resume" from the target's finish to
// the awaiter's resumption; "next()", "send(v)", "throw()", "close()" from the
// coroutine that resumed a generator to that resumption; "yield from" from a
// sub-generator's yield to the delegating generator's yield of the same value.
//
// Viewers bind s/f flow events only to slices on thread tracks, and the spans
// live on async tracks; so each arrow is also given to the spans themselves
// as a v2 flow (bind_id with flow_out on the span that ends at the arrow's
// tail, flow_in on the span that starts at its head), which Perfetto draws.
// Spans are therefore written once the whole trace is known.
//
// Timestamps: an event sits at its loop-clock time, but never earlier than
// 1 ns after the event before it. Events sharing one loop instant (the virtual
// clock does not move while coroutines run) are thus spread 1 ns apart in
// event order, and a loop clock that restarts (a second EventLoop) cannot make
// time run backwards. The drift stays below 1 µs for up to 1000 events per instant.

#include "jsonbytes.h"

#include <algorithm>
#include <array>
#include <coroscope/trace.h>
#include <limits>
#include <utility>

namespace coroscope {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// nameOf(e), escaped, made once per enumerator (loaded traces may hold any aux value).
template<class E, std::size_t N>
QByteArray name(E e)
{
    static const auto names = [] {
        std::array<QByteArray, N> a;
        for (std::size_t i = 0; i < N; ++i)
            a[i] = json::escaped(nameOf(E(i)));
        return a;
    }();
    const auto i = std::size_t(e);
    return i < N ? names[i] : json::escaped(nameOf(e));
}
QByteArray name(EventKind k)
{
    return name<EventKind, std::size_t(EventKind::KindCount)>(k);
}
QByteArray name(ResumeKind k)
{
    return name<ResumeKind, std::size_t(ResumeKind::Cancel) + 1>(k);
}
QByteArray name(AwaitKind k)
{
    return name<AwaitKind, std::size_t(AwaitKind::Gather) + 1>(k);
}
QByteArray name(WarningKind k)
{
    return name<WarningKind, std::size_t(WarningKind::HistoryDropped) + 1>(k);
}

class ChromeWriter
{
public:
    explicit ChromeWriter(const Trace &trace);
    QByteArray write();

private:
    struct Await
    {
        CoroId target = 0;
        std::size_t event = 0;
        std::size_t finishedAt = kNone;
        bool startDrawn = false;
    };
    struct Span
    {
        // Only indices: the texts are derived from the events when written.
        CoroId coro = 0;
        std::size_t start = 0, end = kNone;
        std::uint64_t bind = 0; // v2 flow id, 0 = none
        bool flowIn = false, flowOut = false, interrupted = false;
    };

    bool known(CoroId c) const { return c != 0 && c < m_open.size(); }
    const QByteArray &valueText(ValueId v); // escaped, cached
    void begin(const char *ph, const QByteArray &quotedName, CoroId tid, std::int64_t ns);
    void args(std::size_t event);
    void metadata();
    void event(std::size_t i);
    void instant(CoroId c, std::size_t i, const char *prefix, const QByteArray &text, const char *argName,
                 const QByteArray &arg);
    void open(CoroId c, std::size_t i);
    void close(CoroId c, std::size_t i, bool interrupted = false);
    void writeSpan(const Span &s);
    void flow(const QByteArray &name, CoroId from, std::size_t fromEvent, CoroId to, std::size_t toEvent,
              const char *category = "await");
    void resumptionFlow(const Event &e, std::size_t i);
    void startedOrResumed(const Event &e, std::size_t i);
    void finished(CoroId c, std::size_t i);

    const Trace &m_t;
    QByteArray m_out;
    std::vector<std::int64_t> m_ts;      // ns per event
    std::vector<QByteArray> m_spanNames; // quoted "name (kind)"
    std::vector<QByteArray> m_coroTexts; // escaped "#id name"
    std::vector<QByteArray> m_values;    // escaped, filled on first use
    QByteArray m_inlineValue;            // the last inline integer, escaped
    std::vector<Span> m_spans;
    std::vector<std::size_t> m_open;            // by coroutine: its running span (index in m_spans), or kNone
    std::vector<std::size_t> m_lastClosed;      // by coroutine: its last finished span, or kNone
    std::vector<std::uint64_t> m_pendingIn;     // by coroutine: the v2 flow its next span receives
    std::vector<std::size_t> m_lastYield;       // by coroutine: its last Yielded event, or kNone
    std::vector<CoroId> m_delegateTo;           // by coroutine: the sub-generator its next yield passes on
    std::vector<Await> m_awaits;                // by awaiter
    std::vector<std::vector<CoroId>> m_waiters; // by target
    std::uint64_t m_nextFlow = 1;
    // v2 ids get a range of their own, so that they never meet the ids a viewer derives for s/f flows.
    std::uint64_t m_nextBind = 1ull << 32;
};

ChromeWriter::ChromeWriter(const Trace &trace) : m_t(trace)
{
    const auto &marks = trace.timeMarks();
    m_ts.resize(trace.size());
    std::int64_t prev = -1;
    std::size_t m = 0;
    std::int64_t loop = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        while (m < marks.size() && marks[m].event <= i)
            loop = marks[m++].loopNs;
        // Saturating: a loaded trace may hold any loop time.
        prev = std::max(loop, prev == std::numeric_limits<std::int64_t>::max() ? prev : prev + 1);
        m_ts[i] = prev;
    }
    const std::size_t n = trace.coroutineCount() + 1;
    m_spanNames.resize(n);
    m_coroTexts.resize(n);
    for (CoroId c = 1; c < n; ++c) {
        const CoroutineInfo &info = trace.coroutine(c);
        m_spanNames[c] = json::quoted(QStringLiteral("%1 (%2)").arg(info.name, nameOf(info.kind)));
        m_coroTexts[c] = json::escaped(QStringLiteral("#%1 %2").arg(c).arg(info.name));
    }
    m_values.resize(trace.valueCount());
    m_open.assign(n, kNone);
    m_lastClosed.assign(n, kNone);
    m_pendingIn.assign(n, 0);
    m_lastYield.assign(n, kNone);
    m_delegateTo.assign(n, 0);
    m_awaits.resize(n);
    m_waiters.resize(n);
}

const QByteArray &ChromeWriter::valueText(ValueId v)
{
    if (v & Trace::kInlineIntBit) {
        m_inlineValue = json::escaped(m_t.valueText(v));
        return m_inlineValue;
    }
    QByteArray &cached = m_values[v < m_values.size() ? v : 0];
    if (cached.isNull())
        cached = json::escaped(m_t.valueText(v)) + ""; // non-null even when empty
    return cached;
}

void ChromeWriter::begin(const char *ph, const QByteArray &quotedName, CoroId tid, std::int64_t ns)
{
    m_out += m_out.endsWith('[') ? "\n{\"ph\":\"" : ",\n{\"ph\":\"";
    m_out += ph;
    m_out += "\",\"name\":";
    m_out += quotedName;
    m_out += ",\"pid\":1,\"tid\":";
    json::appendNumber(m_out, tid);
    m_out += ",\"ts\":";
    json::appendMicros(m_out, ns);
}

void ChromeWriter::args(std::size_t event)
{
    m_out += ",\"args\":{\"event\":";
    json::appendNumber(m_out, event);
}

void ChromeWriter::metadata()
{
    begin("M", "\"process_name\"", 0, 0);
    m_out += ",\"args\":{\"name\":\"Coroscope\"}}";
    begin("M", "\"thread_name\"", 0, 0);
    m_out += ",\"args\":{\"name\":\"event loop\"}}";
    for (CoroId c = 1; c < m_spanNames.size(); ++c) {
        begin("M", "\"thread_name\"", c, 0);
        m_out += ",\"args\":{\"name\":\"" + m_coroTexts[c] + " (" +
                 json::escaped(nameOf(m_t.coroutine(c).kind)) + ")\"}}";
        begin("M", "\"thread_sort_index\"", c, 0);
        m_out += ",\"args\":{\"sort_index\":";
        json::appendNumber(m_out, c);
        m_out += "}}";
    }
}

void ChromeWriter::instant(CoroId c, std::size_t i, const char *prefix, const QByteArray &text,
                           const char *argName, const QByteArray &arg)
{
    QByteArray name = '"' + QByteArray(prefix) + text + '"';
    if (name.size() > 90) // a long text stays whole in args; cut where no escape or UTF-8 sequence is split
        name = json::quoted(QString::fromUtf8(name.mid(1, name.size() - 2)).left(80) + u'…');
    begin("i", name, c, m_ts[i]);
    m_out += ",\"s\":\"t\",\"cat\":\"event\"";
    args(i);
    m_out += ",\"";
    m_out += argName;
    m_out += "\":\"" + arg + "\"}}";
}

void ChromeWriter::open(CoroId c, std::size_t i)
{
    if (m_open[c] != kNone)
        close(c, i, true);
    Span s{c, i, kNone, std::exchange(m_pendingIn[c], 0), false, false, false};
    s.flowIn = s.bind != 0;
    m_open[c] = m_spans.size();
    m_spans.push_back(s);
}

void ChromeWriter::close(CoroId c, std::size_t i, bool interrupted)
{
    if (m_open[c] == kNone)
        return;
    Span &s = m_spans[m_open[c]];
    s.end = i;
    s.interrupted = interrupted;
    m_lastClosed[c] = std::exchange(m_open[c], kNone);
}

void ChromeWriter::writeSpan(const Span &s)
{
    const std::size_t end = s.end == kNone ? m_t.size() - 1 : s.end;
    begin("b", m_spanNames[s.coro], s.coro, m_ts[s.start]);
    m_out += ",\"cat\":\"coroutine\",\"id\":\"0x" + QByteArray::number(s.coro, 16) + '"';
    if (s.bind) {
        m_out += ",\"bind_id\":";
        json::appendNumber(m_out, s.bind);
        if (s.flowIn)
            m_out += ",\"flow_in\":true";
        if (s.flowOut)
            m_out += ",\"flow_out\":true";
    }
    const Event &first = m_t[s.start];
    args(s.start);
    m_out += ",\"resumed by\":\"" + name(resumeKindOf(first));
    if (const CoroId by = resumerOf(first); known(by))
        m_out += " from " + m_coroTexts[by];
    m_out += "\"}}";

    begin("e", m_spanNames[s.coro], s.coro, m_ts[end]);
    m_out += ",\"cat\":\"coroutine\",\"id\":\"0x" + QByteArray::number(s.coro, 16) + '"';
    args(end);
    const Event &last = m_t[end];
    if (s.end == kNone || s.interrupted) {
        m_out += s.interrupted ? ",\"end\":\"interrupted\"}}" : ",\"end\":\"trace ended\"}}";
    } else if (last.kind == EventKind::Awaiting) {
        const auto kind = AwaitKind(last.aux);
        m_out += ",\"end\":\"await " + name(kind) + "\",\"value\":\"";
        const bool onCoroutine = awaitsCoroutine(kind);
        m_out += onCoroutine && known(last.arg) ? m_coroTexts[last.arg] : valueText(last.arg);
        m_out += "\"}}";
    } else {
        m_out += ",\"end\":\"" + name(last.kind) + '"';
        if (argIsValue(last.kind))
            m_out += ",\"value\":\"" + valueText(last.arg) + '"';
        m_out += "}}";
    }
}

void ChromeWriter::flow(const QByteArray &name, CoroId from, std::size_t fromEvent, CoroId to, std::size_t toEvent,
                        const char *category)
{
    const QByteArray quotedName = '"' + name + '"';
    const QByteArray id = QByteArray::number(qulonglong(m_nextFlow++));
    const QByteArray cat = QByteArray(",\"cat\":\"") + category + "\",\"id\":";
    begin("s", quotedName, from, m_ts[fromEvent]);
    m_out += cat + id + '}';
    begin("f", quotedName, to, m_ts[toEvent]);
    m_out += cat + id + ",\"bp\":\"e\"}";
    if (qstrcmp(category, "await") != 0)
        return; // a call-and-return within one instant: no span ends at its tail
    // The v2 twin, from the span that ended at fromEvent to the one `to` opens next.
    // A span takes part in one flow chain: an arrow out of a span that an
    // arrow entered continues that chain; a second arrow out is left to s/f.
    if (m_lastClosed[from] == kNone || m_pendingIn[to])
        return;
    Span &src = m_spans[m_lastClosed[from]];
    if (src.end != fromEvent || src.flowOut)
        return;
    if (!src.bind)
        src.bind = m_nextBind++;
    src.flowOut = true;
    m_pendingIn[to] = src.bind;
}

// A generator resumed by the code of another coroutine: next(), send(), throw() or close().
void ChromeWriter::resumptionFlow(const Event &e, std::size_t i)
{
    const CoroId by = resumerOf(e);
    if (!known(by) || by == e.coro)
        return;
    QByteArray label;
    switch (resumeKindOf(e)) {
    case ResumeKind::Next:
        label = "next()";
        break;
    case ResumeKind::Send:
        label = e.kind == EventKind::Sent ? "send(" + valueText(e.arg) + ')' : QByteArray("send()");
        break;
    case ResumeKind::Throw:
        label = "throw()";
        break;
    case ResumeKind::Close:
        label = "close()";
        break;
    default:
        return;
    }
    flow(label, by, i, e.coro, i, "resume");
}

void ChromeWriter::startedOrResumed(const Event &e, std::size_t i)
{
    const CoroId c = e.coro;
    resumptionFlow(e, i);
    // c as a target: the awaiter that started it directly gets an "await" arrow.
    for (const CoroId a : m_waiters[c]) {
        Await &w = m_awaits[a];
        if (w.target == c && !w.startDrawn && (e.kind == EventKind::Started || resumerOf(e) == a)) {
            flow("await", a, w.event, c, i);
            w.startDrawn = true;
        }
    }
    // c as an awaiter: resumed after its target finished gets a "resume" arrow.
    if (Await &w = m_awaits[c]; w.target) {
        if (w.finishedAt != kNone)
            flow("resume", w.target, w.finishedAt, c, i);
        std::erase(m_waiters[w.target], c);
        w = Await{};
    }
    open(c, i);
}

void ChromeWriter::finished(CoroId c, std::size_t i)
{
    for (const CoroId a : m_waiters[c]) {
        if (m_awaits[a].target == c && m_awaits[a].finishedAt == kNone)
            m_awaits[a].finishedAt = i;
    }
}

void ChromeWriter::event(std::size_t i)
{
    const Event &e = m_t[i];
    const CoroId c = known(e.coro) ? e.coro : 0;
    switch (e.kind) {
    case EventKind::Started:
    case EventKind::Resumed:
        if (c)
            startedOrResumed(e, i);
        break;
    case EventKind::Yielded:
        instant(c, i, "yield ", valueText(e.arg), "value", valueText(e.arg));
        if (c) {
            close(c, i);
            m_lastYield[c] = i;
            if (const CoroId sub = std::exchange(m_delegateTo[c], 0); known(sub) && m_lastYield[sub] != kNone)
                flow("yield from", sub, m_lastYield[sub], c, i, "resume");
        }
        break;
    case EventKind::Sent:
        instant(c, i, "send ", valueText(e.arg), "value", valueText(e.arg));
        if (c && isResumption(e))
            startedOrResumed(e, i);
        break;
    case EventKind::Output:
        instant(c, i, "print ", valueText(e.arg), "text", valueText(e.arg));
        break;
    case EventKind::Warning:
        instant(c, i, "warning: ", name(WarningKind(e.aux)), "message", valueText(e.arg));
        break;
    case EventKind::Awaiting: {
        const auto kind = AwaitKind(e.aux);
        const bool onCoroutine = awaitsCoroutine(kind);
        if (kind == AwaitKind::Gather)
            break; // gather's child: a relation, the gathering task is still running
        if (kind == AwaitKind::Delegate) {
            if (c)
                m_delegateTo[c] = e.arg; // drawn at the yield that follows
            break;
        }
        if (c && onCoroutine && known(e.arg) && e.arg != c) {
            if (Await &old = m_awaits[c]; old.target)
                std::erase(m_waiters[old.target], c);
            m_awaits[c] = Await{e.arg, i, kNone, false};
            m_waiters[e.arg].push_back(c);
        }
        if (c)
            close(c, i);
        break;
    }
    case EventKind::Returned:
    case EventKind::Threw:
    case EventKind::Cancelled:
        // A ThrownIn exception is raised inside the running coroutine, which may catch it.
        if (e.kind == EventKind::Threw && ThrowKind(e.aux) == ThrowKind::ThrownIn)
            break;
        if (c) {
            close(c, i);
            finished(c, i);
        }
        break;
    case EventKind::Suspended:
    case EventKind::Destroyed:
        if (c)
            close(c, i);
        break;
    default:
        break;
    }
}

QByteArray ChromeWriter::write()
{
    m_out.reserve(qsizetype(m_t.size()) * 100 + 4096);
    m_out += "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"Coroscope\",\"timestamps\":"
             "\"loop clock in microseconds; events sharing a loop instant are 1 ns apart\"},\n"
             "\"traceEvents\":[";
    metadata();
    for (std::size_t i = 0; i < m_t.size(); ++i)
        event(i);
    for (const Span &s : m_spans)
        writeSpan(s);
    m_out += "\n]}\n";
    return std::move(m_out);
}

} // namespace

QByteArray Trace::toChromeJson() const
{
    return ChromeWriter(*this).write();
}

} // namespace coroscope
