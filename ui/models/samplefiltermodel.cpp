#include "samplefiltermodel.h"

#include "samplelistmodel.h"

namespace coroscope::ui {

SampleFilterModel::SampleFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
}

void SampleFilterModel::setFilterText(const QString &text)
{
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    invalidateRowsFilter();
}

bool SampleFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!sourceParent.isValid())
        return false; // a group shows through its samples (recursive filtering)
    const QString text = i.data(SampleListModel::FilterTextRole).toString();
    for (const QString &w : m_words)
        if (!text.contains(w, Qt::CaseInsensitive))
            return false;
    return true;
}

} // namespace coroscope::ui
