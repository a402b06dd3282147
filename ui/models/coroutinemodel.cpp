#include "coroutinemodel.h"

#include "session.h"
#include "tracecolors.h"

#include <coroscope/internals.h>

#include <QApplication>
#include <QFont>
#include <QIcon>
#include <QStyle>

#include <algorithm>

namespace coroscope::ui {

namespace {

// Rows of finished coroutines are dimmed in every column.
bool dimmed(CoroutineState s)
{
    return s == CoroutineState::Done || s == CoroutineState::Destroyed;
}

QString bytesText(std::uint32_t bytes)
{
    if (bytes == 0)
        return QStringLiteral("—");
    if (bytes < 10 * 1024)
        return QStringLiteral("%1 B").arg(bytes);
    return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
}

} // namespace

CoroutineModel::CoroutineModel(Session *session, QObject *parent) : QAbstractTableModel(parent), m_session(session)
{
    connect(session, &Session::traceReset, this, &CoroutineModel::rebuild);
    connect(session, &Session::cursorChanged, this, &CoroutineModel::update);
    rebuild();
}

int CoroutineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CoroutineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QModelIndex CoroutineModel::indexOf(CoroId id, int column) const
{
    if (id == 0 || id > m_rows.size())
        return {};
    return index(int(id - 1), column);
}

std::uint16_t CoroutineModel::warnings(CoroId id) const
{
    return id && id <= m_rows.size() ? m_rows[id - 1].warnings : 0;
}

std::size_t CoroutineModel::rowCountAtCursor() const
{
    const Snapshot &s = m_session->snapshot();
    std::size_t n = s.coroutines.size();
    while (n > 1 && s.coroutines[n - 1].state == CoroutineState::Absent)
        --n;
    return n ? n - 1 : 0;
}

CoroutineModel::Context CoroutineModel::contextAtCursor() const
{
    const Snapshot &s = m_session->snapshot();
    return Context{&s, s.runningNow(), WarningRules(m_session->trace(), s, m_session->atEnd())};
}

CoroutineModel::Row CoroutineModel::rowAt(const Context &ctx, CoroId id) const
{
    Row r;
    r.c = ctx.s->coroutines[id];
    r.current = id == ctx.current;
    r.warnings = ctx.warnings.of(id);
    return r;
}

void CoroutineModel::remember(const Context &ctx)
{
    m_basis.cursor = ctx.s->eventCount;
    m_basis.current = ctx.current;
    m_basis.deadlocked = ctx.s->deadlocked;
    m_basis.finished = ctx.s->finished;
    m_basis.leakCheck = ctx.warnings.checksLeaks();
    m_basis.cycle = ctx.warnings.cycle();
}

void CoroutineModel::tally(const Row &row, int sign) noexcept
{
    m_live += sign * int(isLive(row.c.state));
    m_withWarnings += sign * int(row.warnings != 0);
    m_byGroup[row.group].live += sign * int(isLive(row.c.state));
    m_byGroup[row.group].rows += sign;
}

std::uint8_t CoroutineModel::groupOf(CoroId id) const
{
    const Trace &trace = m_session->trace();
    return std::uint8_t((isLibraryInternal(trace, id) ? kGroupInternal : 0)
                        | (trace.coroutine(id).kind == CoroutineKind::Future ? kGroupFuture : 0));
}

CoroutineModel::Counts CoroutineModel::counts(bool internals, bool futures) const noexcept
{
    Counts out;
    for (std::size_t g = 0; g < std::size(m_byGroup); ++g) {
        if ((!internals && (g & kGroupInternal)) || (!futures && (g & kGroupFuture)))
            continue;
        out.live += m_byGroup[g].live;
        out.rows += m_byGroup[g].rows;
    }
    return out;
}

void CoroutineModel::assign(Row &row, const Row &next) noexcept
{
    tally(row, -1);
    const std::uint8_t group = row.group;
    row = next;
    row.group = group;
    tally(row, 1);
}

void CoroutineModel::rebuild()
{
    beginResetModel();
    const Context ctx = contextAtCursor();
    m_rows.resize(rowCountAtCursor());
    m_live = m_withWarnings = 0;
    std::fill(std::begin(m_byGroup), std::end(m_byGroup), Counts{});
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        m_rows[i] = rowAt(ctx, CoroId(i + 1));
        m_rows[i].group = groupOf(CoroId(i + 1));
        tally(m_rows[i], 1);
    }
    remember(ctx);
    endResetModel();
}

