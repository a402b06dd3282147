// The first minutes with the real main window, driven by keys and clicks: the
// window follows the run unless the selection is pinned; the Send box is on
// exactly when a send can go in and says why not in place; the Samples dock
// shows what is open; one event numbering; F9 breakpoints that move to the
// next suspension point and hit; Step Loop stops that say what runs next; the
// trace file dialog that lists the README's .cstrace.

#include "coroutinemodel.h"
#include "coroutinespanel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "eventlooppanel.h"
#include "flattableview.h"
#include "gettingstarted.h"
#include "mainwindow.h"
#include "readyqueuemodel.h"
#include "runcontroller.h"
#include "samplebrowser.h"
#include "selectionfollower.h"
#include "sendbox.h"
#include "session.h"
#include "sourceview.h"
#include "statemachineview.h"
#include "testsettings.h"
#include "timelinelegend.h"
#include "valuesmodel.h"
#include "valuespanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <coroscope/tracetext.h>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

QString selectedName(MainWindow &w)
{
    const CoroId id = w.session()->selected();
    return id ? w.session()->trace().coroutine(id).name : QString();
}

// The kind and coroutine of the current event: "yielded accumulator".
QString currentEvent(MainWindow &w)
{
    const Session *s = w.session();
    if (s->cursor() == 0)
        return {};
    const Event &e = s->trace()[s->cursor() - 1];
    return nameOf(e.kind) + u' ' + (e.coro ? s->trace().coroutine(e.coro).name : u"loop"_s);
}

QString machineFor(MainWindow &w)
{
    auto *view = qobject_cast<StateMachineView *>(w.dockContent(u"stateMachine"_s));
    const CoroId id = view->coroutine();
    return id ? w.session()->trace().coroutine(id).name : QString();
}

QStringList valueRows(MainWindow &w)
{
    const QAbstractItemModel *m = w.valuesPanel()->model();
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, ValuesModel::ActionColumn).data().toString() + u' ' +
                   m->index(r, ValuesModel::ValueColumn).data().toString();
    return out;
}

QString coroutineCell(MainWindow &w, const QString &name, int column)
{
    const QAbstractItemModel *m = w.coroutinesPanel()->view()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, CoroutineModel::NameColumn).data().toString() == name)
            return m->index(r, column).data().toString();
    return {};
}

QToolButton *toolButton(MainWindow &w, QAction *action)
{
    const auto bars = w.findChildren<QToolBar *>();
    for (QToolBar *bar : bars)
        if (auto *b = qobject_cast<QToolButton *>(bar->widgetForAction(action)))
            return b;
    return nullptr;
}

} // namespace

class TestFirstMinutes : public QObject
{
    Q_OBJECT

