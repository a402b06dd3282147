// The main window driven by the keyboard like a person would: debugger keys
// through three samples (a generator fed by send, a gather, a deadlock),
// checking what the Coroutines, Values, Event loop and State machine docks
// show after each step and after stepping back; the Send box; settings that
// come back on the next launch; every model under QAbstractItemModelTester;
// and a grab of every dock that is not blank.

#include "coroutinemodel.h"
#include "coroutinespanel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "eventlooppanel.h"
#include "externalwaitmodel.h"
#include "flattableview.h"
#include "mainwindow.h"
#include "outputmodel.h"
#include "outputpanel.h"
#include "readyqueuemodel.h"
#include "runcontroller.h"
#include "samplebrowser.h"
#include "samplelistmodel.h"
#include "sendbox.h"
#include "session.h"
#include "statemachineview.h"
#include "testsettings.h"
#include "timermodel.h"
#include "tracecolors.h"
#include "valuesmodel.h"
#include "valuespanel.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

QString row(const QAbstractItemModel *m, int r)
{
    QStringList cells;
    for (int c = 0; c < m->columnCount(); ++c)
        cells << m->index(r, c).data().toString();
    return cells.join(u" | "_s);
}


// What a person reads in each dock, one string per row, in the views' order.
QStringList coroutineRows(MainWindow &w)
{
    const QAbstractItemModel *m = w.coroutinesPanel()->view()->model();
    QStringList out;
    auto cell = [m](int r, int c) { return m->index(r, c).data().toString(); };
    for (int r = 0; r < m->rowCount(); ++r) {
        // "accumulator suspended @send_accumulator.cpp:19 ← 0", empty cells left out
        QString text = cell(r, CoroutineModel::NameColumn) + u' ' + cell(r, CoroutineModel::StateColumn);
        if (!cell(r, CoroutineModel::PointColumn).isEmpty())
            text += u" @"_s + cell(r, CoroutineModel::PointColumn);
        if (!cell(r, CoroutineModel::LastValueColumn).isEmpty())
            text += u' ' + cell(r, CoroutineModel::LastValueColumn);
        if (!cell(r, CoroutineModel::AwaitingColumn).isEmpty())
            text += u" awaits "_s + cell(r, CoroutineModel::AwaitingColumn);
        out << text;
    }
    return out;
}

QStringList valueRows(MainWindow &w)
{
    const QAbstractItemModel *m = w.valuesPanel()->model();
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, ValuesModel::ActionColumn).data().toString() + u' '
                   + m->index(r, ValuesModel::ValueColumn).data().toString();
    return out;
}

QStringList readyRows(MainWindow &w)
{
    const QAbstractItemModel *m = w.eventLoopPanel()->readyModel();
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, ReadyQueueModel::PositionColumn).data().toString() + u' '
                   + m->index(r, ReadyQueueModel::TargetColumn).data().toString() + u' '
                   + m->index(r, ReadyQueueModel::ReasonColumn).data().toString();
    return out;
}

StateMachineView *machineView(MainWindow &w)
{
    return qobject_cast<StateMachineView *>(w.dockContent(u"stateMachine"_s));
}

// "line 19" — the lit state of the shown machine.
QString machineState(MainWindow &w)
{
    const StateMachine &m = machineView(w)->machine();
    return m.nodeTitle(w.session()->trace(), m.current);
}

// "send(10) / yield 10 ×1", edges in the machine's order, counted up to the cursor.
QStringList machineEdges(MainWindow &w)
{
    const StateMachine &m = machineView(w)->machine();
    QStringList out;
    for (const StateMachine::Edge &e : m.edges)
        out << QStringLiteral("%1 -> %2: %3 x%4")
                   .arg(m.nodeTitle(w.session()->trace(), e.from), m.nodeTitle(w.session()->trace(), e.to), e.label())
                   .arg(e.count);
    return out;
}

