// Trace::toNative: the writing half of the native format (see nativeformat.h).

#include "nativeformat.h"

#include <QStringList>
#include <QtEndian>
#include <algorithm>
#include <coroscope/deltacodec.h>
#include <span>
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

// The six sections, shared by a whole file and a delta (the link's wire form).
void writeSections(Writer &w, std::span<const Site> sites, std::span<const QString> values,
                   std::span<const CoroutineInfo> coroutines, std::span<const TimerInfo> timers,
                   std::span<const Event> events, std::span<const TimeMark> marks)
{
    w.beginSection(native::kSites);
    w.put(std::uint32_t(sites.size()));
    for (const Site &s : sites) {
        w.putString(s.file);
        w.putString(s.function);
        w.put(std::int32_t(s.line));
        w.put(std::int32_t(s.column));
    }
    w.endSection();

    w.beginSection(native::kValues);
    w.put(std::uint32_t(values.size()));
    for (const QString &v : values)
        w.putString(v);
    w.endSection();

    w.beginSection(native::kCoroutines);
    w.put(std::uint32_t(coroutines.size()));
    for (const CoroutineInfo &c : coroutines) {
        w.put(std::uint8_t(c.kind));
        w.put(std::uint8_t(c.receivesValues ? native::kReceivesValuesFlag : 0));
        w.putString(c.name);
        w.put(c.creationSite);
        w.put(c.frameSize);
        w.put(c.parent);
    }
    w.endSection();

    w.beginSection(native::kTimers);
    w.put(std::uint32_t(timers.size()));
    for (const TimerInfo &t : timers) {
        w.put(std::int64_t(t.dueNs));
        w.put(t.owner);
        w.put(t.description);
    }
    w.endSection();

    w.beginSection(native::kEvents);
    w.put(std::uint32_t(events.size()));
    char *p = w.grow(qsizetype(events.size()) * native::kEventBytes);
    for (const Event &e : events) {
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
    w.put(std::uint32_t(marks.size()));
    for (const TimeMark &m : marks) {
        w.put(m.event);
        w.put(std::int64_t(m.loopNs));
        w.put(std::int64_t(m.wallNs));
    }
    w.endSection();
}

qsizetype sizeHint(std::size_t events, std::size_t marks, std::size_t values, std::size_t sites, std::size_t coroutines)
{
    const std::size_t bytes = 16 + 6 * 8 + events * native::kEventBytes + marks * native::kMarkBytes + values * 16
        + sites * 64 + coroutines * 40;
    return qsizetype(bytes);
}

} // namespace

QByteArray Trace::toNative() const
{
    Writer w(sizeHint(m_events.size(), m_marks.size(), m_values.size(), m_sites.size(), m_coroutines.size()));
    w.append(native::kMagic, sizeof native::kMagic);
    w.put(native::kVersion);
    writeSections(w, std::span(m_sites).subspan(1), std::span(m_values).subspan(1),
                  std::span(m_coroutines).subspan(1), m_timers, m_events.span(), m_marks);

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

void appendDelta(QByteArray &out, const TraceDelta &d)
{
    Writer w(sizeHint(d.events.size(), d.marks.size(), d.values.size(), d.sites.size(), d.coroutines.size()));
    w.put(std::uint8_t(d.restatesHistory ? 1 : 0));
    w.put(std::uint64_t(d.dropped));
    w.put(std::uint64_t(d.firstEvent));
    writeSections(w, d.sites, d.values, d.coroutines, d.timers, d.events, d.marks);
    out.append(w.take());
}

} // namespace coroscope
