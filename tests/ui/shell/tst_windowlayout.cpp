// The window as a first launch shows it (no remembered settings) at 1280×800
// and 1024×700: every toolbar control on screen, the graph docks tall enough
// to draw a sample's graphs whole, the table cells people read unclipped
// (checked on the text the views really paint), and the proportions back
// after resizing down and up again.

#include "awaitgraphview.h"
#include "coroutinemodel.h"
#include "coroutinespanel.h"
#include "flattableview.h"
#include "graphview.h"
#include "mainwindow.h"
#include "outputpanel.h"
#include "paintedtext.h"
#include "runcontroller.h"
#include "sendbox.h"
#include "session.h"
#include "statemachineview.h"
#include "testsettings.h"
#include "valuesmodel.h"
#include "valuespanel.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <samplelibrary.h>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

void settle(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
    QCoreApplication::processEvents();
}

void press(MainWindow &w, int key, int times = 1)
{
    for (int i = 0; i < times; ++i) {
        QTest::keyClick(&w, Qt::Key(key));
        settle(w);
    }
}

void runToEnd(MainWindow &w)
{
    press(w, Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isRunning() && w.controller()->settled(), 30000);
}

// Selects a coroutine by a click on its row, the way a person does.
void clickCoroutine(MainWindow &w, const QString &name)
{
    FlatTableView *view = w.coroutinesPanel()->view();
    QModelIndex found;
    for (int r = 0; r < view->model()->rowCount() && !found.isValid(); ++r)
        if (view->model()->index(r, CoroutineModel::NameColumn).data().toString() == name)
            found = view->model()->index(r, CoroutineModel::NameColumn);
    QVERIFY2(found.isValid(), qPrintable(name));
    view->scrollTo(found);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(found).center());
    QTRY_COMPARE(w.session()->selected(), found.data(CoroutineModel::CoroIdRole).value<CoroId>());
}

// Every node of the drawn graph inside the visible part of the view, no scroll bar shown.
bool graphShownWhole(GraphView *view, QString *why)
{
    if (view->horizontalScrollBar()->isVisible() || view->verticalScrollBar()->isVisible()) {
        *why = u"scroll bars shown at zoom %1, scene %2x%3 in %4x%5"_s.arg(view->zoom())
                   .arg(view->sceneRect().width())
                   .arg(view->sceneRect().height())
                   .arg(view->viewport()->width())
                   .arg(view->viewport()->height());
        return false;
    }
    const QRect visible = view->viewport()->rect();
    for (const QRectF &node : view->currentLayout().nodes) {
        const QRect onScreen = view->mapFromScene(node).boundingRect();
        if (!visible.contains(onScreen)) {
            *why = u"zoom %7: node at %1,%2 %3x%4 outside the %5x%6 view"_s.arg(onScreen.x())
                       .arg(onScreen.y())
                       .arg(onScreen.width())
                       .arg(onScreen.height())
                       .arg(visible.width())
                       .arg(visible.height())
                       .arg(view->zoom());
            return false;
        }
    }
    return true;
}

// The text painted in `column` of each row, by row.
QStringList paintedColumn(QAbstractItemView *view, QHeaderView *header, int column)
{
    const QList<test::PaintedText> texts = test::paintedTexts(view->viewport());
    const int left = header->sectionViewportPosition(column);
    const int right = left + header->sectionSize(column);
    QStringList out;
    for (const test::PaintedText &t : texts)
        if (t.at.x() >= left && t.at.x() < right)
            out << t.text;
    return out;
}

} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT

    static void sizes()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1024x700") << QSize(1024, 700);
    }

    // A first launch at `size`: the default layout, the window shown and laid out.
    static void launch(MainWindow &w, QSize size, const QString &sample)
    {
        QSettings().clear();
        w.restoreSettings();
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openSample(sample));
        settle(w);
        QTest::qWait(50); // the queued default dock sizes
        QCOMPARE(w.size(), size);
    }