// One event forward or back changes the snapshot of that event's coroutine
// only (Snapshot::apply writes no other), so only its row and the rows of the
// old and new running coroutine can look different, unless something a row
// derives from others changed: the loop's deadlock / finished state, an await
// cycle, or the destruction of a coroutine others await (they become orphans).
// Then, and for every other cursor move, all rows are compared.
bool CoroutineModel::updateStep()
{
    const Snapshot &s = m_session->snapshot();
    const std::size_t cursor = s.eventCount;
    if ((m_basis.cursor + 1 != cursor && cursor + 1 != m_basis.cursor) || !m_basis.cycle.empty())
        return false;
    const Trace &trace = m_session->trace();
    const std::size_t eventIndex = std::min(m_basis.cursor, cursor);
    if (eventIndex >= trace.size() || rowCountAtCursor() != m_rows.size())
        return false;
    // No await edge changed since the basis had no cycle (checked below), so there is none.
    const Context ctx{&s, s.runningNow(), WarningRules(trace, s, m_session->atEnd(), false)};
    Basis next;
    next.deadlocked = s.deadlocked;
    next.finished = s.finished;
    next.leakCheck = ctx.warnings.checksLeaks();
    if (!next.sameGlobals(m_basis))
        return false;
    const CoroId id = trace[eventIndex].coro;
    if (id && id <= m_rows.size()) {
        const CoroutineSnapshot &before = m_rows[id - 1].c;
        const CoroutineSnapshot &after = s.coroutines[id];
        if ((before.state == CoroutineState::Destroyed) != (after.state == CoroutineState::Destroyed))
            return false;
        const bool sameEdge = before.awaitsCoroutine() && before.awaitTarget == after.awaitTarget
            && before.awaitKind == after.awaitKind;
        if (after.awaitsCoroutine() && !sameEdge) // a new await edge may close a cycle
            return false;
    }
    const CoroId candidates[] = {id, m_basis.current, ctx.current};
    for (std::size_t k = 0; k < std::size(candidates); ++k) {
        const CoroId c = candidates[k];
        if (c == 0 || c > m_rows.size() || std::find(candidates, candidates + k, c) != candidates + k)
            continue;
        Row fresh = rowAt(ctx, c);
        Row &row = m_rows[c - 1];
        const bool whole = row.warnings != fresh.warnings || row.current != fresh.current
            || dimmed(row.c.state) != dimmed(fresh.c.state);
        const bool changed = whole || row.c != fresh.c;
        assign(row, fresh);
        if (changed) {
            const int r = int(c - 1);
            Q_EMIT dataChanged(index(r, whole ? 0 : int(StateColumn)), index(r, whole ? ColumnCount - 1 : AwaitingColumn));
        }
    }
    remember(ctx);
    return true;
}

