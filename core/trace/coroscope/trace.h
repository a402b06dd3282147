#pragma once

// The recorded history of a run: 16-byte events plus the interned tables they
// refer to. All tables are append-only, so a Trace can be shipped in deltas
// (TraceDelta) from the engine thread to the GUI as plain data.

#include <coroscope/detail/eventbuffer.h>
#include <coroscope/event.h>
#include <coroscope/sourcelocation.h>

#include <QHash>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace coroscope {

struct Site
{
    QString file;     // as the compiler spelled it
    QString function; // the enclosing function
    int line = 0;
    int column = 0;
    QString fileName() const; // the last path component
    friend bool operator==(const Site &, const Site &) = default;
};

struct CoroutineInfo
{
    CoroId id = 0;
    CoroutineKind kind = CoroutineKind::Task;
    QString name;
    SiteId creationSite = 0;
    std::uint32_t frameSize = 0;
    CoroId parent = 0;
    bool receivesValues = false; // a generator whose co_yield evaluates to the sent value
    friend bool operator==(const CoroutineInfo &, const CoroutineInfo &) = default;
};

struct TimerInfo
{
    std::int64_t dueNs = 0;
    CoroId owner = 0;
    ValueId description = 0;
    friend bool operator==(const TimerInfo &, const TimerInfo &) = default;
};

// Times are stored sparsely: a mark when the loop clock moves and every
// kTimeMarkInterval events, so an event's time is that of the last mark at or
// before it (exact for the loop clock, within a few microseconds for the wall).
struct TimeMark
{
    std::uint32_t event = 0;
    std::int64_t loopNs = 0;
    std::int64_t wallNs = 0; // since the recorder started
    friend bool operator==(const TimeMark &, const TimeMark &) = default;
};

struct TraceDelta;
class Snapshot;

class Trace
{
public:
    enum class Format { Native, Chrome };
    static constexpr std::uint32_t kTimeMarkInterval = 1024;
    static constexpr ValueId kInlineIntBit = 0x80000000u;

    Trace();

    std::size_t size() const noexcept { return m_events.size(); }
    bool empty() const noexcept { return m_events.empty(); }
    const Event &event(std::size_t i) const { return m_events[i]; }
    const Event &operator[](std::size_t i) const { return m_events[i]; }
    std::span<const Event> events() const noexcept { return m_events.span(); }

    // Coroutine ids start at 1; coroutine(id) is valid for 1 <= id <= coroutineCount().
    std::size_t coroutineCount() const noexcept { return m_coroutines.size() - 1; }
    const CoroutineInfo &coroutine(CoroId id) const { return m_coroutines[id]; }
    std::span<const CoroutineInfo> coroutines() const noexcept { return std::span(m_coroutines).subspan(1); }

    // Site 0 is the unknown site.
    std::size_t siteCount() const noexcept { return m_sites.size(); }
    const Site &site(SiteId id) const { return m_sites[id < m_sites.size() ? id : 0]; }
    const std::vector<Site> &sites() const noexcept { return m_sites; }

    // Value 0 is the empty text; ids with kInlineIntBit hold a 31-bit integer inline.
    QString valueText(ValueId id) const;
    std::size_t valueCount() const noexcept { return m_values.size(); }
    const std::vector<QString> &values() const noexcept { return m_values; }

    const TimerInfo &timer(std::uint32_t index) const { return m_timers[index]; }
    const std::vector<TimerInfo> &timers() const noexcept { return m_timers; }

    const std::vector<TimeMark> &timeMarks() const noexcept { return m_marks; }

    // The text of source files, keyed by the path exactly as Site::file spells
    // it: saved with the trace so a replay can show its source after the file
    // is gone (embedSources() in sourcefiles.h fills it). Deltas do not carry
    // it: only a trace about to be saved, or a loaded one, needs it.
    static constexpr qsizetype kMaxSourceTextBytes = 16 << 20; // UTF-8, per file
    // False, and nothing stored, when the text is over kMaxSourceTextBytes:
    // the reader would reject a file holding it.
    bool setSourceText(const QString &path, const QString &text);
    QString sourceText(const QString &path) const { return m_sources.value(path); } // empty if none
    const QHash<QString, QString> &sourceTexts() const noexcept { return m_sources; }
    std::int64_t loopTimeAt(std::size_t event) const;
    std::int64_t wallTimeAt(std::size_t event) const;

    // History dropped at a limit (Recorder::setHistoryLimit): the first
    // droppedEvents() events of the run are gone, and base() is the state
    // after them, which the Snapshot fold starts from (nullptr: the run's
    // start). Event indices are always into the events kept; the run's own
    // event number of index i is droppedEvents() + i.
    std::size_t droppedEvents() const noexcept { return m_dropped; }
    const Snapshot *base() const noexcept { return m_base.get(); }
    std::shared_ptr<const Snapshot> sharedBase() const noexcept { return m_base; }
    // Removes the first n events; base is the state after them (see dropOldestEvents()).
    void dropFront(std::size_t n, std::shared_ptr<const Snapshot> base);

    // Resident bytes of the event records and the time marks (the per-event
    // cost), and of everything including interned tables.
    std::size_t eventBytesResident() const noexcept;
    std::size_t bytesResident() const noexcept;

