#pragma once

// Filters the event log: free text over coroutine, kind, summary and site,
// and whether the loop's bookkeeping (enqueue, dequeue, timers, idle) shows.
//
// Not a QSortFilterProxyModel: that one maps every source row and re-walks
// its mapping on each insertion, which costs O(events) per cursor move on a
// 10-million-event trace. The event log's rows are append-only records (row i
// is event i whatever the cursor), so this proxy keeps the sorted list of
// matching source rows over the prefix it has scanned and, as the cursor
// moves, only scans the rows it has never seen; moving back just shows fewer
// of them. With no filter set it is the identity: O(1) per cursor move.

#include <QAbstractProxyModel>

#include <vector>

namespace coroscope::ui {

class EventLogFilterModel final : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit EventLogFilterModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    void setShowBookkeeping(bool show);
    bool showBookkeeping() const { return m_showBookkeeping; }

    void setSourceModel(QAbstractItemModel *source) override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    bool filtering() const { return !m_text.isEmpty() || !m_showBookkeeping; }
    bool accepts(int sourceRow) const;
    // Source rows scanned so far extended to `sourceRows`; returns the proxy row count for that many source rows.
    int scanTo(int sourceRows);
    void refilter();
    void sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsRemoved(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

    // What the begin… signal sent for a source change promised its end… to finish.
    enum class Pending { Nothing, Identity, Truncate, Reset };

    QString m_text;
    bool m_showBookkeeping = true;
    std::vector<int> m_matches; // accepted source rows below m_scanned, increasing (unused when not filtering)
    int m_scanned = 0;
    int m_sourceRows = 0; // the source's row count as last announced
    int m_rows = 0;       // this model's row count
    Pending m_pending = Pending::Nothing;
    int m_pendingRows = 0;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace coroscope::ui