    static void press(QWidget *target, MainWindow &w, int key,
                      Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(target, Qt::Key(key), modifiers);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
    }
    static void press(MainWindow &w, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        press(&w, w, key, modifiers);
    }
    static void steps(MainWindow &w, int n)
    {
        for (int i = 0; i < n; ++i)
            press(w, Qt::Key_F10);
    }

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
        QTRY_COMPARE(selectedName(w), name);
    }

    static void open(MainWindow &w, const QString &sample)
    {
        QVERIFY(w.openSample(sample));
        QTRY_COMPARE_WITH_TIMEOUT(w.session()->cursor(), std::size_t(1), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
    }

    static void showWindow(MainWindow &w)
    {
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
    }

private Q_SLOTS:
    void initTestCase() { useEmptyTestSettings(u"tst_firstminutes"_s); }

    // Every step selects the coroutine that acted; the docks show it from the first event on.
    void followsTheRun()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        QCOMPARE(selectedName(w), u"main"_s);
        QTRY_COMPARE(machineFor(w), u"main"_s);
        QVERIFY(!w.valuesPanel()->headline().contains(u"Select a coroutine"_s));
        QStringList seen;
        for (int i = 0; i < 6; ++i) {
            press(w, Qt::Key_F10);
            QCOMPARE(selectedName(w), currentEvent(w).section(u' ', 1));
            seen << currentEvent(w);
        }
        QVERIFY2(seen.contains(u"yielded accumulator"_s), qPrintable(seen.join(u", "_s)));
        QTRY_COMPARE(machineFor(w), selectedName(w));
        // Back through history it follows too.
        press(w, Qt::Key_F10, Qt::ShiftModifier);
        QCOMPARE(selectedName(w), currentEvent(w).section(u' ', 1));
    }

    // The pin in the toolbar keeps the user's choice; unpinned, the next step follows again.
    void pinKeepsTheSelection()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        steps(w, 3);
        clickCoroutine(w, u"accumulator"_s);
        QToolButton *pin = toolButton(w, w.pinAction());
        QVERIFY(pin);
        QVERIFY(pin->isVisible() && pin->isCheckable());
        QTest::mouseClick(pin, Qt::LeftButton);
        QVERIFY(w.follower()->isPinned());
        QStringList actors;
        for (int i = 0; i < 4; ++i) {
            press(w, Qt::Key_F10);
            actors << currentEvent(w).section(u' ', 1);
            QCOMPARE(selectedName(w), u"accumulator"_s);
        }
        QVERIFY2(actors.contains(u"main"_s), qPrintable(actors.join(u", "_s))); // main acted: still pinned
        QTRY_COMPARE(machineFor(w), u"accumulator"_s);
        QTest::mouseClick(pin, Qt::LeftButton);
        QVERIFY(!w.follower()->isPinned());
        QCOMPARE(selectedName(w), currentEvent(w).section(u' ', 1));
    }

    // Send is on exactly when a send can go in; otherwise the note beside it says why.
    void sendReasons_data()
    {
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("back");
        QTest::addColumn<QString>("select"); // pinned; "" follows the run
        QTest::addColumn<QString>("note");
        const QString on = u"Python's gen.send(value): Enter sends"_s;
        QTest::newRow("at launch: main")
            << 0 << 0 << QString() << u"main is a task: send() is for generators"_s;
        QTest::newRow("running") << 2 << 0 << QString()
                                 << u"the generator is running: step until it yields"_s;
        QTest::newRow("its first yield") << 3 << 0 << QString() << on;
        QTest::newRow("main printed") << 4 << 0 << u"accumulator"_s << on;
        QTest::newRow("12 steps, at line 19") << 12 << 0 << QString() << on;
        QTest::newRow("history") << 5 << 1 << u"accumulator"_s
                                 << u"this is history: Back to Live (Ctrl+F10) to send"_s;
        QTest::newRow("returned") << 18 << 0 << QString() << u"the generator is done: nothing to send to"_s;
        QTest::newRow("program ended") << 40 << 0 << u"accumulator"_s << u"the program has ended"_s;
    }

    void sendReasons()
    {
        QFETCH(int, steps);
        QFETCH(int, back);
        QFETCH(QString, select);
        QFETCH(QString, note);
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        for (int i = 0; i < steps && w.controller()->canStepForward(); ++i)
            press(w, Qt::Key_F10);
        for (int i = 0; i < back; ++i)
            press(w, Qt::Key_F10, Qt::ShiftModifier);
        if (!select.isEmpty()) {
            clickCoroutine(w, select);
            QTest::mouseClick(toolButton(w, w.pinAction()), Qt::LeftButton);
        }
        QTRY_COMPARE(w.sendBox()->note()->toolTip(), note);
        QVERIFY(w.sendBox()->note()->isVisible());
        // At 1280 px the toolbar's spare width is the note's: the reason reads whole, not elided.
        QCOMPARE(w.sendBox()->note()->text(), note);
        const bool enabled = note.startsWith(u"Python's"_s);
        QCOMPARE(w.sendBox()->edit()->isEnabled(), enabled);
        QCOMPARE(w.sendBox()->button()->isEnabled(), enabled);
    }

    // send_accumulator after 12 steps: accumulator at its co_yield on line 19, followed, and Send on.
    // Text that cannot be read is reported as not sent; a number goes in.
    void sendAfterTwelveSteps()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        steps(w, 12);
        QCOMPARE(selectedName(w), u"accumulator"_s);
        QCOMPARE(coroutineCell(w, u"accumulator"_s, CoroutineModel::PointColumn),
                 u"send_accumulator.cpp:19"_s);
        QTRY_VERIFY(w.sendBox()->edit()->isEnabled());
        QLineEdit *edit = w.sendBox()->edit();
        edit->setFocus();
        QTest::keyClicks(edit, u"1000"_s);
        QTest::keyClick(edit, Qt::Key_Return);
        // The generator hands control back (main prints its total, 35), then 1000 goes in.
        QTRY_COMPARE_WITH_TIMEOUT(w.sendBox()->lastResult(), u"sent 1000 to accumulator#2: yielded 1035"_s,
                                  10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QCOMPARE(w.statusBar()->currentMessage(), w.sendBox()->lastResult());
        QCOMPARE(selectedName(w), u"accumulator"_s);
        QTRY_COMPARE(valueRows(w).mid(valueRows(w).size() - 3),
                     (QStringList{u"yield 35"_s, u"send 1000"_s, u"yield 1035"_s}));
        const QStringList before = valueRows(w);
        const std::size_t events = w.session()->trace().size();
        edit->clear();
        QTest::keyClicks(edit, u"abc"_s);
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(w.sendBox()->lastResult(), u"not sent: cannot read \"abc\" as int"_s,
                                  10000);
        QCOMPARE(w.statusBar()->currentMessage(), u"not sent: cannot read \"abc\" as int"_s);
        QCOMPARE(w.sendBox()->note()->toolTip(), u"not sent: cannot read \"abc\" as int"_s);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QCOMPARE(valueRows(w), before);
        QCOMPARE(w.session()->trace().size(), events);
    }

    // The typed text belongs to the program it was typed for.
    void sendTextClearedOnOpen()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        steps(w, 12);
        QTRY_VERIFY(w.sendBox()->edit()->isEnabled());
        QTest::keyClicks(w.sendBox()->edit(), u"99999999999"_s);
        QCOMPARE(w.sendBox()->edit()->text(), u"99999999999"_s);
        open(w, u"yield_from_delegation"_s);
        QCOMPARE(w.sendBox()->edit()->text(), QString());
        QCOMPARE(w.sendBox()->lastResult(), QString());
    }

    // The Samples dock shows what is open: a sample, then a replayed trace.
    void samplesDockFollowsWhatIsOpen()
    {
        MainWindow w;
        showWindow(w);
        w.setConfirmer([](const QString &, const QString &) { return true; });
        SampleBrowser *b = w.sampleBrowser();
        open(w, u"send_accumulator"_s);
        QCOMPARE(b->currentSample(), u"send_accumulator"_s);
        // A search that hides the next sample does not keep the list on the old one.
        QTest::keyClicks(b->searchBox(), u"accum"_s);
        open(w, u"gather_fanout"_s);
        QCOMPARE(b->currentSample(), u"gather_fanout"_s);
        QVERIFY(b->descriptionText().contains(u"gather_fanout"_s));
        steps(w, 3);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"run.cstrace"_s);
        QVERIFY(w.controller()->saveTrace(path, Trace::Format::Native));
        open(w, u"send_accumulator"_s);
        QCOMPARE(b->currentSample(), u"send_accumulator"_s);
        QVERIFY(w.openTraceFile(path));
        QCOMPARE(b->currentSample(), u"gather_fanout"_s);
        QVERIFY2(b->descriptionText().contains(u"Replaying <b>run.cstrace</b>"_s),
                 qPrintable(b->descriptionText()));
    }

    // Enter in the list asks before a run with history or a replay goes; the Open button does not.
    void enterAsksBeforeDiscarding()
    {
        MainWindow w;
        showWindow(w);
        QStringList asked;
        bool answer = false;
        w.setConfirmer([&](const QString &, const QString &text) {
            asked << text;
            return answer;
        });
        open(w, u"send_accumulator"_s);
        steps(w, 4);
        QTreeView *tree = w.sampleBrowser()->view();
        tree->setFocus();
        w.sampleBrowser()->setCurrentSample(u"gather_fanout"_s);
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked[0].contains(u"send_accumulator"_s), qPrintable(asked[0]));
        QCOMPARE(w.controller()->sampleName(), u"send_accumulator"_s); // refused: nothing lost
        QCOMPARE(w.session()->cursor(), w.session()->trace().size());
        QCOMPARE(w.sampleBrowser()->currentSample(), u"send_accumulator"_s);
        answer = true;
        w.sampleBrowser()->setCurrentSample(u"gather_fanout"_s);
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(asked.size(), 2);
        QTRY_COMPARE(w.controller()->sampleName(), u"gather_fanout"_s);
        QTRY_COMPARE_WITH_TIMEOUT(w.session()->cursor(), std::size_t(1), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        // Fresh at its first event: nothing to lose, no question.
        w.sampleBrowser()->setCurrentSample(u"deadlock"_s);
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(asked.size(), 2);
        QTRY_COMPARE(w.controller()->sampleName(), u"deadlock"_s);
        QTRY_COMPARE_WITH_TIMEOUT(w.session()->cursor(), std::size_t(1), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        steps(w, 3);
        w.sampleBrowser()->setCurrentSample(u"send_accumulator"_s);
        QTest::mouseClick(w.sampleBrowser()->openButton(), Qt::LeftButton);
        QCOMPARE(asked.size(), 2);
        QTRY_COMPARE(w.controller()->sampleName(), u"send_accumulator"_s);
        QTRY_COMPARE_WITH_TIMEOUT(w.session()->cursor(), std::size_t(1), 10000); // the old run is gone
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        // A replay is asked about too, even at its first event.
        steps(w, 5);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"run.cstrace"_s);
        QVERIFY(w.controller()->saveTrace(path, Trace::Format::Native));
        QVERIFY(w.openTraceFile(path));
        answer = false;
        w.sampleBrowser()->setCurrentSample(u"deadlock"_s);
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(asked.size(), 3);
        QCOMPARE(asked[2], u"Open deadlock?\n\nThe replay of run.cstrace will be closed."_s);
        QCOMPARE(w.controller()->mode(), RunController::Mode::Replay);
        QCOMPARE(w.sampleBrowser()->currentSample(),
                 u"send_accumulator"_s); // what the replay was recorded from
    }

    // The status bar's event number is the Log's current (last) row.
    void oneNumbering()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        const QAbstractItemModel *log = w.eventLogPanel()->model();
        for (int n : {0, 1, 5, 10}) {
            steps(w, n);
            QTRY_VERIFY(log->rowCount() > 0);
            const QString last =
                log->index(log->rowCount() - 1, EventLogModel::EventColumn).data().toString();
            const QString total = QString::number(w.session()->trace().size() - 1);
            QCOMPARE(w.statusText().section(u" · "_s, 0, 0), u"Event "_s + last + u" / "_s + total);
        }
        press(w, Qt::Key_F10, Qt::ShiftModifier);
        const QString last = log->index(log->rowCount() - 1, EventLogModel::EventColumn).data().toString();
        QVERIFY(w.statusText().startsWith(u"Event "_s + last + u" / "_s));
    }

    // F9 on a line without a suspension point puts the breakpoint on the next one, and F5 stops there.
    void breakpointMovesToTheNextSuspensionPoint()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        SourceView *source = w.sourceView();
        const auto caretTo = [source](int line) {
            source->setFocus();
            QTextCursor c(source->document()->findBlockByNumber(line - 1));
            source->setTextCursor(c);
        };
        caretTo(16); // `int count = 0;` in accumulator(), three lines above its co_yield
        press(source, w, Qt::Key_F9);
        QCOMPARE(source->breakpointLines(), QSet<int>{19});
        QVERIFY2(w.statusBar()->currentMessage().contains(u"moved from line 16 to line 19"_s),
                 qPrintable(w.statusBar()->currentMessage()));
        press(w, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Paused, 10000);
        const Event &hit = w.session()->trace()[w.session()->cursor() - 1];
        QCOMPARE(w.session()->trace().site(hit.site).line, 19);
        QCOMPARE(currentEvent(w), u"yielded accumulator"_s);
        // Past the last suspension point there is nothing to stop at: refused, said so.
        caretTo(source->document()->blockCount());
        press(source, w, Qt::Key_F9);
        QCOMPARE(source->breakpointLines(), QSet<int>{19});
        QVERIFY2(w.statusBar()->currentMessage().startsWith(u"No breakpoint: line "_s),
                 qPrintable(w.statusBar()->currentMessage()));
        caretTo(19);
        press(source, w, Qt::Key_F9); // off again
        QCOMPARE(source->breakpointLines(), QSet<int>{});
    }

    // F11 stops when the loop has taken an entry: the window says who runs next.
    void stepLoopSaysWhatRunsNext()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"async_ticker"_s);
        for (int i = 0; i < 3; ++i) {
            press(w, Qt::Key_F11);
            const Event &e = w.session()->trace()[w.session()->cursor() - 1];
            QCOMPARE(e.kind, EventKind::Dequeued);
            const QString who = coroutineLabel(w.session()->trace(), e.coro);
            QTRY_VERIFY2(w.eventLoopPanel()->clockText().contains(u"runs next: <b>"_s + who + u"</b>"_s),
                         qPrintable(w.eventLoopPanel()->clockText()));
            QCOMPARE(selectedName(w), w.session()->trace().coroutine(e.coro).name);
            const QString state =
                coroutineCell(w, w.session()->trace().coroutine(e.coro).name, CoroutineModel::StateColumn);
            QCOMPARE(state, u"runs next"_s);
        }
    }

    // F1 opens Getting Started: the keys, transitions, sending, and the Timeline's legend; the
    // unusual words of the docks explain themselves in their tool tips.
    void explainsItself()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        QString text;
        QStringList legend;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<GettingStarted *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            text = dialog->text();
            if (auto *l = dialog->findChild<TimelineLegend *>())
                legend = l->entries();
            QTest::keyClick(dialog, Qt::Key_Escape);
        });
        QTest::keyClick(&w, Qt::Key_F1);
        for (const QString &s : {u"F10 Step"_s, u"Shift+F10 Step Back"_s, u"F5 Continue"_s,
                                 u"What a transition is"_s, u"Sending a value"_s, u"Pin Selection"_s})
            QVERIFY2(text.contains(s), qPrintable(s));
        QCOMPARE(legend.value(0), u"running: its body executes"_s);
        QVERIFY(legend.contains(u"send(): a value goes in"_s));
        const QAbstractItemModel *coroutines = w.coroutinesPanel()->model();
        for (int column : {int(CoroutineModel::StateColumn), int(CoroutineModel::PointColumn),
                           int(CoroutineModel::FrameColumn)})
            QVERIFY(!coroutines->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(coroutines->headerData(CoroutineModel::StateColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(u"suspended (C++: parked"_s));
        const QAbstractItemModel *ready = w.eventLoopPanel()->readyModel();
        QCOMPARE(ready->headerData(ReadyQueueModel::SinceColumn, Qt::Horizontal).toString(),
                 u"Queued at event"_s);
        QVERIFY(!ready->headerData(ReadyQueueModel::SinceColumn, Qt::Horizontal, Qt::ToolTipRole).isNull());
    }

    // File → Open Trace lists .cstrace (the README's) and .coroscope files, and opens the one chosen.
    void openDialogAcceptsCstrace()
    {
        MainWindow w;
        showWindow(w);
        open(w, u"send_accumulator"_s);
        steps(w, 4);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"run.cstrace"_s);
        QVERIFY(w.controller()->saveTrace(path, Trace::Format::Native));
        QStringList filters;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            filters = dialog->nameFilters();
            dialog->setDirectory(dir.path());
            dialog->selectFile(path);
            QMetaObject::invokeMethod(dialog, "accept");
        });
        QTest::keyClick(&w, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(filters.value(0), u"Coroscope traces (*.cstrace *.coroscope)"_s);
        QTRY_COMPARE(w.controller()->mode(), RunController::Mode::Replay);
        QCOMPARE(w.controller()->tracePath(), path);
    }
};

QTEST_MAIN(TestFirstMinutes)
#include "tst_firstminutes.moc"
