// Trace::fromNative: reads the native format (see nativeformat.h) from
// untrusted bytes. Every table reference is checked here, so the rest of the
// program can index the tables of a loaded trace without further checks.

#include "nativeformat.h"

#include "nativereader.h"

#include <QtEndian>
#include <coroscope/deltacodec.h>
#include <coroscope/trace.h>
#include <cstring>

namespace coroscope {

using native::Reader;

namespace {

// Who refers to something ("event 12"); spelled out only in an error message.
struct Who
{
    const char *kind;
    std::uint32_t index;
    QString text() const { return QStringLiteral("%1 %2").arg(QLatin1StringView(kind)).arg(index); }
};

// 0 is valid in every table (unknown site, empty value, nobody, first timer).
bool checkRef(Reader &in, qint64 at, const Who &who, const char *table, std::uint32_t id, std::size_t entries)
{
    if (id == 0 || id < entries)
        return true;
    return in.fail(at,
                   QStringLiteral("%1 refers to %2 %3 past the end of the %2 table (size %4) at offset %5")
                       .arg(who.text(), QLatin1StringView(table))
                       .arg(id)
                       .arg(entries)
                       .arg(at));
}

bool checkValue(Reader &in, qint64 at, const Who &who, ValueId id, std::size_t values)
{
    return (id & Trace::kInlineIntBit) || checkRef(in, at, who, "value", id, values);
}

// firstId: the id of the first entry read (1 in a file; the next free id in a delta).
bool readSites(Reader &in, std::vector<Site> &sites, std::uint32_t firstId = 1)
{
    std::uint32_t n = 0;
    if (!in.beginSection(native::kSites) || !in.count(n, native::kMinSiteBytes, "site count"))
        return false;
    sites.reserve(std::size_t(n) + 1);
    for (std::uint32_t id = firstId; id < std::uint64_t(firstId) + n && in.ok(); ++id) {
        Site s;
        std::int32_t line = 0, column = 0;
        in.string(s.file, "site %1 file", id);
        in.string(s.function, "site %1 function", id);
        in.i32(line, "site line");
        in.i32(column, "site column");
        s.line = line;
        s.column = column;
        sites.push_back(std::move(s));
    }
    return in.endSection();
}

bool readValues(Reader &in, std::vector<QString> &values, std::uint32_t firstId = 1)
{
    std::uint32_t n = 0;
    if (!in.beginSection(native::kValues) || !in.count(n, native::kMinValueBytes, "value count"))
        return false;
    values.reserve(std::size_t(n) + 1);
    for (std::uint32_t id = firstId; id < std::uint64_t(firstId) + n && in.ok(); ++id) {
        QString v;
        in.string(v, "value %1", id);
        values.push_back(std::move(v));
    }
    return in.endSection();
}

bool readCoroutines(Reader &in, std::vector<CoroutineInfo> &coroutines, std::size_t sites, std::uint32_t firstId = 1)
{
    std::uint32_t n = 0;
    if (!in.beginSection(native::kCoroutines) || !in.count(n, native::kMinCoroutineBytes, "coroutine count"))
        return false;
    coroutines.reserve(std::size_t(n) + 1);
    const std::size_t entries = std::size_t(firstId) + n;
    for (std::uint32_t id = firstId; id < std::uint64_t(firstId) + n && in.ok(); ++id) {
        const Who who{"coroutine", id};
        CoroutineInfo c;
        c.id = id;
        std::uint8_t kind = 0, flags = 0;
        const qint64 at = in.pos();
        if (!in.u8(kind, "coroutine kind") || !in.u8(flags, "coroutine flags"))
            return false;
        if (kind > std::uint8_t(CoroutineKind::Iterator))
            return in.fail(
                at, QStringLiteral("%1 has unknown kind %2 at offset %3").arg(who.text()).arg(kind).arg(at));
        if (flags & ~native::kReceivesValuesFlag)
            return in.fail(at + 1, QStringLiteral("%1 has unknown flags 0x%2 at offset %3")
                                       .arg(who.text())
                                       .arg(flags, 2, 16, QLatin1Char('0'))
                                       .arg(at + 1));
        c.kind = CoroutineKind(kind);
        c.receivesValues = flags & native::kReceivesValuesFlag;
        in.string(c.name, "coroutine %1 name", id);
        const qint64 siteAt = in.pos();
        in.u32(c.creationSite, "coroutine site");
        in.u32(c.frameSize, "coroutine frame size");
        const qint64 parentAt = in.pos();
        in.u32(c.parent, "coroutine parent");
        if (!in.ok() || !checkRef(in, siteAt, who, "site", c.creationSite, sites) ||
            !checkRef(in, parentAt, who, "coroutine", c.parent, entries))
            return false;
        coroutines.push_back(std::move(c));
    }
    return in.endSection();
}

bool readTimers(Reader &in, std::vector<TimerInfo> &timers, std::size_t coroutines, std::size_t values,
                std::uint32_t firstIndex = 0)
{
    std::uint32_t n = 0;
    if (!in.beginSection(native::kTimers) || !in.count(n, native::kTimerBytes, "timer count"))
        return false;
    timers.reserve(n);
    for (std::uint32_t i = 0; i < n && in.ok(); ++i) {
        const Who who{"timer", firstIndex + i};
        TimerInfo t;
        std::int64_t due = 0;
        in.i64(due, "timer due time");
        t.dueNs = due;
        const qint64 ownerAt = in.pos();
        in.u32(t.owner, "timer owner");
        in.u32(t.description, "timer description");
        if (!in.ok() || !checkRef(in, ownerAt, who, "coroutine", t.owner, coroutines) ||
            !checkValue(in, ownerAt + 4, who, t.description, values))
            return false;
        timers.push_back(t);
    }
    return in.endSection();
}

struct Tables
{
    std::size_t coroutines, sites, values, timers;
};

bool checkEvent(Reader &in, qint64 at, std::uint32_t index, const Event &e, const Tables &tables)
{
    const Who who{"event", index};
    if (std::uint8_t(e.kind) >= std::uint8_t(EventKind::KindCount))
        return in.fail(
            at,
            QStringLiteral("%1 has unknown kind %2 at offset %3").arg(who.text()).arg(int(e.kind)).arg(at));
    if (!checkRef(in, at + 4, who, "coroutine", e.coro, tables.coroutines) ||
        !checkRef(in, at + 8, who, "site", e.site, tables.sites))
        return false;
    const qint64 argAt = at + 12;
    if (e.kind == EventKind::Sent && isResumption(e) &&
        !checkRef(in, at + 1, who, "coroutine", sendResumer(e), tables.coroutines))
        return false;
    if (argIsValue(e.kind))
        return checkValue(in, argAt, who, e.arg, tables.values);
    switch (e.kind) {
    case EventKind::Created:
    case EventKind::Started:
    case EventKind::Resumed:
    case EventKind::Cancelled:
        return checkRef(in, argAt, who, "coroutine", e.arg, tables.coroutines);
    case EventKind::Awaiting:
        if (e.aux > std::uint8_t(AwaitKind::Gather))
            return in.fail(at + 1, QStringLiteral("%1 has unknown await kind %2 at offset %3")
                                       .arg(who.text())
                                       .arg(e.aux)
                                       .arg(at + 1));
        if (!awaitsCoroutine(AwaitKind(e.aux)))
            return checkValue(in, argAt, who, e.arg, tables.values);
        return checkRef(in, argAt, who, "coroutine", e.arg, tables.coroutines);
    case EventKind::TimerScheduled:
    case EventKind::TimerFired:
    case EventKind::TimerCancelled:
        return checkRef(in, argAt, who, "timer", e.arg, tables.timers);
    default:
        return true;
    }
}

template <class Events>
bool readEvents(Reader &in, Events &events, const Tables &tables, std::uint32_t version, std::size_t firstEvent = 0)
{
    std::uint32_t n = 0;
    if (!in.beginSection(native::kEvents) || !in.count(n, native::kEventBytes, "event count"))
        return false;
    // The count was checked against the section, so one bounds check covers every record.
    const qint64 first = in.pos();
    const char *p = nullptr;
    if (!in.bytes(p, qint64(n) * native::kEventBytes, "event data"))
        return false;
    events.resize(n);
    for (std::uint32_t i = 0; i < n; ++i, p += native::kEventBytes) {
        Event &e = events[i];
        e.kind = EventKind(std::uint8_t(p[0]));
        e.aux = std::uint8_t(p[1]);
        e.flags = qFromLittleEndian<std::uint16_t>(p + 2);
        e.coro = qFromLittleEndian<std::uint32_t>(p + 4);
        e.site = qFromLittleEndian<std::uint32_t>(p + 8);
        e.arg = qFromLittleEndian<std::uint32_t>(p + 12);
        if (version == 1 && e.kind == EventKind::Sent) {
            // The value alone; the Resumed after it is the resumption.
            e.aux = std::uint8_t(kResumerNotPacked >> 16);
            e.flags = std::uint16_t(kResumerNotPacked);
        }
        if (!checkEvent(in, first + qint64(i) * native::kEventBytes, std::uint32_t(firstEvent + i), e, tables))
            return false;
    }
    return in.endSection();
}

// after: the last mark already in the trace the marks are added to (a delta's first may replace it).
bool readMarks(Reader &in, std::vector<TimeMark> &marks, std::size_t events, const TimeMark *after = nullptr)
{
    std::uint32_t n = 0;
    if (!in.beginSection(native::kMarks) || !in.count(n, native::kMarkBytes, "mark count"))
        return false;
    marks.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        const qint64 at = in.pos();
        TimeMark m;
        std::int64_t loop = 0, wall = 0;
        in.u32(m.event, "time mark");
        in.i64(loop, "time mark");
        in.i64(wall, "time mark");
        if (!in.ok())
            return false;
        m.loopNs = loop;
        m.wallNs = wall;
        if (m.event > events)
            return in.fail(at,
                           QStringLiteral("time mark %1 refers to event %2 past the %3 events at offset %4")
                               .arg(i)
                               .arg(m.event)
                               .arg(events)
                               .arg(at));
        const TimeMark *previous = !marks.empty() ? &marks.back() : after;
        if (previous && (m.event < previous->event || (m.event == previous->event && previous != after)))
            return in.fail(
                at, QStringLiteral("time marks not increasing: mark %1 is at event %2, not after event %3, "
                                   "at offset %4")
                        .arg(i)
                        .arg(m.event)
                        .arg(previous->event)
                        .arg(at));
        marks.push_back(m);
    }
    return in.endSection();
}

bool readSources(Reader &in, QHash<QString, QString> &sources)
{
    std::uint32_t n = 0;
    if (!in.beginSection(native::kSources) || !in.count(n, native::kMinSourceBytes, "source count"))
        return false;
    sources.reserve(qsizetype(n));
    QString previous;
    for (std::uint32_t i = 0; i < n; ++i) {
        const qint64 at = in.pos();
        QString path, text;
        if (!in.string(path, "source %1 path", i) ||
            !in.string(text, "source %1 text", i, Trace::kMaxSourceTextBytes))
            return false;
        // Sorted as written: one file has one text, and a loaded trace re-saves to the same bytes.
        if (i > 0 && !(previous < path))
            return in.fail(at, QStringLiteral("source %1 path at offset %2 is not after the path of source %3")
                                   .arg(i)
                                   .arg(at)
                                   .arg(i - 1));
        sources.insert(path, text);
        previous = std::move(path);
    }
    return in.endSection();
}

// After the six sections: SRCS if the file has it (version 3 and up); anything
// else is left for the trailing-garbage check.
bool readOptionalSources(Reader &in, const QByteArray &bytes, std::uint32_t version,
                         QHash<QString, QString> &sources)
{
    const qint64 at = in.pos();
    if (in.left() < 4 || std::memcmp(bytes.constData() + at, native::kSources.data(), 4) != 0)
        return true;
    if (version < native::kSourcesVersion)
        return in.fail(at, QStringLiteral("section 'SRCS' at offset %1 in a version %2 file (sources came in "
                                          "version %3)")
                               .arg(at)
                               .arg(version)
                               .arg(native::kSourcesVersion));
    return readSources(in, sources);
}

bool looksLikeJson(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (c == '{' || c == '[')
            return true;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    }
    return false;
}

