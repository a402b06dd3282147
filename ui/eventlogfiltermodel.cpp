#include "eventlogfiltermodel.h"

#include "eventlogmodel.h"

namespace coroscope::ui {

EventLogFilterModel::EventLogFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(EventLogModel::SortRole);
}

void EventLogFilterModel::setFilterText(const QString &text)
{
    const QString t = text.trimmed();
    if (t == m_text)
        return;
    m_text = t;
    invalidateRowsFilter();
}

void EventLogFilterModel::setShowBookkeeping(bool show)
{
    if (show == m_showBookkeeping)
        return;
    m_showBookkeeping = show;
    invalidateRowsFilter();
}

bool EventLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty() && m_showBookkeeping)
        return true; // the common case stays cheap on long traces
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_showBookkeeping && !i.data(EventLogModel::StepRole).toBool())
        return false;
    return m_text.isEmpty() || i.data(EventLogModel::FilterTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace coroscope::ui
