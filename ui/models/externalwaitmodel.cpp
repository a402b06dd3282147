#include "externalwaitmodel.h"

#include "session.h"
#include "tracecolors.h"

namespace coroscope::ui {

namespace {
// Waits are appended in event order and leave from anywhere: sorted by `since`.
bool bySince(const ExternalWaitSnapshot &a, const ExternalWaitSnapshot &b)
{
    return a.since < b.since;
}
} // namespace

ExternalWaitModel::ExternalWaitModel(Session *session, QObject *parent)
    : AnimatedListModel(parent), m_session(session)
{
    connect(session, &Session::traceReset, this, [this] { resetTo(m_rows, m_session->snapshot().externals); });
    connect(session, &Session::cursorChanged, this,
            [this] { morph(m_rows, m_session->snapshot().externals, bySince); });
    resetTo(m_rows, m_session->snapshot().externals);
}

int ExternalWaitModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExternalWaitModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExternalWaitModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ExternalWaitSnapshot &w = m_rows[std::size_t(index.row())];
    const Trace &trace = m_session->trace();
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case CoroutineColumn:
            return coroutineLabel(trace, w.coro);
        case WaitingForColumn:
            return trace.valueText(w.description);
        case SiteColumn:
            return siteText(trace, w.site);
        case SinceColumn: // numbered as the Log numbers it
            return qulonglong(m_session->runEventNumber(w.since));
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SiteColumn)
            return siteToolTip(trace, w.site);
        return trace.valueText(w.description);
    case Qt::TextAlignmentRole:
        if (index.column() == SinceColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case CoroIdRole:
        return w.coro;
    case EventRole:
        return w.since;
    case AppearedRole:
        return appeared(index.row());
    default:
        return {};
    }
}

QVariant ExternalWaitModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == SinceColumn)
        return QStringLiteral("The event at which the wait began (the Log's # column)");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return AnimatedListModel::headerData(section, orientation, role);
    static const char *const titles[] = {"Coroutine", "Waiting for", "Site", "Since event"};
    static_assert(std::size(titles) == ColumnCount);
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

} // namespace coroscope::ui
