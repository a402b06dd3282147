#include "coroutinemodel.h"

#include "session.h"
#include "uitext.h"

#include <QApplication>
#include <QFont>
#include <QIcon>
#include <QStyle>

namespace coroscope::ui {

namespace {

bool finished(CoroutineState s)
{
    return s == CoroutineState::Done || s == CoroutineState::Failed || s == CoroutineState::Cancelled
        || s == CoroutineState::Destroyed;
}

bool sameRow(const CoroutineSnapshot &a, const CoroutineSnapshot &b)
{
    return a.state == b.state && a.awaitKind == b.awaitKind && a.awaiting == b.awaiting
        && a.cancelRequested == b.cancelRequested && a.frameAlive == b.frameAlive && a.site == b.site
        && a.resumes == b.resumes && a.lastValue == b.lastValue && a.lastValueKind == b.lastValueKind
        && a.lastValueIsInput == b.lastValueIsInput && a.awaitTarget == b.awaitTarget;
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

std::vector<CoroutineModel::Row> CoroutineModel::rowsAtCursor() const
{
    const Snapshot &s = m_session->snapshot();
    const Trace &trace = m_session->trace();
    std::size_t n = s.coroutines.size();
    while (n > 1 && s.coroutines[n - 1].state == CoroutineState::Absent)
        --n;
    std::vector<Row> rows(n ? n - 1 : 0);
    const CoroId current = s.runningNow();
    const bool atEnd = m_session->atEnd();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const CoroId id = CoroId(i + 1);
        const CoroutineSnapshot &c = s.coroutines[id];
        Row &r = rows[i];
        r.c = c;
        r.current = id == current;
        r.warnings = c.warnings;
        if (c.state == CoroutineState::Parked && c.awaiting) {
            const auto &target = s.coroutine(c.awaitTarget);
            const bool awaitsCoroutine = c.awaitKind != AwaitKind::Sleep && c.awaitKind != AwaitKind::External;
            if (s.deadlocked)
                r.warnings |= 1u << unsigned(WarningKind::Deadlock);
            else if (s.finished || (awaitsCoroutine && target.state == CoroutineState::Destroyed))
                r.warnings |= 1u << unsigned(WarningKind::Orphan);
        }
        if (atEnd && s.finished && c.frameAlive && c.state != CoroutineState::Running && id <= trace.coroutineCount()
            && trace.coroutine(id).kind != CoroutineKind::Future)
            r.warnings |= 1u << unsigned(WarningKind::LeakedFrame);
    }
    for (CoroId id : s.awaitCycle())
        if (id && id <= rows.size())
            rows[id - 1].warnings |= 1u << unsigned(WarningKind::Deadlock);
    return rows;
}

void CoroutineModel::rebuild()
{
    beginResetModel();
    m_rows = rowsAtCursor();
    endResetModel();
}

void CoroutineModel::update()
{
    std::vector<Row> next = rowsAtCursor();
    const int oldCount = int(m_rows.size());
    const int newCount = int(next.size());
    if (newCount < oldCount) {
        beginRemoveRows({}, newCount, oldCount - 1);
        m_rows.resize(std::size_t(newCount));
        endRemoveRows();
    }
    // Announce changed rows as contiguous runs: a step touches one or two coroutines.
    const int shared = std::min(oldCount, newCount);
    int runStart = -1;
    for (int i = 0; i <= shared; ++i) {
        const bool changed = i < shared
            && (!sameRow(m_rows[i].c, next[i].c) || m_rows[i].warnings != next[i].warnings
                || m_rows[i].current != next[i].current);
        if (changed) {
            m_rows[i] = next[i];
            if (runStart < 0)
                runStart = i;
        } else if (runStart >= 0) {
            Q_EMIT dataChanged(index(runStart, 0), index(i - 1, ColumnCount - 1));
            runStart = -1;
        }
    }
    if (newCount > oldCount) {
        beginInsertRows({}, oldCount, newCount - 1);
        m_rows.insert(m_rows.end(), next.begin() + oldCount, next.end());
        endInsertRows();
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
    case StateColumn:
        return c.cancelRequested && !finished(c.state) ? QString(nameOf(c.state) + QStringLiteral(" (cancelling)"))
                                                        : nameOf(c.state);
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
        if (row.c.state == CoroutineState::Done || row.c.state == CoroutineState::Destroyed)
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
    default:
        return {};
    }
}

QVariant CoroutineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[] = {"Id",          "Name",          "Kind",     "State", "Point",
                                         "Resumes",     "Last value",    "Awaiting", "Frame"};
    static_assert(std::size(titles) == ColumnCount);
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

} // namespace coroscope::ui