void CoroutineModel::update()
{
    if (updateStep())
        return;
    const Context ctx = contextAtCursor();
    remember(ctx);
    const int oldCount = int(m_rows.size());
    const int newCount = int(rowCountAtCursor());
    if (newCount < oldCount) {
        beginRemoveRows({}, newCount, oldCount - 1);
        for (int i = newCount; i < oldCount; ++i)
            tally(m_rows[std::size_t(i)], -1);
        m_rows.resize(std::size_t(newCount));
        endRemoveRows();
    }
    // Changed rows as contiguous runs: a step touches one or two coroutines. A run is
    // "whole" when a row's warnings or current mark changed (every column's look), else
    // only the state columns changed (never the id, name, kind or frame).
    struct Run
    {
        int first, last;
        bool whole;
    };
    std::vector<Run> runs;
    std::vector<int> wholeRows;
    const int shared = std::min(oldCount, newCount);
    for (int i = 0; i < shared; ++i) {
        Row next = rowAt(ctx, CoroId(i + 1));
        Row &row = m_rows[std::size_t(i)];
        const bool whole = row.warnings != next.warnings || row.current != next.current
            || dimmed(row.c.state) != dimmed(next.c.state);
        const bool changed = whole || row.c != next.c;
        assign(row, next); // also what no column shows (the last event of the tooltip)
        if (!changed)
            continue;
        if (whole)
            wholeRows.push_back(i);
        if (!runs.empty() && runs.back().last == i - 1) {
            runs.back().last = i;
            runs.back().whole |= whole;
        } else {
            runs.push_back(Run{i, i, whole});
        }
    }
    auto announce = [this](int first, int last, bool whole) {
        Q_EMIT dataChanged(index(first, whole ? 0 : int(StateColumn)), index(last, whole ? ColumnCount - 1 : AwaitingColumn));
    };
    // A long run is announced over the state columns, with its rows that changed as a
    // whole apart: one range over every column would make a sorted proxy re-check the
    // order of every row in it.
    constexpr std::size_t kMaxRuns = 16;
    constexpr int kLongRun = 64;
    const bool longRuns = std::any_of(runs.begin(), runs.end(), [](const Run &r) { return r.last - r.first >= kLongRun; });
    if (runs.size() <= kMaxRuns && !longRuns) {
        for (const Run &r : runs)
            announce(r.first, r.last, r.whole);
    } else {
        // A seek: one range over the state columns, and the few rows whose look changed as a whole.
        announce(runs.front().first, runs.back().last, false);
        if (wholeRows.size() > kMaxRuns) {
            announce(wholeRows.front(), wholeRows.back(), true);
        } else {
            for (std::size_t i = 0; i < wholeRows.size();) {
                std::size_t j = i + 1;
                while (j < wholeRows.size() && wholeRows[j] == wholeRows[j - 1] + 1)
                    ++j;
                announce(wholeRows[i], wholeRows[j - 1], true);
                i = j;
            }
        }
    }
    if (newCount > oldCount) {
        beginInsertRows({}, oldCount, newCount - 1);
        m_rows.resize(std::size_t(newCount));
        for (int i = oldCount; i < newCount; ++i) {
            m_rows[std::size_t(i)] = rowAt(ctx, CoroId(i + 1));
            m_rows[std::size_t(i)].group = groupOf(CoroId(i + 1));
            tally(m_rows[std::size_t(i)], 1);
        }
        endInsertRows();
    }
}

std::optional<qint64> CoroutineModel::numericSortKey(int row, int column) const
{
    if (row < 0 || std::size_t(row) >= m_rows.size())
        return std::nullopt;
    const CoroId id = coroutineAt(row);
    switch (column) {
    case IdColumn:
        return qint64(id);
    case StateColumn:
        return qint64(m_rows[std::size_t(row)].c.state);
    case ResumesColumn:
        return qint64(m_rows[std::size_t(row)].c.resumes);
    case FrameColumn:
        return id <= m_session->trace().coroutineCount() ? qint64(m_session->trace().coroutine(id).frameSize) : 0;
    default:
        return std::nullopt;
    }
}

QVariant CoroutineModel::display(const Row &row, CoroId id, int column) const
{
    const Trace &trace = m_session->trace();
    const CoroutineSnapshot &c = row.c;
    const bool described = id <= trace.coroutineCount();
    switch (column) {
    case IdColumn:
        return QVariant::fromValue(id);
    case NameColumn:
        return described ? trace.coroutine(id).name : QString();
    case KindColumn:
        return described ? nameOf(trace.coroutine(id).kind) : QString();
    case StateColumn: {
        if (c.cancelRequested && !isFinished(c.state))
            return QString(nameOf(c.state) + QStringLiteral(" (cancelling)"));
        // At a Step Loop stop the loop has taken this coroutine's entry: still suspended (or not
        // started), it resumes at the next event. Said so, not to look stuck.
        const std::size_t cursor = m_session->cursor();
        if ((c.state == CoroutineState::Parked || c.state == CoroutineState::Created) && cursor > 0
            && cursor <= trace.size()) {
            const Event &e = trace[cursor - 1];
            if (e.kind == EventKind::Dequeued && e.aux != 1 && e.coro == id)
                return QStringLiteral("runs next");
        }
        return nameOf(c.state);
    }
    case PointColumn:
        return siteText(trace, c.site);
    case ResumesColumn:
        return c.resumes;
    case LastValueColumn:
        if (c.lastValueKind == 0)
            return QString();
        return QString((c.lastValueIsInput ? QStringLiteral("→ ") : QStringLiteral("← ")) + trace.valueText(c.lastValue));
    case AwaitingColumn:
        return awaitingText(trace, c);
    case FrameColumn:
        return described ? bytesText(trace.coroutine(id).frameSize) : QString();
    }
    return {};
}

