#include <coroscope/sourcemarks.h>

#include <coroscope/suspensionscanner.h>
#include <coroscope/tracetext.h>

#include <QSet>
#include <QStringList>
#include <limits>

namespace coroscope {

namespace {
constexpr std::uint32_t kNever = std::numeric_limits<std::uint32_t>::max();
// How far back a tool tip looks for a value before giving up.
constexpr std::size_t kToolTipScan = 4'000'000;

bool parks(const Event &e)
{
    const EventKind k = e.kind;
    return k == EventKind::Yielded || (k == EventKind::Awaiting && !isRelation(e)) || k == EventKind::Suspended
        || k == EventKind::ExternalWait;
}
QString awaitedText(const Trace &trace, const Event &e)
{
    if (e.kind == EventKind::ExternalWait)
        return trace.valueText(e.arg);
    switch (AwaitKind(e.aux)) {
    case AwaitKind::Sleep:
    case AwaitKind::External:
        return trace.valueText(e.arg);
    case AwaitKind::AsyncNext:
        return QStringLiteral("anext(") + coroutineLabel(trace, e.arg) + u')';
    case AwaitKind::Delegate:
        return QStringLiteral("yield from ") + coroutineLabel(trace, e.arg);
    case AwaitKind::Gather:
        return QStringLiteral("gather ") + coroutineLabel(trace, e.arg);
    default:
        return coroutineLabel(trace, e.arg);
    }
}
} // namespace

void SourceMarks::setFile(const QString &fileName, const QString &text)
{
    m_file = fileName;
    m_inFile.clear();
    m_textLines.clear();
    for (const SuspensionScanner::Point &p : SuspensionScanner::scan(text))
        if (m_textLines.empty() || m_textLines.back() != p.line)
            m_textLines.push_back(p.line);
}

void SourceMarks::reset()
{
    m_firstParked.clear();
    m_inFile.clear();
    m_scanned = 0;
}

void SourceMarks::update(const Trace &trace)
{
    if (trace.size() < m_scanned)
        reset();
    if (m_firstParked.size() < trace.siteCount())
        m_firstParked.resize(trace.siteCount(), kNever);
    for (std::size_t i = m_scanned; i < trace.size(); ++i) {
        const Event &e = trace[i];
        if (parks(e) && e.site < m_firstParked.size() && m_firstParked[e.site] == kNever)
            m_firstParked[e.site] = std::uint32_t(i);
    }
    m_scanned = trace.size();
}

bool SourceMarks::inFile(const Trace &trace, SiteId site) const
{
    if (site == 0 || site >= trace.siteCount() || m_file.isEmpty())
        return false;
    auto &cache = const_cast<std::vector<std::uint8_t> &>(m_inFile); // a memo of a pure function
    if (cache.size() < trace.siteCount())
        cache.resize(trace.siteCount(), 0);
    if (cache[site] == 0)
    {
        // A full path (a user's program) matches exactly; a bare name (a sample) matches any folder.
        const Site &s = trace.site(site);
        cache[site] = (m_file.contains(u'/') ? s.file == m_file : s.fileName() == m_file) ? 2 : 1;
    }
    return cache[site] == 2;
}

QMap<int, SourceMarks::Line> SourceMarks::lines(const Trace &trace, const Snapshot &snapshot, CoroId current) const
{
    QMap<int, Line> out;
    for (const int line : m_textLines)
        out[line].suspension = true;
    for (SiteId s = 1; s < m_firstParked.size() && s < trace.siteCount(); ++s) {
        if (m_firstParked[s] == kNever || !inFile(trace, s))
            continue;
        Line &l = out[trace.site(s).line];
        l.suspension = true;
        l.reached = l.reached || m_firstParked[s] < snapshot.eventCount;
    }
    // Counted per site first: the loop over every coroutine (100,000 in a big
    // run) stays a tight one, and each site is looked up once.
    std::vector<int> parkedAt(trace.siteCount(), 0);
    for (CoroId id = 1; id < snapshot.coroutines.size(); ++id) {
        const CoroutineSnapshot &c = snapshot.coroutines[id];
        if (c.state == CoroutineState::Parked && c.site < parkedAt.size() && id != current)
            ++parkedAt[c.site];
    }
    for (SiteId s = 1; s < parkedAt.size(); ++s) {
        if (parkedAt[s] == 0 || !inFile(trace, s))
            continue;
        Line &l = out[trace.site(s).line];
        l.suspension = l.reached = true;
        l.parkedOthers += parkedAt[s];
    }
    return out;
}

int SourceMarks::lineOf(const Trace &trace, const Snapshot &snapshot, CoroId id) const
{
    const SiteId site = snapshot.coroutine(id).site;
    return inFile(trace, site) ? trace.site(site).line : 0;
}

CoroId SourceMarks::currentCoroutine(const Trace &trace, const Snapshot &snapshot, CoroId selected)
{
    if (selected && snapshot.coroutine(selected).state != CoroutineState::Absent)
        return selected;
    if (const CoroId running = snapshot.runningNow())
        return running;
    if (snapshot.eventCount > 0 && snapshot.eventCount <= trace.size())
        return trace[snapshot.eventCount - 1].coro;
    return 0;
}

QString SourceMarks::toolTip(const Trace &trace, const Snapshot &snapshot, int line) const
{
    QSet<SiteId> sites;
    for (SiteId s = 1; s < trace.siteCount(); ++s)
        if (trace.site(s).line == line && inFile(trace, s))
            sites.insert(s);
    QStringList out{tr("line %1: suspension point").arg(line)};
    QString lastOut, lastIn;
    const std::size_t end = std::min(snapshot.eventCount, trace.size());
    const std::size_t stop = end > kToolTipScan ? end - kToolTipScan : 0;
    for (std::size_t i = end; i > stop && (lastOut.isEmpty() || lastIn.isEmpty()) && !sites.isEmpty(); --i) {
        const Event &e = trace[i - 1];
        if (!sites.contains(e.site))
            continue;
        const QString who = QStringLiteral(" — %1, event %2").arg(coroutineLabel(trace, e.coro)).arg(i - 1);
        if (lastOut.isEmpty()) {
            if (e.kind == EventKind::Yielded)
                lastOut = tr("last yielded: %1").arg(trace.valueText(e.arg)) + who;
            else if (e.kind == EventKind::Awaiting || e.kind == EventKind::ExternalWait)
                lastOut = tr("last awaited: %1").arg(awaitedText(trace, e)) + who;
            else if (e.kind == EventKind::Suspended)
                lastOut = tr("last: sleep(0)") + who;
        }
        if (lastIn.isEmpty()) {
            if (e.kind == EventKind::Sent)
                lastIn = tr("last sent: %1").arg(trace.valueText(e.arg)) + who;
            else if (e.kind == EventKind::Threw && ThrowKind(e.aux) == ThrowKind::ThrownIn)
                lastIn = tr("last thrown in: %1").arg(trace.valueText(e.arg)) + who;
        }
    }
    if (lastOut.isEmpty() && lastIn.isEmpty())
        out << tr("not reached before the cursor");
    if (!lastOut.isEmpty())
        out << lastOut;
    if (!lastIn.isEmpty())
        out << lastIn;
    QStringList parked;
    int more = 0;
    for (CoroId id = 1; id < snapshot.coroutines.size(); ++id) {
        const CoroutineSnapshot &c = snapshot.coroutines[id];
        if (c.state == CoroutineState::Parked && sites.contains(c.site)) {
            if (parked.size() < 6)
                parked << coroutineLabel(trace, id);
            else
                ++more;
        }
    }
    if (!parked.isEmpty())
        out << tr("suspended here now: %1").arg(parked.join(QStringLiteral(", ")))
                + (more ? tr(" and %1 more").arg(more) : QString());
    return out.join(u'\n');
}

} // namespace coroscope