void dumpState(MainWindow &w)
{
    Session *s = w.session();
    const Trace &t = s->trace();
    QTextStream out(stdout);
    out << "== cursor " << s->cursor() << " / " << t.size();
    if (s->cursor())
        out << "  #" << s->cursor() - 1 << " " << nameOf(t[s->cursor() - 1].kind) << " "
            << coroutineLabel(t, t[s->cursor() - 1].coro) << ": " << eventSummary(t, t[s->cursor() - 1]);
    out << "\n";
    auto *cm = w.coroutinesPanel()->model();
    for (int r = 0; r < cm->rowCount(); ++r)
        out << "  C " << row(cm, r) << "  W=" << cm->index(r, 0).data(CoroutineModel::WarningsRole).toUInt() << "\n";
    auto *vm = w.valuesPanel()->model();
    for (int r = 0; r < vm->rowCount(); ++r)
        out << "  V " << row(vm, r) << "\n";
    for (int r = 0; r < w.eventLoopPanel()->timerModel()->rowCount(); ++r)
        out << "  T " << row(w.eventLoopPanel()->timerModel(), r) << "\n";
    for (const QString &r : readyRows(w))
        out << "  R " << r << "\n";
    if (machineView(w)->coroutine()) {
        out << "  M " << machineState(w) << "\n";
        for (const QString &e : machineEdges(w))
            out << "  E " << e << "\n";
    }
    out << "  status: " << w.statusText() << "\n";
}

// One key press, then what every dock shows once the engine has settled.
struct Step
{
    QKeyCombination key;
    QString select; // click this coroutine's row first ("" keeps the selection)
    QStringList coroutines, values, ready;
    QString state;
    QStringList edges;
};

} // namespace

Q_DECLARE_METATYPE(Step)

class TestMainWindow : public QObject
{
    Q_OBJECT

    static void press(MainWindow &w, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(&w, Qt::Key(key), modifiers);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
    }

    // A click on the coroutine's row in the Coroutines dock, the way a person selects it.
    static void clickCoroutine(MainWindow &w, const QString &name)
    {
        FlatTableView *view = w.coroutinesPanel()->view();
        QModelIndex found;
        QTRY_VERIFY([&] {
            for (int r = 0; r < view->model()->rowCount() && !found.isValid(); ++r)
                if (view->model()->index(r, CoroutineModel::NameColumn).data().toString() == name)
                    found = view->model()->index(r, CoroutineModel::NameColumn);
            return found.isValid();
        }());
        view->scrollTo(found);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(found).center());
        QTRY_COMPARE(w.session()->selected(), found.data(CoroutineModel::CoroIdRole).value<CoroId>());
    }

    static void open(MainWindow &w, const QString &sample)
    {
        QVERIFY(w.openSample(sample));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QCOMPARE(w.session()->cursor(), std::size_t(1));
    }

