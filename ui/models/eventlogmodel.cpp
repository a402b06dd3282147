#include "eventlogmodel.h"

#include "session.h"
#include "tracecolors.h"

#include <QApplication>
#include <QFont>

namespace coroscope::ui {

EventLogModel::EventLogModel(Session *session, QObject *parent) : QAbstractTableModel(parent), m_session(session)
{
    connect(session, &Session::traceReset, this, [this] {
        beginResetModel();
        m_rows = int(m_session->cursor());
        endResetModel();
    });
    connect(session, &Session::cursorChanged, this, &EventLogModel::update);
    m_rows = int(m_session->cursor());
}

void EventLogModel::update()
{
    const int rows = int(m_session->cursor());
    const int oldCurrent = m_rows - 1;
    if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    } else if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
    // The current event is drawn bold: the old and the new last row change.
    if (oldCurrent >= 0 && oldCurrent < m_rows)
        Q_EMIT dataChanged(index(oldCurrent, 0), index(oldCurrent, ColumnCount - 1), {Qt::FontRole});
    if (m_rows > 0)
        Q_EMIT dataChanged(index(m_rows - 1, 0), index(m_rows - 1, ColumnCount - 1), {Qt::FontRole});
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::size_t i = std::size_t(index.row());
    const Trace &trace = m_session->trace();
    const Event &e = trace[i];
    const bool step = isStepEvent(e);
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case EventColumn:
            return qulonglong(m_session->runEventNumber(i));
        case TimeColumn:
            return role == SortRole ? QVariant(qlonglong(trace.loopTimeAt(i))) : QVariant(clockText(trace.loopTimeAt(i)));
        case CoroutineColumn:
            return e.coro ? coroutineLabel(trace, e.coro) : QStringLiteral("loop");
        case KindColumn:
            return nameOf(e.kind);
        case DetailColumn:
            return eventSummary(trace, e);
        case SiteColumn:
            return siteText(trace, e.site);
        }
        return {};
    case FilterTextRole:
        return QStringList{e.coro ? coroutineLabel(trace, e.coro) : QStringLiteral("loop"), nameOf(e.kind),
                           eventSummary(trace, e), siteText(trace, e.site)}
            .join(u' ');
    case Qt::ToolTipRole:
        if (index.column() == SiteColumn)
            return siteToolTip(trace, e.site);
        return eventSummary(trace, e);
    case Qt::ForegroundRole:
        if (!step)
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        if (e.kind == EventKind::Warning || e.kind == EventKind::Threw)
            return stateColor(CoroutineState::Failed, QApplication::palette());
        return {};
    case Qt::FontRole:
        if (int(i) == m_rows - 1) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == EventColumn || index.column() == TimeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case EventRole:
        return qulonglong(i);
    case KindRole:
        return int(e.kind);
    case CoroIdRole:
        return e.coro;
    case StepRole:
        return step;
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[] = {"Event", "Clock", "Coroutine", "Kind", "What", "Site"};
    static_assert(std::size(titles) == ColumnCount);
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

} // namespace coroscope::ui
