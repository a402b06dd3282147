// Trace::toChromeJson: Chrome Trace Event JSON, for Perfetto / chrome://tracing.
//
// One process "Coroscope". Each coroutine is an async track (cat "coroutine",
// id "0x<coroutine id>") with one b/e slice per running span — from Started or
// Resumed to the next Yielded, Awaiting, Suspended, Returned, escaping Threw or
// Cancelled (or Destroyed, or the end of the trace). Each coroutine also names
// a thread (tid = its id) carrying instant events for yields, sends, output
// and warnings, and the ends of the flow arrows (s/f, bp "e"): "await" from an
// Awaiting event to the target's start, "resume" from the target's finish to
// the awaiter's resumption.
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

#include <algorithm>
#include <coroscope/trace.h>
#include <limits>
#include <utility>

namespace coroscope {

namespace {

void appendString(QByteArray &out, const QString &s)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    out += '"';
}

QByteArray jsonString(const QString &s)
{
    QByteArray out;
    appendString(out, s);
    return out;
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
    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

    struct Span
    {
        // Only indices: the texts are derived from the events when written.
        CoroId coro = 0;
        std::size_t start = 0, end = kNone;
        std::uint64_t bind = 0; // v2 flow id, 0 = none
        bool flowIn = false, flowOut = false, interrupted = false;
    };

    void begin(const char *ph, const char *name, CoroId tid, std::int64_t ns);
    void begin(const char *ph, const QByteArray &name, CoroId tid, std::int64_t ns);
    void metadata();
    void open(CoroId c, std::size_t i);
    void close(CoroId c, std::size_t i, bool interrupted = false);
    QString coroutineText(CoroId c) const;
    void writeSpan(const Span &s);
    void instant(CoroId c, std::size_t i, const QString &name, const char *argName, const QString &arg);
    void flow(const char *name, CoroId from, std::size_t fromEvent, CoroId to, std::size_t toEvent);
    void startedOrResumed(const Event &e, std::size_t i);
    void finished(CoroId c, std::size_t i);
    bool known(CoroId c) const { return c != 0 && c < m_open.size(); }

    const Trace &m_t;
    QByteArray m_out;
    std::vector<std::int64_t> m_ts; // ns per event
    std::vector<QByteArray> m_spanNames;
    std::vector<Span> m_spans;
    std::vector<std::size_t> m_open;            // by coroutine: its running span (index in m_spans), or kNone
    std::vector<std::size_t> m_lastClosed;      // by coroutine: its last finished span, or kNone
    std::vector<std::uint64_t> m_pendingIn;     // by coroutine: the v2 flow its next span receives
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
    for (CoroId c = 1; c < n; ++c) {
        const CoroutineInfo &info = trace.coroutine(c);
        m_spanNames[c] = jsonString(QStringLiteral("%1 (%2)").arg(info.name, nameOf(info.kind)));
    }
    m_open.assign(n, kNone);
    m_lastClosed.assign(n, kNone);
    m_pendingIn.assign(n, 0);
    m_awaits.resize(n);
    m_waiters.resize(n);
}

void ChromeWriter::begin(const char *ph, const QByteArray &name, CoroId tid, std::int64_t ns)
{
    m_out += m_out.endsWith('[') ? "\n{\"ph\":\"" : ",\n{\"ph\":\"";
    m_out += ph;
    m_out += "\",\"name\":";
    m_out += name;
    m_out += ",\"pid\":1,\"tid\":";
    m_out += QByteArray::number(tid);
    m_out += ",\"ts\":";
    m_out += QByteArray::number(ns / 1000);
    m_out += '.';
    m_out += QByteArray::number(ns % 1000).rightJustified(3, '0');
}

void ChromeWriter::begin(const char *ph, const char *name, CoroId tid, std::int64_t ns)
{
    begin(ph, QByteArray('"' + QByteArray(name) + '"'), tid, ns);
}

void ChromeWriter::metadata()
{
    begin("M", "process_name", 0, 0);
    m_out += ",\"args\":{\"name\":\"Coroscope\"}}";
    begin("M", "thread_name", 0, 0);
    m_out += ",\"args\":{\"name\":\"event loop\"}}";
    for (CoroId c = 1; c < m_spanNames.size(); ++c) {
        const CoroutineInfo &info = m_t.coroutine(c);
        begin("M", "thread_name", c, 0);
        m_out += ",\"args\":{\"name\":";
        appendString(m_out, QStringLiteral("#%1 %2 (%3)").arg(c).arg(info.name, nameOf(info.kind)));
        m_out += "}}";
        begin("M", "thread_sort_index", c, 0);
        m_out += ",\"args\":{\"sort_index\":" + QByteArray::number(c) + "}}";
    }
}

void ChromeWriter::open(CoroId c, std::size_t i)
{
    if (m_open[c] != kNone)
        close(c, i, true);
    Span s{c, i, kNone, std::exchange(m_pendingIn[c], 0), false, false, false};
    s.flowIn = s.bind != 0;
    m_open[c] = m_spans.size();
    m_spans.push_back(std::move(s));
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

QString ChromeWriter::coroutineText(CoroId c) const
{
    return QStringLiteral("#%1 %2").arg(c).arg(m_t.coroutine(c).name);
}

void ChromeWriter::writeSpan(const Span &s)
{
    const std::size_t end = s.end == kNone ? m_t.size() - 1 : s.end;
    const QByteArray id = ",\"cat\":\"coroutine\",\"id\":\"0x" + QByteArray::number(s.coro, 16) + '"';
    begin("b", m_spanNames[s.coro], s.coro, m_ts[s.start]);
    m_out += id;
    if (s.bind) {
        m_out += ",\"bind_id\":" + QByteArray::number(qulonglong(s.bind));
        if (s.flowIn)
            m_out += ",\"flow_in\":true";
        if (s.flowOut)
            m_out += ",\"flow_out\":true";
    }
    const Event &first = m_t[s.start];
    QString how = nameOf(ResumeKind(first.aux));
    if (known(first.arg))
        how += QStringLiteral(" from ") + coroutineText(first.arg);
    m_out += ",\"args\":{\"event\":" + QByteArray::number(qulonglong(s.start)) + ",\"resumed by\":";
    appendString(m_out, how);
    m_out += "}}";
    begin("e", m_spanNames[s.coro], s.coro, m_ts[end]);
    m_out += id + ",\"args\":{\"event\":" + QByteArray::number(qulonglong(end)) + ",\"end\":";
    const Event &last = m_t[end];
    QString what = s.end == kNone  ? QStringLiteral("trace ended")
                   : s.interrupted ? QStringLiteral("interrupted")
                                   : nameOf(last.kind);
    QString value;
    if (s.end != kNone && !s.interrupted && last.kind == EventKind::Awaiting) {
        const auto kind = AwaitKind(last.aux);
        what = QStringLiteral("await ") + nameOf(kind);
        value = kind != AwaitKind::Sleep && kind != AwaitKind::External && known(last.arg)
                    ? coroutineText(last.arg)
                    : m_t.valueText(last.arg);
    } else if (s.end != kNone && !s.interrupted && argIsValue(last.kind)) {
        value = m_t.valueText(last.arg);
    }
    appendString(m_out, what);
    if (!value.isNull()) {
        m_out += ",\"value\":";
        appendString(m_out, value);
    }
    m_out += "}}";
}

void ChromeWriter::instant(CoroId c, std::size_t i, const QString &name, const char *argName,
                           const QString &arg)
{
    begin("i", jsonString(name.size() > 80 ? name.left(79) + u'…' : name), c, m_ts[i]);
    m_out +=
        ",\"s\":\"t\",\"cat\":\"event\",\"args\":{\"event\":" + QByteArray::number(qulonglong(i)) + ",\"";
    m_out += argName;
    m_out += "\":";
    appendString(m_out, arg);
    m_out += "}}";
}

void ChromeWriter::flow(const char *name, CoroId from, std::size_t fromEvent, CoroId to, std::size_t toEvent)
{
    const QByteArray id = QByteArray::number(qulonglong(m_nextFlow++));
    begin("s", name, from, m_ts[fromEvent]);
    m_out += ",\"cat\":\"await\",\"id\":" + id + '}';
    begin("f", name, to, m_ts[toEvent]);
    m_out += ",\"cat\":\"await\",\"id\":" + id + ",\"bp\":\"e\"}";
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

void ChromeWriter::startedOrResumed(const Event &e, std::size_t i)
{
    const CoroId c = e.coro;
    // c as a target: the awaiter that started it directly gets an "await" arrow.
    for (const CoroId a : m_waiters[c]) {
        Await &w = m_awaits[a];
        if (w.target == c && !w.startDrawn && (e.kind == EventKind::Started || e.arg == a)) {
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

QByteArray ChromeWriter::write()
{
    m_out.reserve(qsizetype(m_t.size()) * 120 + 4096);
    m_out += "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"Coroscope\",\"timestamps\":";
    appendString(m_out,
                 QStringLiteral("loop clock in microseconds; events sharing a loop instant are 1 ns apart"));
    m_out += "},\n\"traceEvents\":[";
    metadata();
    for (std::size_t i = 0; i < m_t.size(); ++i) {
        const Event &e = m_t[i];
        const CoroId c = known(e.coro) ? e.coro : 0;
        const QString value = argIsValue(e.kind) ? m_t.valueText(e.arg) : QString();
        switch (e.kind) {
        case EventKind::Started:
        case EventKind::Resumed:
            if (c)
                startedOrResumed(e, i);
            break;
        case EventKind::Yielded:
            instant(c, i, QStringLiteral("yield ") + value, "value", value);
            if (c)
                close(c, i);
            break;
        case EventKind::Sent:
            instant(c, i, QStringLiteral("send ") + value, "value", value);
            break;
        case EventKind::Output:
            instant(c, i, QStringLiteral("print ") + value, "text", value);
            break;
        case EventKind::Warning:
            instant(c, i, QStringLiteral("warning: ") + nameOf(WarningKind(e.aux)), "message", value);
            break;
        case EventKind::Awaiting: {
            const auto kind = AwaitKind(e.aux);
            const bool onCoroutine = kind != AwaitKind::Sleep && kind != AwaitKind::External;
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
