#include "eventlogmodel.h"

#include "session.h"
#include "tracecolors.h"

#include <QApplication>
#include <QFont>

namespace coroscope::ui {

EventLogModel::EventLogModel(Session *session, QObject *parent)
    : CursorPrefixModel({QStringLiteral("Event"), QStringLiteral("Clock"), QStringLiteral("Coroutine"),
                         QStringLiteral("Kind"), QStringLiteral("What"), QStringLiteral("Site")},
                        parent),
      m_session(session)
{
    Q_ASSERT(columnCount() == ColumnCount);
    connect(session, &Session::traceReset, this,
            [this] { resetPrefixRows([this] { return int(m_session->cursor()); }); });
    connect(session, &Session::cursorChanged, this, &EventLogModel::update);
    setPrefixRows(int(m_session->cursor()));
}

void EventLogModel::update()
{
    const int oldCurrent = prefixRows() - 1;
    setPrefixRows(int(m_session->cursor()));
    const int rows = prefixRows();
    // The current event is drawn bold: the old and the new last row change.
    if (oldCurrent >= 0 && oldCurrent < rows)
        Q_EMIT dataChanged(index(oldCurrent, 0), index(oldCurrent, ColumnCount - 1), {Qt::FontRole});
    if (rows > 0)
        Q_EMIT dataChanged(index(rows - 1, 0), index(rows - 1, ColumnCount - 1), {Qt::FontRole});
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
        if (int(i) == prefixRows() - 1) {
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

} // namespace coroscope::ui