private Q_SLOTS:
    void initTestCase() { useEmptyTestSettings(u"tst_windowlayout"_s); }

    // Every action and widget of the toolbar lies inside the toolbar and the window, nothing in
    // the overflow menu, and the Send box's button says "Send" in full, also with a generator
    // selected that can be sent to (the Send box then names it).
    void toolbarFits_data() { sizes(); }
    void toolbarFits()
    {
        QFETCH(QSize, size);
        MainWindow w;
        launch(w, size, u"send_accumulator"_s);
        press(w, Qt::Key_F10, 4); // the accumulator parked at its co_yield, main printing
        clickCoroutine(w, u"accumulator"_s);
        QTRY_VERIFY(w.sendBox()->canSend());
        QVERIFY(w.sendBox()->button()->isEnabled());

        auto *bar = w.findChild<QToolBar *>(u"controlsToolBar"_s);
        QVERIFY(bar);
        const QRect window = w.rect();
        const QList<QAction *> actions = bar->actions();
        QVERIFY(actions.size() >= 12);
        for (QAction *a : actions) {
            QWidget *widget = bar->widgetForAction(a);
            QVERIFY2(widget, qPrintable(a->text()));
            if (a->isSeparator())
                continue;
            const QString what =
                a->text().isEmpty() ? QString::fromLatin1(widget->metaObject()->className()) : a->text();
            QVERIFY2(widget->isVisible(), qPrintable(what + u" is hidden (in the overflow menu)"_s));
            const QRect inBar = widget->geometry();
            QVERIFY2(bar->rect().contains(inBar), qPrintable(what + u" falls off the toolbar"_s));
            const QRect inWindow(widget->mapTo(&w, QPoint(0, 0)), widget->size());
            QVERIFY2(window.contains(inWindow), qPrintable(what + u" falls off the window"_s));
        }
        auto *extension = bar->findChild<QToolButton *>(u"qt_toolbar_ext_button"_s);
        QVERIFY(!extension || !extension->isVisible());
        // The Send box's own parts: inside the box, the button's text painted whole.
        for (QWidget *part :
             {static_cast<QWidget *>(w.sendBox()->edit()), static_cast<QWidget *>(w.sendBox()->button())}) {
            QVERIFY(part->isVisible());
            QVERIFY(w.sendBox()->rect().contains(part->geometry()));
            QVERIFY(part->width() >= part->minimumSizeHint().width());
        }
        QStringList texts;
        for (const test::PaintedText &t : test::paintedTexts(w.sendBox()->button()))
            texts << t.text;
        QCOMPARE(texts, QStringList{u"Send"_s});
        QVERIFY(w.sendBox()->edit()->width() >=
                w.sendBox()->edit()->fontMetrics().horizontalAdvance(u"0000"_s));
    }

    // The State machine and Await graph docks get a good part of the height.
    void graphDocksAreTall_data() { sizes(); }
    void graphDocksAreTall()
    {
        QFETCH(QSize, size);
        MainWindow w;
        launch(w, size, u"send_accumulator"_s);
        const int least = size.height() >= 800 ? 320 : 270;
        QVERIFY2(w.dock(u"stateMachine"_s)->height() >= least,
                 qPrintable(QString::number(w.dock(u"stateMachine"_s)->height())));
        w.dock(u"awaitGraph"_s)->raise();
        QTRY_VERIFY(w.dock(u"awaitGraph"_s)->isVisible() &&
                    !w.dock(u"awaitGraph"_s)->visibleRegion().isEmpty());
        QVERIFY2(w.dock(u"awaitGraph"_s)->height() >= least,
                 qPrintable(QString::number(w.dock(u"awaitGraph"_s)->height())));
        // The tables below still show several rows.
        FlatTableView *table = w.coroutinesPanel()->view();
        QVERIFY2(table->viewport()->height() >= 6 * table->rowHeight(),
                 qPrintable(QString::number(table->viewport()->height())));
    }

    // Every sample run to its end: each coroutine's state machine, and the await graph at every
    // step of the run, drawn whole in the dock, no node cut off at an edge.
    void graphsFitTheirDock_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("sample");
        for (const QSize size : {QSize(1280, 800), QSize(1024, 700)})
            for (const auto &s : samples::allSamples())
                if (s.info.name != u"many_tasks") // a thousand tasks: it scrolls, as it should
                    QTest::addRow("%dx%d %s", size.width(), size.height(), qPrintable(s.info.name))
                        << size << s.info.name;
    }
    void graphsFitTheirDock()
    {
        QFETCH(QSize, size);
        QFETCH(QString, sample);
        MainWindow w;
        launch(w, size, sample);
        runToEnd(w);
        auto *machine = qobject_cast<StateMachineView *>(w.dockContent(u"stateMachine"_s));
        QString why;
        const std::size_t coroutines = w.session()->trace().coroutineCount();
        for (CoroId id = 1; id <= coroutines && id <= 20; ++id) {
            w.session()->select(id);
            machine->refresh();
            QCoreApplication::processEvents();
            QVERIFY2(graphShownWhole(machine->graphView(), &why),
                     qPrintable(u"state machine of #%1: "_s.arg(id) + why));
        }
        w.dock(u"awaitGraph"_s)->raise();
        auto *awaits = qobject_cast<AwaitGraphView *>(w.dockContent(u"awaitGraph"_s));
        QTRY_VERIFY(awaits->isVisible());
        const std::size_t events = w.session()->trace().size();
        for (std::size_t cursor = 1; cursor <= events; ++cursor) {
            w.session()->setCursor(cursor);
            awaits->refresh();
            QVERIFY2(graphShownWhole(awaits->graphView(), &why),
                     qPrintable(u"await graph at event %1: "_s.arg(cursor) + why));
        }
    }

    // The State column is wide enough for its longest word in bold (the current coroutine's
    // row), and paints "running" and "cancelled" whole; the Point column loses the middle of a
    // long file name, never its line number.
    void coroutineCellsUnclipped_data() { sizes(); }
    void coroutineCellsUnclipped()
    {
        QFETCH(QSize, size);
        MainWindow w;
        launch(w, size, u"cancellation_and_timeout"_s);
        FlatTableView *view = w.coroutinesPanel()->view();
        QFont bold = view->font();
        bold.setBold(true);
        const int state = view->header()->sectionSize(CoroutineModel::StateColumn);
        for (const QString &word : {u"running"_s, u"cancelled"_s, u"destroyed"_s})
            QVERIFY2(state >= QFontMetrics(bold).horizontalAdvance(word) + 16, qPrintable(word));

        // Step until a coroutine runs: its row is the bold one.
        for (int i = 0;
             i < 10 &&
             !paintedColumn(view, view->header(), CoroutineModel::StateColumn).contains(u"running"_s);
             ++i)
            press(w, Qt::Key_F10);
        QVERIFY(paintedColumn(view, view->header(), CoroutineModel::StateColumn).contains(u"running"_s));
        runToEnd(w);
        QCoreApplication::processEvents();
        const QAbstractItemModel *m = view->model();
        QStringList states, points;
        for (int r = 0; r < m->rowCount(); ++r) {
            states << m->index(r, CoroutineModel::StateColumn).data().toString();
            points << m->index(r, CoroutineModel::PointColumn).data().toString();
        }
        QVERIFY2(states.contains(u"cancelled"_s), qPrintable(states.join(u", "_s)));
        QCOMPARE(paintedColumn(view, view->header(), CoroutineModel::StateColumn), states);

        const QStringList painted = paintedColumn(view, view->header(), CoroutineModel::PointColumn);
        QCOMPARE(painted.size(), points.size());
        bool elided = false;
        for (int r = 0; r < points.size(); ++r) {
            const QString line = points[r].mid(points[r].lastIndexOf(u':'));
            QVERIFY2(painted[r].endsWith(line), qPrintable(painted[r] + u" for "_s + points[r]));
            if (painted[r] != points[r]) {
                elided = true;
                QVERIFY2(painted[r].contains(u'…'), qPrintable(painted[r]));
                QVERIFY(painted[r].startsWith(points[r].left(4)));
            }
        }
        // "cancellation_and_timeout.cpp:57" is longer than the column: it did elide.
        QVERIFY(elided);
    }

    // The Awaiting column paints "yield from subtotal#3" whole, inside the table's viewport
    // (no scrolling to read it) at 1280 px, and unelided at 1024 px.
    void awaitingUnclipped_data() { sizes(); }
    void awaitingUnclipped()
    {
        QFETCH(QSize, size);
        MainWindow w;
        launch(w, size, u"yield_from_delegation"_s);
        FlatTableView *view = w.coroutinesPanel()->view();
        const QAbstractItemModel *m = view->model();
        const QString delegating = u"yield from subtotal#3"_s;
        auto awaiting = [m] {
            QStringList out;
            for (int r = 0; r < m->rowCount(); ++r)
                if (const QString text = m->index(r, CoroutineModel::AwaitingColumn).data().toString();
                    !text.isEmpty())
                    out << text; // an empty cell paints nothing
            return out;
        };
        for (int i = 0; i < 30 && !awaiting().contains(delegating); ++i)
            press(w, Qt::Key_F10);
        QVERIFY2(awaiting().contains(delegating), qPrintable(awaiting().join(u", "_s)));
        if (size.width() < 1280) // the narrow window scrolls to it
            view->horizontalScrollBar()->setValue(view->horizontalScrollBar()->maximum());
        QCoreApplication::processEvents();
        QCOMPARE(paintedColumn(view, view->header(), CoroutineModel::AwaitingColumn), awaiting());
        if (size.width() >= 1280) {
            const int right = view->header()->sectionViewportPosition(CoroutineModel::AwaitingColumn) +
                              view->header()->sectionSize(CoroutineModel::AwaitingColumn);
            QVERIFY2(right <= view->viewport()->width(),
                     qPrintable(u"Awaiting ends at %1 in a %2 px viewport"_s.arg(right).arg(
                         view->viewport()->width())));
        }
    }

    // The Values dock's Site column keeps the line number in the narrow dock at 1024 px.
    void valuesSiteKeepsLine()
    {
        MainWindow w;
        launch(w, QSize(1024, 700), u"send_accumulator"_s);
        press(w, Qt::Key_F10, 6);
        clickCoroutine(w, u"accumulator"_s);
        auto *view = w.valuesPanel()->findChild<QTreeView *>(u"valuesView"_s);
        QVERIFY(view);
        QTRY_VERIFY(view->model()->rowCount() >= 2);
        const QStringList painted = paintedColumn(view, view->header(), ValuesModel::SiteColumn);
        QCOMPARE(painted.size(), view->model()->rowCount());
        for (const QString &site : painted)
            QVERIFY2(site.endsWith(u"cpp:19"_s), qPrintable(site));
    }

    // The Output's From column names the coroutine in full.
    void outputFromUnclipped()
    {
        MainWindow w;
        launch(w, QSize(1024, 700), u"producer_consumer"_s);
        runToEnd(w);
        w.dock(u"output"_s)->raise();
        QTreeView *view = w.outputPanel()->view();
        QTRY_VERIFY(view->isVisible());
        QStringList from;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            from << view->model()->index(r, 1).data().toString();
        QVERIFY(from.contains(u"producer#2"_s) || from.contains(u"consumer#3"_s));
        view->scrollToTop();
        const QStringList painted = paintedColumn(view, view->header(), 1);
        QVERIFY(!painted.isEmpty());
        QCOMPARE(painted, from.mid(0, painted.size()));
    }

    // Down to 1024×700 and back: the docks come back to the proportions they started with.
    void resizingBackRestoresProportions()
    {
        MainWindow w;
        launch(w, QSize(1280, 800), u"send_accumulator"_s);
        const QStringList names{u"samples"_s, u"source"_s, u"stateMachine"_s, u"coroutines"_s, u"values"_s};
        QList<QSize> before;
        for (const QString &n : names)
            before << w.dock(n)->size();
        w.resize(1024, 700);
        QTRY_COMPARE(w.size(), QSize(1024, 700));
        QTest::qWait(50);
        QVERIFY(w.dock(u"stateMachine"_s)->height() >= 270);
        w.resize(1280, 800);
        QTRY_COMPARE(w.size(), QSize(1280, 800));
        QTest::qWait(50);
        for (int i = 0; i < names.size(); ++i) {
            const QSize now = w.dock(names[i])->size();
            QVERIFY2(std::abs(now.width() - before[i].width()) <= 12 &&
                         std::abs(now.height() - before[i].height()) <= 12,
                     qPrintable(u"%1: %2x%3, was %4x%5"_s.arg(names[i])
                                    .arg(now.width())
                                    .arg(now.height())
                                    .arg(before[i].width())
                                    .arg(before[i].height())));
        }
    }
};

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
