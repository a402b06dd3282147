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
        QTRY_COMPARE(rowNames(w), (user + QStringList{u"coroscope::gather"_s, u"future@76"_s}));
        QStringList shown = hidden;
        shown.insert(6, u"coroscope::gather#7"_s);
        shown.insert(7, u"future@76#8"_s);
        QCOMPARE(graphLabels(w), shown);

        click(futures);
        QVERIFY(!futures->isChecked());
        QTRY_COMPARE(rowNames(w), user + QStringList{u"coroscope::gather"_s});

        click(internals);
        QTRY_COMPARE(rowNames(w), user);
        QCOMPARE(graphLabels(w), hidden);
    }
};

QTEST_MAIN(TestInternals)
#include "tst_internals.moc"