    // --- writing (the Recorder, the loader and TraceDelta use these) ---
    std::size_t eventCapacity() const noexcept { return m_events.capacity(); }
    // Only with room to spare (size() < eventCapacity()): the Recorder's fast path.
    void appendUnchecked(const Event &e) noexcept { m_events.pushUnchecked(e); }
    void append(const Event &e)
    {
        if (m_events.size() == m_events.capacity()) [[unlikely]]
            growEvents(m_events.size() + 1);
        m_events.pushUnchecked(e);
    }
    SiteId internSite(const SourceLocation &loc)
    {
        // Every co_yield and co_await interns its site: a small direct-mapped
        // cache of recent locations answers without the hash lookup.
        const void *key = loc.siteKey();
        std::uint32_t hash = 0;
        if constexpr (SourceLocation::kKeyIsSite)
            hash = std::uint32_t(std::uintptr_t(key) >> 3) * 0x9E3779B1u;
        else
            hash = loc.line() * 0x9E3779B1u + loc.column();
        SiteCacheSlot &slot = m_siteCache[hash >> (32 - kSiteCacheBits)];
        if (slot.key == key && (SourceLocation::kKeyIsSite || (slot.line == loc.line() && slot.column == loc.column())))
            [[likely]]
            return slot.site;
        return internSiteSlow(loc, slot);
    }
    SiteId internSite(const Site &site);
    ValueId internValue(const QString &text);
    static constexpr bool fitsInline(long long v) noexcept { return v >= -(1ll << 30) && v < (1ll << 30); }
    static constexpr ValueId inlineInt(long long v) noexcept
    {
        return kInlineIntBit | (std::uint32_t(v) & 0x7fffffffu);
    }
    CoroId addCoroutine(CoroutineInfo info);
    void renameCoroutine(CoroId id, const QString &name) { m_coroutines[id].name = name; }
    std::uint32_t addTimer(const TimerInfo &t);
    void addTimeMark(std::int64_t loopNs, std::int64_t wallNs);
    void reserve(std::size_t events);
    void clear();

    // --- files (tracefile.cpp); trace files are untrusted input ---
    struct LoadResult;
    bool save(const QString &path, Format format, QString *error = nullptr) const;
    QByteArray toNative() const;
    QByteArray toChromeJson() const;
    static LoadResult load(const QString &path);
    static LoadResult fromNative(const QByteArray &bytes);

    // --- deltas: everything appended since a cursor ---
    struct Cursor
    {
        std::size_t events = 0, coroutines = 1, sites = 1, values = 1, timers = 0, marks = 0;
        std::size_t dropped = 0; // droppedEvents() when the cursor was taken
    };
    Cursor cursor() const;
    TraceDelta deltaSince(const Cursor &from) const;
    void apply(const TraceDelta &delta);

    friend bool operator==(const Trace &a, const Trace &b);

private:
    detail::EventBuffer m_events;
    std::vector<CoroutineInfo> m_coroutines;
    std::vector<Site> m_sites;
    std::vector<QString> m_values;
    std::vector<TimerInfo> m_timers;
    std::vector<TimeMark> m_marks;
    std::size_t m_dropped = 0;
    std::shared_ptr<const Snapshot> m_base; // immutable once made, so shared with the GUI's copy
    QHash<QString, QString> m_sources;      // path → text; written sorted by path
    struct SiteKey
    {
        const char *file;
        std::uint32_t line, column;
        bool operator==(const SiteKey &) const = default;
    };
    struct SiteKeyHash
    {
        std::size_t operator()(const SiteKey &k) const noexcept
        {
            return std::hash<const void *>()(k.file) ^ (std::size_t(k.line) << 20) ^ k.column;
        }
    };
    std::unordered_map<SiteKey, SiteId, SiteKeyHash> m_siteByLocation;
    static constexpr unsigned kSiteCacheBits = 6;
    struct SiteCacheSlot
    {
        const void *key = nullptr; // SourceLocation::siteKey()
        std::uint_least32_t line = 0, column = 0;
        SiteId site = 0;
    };
    SiteId internSiteSlow(const SourceLocation &loc, SiteCacheSlot &slot);
    void growEvents(std::size_t atLeast);
    SiteCacheSlot m_siteCache[1u << kSiteCacheBits] = {};
    QHash<QString, ValueId> m_valueByText;
};

struct Trace::LoadResult
{
    std::optional<Trace> trace;
    QString error;       // empty on success
    qint64 offset = -1;  // byte offset of the problem
};

// Renamed events in a delta are applied to the coroutine table by Trace::apply.
struct TraceDelta
{
    // After a drop the delta restates the whole kept history: events from 0,
    // every time mark, and the new base (tables are append-only and stay deltas).
    bool restatesHistory = false;
    std::size_t dropped = 0;
    std::shared_ptr<const Snapshot> base;
    std::size_t firstEvent = 0;
    std::vector<Event> events;
    std::vector<CoroutineInfo> coroutines; // new since the cursor
    std::vector<Site> sites;
    std::vector<QString> values;
    std::vector<TimerInfo> timers;
    std::vector<TimeMark> marks;
};

} // namespace coroscope
