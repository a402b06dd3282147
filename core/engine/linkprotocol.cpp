#include <coroscope/linkprotocol.h>

#include <nativereader.h>

#include <QtEndian>
#include <cstring>

namespace coroscope::link {

namespace {

class Out
{
public:
    explicit Out(FrameType type)
    {
        m_bytes.resize(5);
        m_bytes[4] = char(type);
    }
    template <class T>
    void put(T v)
    {
        char buf[sizeof(T)];
        qToLittleEndian(v, buf);
        m_bytes.append(buf, qsizetype(sizeof(T)));
    }
    void put(const QString &s) { put(QByteArray(s.toUtf8())); }
    void put(const QByteArray &b)
    {
        put(std::uint32_t(b.size()));
        m_bytes.append(b);
    }
    void put(const QList<Breakpoint> &list)
    {
        put(std::uint32_t(list.size()));
        for (const Breakpoint &b : list) {
            put(b.file);
            put(std::int32_t(b.line));
        }
    }
    QByteArray take()
    {
        qToLittleEndian(std::uint32_t(m_bytes.size() - 4), m_bytes.data());
        return std::move(m_bytes);
    }

private:
    QByteArray m_bytes;
};

QByteArray encodeOne(const Hello &m)
{
    Out o(FrameType::Hello);
    for (char c : kMagic)
        o.put(std::uint8_t(c));
    o.put(m.version);
    o.put(std::int64_t(m.pid));
    o.put(m.executable);
    return o.take();
}
QByteArray encodeOne(const Batch &m)
{
    Out o(FrameType::Batch);
    o.put(m.token);
    o.put(std::uint8_t((m.pausedAt ? 1 : 0) | (m.finished ? 2 : 0) | (m.outcome ? 4 : 0)));
    o.put(std::uint64_t(m.pausedAt.value_or(0)));
    o.put(std::uint32_t(m.replies.size()));
    for (const SendReply &r : m.replies) {
        o.put(r.coro);
        o.put(r.text);
    }
    if (m.outcome) {
        o.put(std::uint8_t(m.outcome->kind));
        o.put(m.outcome->what);
        o.put(std::int32_t(m.outcome->signal));
        o.put(std::int32_t(m.outcome->exitCode));
    }
    o.put(m.delta); // last: the bulk
    return o.take();
}
QByteArray encodeOne(const Beat &m)
{
    Out o(FrameType::Beat);
    o.put(m.heartbeat);
    o.put(std::uint8_t(m.waiting));
    return o.take();
}
QByteArray encodeOne(const Crash &m)
{
    Out o(FrameType::Crash);
    o.put(m.signal);
    o.put(m.running);
    return o.take();
}
QByteArray encodeOne(const Start &m)
{
    Out o(FrameType::Start);
    o.put(std::uint8_t(m.mode));
    o.put(m.token);
    o.put(m.maxEvents);
    o.put(m.breakpoints);
    return o.take();
}
QByteArray encodeOne(const Command &m)
{
    Out o(FrameType::Command);
    o.put(std::uint8_t(m.mode));
    o.put(m.token);
    return o.take();
}
QByteArray encodeOne(const BreakpointList &m)
{
    Out o(FrameType::Breakpoints);
    o.put(m.breakpoints);
    return o.take();
}
QByteArray encodeOne(const Send &m)
{
    Out o(FrameType::Send);
    o.put(m.coro);
    o.put(m.text);
    return o.take();
}
QByteArray encodeOne(const Stop &m)
{
    Out o(FrameType::Stop);
    o.put(m.reason);
    return o.take();
}

// Payload readers: each reads one message from `in` (limited to the frame).
bool readMode(native::Reader &in, Mode &mode)
{
    std::uint8_t m = 0;
    if (!in.u8(m, "run mode"))
        return false;
    if (m > std::uint8_t(Mode::Continue))
        return in.fail(in.pos() - 1, QStringLiteral("unknown run mode %1").arg(m));
    mode = Mode(m);
    return true;
}

bool readBreakpoints(native::Reader &in, QList<Breakpoint> &list)
{
    std::uint32_t n = 0;
    if (!in.count(n, 8, "breakpoint count"))
        return false;
    for (std::uint32_t i = 0; i < n && in.ok(); ++i) {
        Breakpoint b;
        std::int32_t line = 0;
        in.string(b.file, "breakpoint %1 file", i);
        in.i32(line, "breakpoint line");
        b.line = line;
        list.push_back(std::move(b));
    }
    return in.ok();
}

bool readPayload(native::Reader &in, FrameType type, const QByteArray &frame, Message &out)
{
    switch (type) {
    case FrameType::Hello: {
        Hello m;
        const char *magic = nullptr;
        if (!in.bytes(magic, sizeof kMagic, "link magic"))
            return false;
        if (std::memcmp(magic, kMagic, sizeof kMagic) != 0)
            return in.fail(5, QStringLiteral("not a Coroscope link: wrong magic"));
        if (!in.u32(m.version, "protocol version"))
            return false;
        if (m.version != kProtocolVersion)
            return in.fail(13, versionMismatch(m.version));
        in.i64(m.pid, "pid");
        in.string(m.executable, "executable %1", 0);
        out = std::move(m);
        return in.ok();
    }
    case FrameType::Batch: {
        Batch m;
        std::uint8_t flags = 0;
        std::uint64_t pausedAt = 0;
        std::uint32_t replies = 0;
        in.u64(m.token, "token");
        in.u8(flags, "batch flags");
        in.u64(pausedAt, "paused event");
        if (!in.ok())
            return false;
        if (flags & ~7u)
            return in.fail(13, QStringLiteral("unknown batch flags 0x%1").arg(flags, 2, 16, QLatin1Char('0')));
        if (flags & 1)
            m.pausedAt = pausedAt;
        m.finished = flags & 2;
        if (!in.count(replies, 8, "reply count"))
            return false;
        for (std::uint32_t i = 0; i < replies && in.ok(); ++i) {
            SendReply r;
            in.u32(r.coro, "reply coroutine");
            in.string(r.text, "reply %1", i);
            m.replies.push_back(std::move(r));
        }
        if (in.ok() && (flags & 4)) {
            RunOutcome o;
            std::uint8_t kind = 0;
            std::int32_t signal = 0, code = 0;
            in.u8(kind, "outcome kind");
            if (in.ok() && kind > std::uint8_t(RunOutcome::Kind::Exited))
                return in.fail(in.pos() - 1, QStringLiteral("unknown outcome kind %1").arg(kind));
            o.kind = RunOutcome::Kind(kind);
            in.string(o.what, "outcome %1", 0);
            in.i32(signal, "outcome signal");
            in.i32(code, "outcome exit code");
            o.signal = signal;
            o.exitCode = code;
            m.outcome = std::move(o);
        }
        std::uint32_t deltaBytes = 0;
        const char *delta = nullptr;
        if (!in.u32(deltaBytes, "delta length") || !in.bytes(delta, deltaBytes, "delta"))
            return false;
        // A view into the frame: readDelta() reads it before the frame goes.
        m.delta = frame.mid(delta - frame.constData(), deltaBytes);
        out = std::move(m);
        return true;
    }
    case FrameType::Beat: {
        Beat m;
        std::uint8_t waiting = 0;
        in.u64(m.heartbeat, "heartbeat");
        in.u8(waiting, "waiting");
        m.waiting = waiting != 0;
        out = m;
        return in.ok();
    }
    case FrameType::Crash: {
        Crash m;
        in.i32(m.signal, "signal");
        in.u32(m.running, "running coroutine");
        out = m;
        return in.ok();
    }
    case FrameType::Start: {
        Start m;
        if (!readMode(in, m.mode))
            return false;
        in.u64(m.token, "token");
        in.u64(m.maxEvents, "event limit");
        readBreakpoints(in, m.breakpoints);
        out = std::move(m);
        return in.ok();
    }
    case FrameType::Command: {
        Command m;
        if (!readMode(in, m.mode))
            return false;
        in.u64(m.token, "token");
        out = m;
        return in.ok();
    }
    case FrameType::Breakpoints: {
        BreakpointList m;
        readBreakpoints(in, m.breakpoints);
        out = std::move(m);
        return in.ok();
    }
    case FrameType::Send: {
        Send m;
        in.u32(m.coro, "send coroutine");
        in.string(m.text, "send text %1", 0);
        out = std::move(m);
        return in.ok();
    }
    case FrameType::Stop: {
        Stop m;
        in.string(m.reason, "stop reason %1", 0);
        out = std::move(m);
        return in.ok();
    }
    }
    return in.fail(4, QStringLiteral("unknown frame type %1").arg(int(type)));
}

} // namespace

QByteArray encode(const Message &message)
{
    return std::visit([](const auto &m) { return encodeOne(m); }, message);
}

QString versionMismatch(std::uint32_t theirs)
{
    return QStringLiteral("the program was built against Coroscope link protocol version %1; this Coroscope "
                          "speaks version %2. Rebuild the program against this Coroscope.")
        .arg(theirs)
        .arg(kProtocolVersion);
}

FrameReader::Status FrameReader::next(Message &out)
{
    if (!m_error.isEmpty())
        return Status::Error;
    if (m_buffer.size() - m_pos < 4)
        return Status::NeedMore;
    const auto length = qFromLittleEndian<std::uint32_t>(m_buffer.constData() + m_pos);
    if (length < 1 || length > kMaxFrameBytes) {
        m_error = QStringLiteral("bad frame length %1 (the limit is %2 bytes)").arg(length).arg(kMaxFrameBytes);
        return Status::Error;
    }
    if (m_buffer.size() - m_pos - 4 < qsizetype(length))
        return Status::NeedMore;
    // The frame on its own (header included, so that offsets read as in the frame).
    const QByteArray frame = m_buffer.mid(m_pos, qsizetype(length) + 4);
    m_pos += qsizetype(length) + 4;
    if (m_pos > (1 << 20) && m_pos * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    native::Reader in(frame);
    const char *header = nullptr;
    in.bytes(header, 5, "frame header");
    const auto type = FrameType(std::uint8_t(frame[4]));
    if (!readPayload(in, type, frame, out)) {
        m_error = in.error().isEmpty() ? QStringLiteral("malformed frame") : in.error();
        return Status::Error;
    }
    if (in.left() != 0) {
        m_error = QStringLiteral("%1 bytes left over at the end of a frame of type %2").arg(in.left()).arg(int(type));
        return Status::Error;
    }
    return Status::Message;
}

} // namespace coroscope::link
