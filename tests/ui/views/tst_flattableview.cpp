// FlatTableView, the flat list under the event log and the event loop's
// queues: rows placed by number, and a change repaints the rows on screen
// only, however long the list and however wide the changed range.

#include "flattableview.h"

#include <QAbstractTableModel>
#include <QHeaderView>
#include <QPainter>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTest>

using namespace coroscope::ui;

namespace {

class Numbers final : public QAbstractTableModel
{
public:
    explicit Numbers(int rows) : m_rows(rows) {}
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_rows; }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 2; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::DisplayRole)
            return {};
        return index.column() == 0 ? QVariant(index.row()) : QVariant(index.row() + m_shift);
    }
    // Every row's second column changes, as the queue positions do when the front entry leaves.
    void shift()
    {
        ++m_shift;
        Q_EMIT dataChanged(index(0, 1), index(m_rows - 1, 1));
    }
    void touch(int first, int last) { Q_EMIT dataChanged(index(first, 0), index(last, 1)); }

private:
    int m_rows;
    int m_shift = 0;
};

// Remembers which rows were painted.
class PaintedRows final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    mutable QSet<int> rows;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        rows.insert(index.row());
        QStyledItemDelegate::paint(painter, option, index);
    }
};

} // namespace

class TestFlatTableView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void changesRepaintOnlyTheRowsOnScreen()
    {
        Numbers model(100000);
        FlatTableView view;
        auto *painted = new PaintedRows(&view);
        view.setItemDelegate(painted);
        view.setModel(&model);
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(!painted->rows.isEmpty());
        const int h = view.rowHeight();
        const int onScreen = view.viewport()->height() / h;
        QVERIFY(onScreen >= 5);
        QCOMPARE(view.indexAt(QPoint(5, 2 * h + 1)), model.index(2, 0));
        QCOMPARE(view.visualRect(model.index(3, 1)).top(), 3 * h);

        // Rows far below the screen: nothing to repaint.
        painted->rows.clear();
        model.touch(50000, 60000);
        QTest::qWait(50);
        QCOMPARE(painted->rows, QSet<int>{});

        // A change over every row repaints the rows on screen, not 100,000.
        model.shift();
        QTRY_VERIFY(!painted->rows.isEmpty());
        QVERIFY(painted->rows.size() <= onScreen + 1);
        QVERIFY(painted->rows.contains(0));
        QVERIFY(painted->rows.contains(onScreen - 1));
        QVERIFY(!painted->rows.contains(onScreen + 2));

        // One row on screen: that row is repainted.
        painted->rows.clear();
        model.touch(2, 2);
        QTRY_VERIFY(painted->rows.contains(2));

        // Scrolled down, a change around the new top is on screen, and the old top is not.
        view.verticalScrollBar()->setValue(70000);
        QTest::qWait(20);
        painted->rows.clear();
        model.touch(0, 70001);
        QTRY_VERIFY(painted->rows.contains(70001));
        QVERIFY(!painted->rows.contains(0));
        QVERIFY(!painted->rows.contains(69999));
    }

    // Sorting as in QTreeView: sortByColumn, then a click on the header flips the order.
    void headerClicksSort()
    {
        Numbers model(1000);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        FlatTableView view;
        view.setModel(&proxy);
        view.setSortingEnabled(true);
        view.sortByColumn(0, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toInt(), 999);
        QCOMPARE(view.header()->sortIndicatorSection(), 0);
        QCOMPARE(view.header()->sortIndicatorOrder(), Qt::DescendingOrder);
        view.sortByColumn(0, Qt::DescendingOrder); // the same again: still sorted, no harm
        QCOMPARE(proxy.index(0, 0).data().toInt(), 999);
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QPoint onFirstSection(view.header()->sectionViewportPosition(0) + 5, view.header()->height() / 2);
        QTest::mouseClick(view.header()->viewport(), Qt::LeftButton, {}, onFirstSection);
        QCOMPARE(view.header()->sortIndicatorOrder(), Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toInt(), 0);
        QCOMPARE(view.indexAt(QPoint(5, 1)).data().toInt(), 0);
    }
};

QTEST_MAIN(TestFlatTableView)
#include "tst_flattableview.moc"
