#pragma once

// A flat list of uniform rows under a column header, whose every operation
// costs the rows on screen. QTreeView lays out every row of its model whenever
// the row count changes and QTableView's vertical header walks all its
// sections; the event log has one row per event up to the cursor (millions),
// and the event loop's ready queue and timers can hold 100,000 entries, and
// their counts change on every step. Here a row's position is its number
// times the row height, so there is nothing to lay out.
//
// The vertical scroll bar counts rows; the horizontal one pixels. Selection is
// by whole rows, one at a time; clicks, keys and the delegate are the stock
// QAbstractItemView ones.

#include <QAbstractItemView>

class QHeaderView;

namespace coroscope::ui {

class FlatTableView final : public QAbstractItemView
{
    Q_OBJECT
public:
    explicit FlatTableView(QWidget *parent = nullptr);
    ~FlatTableView() override;

    QHeaderView *header() const { return m_header; }
    int rowHeight() const;

    // As QTreeView's: a click on a column's header sorts the model by it
    // (QAbstractItemModel::sort), and the header shows the order.
    void setSortingEnabled(bool enable);
    void sortByColumn(int column, Qt::SortOrder order);

    void setModel(QAbstractItemModel *model) override;
    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override;
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &index) const override;
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void updateGeometries() override;
    void scrollContentsBy(int dx, int dy) override;
    void paintEvent(QPaintEvent *event) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) override;
    void changeEvent(QEvent *event) override;

private:
    int firstVisibleRow() const;
    int visibleRowCount() const; // rows that fit entirely
    int rowAt(int y) const;      // -1 outside the rows
    void modelChangedShape();

    QHeaderView *m_header;
    QList<QMetaObject::Connection> m_modelConnections;
    mutable int m_rowHeight = 0;        // from the delegate's size hint, computed on first use
    mutable bool m_rowHeightFromData = false; // measured on a real row (not the empty model's guess)
    bool m_inGeometries = false;
    QMetaObject::Connection m_sorting;
};

} // namespace coroscope::ui
