#include <coroscope/trace.h>
#include <coroscope/snapshot.h>

#include <algorithm>

namespace coroscope {

QString Site::fileName() const
{
    const auto slash = file.lastIndexOf(u'/');
    return slash < 0 ? file : file.mid(slash + 1);
}

Trace::Trace()
{
    m_coroutines.emplace_back(); // id 0: nobody
    m_sites.emplace_back();      // id 0: unknown site
    m_values.emplace_back();     // id 0: empty text
    m_valueByText.insert(QString(), 0);
}

void Trace::clear()
{
    *this = Trace();
}

QString Trace::valueText(ValueId id) const
{
    if (id & kInlineIntBit) {
        // Sign-extend the 31-bit payload.
        const auto raw = std::int32_t(id << 1) >> 1;
        return QString::number(raw);
    }
    return id < m_values.size() ? m_values[id] : QString();
}

SiteId Trace::internSiteSlow(const SourceLocation &loc, SiteCacheSlot &slot)
{
    const SiteKey key{loc.file(), std::uint32_t(loc.line()), std::uint32_t(loc.column())};
    SiteId id = 0;
    if (auto it = m_siteByLocation.find(key); it != m_siteByLocation.end()) {
        id = it->second;
    } else {
        id = internSite(Site{QString::fromUtf8(loc.file()), QString::fromUtf8(loc.function()), int(loc.line()),
                             int(loc.column())});
        m_siteByLocation.emplace(key, id);
    }
    slot = SiteCacheSlot{loc.siteKey(), loc.line(), loc.column(), id};
    return id;
}

SiteId Trace::internSite(const Site &site)
{
    // Sites are few; a linear check keeps identical sites from different
    // string pointers (inline functions in several TUs) as one.
    for (std::size_t i = 1; i < m_sites.size(); ++i) {
        const Site &s = m_sites[i];
        if (s.line == site.line && s.column == site.column && s.file == site.file)
            return SiteId(i);
    }
    m_sites.push_back(site);
    return SiteId(m_sites.size() - 1);
}

ValueId Trace::internValue(const QString &text)
{
    if (auto it = m_valueByText.constFind(text); it != m_valueByText.cend())
        return *it;
    const auto id = ValueId(m_values.size());
    m_values.push_back(text);
    m_valueByText.insert(text, id);
    return id;
}

void Trace::reserve(std::size_t events)
{
    m_events.reserve(events);
}

void Trace::growEvents(std::size_t atLeast)
{
    reserve(std::max(atLeast, m_events.capacity() * 2)); // (the store allocates at least 4096)
}

CoroId Trace::addCoroutine(CoroutineInfo info)
{
    info.id = CoroId(m_coroutines.size());
    m_coroutines.push_back(std::move(info));
    return m_coroutines.back().id;
}

std::uint32_t Trace::addTimer(const TimerInfo &t)
{
    m_timers.push_back(t);
    return std::uint32_t(m_timers.size() - 1);
}

void Trace::addTimeMark(std::int64_t loopNs, std::int64_t wallNs)
{
    const auto at = std::uint32_t(m_events.size());
    if (!m_marks.empty() && m_marks.back().event == at)
        m_marks.back() = TimeMark{at, loopNs, wallNs};
    else
        m_marks.push_back(TimeMark{at, loopNs, wallNs});
}

bool Trace::setSourceText(const QString &path, const QString &text)
{
    // Three UTF-8 bytes at most per UTF-16 unit: most texts need no conversion to check.
    if (text.size() > kMaxSourceTextBytes / 3 && text.toUtf8().size() > kMaxSourceTextBytes)
        return false;
    m_sources.insert(path, text);
    return true;
}

static const TimeMark *markAt(const std::vector<TimeMark> &marks, std::size_t event)
{
    auto it = std::upper_bound(marks.begin(), marks.end(), event,
                               [](std::size_t e, const TimeMark &m) { return e < m.event; });
    return it == marks.begin() ? nullptr : &*(it - 1);
}

std::int64_t Trace::loopTimeAt(std::size_t event) const
{
    const TimeMark *m = markAt(m_marks, event);
    return m ? m->loopNs : 0;
}

std::int64_t Trace::wallTimeAt(std::size_t event) const
{
    const TimeMark *m = markAt(m_marks, event);
    return m ? m->wallNs : 0;
}

std::size_t Trace::eventBytesResident() const noexcept
{
    return m_events.capacity() * sizeof(Event) + m_marks.capacity() * sizeof(TimeMark);
}

std::size_t Trace::bytesResident() const noexcept
{
    std::size_t n = eventBytesResident();
    n += m_coroutines.capacity() * sizeof(CoroutineInfo);
    for (const auto &c : m_coroutines)
        n += std::size_t(c.name.capacity()) * 2;
    n += m_sites.capacity() * sizeof(Site);
    for (const auto &s : m_sites)
        n += std::size_t(s.file.capacity() + s.function.capacity()) * 2;
    n += m_values.capacity() * sizeof(QString);
    for (const auto &v : m_values)
        n += std::size_t(v.capacity()) * 2 + 16; // text plus its hash entry
    n += m_timers.capacity() * sizeof(TimerInfo);
    for (auto it = m_sources.cbegin(); it != m_sources.cend(); ++it)
        n += std::size_t(it.key().capacity() + it.value().capacity()) * 2 + 32;
    return n;
}

Trace::Cursor Trace::cursor() const
{
    return Cursor{m_events.size(), m_coroutines.size(), m_sites.size(), m_values.size(), m_timers.size(),
                  m_marks.size(), m_dropped};
}

void Trace::dropFront(std::size_t n, std::shared_ptr<const Snapshot> base)
{
    n = std::min(n, m_events.size());
    // The capacity stays: the kept events fill it again up to the limit, so memory stays bounded and flat.
    m_events.eraseFront(n);
    // The mark in effect at event n becomes the mark at event 0; the others move down by n.
    auto firstAfter = std::upper_bound(m_marks.begin(), m_marks.end(), n,
                                       [](std::size_t e, const TimeMark &m) { return e < m.event; });
    if (firstAfter != m_marks.begin())
        --firstAfter;
    m_marks.erase(m_marks.begin(), firstAfter);
    for (TimeMark &m : m_marks)
        m.event = m.event > n ? std::uint32_t(m.event - n) : 0;
    m_dropped += n;
    m_base = std::move(base);
}

template <class T>
static std::vector<T> tail(const std::vector<T> &v, std::size_t from)
{
    return from < v.size() ? std::vector<T>(v.begin() + std::ptrdiff_t(from), v.end()) : std::vector<T>();
}

TraceDelta Trace::deltaSince(const Cursor &from) const
{
    TraceDelta d;
    d.dropped = m_dropped;
    d.base = m_base;
    d.restatesHistory = from.dropped != m_dropped;
    d.firstEvent = d.restatesHistory ? 0 : from.events;
    if (d.firstEvent < m_events.size())
        d.events.assign(m_events.begin() + d.firstEvent, m_events.end());
    d.coroutines = tail(m_coroutines, from.coroutines);
    d.sites = tail(m_sites, from.sites);
    d.values = tail(m_values, from.values);
    d.timers = tail(m_timers, from.timers);
    // The last mark may have been updated in place.
    d.marks = d.restatesHistory ? m_marks : tail(m_marks, from.marks ? from.marks - 1 : 0);
    return d;
}

void Trace::apply(const TraceDelta &d)
{
    // Tables first: the new events refer to them.
    for (const auto &c : d.coroutines)
        m_coroutines.push_back(c);
    for (const auto &s : d.sites)
        m_sites.push_back(s);
    for (const auto &v : d.values) {
        m_valueByText.insert(v, ValueId(m_values.size()));
        m_values.push_back(v);
    }
    m_timers.insert(m_timers.end(), d.timers.begin(), d.timers.end());
    if (d.restatesHistory) {
        m_events.clear();
        m_marks.clear();
        m_dropped = d.dropped;
        m_base = d.base;
    }
    for (const auto &m : d.marks) {
        if (!m_marks.empty() && m_marks.back().event == m.event)
            m_marks.back() = m;
        else
            m_marks.push_back(m);
    }
    if (m_events.size() + d.events.size() > m_events.capacity())
        growEvents(m_events.size() + d.events.size());
    m_events.append(d.events);
    for (const auto &e : d.events) {
        if (e.kind == EventKind::Renamed && e.coro != 0 && e.coro < m_coroutines.size()) // 0 is no coroutine
            m_coroutines[e.coro].name = valueText(e.arg);
    }
}

bool operator==(const Trace &a, const Trace &b)
{
    const bool sameBase = a.m_base == b.m_base || (a.m_base && b.m_base && *a.m_base == *b.m_base);
    return a.m_dropped == b.m_dropped && sameBase && a.m_events == b.m_events && a.m_coroutines == b.m_coroutines
        && a.m_sites == b.m_sites && a.m_values == b.m_values && a.m_timers == b.m_timers && a.m_marks == b.m_marks
        && a.m_sources == b.m_sources;
}

} // namespace coroscope
