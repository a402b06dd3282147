// The Event loop dock's External waits table in the real main window, stepped
// with F10 through qt_signal_await: at every stop it lists exactly the waits
// the Coroutines table's Awaiting cells and the Await graph show (main on
// QTimer::timeout, then on Doorbell::rang), and paints them where a person
// looks. The stop where the timer's signal has come and main is not resumed
// yet is one of them: there both say that nothing is waited for.

#include "eventlooppanel.h"
#include "externalwaitmodel.h"
#include "flattableview.h"
#include "mainwindow.h"
#include "paintedtext.h"
#include "runcontroller.h"
#include "session.h"
#include "testsettings.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QTest>
#include <coroscope/tracetext.h>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

class TestExternalWaits : public QObject
{
    Q_OBJECT

    static void press(MainWindow &w, int key)
    {
        QTest::keyClick(&w, Qt::Key(key));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QCoreApplication::processEvents();
    }

    // "main#1 QTimer::timeout" for every coroutine parked on something outside the loop,
    // as its Awaiting cell and the Await graph show it.
    static QStringList parkedOutside(MainWindow &w)
    {
        const Snapshot &s = w.session()->snapshot();
        const Trace &t = w.session()->trace();
        QStringList out;
        for (CoroId id = 1; id < s.coroutines.size(); ++id) {
            const CoroutineSnapshot &c = s.coroutines[id];
            if (c.state == CoroutineState::Parked && c.awaiting && c.awaitKind == AwaitKind::External)
                out << coroutineLabel(t, id) + u' ' + t.valueText(c.awaitTarget);
        }
        return out;
    }

    static QStringList tableRows(const QAbstractItemModel *m)
    {
        QStringList out;
        for (int r = 0; r < m->rowCount(); ++r)
            out << m->index(r, ExternalWaitModel::CoroutineColumn).data().toString() + u' ' +
                       m->index(r, ExternalWaitModel::WaitingForColumn).data().toString();
        return out;
    }

    static QStringList painted(FlatTableView *view)
    {
        QStringList out;
        for (const test::PaintedText &t : test::paintedTexts(view->viewport()))
            out << t.text;
        return out;
    }

private Q_SLOTS:
    void initTestCase() { useEmptyTestSettings(u"tst_externalwaits"_s); }

    void tableListsWhatIsAwaited()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openSample(u"qt_signal_await"_s));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        auto *view = w.eventLoopPanel()->findChild<FlatTableView *>(u"externalView"_s);
        QVERIFY(view);
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        w.dock(u"eventLoop"_s)->raise();
        QTRY_VERIFY(view->isVisible());

        QStringList seen;
        for (int steps = 0; steps < 200 && w.controller()->canStepForward(); ++steps) {
            press(w, Qt::Key_F10);
            const QStringList parked = parkedOutside(w);
            const Event &at = w.session()->trace()[w.session()->cursor() - 1];
            QVERIFY2(tableRows(view->model()) == parked,
                     qPrintable(u"at \"%1\": the table lists [%2], the coroutines await [%3]"_s.arg(
                         eventSummary(w.session()->trace(), at), tableRows(view->model()).join(u", "_s),
                         parked.join(u", "_s))));
            for (const QString &p : parked) {
                QVERIFY2(painted(view).contains(p.section(u' ', 1)),
                         qPrintable(painted(view).join(u" | "_s)));
                if (!seen.contains(p))
                    seen << p;
            }
        }
        QCOMPARE(seen, (QStringList{u"main#1 QTimer::timeout"_s, u"main#1 Doorbell::rang"_s}));
        QVERIFY(!w.controller()->canStepForward()); // walked to the end
    }
};

QTEST_MAIN(TestExternalWaits)
#include "tst_externalwaits.moc"
