#include <coroscope/recorder.h>
#include <coroscope/detail/tracedpromise.h>

#include <atomic>
#include <cstdio>

namespace coroscope {

namespace detail {
constinit thread_local Recorder *t_recorder = nullptr;
constinit thread_local CoroId t_current = 0;
constinit thread_local std::uint32_t t_lastFrameSize = 0;
constinit thread_local ResumeKind t_resumeHow = ResumeKind::Loop;
constinit thread_local CoroId t_resumer = 0;
} // namespace detail

static std::atomic<std::uint32_t> s_nextSerial{1};

Recorder::Recorder()
    : m_previous(detail::t_recorder), m_start(std::chrono::steady_clock::now()), m_serial(s_nextSerial++)
{
    detail::t_recorder = this;
    m_trace.addTimeMark(0, 0);
}

Recorder::~Recorder()
{
    detail::t_recorder = m_previous;
}

Recorder *Recorder::current() noexcept
{
    return detail::t_recorder;
}

CoroId Recorder::registerCoroutine(CoroutineKind kind, const SourceLocation &created, std::uint32_t frameSize,
                                   QString name)
{
    CoroutineInfo info;
    info.kind = kind;
    info.name = name.isEmpty() ? detail::shortFunctionName(created.function) : std::move(name);
    info.creationSite = m_trace.internSite(created);
    info.frameSize = frameSize;
    info.parent = detail::t_current;
    return m_trace.addCoroutine(std::move(info));
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
    m_sendTargets.insert(id, std::move(target));
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

void Recorder::recordSlow(const Event &e)
{
    if (m_untilMark == 0)
        mark();
    --m_untilMark;
    m_trace.append(e);
    if (m_observer)
        m_observer->eventRecorded(*this, m_trace.size() - 1);
}

void Recorder::mark()
{
    const auto wall = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_start);
    m_trace.addTimeMark(m_loopNs, wall.count());
    m_untilMark = Trace::kTimeMarkInterval;
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
