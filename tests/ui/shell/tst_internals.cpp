// The library-internals switch and the futures filter in the Coroutines
// dock's filter row, clicked like a person would in the real main window:
// gather's own task and future are hidden by default, in the table and in the
// Await graph (which then draws main awaiting gather's children directly).

#include "awaitgraphview.h"
#include "coroutinemodel.h"
#include "coroutinespanel.h"
#include "flattableview.h"
#include "mainwindow.h"
#include "runcontroller.h"
#include "session.h"
#include "testsettings.h"

#include <QCheckBox>
#include <QLabel>
#include <QTest>
#include <coroscope/awaitgraph.h>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

QStringList rowNames(MainWindow &w)
{
    const QAbstractItemModel *m = w.coroutinesPanel()->view()->model();
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, CoroutineModel::NameColumn).data().toString();
    return out;
}

QStringList graphLabels(MainWindow &w)
{
    auto *view = qobject_cast<AwaitGraphView *>(w.dockContent(u"awaitGraph"_s));
    view->refresh();
    QStringList out;
    for (const AwaitGraph::Node &n : view->graph().nodes)
        out << n.label;
    return out;
}

QString summary(MainWindow &w)
{
    return w.coroutinesPanel()->findChild<QLabel *>(u"coroutinesSummary"_s)->text();
}

// "N live of M" as the rows the table shows would have it.
QString summaryOfRows(MainWindow &w)
{
    const QAbstractItemModel *m = w.coroutinesPanel()->view()->model();
    int live = 0;
    for (int r = 0; r < m->rowCount(); ++r)
        live += isLive(CoroutineState(m->index(r, 0).data(CoroutineModel::StateRole).toInt()));
    return u"%1 live of %2"_s.arg(live).arg(m->rowCount());
}

void click(QCheckBox *box)
{
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(box->height() / 2, box->height() / 2));
}

} // namespace

class TestInternals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useEmptyTestSettings(u"tst_internals"_s); }

    // Step (F10) goes through a hidden library internal's events: from main's await on gather
    // the next stop is the first fetch starting. With the switch on, it stops at gather's own
    // steps too; stepping back does the same in history.
    void stepSkipsHiddenInternals_data()
    {
        QTest::addColumn<bool>("shown");
        QTest::newRow("hidden") << false;
        QTest::newRow("shown") << true;
    }
    void stepSkipsHiddenInternals()
    {
        QFETCH(bool, shown);
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.session()->setShowInternals(shown);
        QVERIFY(w.openSample(u"gather_fanout"_s));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QStringList stops;
        const Trace &t = w.session()->trace();
        for (int i = 0; i < 4; ++i) {
            QTest::keyClick(&w, Qt::Key_F10);
            QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
            const Event &e = t[w.session()->cursor() - 1];
            stops << t.coroutine(e.coro).name + u' ' + nameOf(e.kind);
        }
        const QStringList expected = shown
            ? QStringList{u"main started"_s, u"main awaiting"_s, u"coroscope::gather started"_s,
                          u"coroscope::gather awaiting"_s}
            : QStringList{u"main started"_s, u"main awaiting"_s, u"fetch started"_s, u"fetch output"_s};
        QCOMPARE(stops, expected);
        // Back one step: the previous stop of the same kind, in history.
        QTest::keyClick(&w, Qt::Key_F10, Qt::ShiftModifier);
        const Event &back = t[w.session()->cursor() - 1];
        QCOMPARE(t.coroutine(back.coro).name + u' ' + nameOf(back.kind), expected[2]);
    }

    void switchHidesGatherInTableAndGraph()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openSample(u"gather_fanout"_s));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QTest::keyClick(&w, Qt::Key_F5); // continue to the end
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isAnimating(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled() && !w.controller()->canStepForward(), 10000);

        const QStringList user{u"main"_s, u"fetch"_s, u"fetch"_s, u"fetch"_s, u"fetch"_s, u"fetch"_s};
        QTRY_COMPARE(rowNames(w), user);
        auto *internals = w.coroutinesPanel()->findChild<QCheckBox *>(u"showInternals"_s);
        auto *futures = w.coroutinesPanel()->findChild<QCheckBox *>(u"showFutures"_s);
        QVERIFY(internals && futures);
        QVERIFY(internals->isVisible() && futures->isVisible());
        QVERIFY(!internals->isChecked());
        QVERIFY(futures->isChecked());

        // Back to where the five fetches sleep and gather waits for them.
        const Trace &t = w.session()->trace();
        std::size_t at = 0;
        for (int sleeps = 0; at < t.size() && sleeps < 5; ++at)
            sleeps += t[at].kind == EventKind::Awaiting && AwaitKind(t[at].aux) == AwaitKind::Sleep;
        w.session()->setCursor(at);
        QStringList hidden{u"main#1"_s};
        for (int i = 2; i <= 6; ++i)
            hidden << u"fetch#%1"_s.arg(i);
        for (const int ms : {50, 10, 40, 20, 30})
            hidden << u"sleep(%1 ms)"_s.arg(ms);
        QCOMPARE(graphLabels(w), hidden);

        click(internals);
        QVERIFY(internals->isChecked());
        QVERIFY(w.session()->showsInternals());
        QTRY_COMPARE(rowNames(w), (user + QStringList{u"coroscope::gather"_s, u"future@86"_s}));
        QStringList shown = hidden;
        shown.insert(6, u"coroscope::gather#7"_s);
        shown.insert(7, u"future@86#8"_s);
        QCOMPARE(graphLabels(w), shown);

        click(futures);
        QVERIFY(!futures->isChecked());
        QTRY_COMPARE(rowNames(w), user + QStringList{u"coroscope::gather"_s});

        click(internals);
        QTRY_COMPARE(rowNames(w), user);
        QCOMPARE(graphLabels(w), hidden);
    }

    // The summary counts what the switches let the table show, live or not.
    void summaryCountsWhatIsShown()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openSample(u"gather_fanout"_s));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QTest::keyClick(&w, Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isAnimating(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled() && !w.controller()->canStepForward(), 10000);
        auto *internals = w.coroutinesPanel()->findChild<QCheckBox *>(u"showInternals"_s);
        auto *futures = w.coroutinesPanel()->findChild<QCheckBox *>(u"showFutures"_s);

        // Where the five fetches sleep: main, the fetches, gather's task and its future live.
        const Trace &t = w.session()->trace();
        std::size_t at = 0;
        for (int sleeps = 0; at < t.size() && sleeps < 5; ++at)
            sleeps += t[at].kind == EventKind::Awaiting && AwaitKind(t[at].aux) == AwaitKind::Sleep;
        w.session()->setCursor(at);
        QTRY_COMPARE(summary(w), u"6 live of 6"_s);
        QCOMPARE(summary(w), summaryOfRows(w));
        click(internals);
        QTRY_COMPARE(summary(w), u"8 live of 8"_s);
        QCOMPARE(summary(w), summaryOfRows(w));
        click(futures);
        QTRY_COMPARE(summary(w), u"7 live of 7"_s);
        QCOMPARE(summary(w), summaryOfRows(w));
        click(internals);
        QTRY_COMPARE(summary(w), u"6 live of 6"_s);
        click(futures);
        QCOMPARE(summary(w), u"6 live of 6"_s);

        // At the end every one has finished.
        w.session()->setCursor(t.size());
        QTRY_COMPARE(summary(w), u"0 live of 6"_s);
        QCOMPARE(summary(w), summaryOfRows(w));
        click(internals);
        QTRY_COMPARE(summary(w), u"0 live of 8"_s);
    }
};

QTEST_MAIN(TestInternals)
#include "tst_internals.moc"
