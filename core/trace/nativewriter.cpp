// Trace::toNative: the writing half of the native format (see nativeformat.h).

#include "nativeformat.h"

#include <QStringList>
#include <QtEndian>
#include <algorithm>
#include <coroscope/trace.h>

namespace coroscope {

namespace {

class Writer
{
public:
    explicit Writer(qsizetype reserve) { m_out.reserve(reserve); }

    template<class T>
    void put(T v)
    {
        char buf[sizeof(T)];
        qToLittleEndian(v, buf);
        m_out.append(buf, qsizetype(sizeof(T)));
    }
    void putString(const QString &s)
    {
        const QByteArray utf8 = s.toUtf8();
        put(std::uint32_t(utf8.size()));
        m_out.append(utf8);
    }
    void beginSection(const native::Tag &tag)
    {
        m_out.append(tag.data(), qsizetype(tag.size()));
        m_sectionStart = m_out.size();
        put(std::uint32_t(0)); // patched by endSection
    }
    void endSection()
    {
        const auto length = std::uint32_t(m_out.size() - m_sectionStart - 4);
        qToLittleEndian(length, m_out.data() + m_sectionStart);
    }
    void append(const char *data, qsizetype n) { m_out.append(data, n); }
    // n more bytes for the caller to fill: the event records are written in one go.
    char *grow(qsizetype n)
    {
        const qsizetype at = m_out.size();
        m_out.resize(at + n);
        return m_out.data() + at;
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
    qsizetype m_sectionStart = 0;
};

} // namespace

QByteArray Trace::toNative() const
{
    Writer w(qsizetype(16 + 6 * 8 + m_events.size() * native::kEventBytes +
                       m_marks.size() * native::kMarkBytes + m_values.size() * 16 + m_sites.size() * 64 +
                       m_coroutines.size() * 40));
    w.append(native::kMagic, sizeof native::kMagic);
    w.put(native::kVersion);

    w.beginSection(native::kSites);
    w.put(std::uint32_t(m_sites.size() - 1));
    for (std::size_t i = 1; i < m_sites.size(); ++i) {
        const Site &s = m_sites[i];
        w.putString(s.file);
        w.putString(s.function);
        w.put(std::int32_t(s.line));
        w.put(std::int32_t(s.column));
    }
    w.endSection();

    w.beginSection(native::kValues);
    w.put(std::uint32_t(m_values.size() - 1));
    for (std::size_t i = 1; i < m_values.size(); ++i)
        w.putString(m_values[i]);
    w.endSection();

    w.beginSection(native::kCoroutines);
    w.put(std::uint32_t(m_coroutines.size() - 1));
    for (std::size_t i = 1; i < m_coroutines.size(); ++i) {
        const CoroutineInfo &c = m_coroutines[i];
        w.put(std::uint8_t(c.kind));
        w.put(std::uint8_t(c.receivesValues ? native::kReceivesValuesFlag : 0));
        w.putString(c.name);
        w.put(c.creationSite);
        w.put(c.frameSize);
        w.put(c.parent);
    }
    w.endSection();

    w.beginSection(native::kTimers);
    w.put(std::uint32_t(m_timers.size()));
    for (const TimerInfo &t : m_timers) {
        w.put(std::int64_t(t.dueNs));
        w.put(t.owner);
        w.put(t.description);
    }
    w.endSection();

    w.beginSection(native::kEvents);
    w.put(std::uint32_t(m_events.size()));
    char *p = w.grow(qsizetype(m_events.size()) * native::kEventBytes);
    for (const Event &e : m_events) {
        p[0] = char(e.kind);
        p[1] = char(e.aux);
        qToLittleEndian(e.flags, p + 2);
        qToLittleEndian(e.coro, p + 4);
        qToLittleEndian(e.site, p + 8);
        qToLittleEndian(e.arg, p + 12);
        p += native::kEventBytes;
    }
    w.endSection();

    w.beginSection(native::kMarks);
    w.put(std::uint32_t(m_marks.size()));
    for (const TimeMark &m : m_marks) {
        w.put(m.event);
        w.put(std::int64_t(m.loopNs));
        w.put(std::int64_t(m.wallNs));
    }
    w.endSection();

    // Only when there are sources: without them the sections are exactly those of version 2.
    if (!m_sources.isEmpty()) {
        // Sorted, so the same trace always saves to the same bytes.
        QStringList paths = m_sources.keys();
        std::sort(paths.begin(), paths.end());
        w.beginSection(native::kSources);
        w.put(std::uint32_t(paths.size()));
        for (const QString &path : std::as_const(paths)) {
            w.putString(path);
            w.putString(m_sources.value(path));
        }
        w.endSection();
    }
    return w.take();
}

} // namespace coroscope
