#include <coroscope/recorder.h>
#include <coroscope/detail/tracedpromise.h>
#include <coroscope/snapshot.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

namespace coroscope {

namespace detail {
constinit thread_local Recorder *t_recorder COROSCOPE_TLS_MODEL = nullptr;
constinit thread_local CoroId t_current COROSCOPE_TLS_MODEL = 0;
constinit thread_local std::uint32_t t_lastFrameSize COROSCOPE_TLS_MODEL = 0;
constinit thread_local ResumeKind t_resumeHow COROSCOPE_TLS_MODEL = ResumeKind::Loop;
constinit thread_local CoroId t_resumer COROSCOPE_TLS_MODEL = 0;
} // namespace detail

static std::atomic<std::uint32_t> s_nextSerial{1};

namespace detail {
// In the engine stage (childlink.cpp): a program that Coroscope started links
// its first Recorder to the window; any other program is left alone.
void attachChildLink(Recorder &recorder);
void detachChildLink(Recorder &recorder);
} // namespace detail

Recorder::Recorder()
    : m_previous(detail::t_recorder), m_start(std::chrono::steady_clock::now()), m_serial(s_nextSerial++)
{
    detail::t_recorder = this;
    m_trace.addTimeMark(0, 0);
    updateFastEnd();
    if (!m_previous)
        detail::attachChildLink(*this);
}

void Recorder::reserveEvents(std::size_t events)
{
    m_trace.reserve(events);
    updateFastEnd();
}

void Recorder::updateFastEnd() noexcept
{
    if (m_observer) {
        m_fastEnd = 0;
        return;
    }
    std::size_t end = std::min(m_trace.eventCapacity(), m_nextMark);
    if (m_historyLimit)
        end = std::min(end, m_historyLimit - 1); // recordSlow drops history at size + 1 >= limit
    m_fastEnd = end;
}

Recorder::~Recorder()
{
    if (!m_previous)
        detail::detachChildLink(*this);
    detail::t_recorder = m_previous;
}

Recorder *Recorder::current() noexcept
{
    return detail::t_recorder;
}

namespace {
// The default name of a coroutine, from its function's signature. One program
// creates many coroutines of few functions (100,000 relay tasks): a small
// cache keyed by the signature's address (a string literal) hands out one
// implicitly shared QString instead of parsing and allocating a name each time.
QString defaultName(const char *function)
{
    struct Slot
    {
        const char *function = nullptr;
        QString name;
    };
    constexpr std::size_t kSlots = 64;
    // On the heap, not 2 KB of thread_local: the library's TLS sits in the
    // static TLS block (initial-exec, see recorder.h), and a module that is
    // dlopen'ed (the Python tracer) gets only a small surplus of it.
    thread_local std::unique_ptr<Slot[]> cache;
    if (!cache) [[unlikely]]
        cache = std::make_unique<Slot[]>(kSlots);
    Slot &slot = cache[(reinterpret_cast<std::uintptr_t>(function) >> 4) % kSlots];
    if (slot.function != function || !function) {
        slot.name = detail::shortFunctionName(function);
        slot.function = function;
    }
    return slot.name;
}
} // namespace

CoroId Recorder::registerCoroutine(CoroutineKind kind, const SourceLocation &created, std::uint32_t frameSize,
                                   QString name)
{
    CoroutineInfo info;
    info.kind = kind;
    info.name = name.isEmpty() ? defaultName(created.function()) : std::move(name);
    info.creationSite = m_trace.internSite(created);
    info.frameSize = frameSize;
    info.parent = detail::t_current;
    return m_trace.addCoroutine(std::move(info));
}

std::size_t Recorder::reportLeakedFrames()
{
    const std::size_t count = m_trace.coroutineCount();
    std::vector<bool> destroyed(count + 1, false);
    if (const Snapshot *base = m_trace.base()) { // destroyed in the history dropped at the limit
        for (CoroId id = 1; id <= count; ++id) {
            const CoroutineSnapshot &c = base->coroutine(id);
            destroyed[id] = c.state != CoroutineState::Absent && !c.frameAlive;
        }
    }
    for (std::size_t i = 0; i < m_trace.size(); ++i) {
        if (const Event &e = m_trace[i]; e.kind == EventKind::Destroyed && e.coro <= count)
            destroyed[e.coro] = true;
    }
    std::size_t leaks = 0;
    for (CoroId id = 1; id <= count; ++id) {
        const CoroutineInfo &c = m_trace.coroutine(id);
        // Futures and hand-written iterators have no coroutine frame to leak.
        const bool hasFrame = c.kind == CoroutineKind::Generator || c.kind == CoroutineKind::Task
                              || c.kind == CoroutineKind::AsyncGenerator;
        if (!hasFrame || destroyed[id])
            continue;
        ++leaks;
        record(EventKind::Warning, id, 0,
               text(QStringLiteral("leaked frame: %1 bytes still allocated at the end of the run").arg(c.frameSize)),
               std::uint8_t(WarningKind::LeakedFrame));
    }
    return leaks;
}

void Recorder::rename(CoroId id, const QString &name)
{
    if (id == 0 || id > m_trace.coroutineCount())
        return;
    m_trace.renameCoroutine(id, name);
    record(EventKind::Renamed, id, 0, text(name));
}

void Recorder::markReceivesValues(CoroId id)
{
    if (id && id <= m_trace.coroutineCount())
        const_cast<CoroutineInfo &>(m_trace.coroutine(id)).receivesValues = true;
}

void Recorder::setSendTarget(CoroId id, SendTarget target)
{
    m_sendTargets[id] = std::move(target); // (QHash::insert only copies)
}

void Recorder::clearSendTarget(CoroId id)
{
    m_sendTargets.remove(id);
}

bool Recorder::canSend(CoroId id) const
{
    return m_sendTargets.contains(id);
}

QString Recorder::sendText(CoroId id, const QString &text)
{
    auto it = m_sendTargets.find(id);
    if (it == m_sendTargets.end())
        return QStringLiteral("coroutine %1 cannot receive values").arg(id);
    SendTarget target = *it; // the call may add or remove targets
    return target(text);
}

void Recorder::setLoopTime(std::int64_t ns)
{
    if (ns == m_loopNs)
        return;
    m_loopNs = ns;
    mark();
}

void Recorder::setHistoryLimit(std::size_t maxEvents) noexcept
{
    // Room for the kept half, the warning and the event being recorded.
    m_historyLimit = maxEvents ? std::max<std::size_t>(maxEvents, 16) : 0;
    updateFastEnd();
}

void Recorder::dropOldestHistory()
{
    if (m_observer)
        m_observer->historyDropping(*this);
    const std::size_t drop = m_trace.size() - m_historyLimit / 2;
    dropOldestEvents(m_trace, drop);
    m_nextMark = m_nextMark > drop ? m_nextMark - drop : 0; // an index, and the indices moved down
    // Recorded as an event, so that the views show where the kept history
    // starts and the observer ships the restated history with it.
    const Event warning{EventKind::Warning, std::uint8_t(WarningKind::HistoryDropped), 0, 0, 0,
                        text(QStringLiteral("the oldest %1 events were dropped at the event limit (%2); "
                                            "%3 dropped in all")
                                 .arg(drop)
                                 .arg(m_historyLimit)
                                 .arg(m_trace.droppedEvents()))};
    m_trace.append(warning);
    if (m_observer)
        m_observer->eventRecorded(*this, m_trace.size() - 1);
}

void Recorder::recordSlow(const Event &e)
{
    if (m_historyLimit && m_trace.size() + 1 >= m_historyLimit) [[unlikely]]
        dropOldestHistory();
    if (m_trace.size() >= m_nextMark)
        mark();
    m_trace.append(e);
    updateFastEnd();
    if (m_observer)
        m_observer->eventRecorded(*this, m_trace.size() - 1);
}

void Recorder::mark()
{
    const auto wall = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_start);
    m_trace.addTimeMark(m_loopNs, wall.count());
    m_nextMark = m_trace.size() + Trace::kTimeMarkInterval;
    updateFastEnd();
}

void print(const QString &line)
{
    Recorder *r = detail::t_recorder;
    if (r)
        r->record(EventKind::Output, detail::t_current, 0, r->text(line));
    if (!r || r->echoOutput()) {
        const QByteArray bytes = line.toUtf8();
        std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }
}

} // namespace coroscope