private Q_SLOTS:
    void initTestCase()
    {
        useEmptyTestSettings(u"tst_mainwindow"_s);
    }

    void keys_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QList<Step>>("script");
        const QKeyCombination step(Qt::Key_F10), back(Qt::SHIFT | Qt::Key_F10), run(Qt::Key_F5);
        const QString at19 = u"@send_accumulator.cpp:19"_s;
        const QString first = u"start -> line 19: next() / yield 0 x1"_s;
        QTest::newRow("send_accumulator")
            << u"send_accumulator"_s
            << QList<Step>{
                   // The window follows the run: main, which just started, is shown.
                   {step, {}, {u"main running"_s}, {}, {}, u"start"_s, {}},
                   {step, u"accumulator"_s, {u"main running"_s, u"accumulator running"_s}, {}, {}, u"start"_s, {}},
                   {step, {}, {u"main running"_s, u"accumulator suspended "_s + at19 + u" ← 0"_s}, {u"yield 0"_s}, {},
                    u"line 19"_s, {first}},
                   {step, {}, {u"main running"_s, u"accumulator suspended "_s + at19 + u" ← 0"_s}, {u"yield 0"_s}, {},
                    u"line 19"_s, {first}}, // main prints: the generator stays suspended
                   // send(10) is one step: the value goes in and the generator runs.
                   {step, {}, {u"main running"_s, u"accumulator running "_s + at19 + u" → 10"_s},
                    {u"yield 0"_s, u"send 10"_s}, {}, u"line 19"_s, {first}},
                   {step, {}, {u"main running"_s, u"accumulator suspended "_s + at19 + u" ← 10"_s},
                    {u"yield 0"_s, u"send 10"_s, u"yield 10"_s}, {}, u"line 19"_s,
                    {first, u"line 19 -> line 19: send(10) / yield 10 x1"_s}},
                   // Back through history: the transition stays drawn, not taken yet.
                   {back, {}, {u"main running"_s, u"accumulator running "_s + at19 + u" → 10"_s},
                    {u"yield 0"_s, u"send 10"_s}, {}, u"line 19"_s,
                    {first, u"line 19 -> line 19: send(10) / yield 10 x0"_s}},
                   {back, {}, {u"main running"_s, u"accumulator suspended "_s + at19 + u" ← 0"_s}, {u"yield 0"_s}, {},
                    u"line 19"_s, {first, u"line 19 -> line 19: send(10) / yield 10 x0"_s}},
                   {step, {}, {u"main running"_s, u"accumulator running "_s + at19 + u" → 10"_s},
                    {u"yield 0"_s, u"send 10"_s}, {}, u"line 19"_s,
                    {first, u"line 19 -> line 19: send(10) / yield 10 x0"_s}},
                   {run, {}, {u"main done ← None"_s, u"accumulator done @send_accumulator.cpp:25 ← 10.5"_s},
                    {u"yield 0"_s, u"send 10"_s, u"yield 10"_s, u"send 20"_s, u"yield 30"_s, u"send 5"_s,
                     u"yield 35"_s, u"send 7"_s, u"yield 42"_s, u"return 10.5"_s},
                    {}, u"done"_s,
                    {first, u"line 19 -> line 19: send(7) / yield 42 x4"_s,
                     u"line 19 -> done: next() / return 10.5 x1"_s}},
               };
        const QString spawned = u"main suspended @gather_fanout.cpp:29 awaits coroscope::gather#7"_s;
        const QString gatherMain = u"start -> line 29: start / await coroscope::gather#7 x1"_s;
        QTest::newRow("gather_fanout")
            << u"gather_fanout"_s
            << QList<Step>{
                   {step, u"main"_s, {u"main running"_s}, {}, {}, u"start"_s, {}},
                   {step, {}, {}, {}, {}, u"line 29"_s, {gatherMain}},
                   // gather's own steps are stepped through (a library internal, hidden): it spawned
                   // the five fetches in argument order, and the first one runs.
                   {step, {}, {}, {}, {u"1 fetch#3 spawn"_s, u"2 fetch#4 spawn"_s, u"3 fetch#5 spawn"_s,
                                     u"4 fetch#6 spawn"_s}, u"line 29"_s, {gatherMain}},
                   {back, {}, {}, {}, {}, u"line 29"_s, {gatherMain}},
                   {run, {},
                    {u"main done @gather_fanout.cpp:29 ← None"_s, u"fetch done @gather_fanout.cpp:20 ← 10"_s,
                     u"fetch done @gather_fanout.cpp:20 ← 20"_s, u"fetch done @gather_fanout.cpp:20 ← 30"_s,
                     u"fetch done @gather_fanout.cpp:20 ← 40"_s, u"fetch done @gather_fanout.cpp:20 ← 50"_s},
                    // gather's own task and future are library internals: hidden by default.
                    {u"return None"_s}, {}, u"done"_s, {gatherMain, u"line 29 -> done: wakeup / return None x1"_s}},
               };
        const QString awaitAlice = u"start -> line 30: start / await alice#4 x1"_s;
        const QString mainParked = u"main suspended @deadlock.cpp:30 awaits alice#4"_s;
        const QStringList futures{u"future@25 created"_s, u"future@26 created"_s};
        QTest::newRow("deadlock")
            << u"deadlock"_s
            << QList<Step>{
                   {step, u"main"_s, {u"main running"_s}, {}, {}, u"start"_s, {}},
                   {step, {}, QStringList{mainParked} + futures + QStringList{u"alice created"_s, u"bob created"_s},
                    {}, {u"1 alice#4 spawn"_s, u"2 bob#5 spawn"_s}, u"line 30"_s, {awaitAlice}},
                   {step, {}, QStringList{mainParked} + futures + QStringList{u"alice running"_s, u"bob created"_s},
                    {}, {u"1 bob#5 spawn"_s}, u"line 30"_s, {awaitAlice}},
                   {back, {}, QStringList{mainParked} + futures + QStringList{u"alice created"_s, u"bob created"_s},
                    {}, {u"1 alice#4 spawn"_s, u"2 bob#5 spawn"_s}, u"line 30"_s, {awaitAlice}},
                   {run, {},
                    QStringList{u"main destroyed @deadlock.cpp:30"_s} + futures
                        + QStringList{u"alice destroyed @deadlock.cpp:18"_s, u"bob destroyed @deadlock.cpp:18"_s},
                    {}, {}, u"destroyed"_s, {awaitAlice, u"line 30 -> destroyed: destroyed x1"_s}},
               };
    }

    void keys()
    {
        QFETCH(QString, sample);
        QFETCH(QList<Step>, script);
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        open(w, sample);
        QAbstractItemModelTester t1(w.coroutinesPanel()->view()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t2(w.valuesPanel()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t3(w.eventLoopPanel()->readyModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t4(w.eventLoopPanel()->timerModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        for (int i = 0; i < script.size(); ++i) {
            const Step &s = script[i];
            const QByteArray where = "step " + QByteArray::number(i);
            press(w, s.key.key(), s.key.keyboardModifiers());
            if (!s.select.isEmpty()) {
                clickCoroutine(w, s.select);
                w.pinAction()->setChecked(true); // the window follows the run otherwise
            }
            if (!s.coroutines.isEmpty())
                QTRY_COMPARE_WITH_TIMEOUT(coroutineRows(w), s.coroutines, 10000);
            QVERIFY2(w.controller()->settled(), where);
            QTRY_COMPARE(valueRows(w), s.values);
            QTRY_COMPARE(readyRows(w), s.ready);
            QTRY_COMPARE(machineState(w), s.state);
            QTRY_COMPARE(machineEdges(w), s.edges);
        }
    }

    // The Send box: typed into while the generator is suspended at its co_yield, Enter sends it.
    void sendBox()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        open(w, u"send_accumulator"_s);
        press(w, Qt::Key_F10);
        QVERIFY(!w.sendBox()->edit()->isEnabled()); // main is selected: a task takes no send()
        for (int i = 0; i < 2; ++i) // to the first co_yield: suspended with 0 out, and followed
            press(w, Qt::Key_F10);
        QCOMPARE(w.session()->selected(), CoroId(2));
        // Paused at its own yield the generator still executes; the send waits for it to hand
        // control back (main prints "primed"), then goes in.
        QTRY_VERIFY(w.sendBox()->edit()->isEnabled());
        QLineEdit *edit = w.sendBox()->edit();
        edit->setFocus();
        QTest::keyClicks(edit, u"32"_s);
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(valueRows(w), (QStringList{u"yield 0"_s, u"send 32"_s, u"yield 32"_s}), 10000);
        QTRY_COMPARE(coroutineRows(w).value(1), u"accumulator suspended @send_accumulator.cpp:19 ← 32"_s);
        QTRY_COMPARE(machineEdges(w), (QStringList{u"start -> line 19: next() / yield 0 x1"_s,
                                                   u"line 19 -> line 19: send(32) / yield 32 x1"_s}));
        QTRY_VERIFY(w.sendBox()->lastResult().contains(u"32"_s));
        // In history the generator cannot be sent to: the box turns off.
        press(w, Qt::Key_F10, Qt::ShiftModifier);
        QTRY_VERIFY(!w.sendBox()->edit()->isEnabled());
    }

    void explore_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::newRow("send_accumulator") << u"send_accumulator"_s;
        QTest::newRow("gather_fanout") << u"gather_fanout"_s;
        QTest::newRow("deadlock") << u"deadlock"_s;
    }

    void explore()
    {
        if (qEnvironmentVariableIsEmpty("COROSCOPE_EXPLORE"))
            QSKIP("set COROSCOPE_EXPLORE=1 to print every step");
        QFETCH(QString, sample);
        MainWindow w;
        w.show();
        open(w, sample);
        const CoroId watch = CoroId(qEnvironmentVariableIntValue("COROSCOPE_EXPLORE"));
        for (int i = 0; i < 200 && w.controller()->canStepForward(); ++i) {
            if (watch <= w.session()->trace().coroutineCount())
                w.session()->select(watch);
            machineView(w)->refresh();
            dumpState(w);
            press(w, Qt::Key_F10);
        }
        machineView(w)->refresh();
        dumpState(w);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
