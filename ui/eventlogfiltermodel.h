#pragma once

// Filters the event log: free text over coroutine, kind, summary and site,
// and whether the loop's bookkeeping (enqueue, dequeue, timers, idle) shows.

#include <QSortFilterProxyModel>

namespace coroscope::ui {

class EventLogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit EventLogFilterModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    void setShowBookkeeping(bool show);
    bool showBookkeeping() const { return m_showBookkeeping; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    bool m_showBookkeeping = true;
};

} // namespace coroscope::ui
