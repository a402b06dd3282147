// Compare: a sample and its Python twin stepped side by side. Both run in
// child processes (the sample through coroscope-runner, the twin under
// python3 and the tracer); F10 moves both to their next aligned step, each
// Source view lights its own line, a row where the runs diverge is marked ≠
// and F8 finds it; a sample without a twin says why.

#include "comparemodel.h"
#include "comparewindow.h"
#include "mainwindow.h"
#include "samplebrowser.h"
#include "session.h"
#include "sourcepanel.h"
#include "sourceview.h"
#include "twinrun.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

QString cell(CompareWindow *c, int row, int column)
{
    return c->model()->index(row, column).data().toString();
}

void press(CompareWindow *c, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QTest::keyClick(c, key, mods);
    QCoreApplication::processEvents();
}

int currentLine(CompareWindow *c, int side)
{
    SourceView *view = c->sourcePanel(side)->view();
    view->refresh();
    return view->currentLine();
}

bool waitShown(CompareWindow *c)
{
    return QTest::qWaitFor([c] { return c->model()->rowCount() > 0; }, 60000);
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    // send_accumulator takes the same steps in both languages: every row is
    // equal, and each step lights the yield line of its own source.
    void twinsStepTogether()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(w.compareWithTwin(u"send_accumulator"_s));
        CompareWindow *c = w.compareWindow();
        QVERIFY(c && c->isVisible());
        QAbstractItemModelTester tester(c->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitShown(c));

        const int rows = c->model()->rowCount();
        QCOMPARE(rows, 13);
        for (int r = 0; r < rows; ++r)
            QVERIFY2(!c->model()->index(r, 0).data(CompareModel::DivergentRole).toBool(), qPrintable(cell(c, r, 1)));
        QCOMPARE(c->statusLabel()->text(), u"Step 1 of 13 · the two runs take the same steps"_s);
        QCOMPARE(c->session(TwinRun::Cpp)->sourceFileName(), u"send_accumulator.cpp"_s);
        QVERIFY(c->session(TwinRun::Python)->sourceFileName().endsWith(u"/send_accumulator.py"_s));

        // Row 1: the generator's first yield, at line 19 of the .cpp and line 13 of the .py.
        QCOMPARE(c->currentRow(), 0);
        QCOMPARE(cell(c, 0, CompareModel::CppColumn), u"accumulator#2  next() → yield 0"_s);
        QCOMPARE(cell(c, 0, CompareModel::PythonColumn), u"accumulator#2  next() → yield 0"_s);
        QCOMPARE(currentLine(c, TwinRun::Cpp), 19);
        QCOMPARE(currentLine(c, TwinRun::Python), 13);
        const std::size_t cppFirst = c->session(TwinRun::Cpp)->cursor();

        press(c, Qt::Key_F10);
        QCOMPARE(c->currentRow(), 1);
        QCOMPARE(cell(c, 1, CompareModel::CppColumn), u"print: primed, total = 0"_s);
        press(c, Qt::Key_F10);
        QCOMPARE(c->currentRow(), 2);
        QCOMPARE(cell(c, 2, CompareModel::PythonColumn), u"accumulator#2  send(10) → yield 10"_s);
        QVERIFY(c->session(TwinRun::Cpp)->cursor() > cppFirst);
        QCOMPARE(c->session(TwinRun::Cpp)->snapshot().coroutines.size() > 0, true);
        QCOMPARE(c->statusLabel()->text(), u"Step 3 of 13 · the two runs take the same steps"_s);

        // Back, and to the end: the main coroutine returns in both.
        press(c, Qt::Key_F10, Qt::ShiftModifier);
        QCOMPARE(c->currentRow(), 1);
        c->setCurrentRow(rows - 1);
        QCOMPARE(cell(c, rows - 1, CompareModel::CppColumn), u"main#1  start → return None"_s);
        QCOMPARE(cell(c, rows - 1, CompareModel::PythonColumn), u"main#1  start → return None"_s);
        QVERIFY(!c->stepAction()->isEnabled());
        QVERIFY(!c->nextDifferenceAction()->isEnabled());
        QCOMPARE(c->session(TwinRun::Cpp)->cursor(), c->twinRun()->steps(TwinRun::Cpp).back().event + 1);
        QCOMPARE(c->session(TwinRun::Python)->cursor(), c->twinRun()->steps(TwinRun::Python).back().event + 1);
    }

    // custom_awaitable differs for a real reason (the C++ awaitable is not a
    // coroutine, the Python one's __await__ is a generator): F8 lands on each
    // place in turn, the row is marked, and a side without a step there says so.
    void divergenceIsMarkedAndFound()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.compareWithTwin(u"custom_awaitable"_s));
        CompareWindow *c = w.compareWindow();
        QVERIFY(waitShown(c));
        const int places = int(c->twinRun()->differences().size());
        QVERIFY(places > 0);
        QVERIFY2(c->statusLabel()->text().endsWith(u"they differ in %1 places (≠)"_s.arg(places)),
                 qPrintable(c->statusLabel()->text()));
        QVERIFY(!c->previousDifferenceAction()->isEnabled());

        int found = 0;
        int last = c->currentRow();
        while (c->nextDifferenceAction()->isEnabled()) {
            press(c, Qt::Key_F8);
            const int row = c->currentRow();
            QVERIFY(row > last);
            last = row;
            ++found;
            QVERIFY(c->model()->index(row, 0).data(CompareModel::DivergentRole).toBool());
            QCOMPARE(cell(c, row, CompareModel::StepColumn), u"%1 ≠"_s.arg(row + 1));
            const bool cppHere = !cell(c, row, CompareModel::CppColumn).isEmpty();
            const bool pythonHere = !cell(c, row, CompareModel::PythonColumn).isEmpty();
            const QString cppTitle = c->findChild<QLabel *>(u"cppTitle"_s)->text();
            const QString pythonTitle = c->findChild<QLabel *>(u"pythonTitle"_s)->text();
            QVERIFY2(cppTitle.contains(cppHere ? u"differs at this step"_s : u"no step here"_s), qPrintable(cppTitle));
            QVERIFY2(pythonTitle.contains(pythonHere ? u"differs at this step"_s : u"no step here"_s),
                     qPrintable(pythonTitle));
        }
        QCOMPARE(found, places);
        QVERIFY(c->previousDifferenceAction()->isEnabled());
        // The C++ main waits on the hand-written awaitable; the Python one on its __await__ generator.
        QCOMPARE(cell(c, 1, CompareModel::CppColumn), u"main#1  start → wait {anonymous}::ValueLater"_s);
    }

    // The Samples dock's Compare button opens the window for the selected
    // sample; a sample without a twin cannot be compared, and says why.
    void samplesDockCompareButton()
    {
        MainWindow w;
        w.show();
        SampleBrowser *browser = w.sampleBrowser();
        browser->setCurrentSample(u"qt_signal_await"_s);
        QVERIFY(!browser->compareButton()->isEnabled());
        QVERIFY(!browser->compareButton()->toolTip().isEmpty());
        QVERIFY(!w.compareWithTwin(u"qt_signal_await"_s));
        QVERIFY2(w.compareWindow()->statusLabel()->text().contains(u"Cannot compare"_s),
                 qPrintable(w.compareWindow()->statusLabel()->text()));

        browser->setCurrentSample(u"yield_from_delegation"_s);
        QVERIFY(browser->compareButton()->isEnabled());
        QTest::mouseClick(browser->compareButton(), Qt::LeftButton);
        CompareWindow *c = w.compareWindow();
        QVERIFY(waitShown(c));
        QCOMPARE(c->twinRun()->sample(), u"yield_from_delegation"_s);
        QVERIFY(c->twinRun()->differences().empty());
    }
};

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