bool readHeader(Reader &in, const QByteArray &bytes, std::uint32_t &version)
{
    const auto prefix = std::min<qsizetype>(bytes.size(), sizeof native::kMagic);
    if (std::memcmp(bytes.constData(), native::kMagic, std::size_t(prefix)) != 0) {
        if (looksLikeJson(bytes.left(64)))
            return in.fail(
                0, QStringLiteral("not a Coroscope trace: this is JSON (a Chrome trace cannot be reopened)"));
        return in.fail(0, QStringLiteral("not a Coroscope trace: wrong magic at offset 0"));
    }
    const char *magic = nullptr;
    if (!in.bytes(magic, sizeof native::kMagic, "magic") || !in.u32(version, "version"))
        return false;
    if (version < native::kOldestVersion || version > native::kVersion)
        return in.fail(8, QStringLiteral("unsupported version %1 at offset 8 (this build reads versions %2 to %3)")
                              .arg(version)
                              .arg(native::kOldestVersion)
                              .arg(native::kVersion));
    return true;
}

} // namespace

Trace::LoadResult Trace::fromNative(const QByteArray &bytes)
{
    LoadResult result;
    if (bytes.size() > native::kMaxFileSize) {
        result.error = QStringLiteral("file too large: %1 bytes, the limit is 4 GiB").arg(bytes.size());
        result.offset = native::kMaxFileSize;
        return result;
    }
    Reader in(bytes);
    Trace t;
    std::uint32_t version = 0;
    const bool ok =
        readHeader(in, bytes, version) && readSites(in, t.m_sites) && readValues(in, t.m_values) &&
        readCoroutines(in, t.m_coroutines, t.m_sites.size()) &&
        readTimers(in, t.m_timers, t.m_coroutines.size(), t.m_values.size()) &&
        readEvents(in, t.m_events,
                   Tables{t.m_coroutines.size(), t.m_sites.size(), t.m_values.size(), t.m_timers.size()},
                   version) &&
        readMarks(in, t.m_marks, t.m_events.size()) && readOptionalSources(in, bytes, version, t.m_sources);
    if (ok && in.pos() != in.size())
        in.fail(in.pos(), QStringLiteral("trailing garbage: %1 bytes after the last section at offset %2")
                              .arg(in.size() - in.pos())
                              .arg(in.pos()));
    if (!in.ok()) {
        result.error = in.error();
        result.offset = in.errorOffset();
        return result;
    }
    for (std::size_t i = 1; i < t.m_values.size(); ++i)
        t.m_valueByText.insert(t.m_values[i], ValueId(i));
    result.trace = std::move(t);
    return result;
}