QString CoroutineModel::toolTip(const Row &row, CoroId id, int column) const
{
    const Trace &trace = m_session->trace();
    QStringList lines;
    if (row.warnings && (column == NameColumn || column == StateColumn)) {
        for (WarningKind w : warningList(row.warnings))
            lines << QStringLiteral("<b>%1</b>: %2").arg(warningTitle(w), warningExplanation(w));
    }
    switch (column) {
    case PointColumn:
        lines << siteToolTip(trace, row.c.site);
        break;
    case LastValueColumn:
        if (row.c.lastValueKind)
            lines << QStringLiteral("%1 %2 (event %3)")
                         .arg(row.c.lastValueIsInput ? QStringLiteral("in:") : QStringLiteral("out:"),
                              nameOf(EventKind(row.c.lastValueKind)))
                         .arg(row.c.lastEvent);
        break;
    case NameColumn:
        if (id <= trace.coroutineCount())
            lines << QStringLiteral("created at ") + siteToolTip(trace, trace.coroutine(id).creationSite);
        break;
    default:
        break;
    }
    lines.removeAll(QString());
    return lines.join(QStringLiteral("<br>"));
}

QVariant CoroutineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const CoroId id = coroutineAt(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(row, id, column);
    case SortRole:
        if (column == IdColumn || column == ResumesColumn)
            return display(row, id, column);
        if (column == FrameColumn)
            return id <= m_session->trace().coroutineCount() ? m_session->trace().coroutine(id).frameSize : 0u;
        if (column == StateColumn)
            return int(row.c.state);
        return display(row, id, column);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(row, id, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::ForegroundRole:
        if (column == StateColumn)
            return stateColor(row.c.state, QApplication::palette());
        if (column == NameColumn && row.warnings)
            return warningColor(QApplication::palette());
        if (dimmed(row.c.state))
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (row.current) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::DecorationRole:
        if (column == NameColumn && row.warnings)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return {};
    case Qt::TextAlignmentRole:
        if (column == IdColumn || column == ResumesColumn || column == FrameColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case CoroIdRole:
        return QVariant::fromValue(id);
    case StateRole:
        return int(row.c.state);
    case WarningsRole:
        return row.warnings;
    case CurrentRole:
        return row.current;
    case KindRole:
        return int(m_session->trace().coroutine(id).kind);
    case InternalRole:
        return isLibraryInternal(m_session->trace(), id);
    default:
        return {};
    }
}

QVariant CoroutineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        static const char *const tips[] = {
            "The coroutine's id in this run",
            "The coroutine function (or the name given to spawn)",
            "generator, task (async def), async generator, future",
            "created, running, suspended (C++: parked at a co_await / co_yield), done, failed, cancelled",
            "The suspension point (co_await / co_yield: Python's await / yield) it is at or last left, file:line",
            "How many times it was resumed: next(), send(), or the loop",
            "The last value out (←: yielded or returned) or in (→: sent)",
            "What it waits for, while suspended at a co_await",
            "Its coroutine frame: the heap block holding its locals and where to resume"};
        static_assert(std::size(tips) == ColumnCount);
        return section >= 0 && section < ColumnCount ? QString::fromLatin1(tips[section]) : QVariant();
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[] = {"Id",          "Name",          "Kind",     "State", "Point",
                                         "Resumes",     "Last value",    "Awaiting", "Frame"};
    static_assert(std::size(titles) == ColumnCount);
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

} // namespace coroscope::ui