DeltaReadResult readDelta(const QByteArray &bytes, const Trace &into)
{
    DeltaReadResult result;
    Reader in(bytes);
    TraceDelta d;
    std::uint8_t restates = 0;
    std::uint64_t dropped = 0, firstEvent = 0;
    in.u8(restates, "delta flags");
    in.u64(dropped, "dropped events");
    in.u64(firstEvent, "first event");
    if (in.ok() && restates > 1)
        in.fail(0, QStringLiteral("unknown delta flags %1 at offset 0").arg(restates));
    d.restatesHistory = restates == 1;
    // A restated history starts again at event 0, after `dropped` events in all.
    const std::size_t kept = d.restatesHistory ? 0 : into.size();
    if (in.ok() && d.restatesHistory && (dropped <= into.droppedEvents() ||
                                         dropped - into.droppedEvents() > into.size() || firstEvent != 0))
        in.fail(1, QStringLiteral("a history drop to %1 events does not fit the %2 events held (%3 dropped before)")
                       .arg(dropped)
                       .arg(into.size())
                       .arg(into.droppedEvents()));
    if (in.ok() && !d.restatesHistory && (dropped != into.droppedEvents() || firstEvent != into.size()))
        in.fail(9, QStringLiteral("the delta starts at event %1 but %2 events are held").arg(firstEvent).arg(into.size()));
    d.dropped = std::size_t(dropped);
    d.firstEvent = std::size_t(firstEvent);
    const auto sites = std::uint32_t(into.siteCount());
    const auto values = std::uint32_t(into.valueCount());
    const auto coroutines = std::uint32_t(into.coroutineCount() + 1);
    const auto timers = std::uint32_t(into.timers().size());
    const bool ok = in.ok() && readSites(in, d.sites, sites) && readValues(in, d.values, values) &&
                    readCoroutines(in, d.coroutines, sites + d.sites.size(), coroutines) &&
                    readTimers(in, d.timers, coroutines + d.coroutines.size(), values + d.values.size(), timers) &&
                    readEvents(in, d.events,
                               Tables{coroutines + d.coroutines.size(), sites + d.sites.size(),
                                      values + d.values.size(), timers + d.timers.size()},
                               native::kVersion, kept) &&
                    readMarks(in, d.marks, kept + d.events.size(),
                              !d.restatesHistory && !into.timeMarks().empty() ? &into.timeMarks().back() : nullptr);
    if (ok && in.pos() != in.size())
        in.fail(in.pos(), QStringLiteral("trailing garbage: %1 bytes after the delta at offset %2")
                              .arg(in.size() - in.pos())
                              .arg(in.pos()));
    if (!in.ok()) {
        result.error = in.error();
        result.offset = in.errorOffset();
        return result;
    }
    result.delta = std::move(d);
    return result;
}

} // namespace coroscope
