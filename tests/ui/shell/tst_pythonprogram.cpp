// Python programs in the window: a .py opened as a program runs under
// python3 and Coroscope's tracer in a child process, paused at its first
// event, stepped, breakpointed and stepped back like a C++ program; a syntax
// error is the run's outcome; the Samples dock opens a sample's Python twin.

#include "mainwindow.h"
#include "ownprogramsupport.h"
#include "runcontroller.h"
#include "samplebrowser.h"
#include "session.h"
#include "coroutinemodel.h"
#include "coroutinefiltermodel.h"
#include "coroutinespanel.h"

#include <coroscope/processrunner.h>

#include <samplelibrary.h>

#include <QCheckBox>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;
using namespace coroscope::ui;
using namespace ownprogram;
using namespace Qt::StringLiterals;

namespace {
// A generator that averages what is sent in: both Send tests run it (line 4 is its yield).
const QByteArray kAverager = "def averager():\n"
                             "    total, n = 0, 0\n"
                             "    while True:\n"
                             "        v = yield total  # the breakpoint line\n"
                             "        if v is None:\n"
                             "            return n\n"
                             "        total += v\n"
                             "        n += 1\n"
                             "\n";
} // namespace

class TestPythonProgram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void pythonProgramIsSteppedInTheWindow()
    {
        QTemporaryDir dir;
        const QString py = dir.filePath(u"avg.py"_s);
        const QByteArray text = kAverager +
                                QByteArray(
                                "a = averager()\n"
                                "next(a)\n"
                                "print('primed')\n"
                                "for v in (10, 20):\n"
                                "    a.send(v)\n"
                                "try:\n"
                                "    a.send(None)\n"
                                "except StopIteration as e:\n"
                                "    print('returned', e.value)\n");
        QVERIFY(writeFile(py, text));
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.session()->toggleBreakpoint(py, 4);
        w.openProgram(py, {});
        QVERIFY(waitPaused(w));
        QCOMPARE(*w.controller()->runner()->pausedAt(), std::size_t(0));
        QCOMPARE(w.windowTitle(), u"avg.py — Coroscope"_s);
        QCOMPARE(w.session()->sourceFileName(), py);
        QCOMPARE(w.session()->sourceText(), QString::fromUtf8(text));

        // Continue to the breakpoint: the generator's first yield, on line 4, yielding 0.
        press(w, Qt::Key_F5);
        QVERIFY(waitPaused(w));
        const Trace &trace = w.session()->trace();
        const Event &at = trace[*w.controller()->runner()->pausedAt()];
        QCOMPARE(at.kind, EventKind::Yielded);
        QCOMPARE(trace.site(at.site).file, py);
        QCOMPARE(trace.site(at.site).line, 4);
        QCOMPARE(trace.valueText(at.arg), u"0"_s);
        QCOMPARE(trace.coroutine(at.coro).name, u"averager"_s);
        // Send 5 from the box: one step hands control back to the program (its print), then the
        // value goes in and the averager yields its total; the tracer records both by hand.
        QVERIFY(w.controller()->canSend(at.coro));
        const CoroId avg = at.coro;
        QSignalSpy replies(w.controller(), &RunController::sendResult);
        w.controller()->send(avg, u"nonsense words"_s);
        QVERIFY(replies.wait(10000));
        QVERIFY2(replies.at(0).at(1).toString().startsWith(u"cannot read \"nonsense words\" as a Python literal"_s),
                 qPrintable(replies.at(0).at(1).toString()));
        QVERIFY(waitPaused(w));
        w.controller()->send(avg, u"5"_s);
        QVERIFY(replies.wait(10000));
        QCOMPARE(replies.at(1).at(1).toString(), u"yielded 5"_s);
        QVERIFY(waitPaused(w));
        const Event &sentEvent = trace[trace.size() - 2];
        QCOMPARE(sentEvent.kind, EventKind::Sent);
        QCOMPARE(trace.valueText(sentEvent.arg), u"5"_s);
        const Event &yielded = trace[trace.size() - 1];
        QCOMPARE(yielded.kind, EventKind::Yielded);
        QCOMPARE(trace.site(yielded.site).line, 4);
        QCOMPARE(trace.valueText(yielded.arg), u"5"_s);
        backAndForwardThenToTheEnd(w);
        if (QTest::currentTestFailed())
            return;
        QStringList sent, printed;
        for (const Event &e : trace.events()) {
            if (e.kind == EventKind::Sent)
                sent << trace.valueText(e.arg);
            if (e.kind == EventKind::Output)
                printed << trace.valueText(e.arg);
        }
        QCOMPARE(sent, (QStringList{u"5"_s, u"10"_s, u"20"_s}));
        QCOMPARE(printed, (QStringList{u"primed"_s, u"returned 3"_s}));

        // A syntax error: the window says so and survives; the file is still shown.
        const QString bad = dir.filePath(u"bad.py"_s);
        QVERIFY(writeFile(bad, "def f(:\n    pass\n"));
        w.openProgram(bad, {});
        QVERIFY(waitPaused(w)); // at its first event, as every program: the error, as output
        QCOMPARE(trace.valueText(trace[0].arg).section(u'\n', 0, 0), bad + u" has a syntax error:"_s);
        press(w, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Finished, 10000);
        QCOMPARE(w.controller()->outcome()->kind, RunOutcome::Kind::Failed);
        QVERIFY2(w.controller()->outcome()->what.contains(u"bad.py has a syntax error"_s),
                 qPrintable(w.controller()->outcome()->what));
        QVERIFY(w.isVisible());
    }

    // Paused at another generator's yield (inside the tracer's profile function, where CPython
    // profiles nothing), a send into a parked generator is recorded by hand: its Sent and its
    // Yielded follow the pause, and the program goes on with the generator's new state.
    void sendFromInsideTheTracer()
    {
        QTemporaryDir dir;
        const QString py = dir.filePath(u"two.py"_s);
        const QByteArray text = kAverager +
                                QByteArray(
                                "def ticker():\n"
                                "    yield 'tick'  # the breakpoint line\n"
                                "\n"
                                "a = averager()\n"
                                "next(a)\n"
                                "t = ticker()\n"
                                "next(t)\n"
                                "try:\n"
                                "    a.send(None)\n"
                                "except StopIteration as e:\n"
                                "    print('returned', e.value)\n");
        QVERIFY(writeFile(py, text));
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.session()->toggleBreakpoint(py, 11);
        w.openProgram(py, {});
        QVERIFY(waitPaused(w));
        press(w, Qt::Key_F5);
        QVERIFY(waitPaused(w));
        const Trace &trace = w.session()->trace();
        const Event &at = trace[*w.controller()->runner()->pausedAt()];
        QCOMPARE(trace.coroutine(at.coro).name, u"ticker"_s);
        QCOMPARE(at.kind, EventKind::Yielded);
        CoroId avg = 0;
        for (CoroId id = 1; id <= trace.coroutineCount(); ++id)
            if (trace.coroutine(id).name == u"averager")
                avg = id;
        QVERIFY(avg);
        QSignalSpy replies(w.controller(), &RunController::sendResult);
        w.controller()->send(avg, u"5"_s);
        QVERIFY(replies.wait(10000));
        QCOMPARE(replies.at(0).at(1).toString(), u"yielded 5"_s);
        QVERIFY(waitPaused(w));
        QCOMPARE(trace[trace.size() - 2].kind, EventKind::Sent);
        QCOMPARE(trace[trace.size() - 2].coro, avg);
        QCOMPARE(trace[trace.size() - 1].kind, EventKind::Yielded);
        QCOMPARE(trace.valueText(trace[trace.size() - 1].arg), u"5"_s);
        QCOMPARE(trace.site(trace[trace.size() - 1].site).line, 4);
        press(w, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Finished, 10000);
        QStringList printed;
        for (const Event &e : trace.events())
            if (e.kind == EventKind::Output)
                printed << trace.valueText(e.arg);
        QCOMPARE(printed, QStringList{u"returned 1"_s}); // the box's 5 counted
    }

    // --clock real reaches a Python program as it reaches a sample: coroscope_run.py is told which.
    void clockReachesThePythonRunner_data()
    {
        QTest::addColumn<bool>("real");
        QTest::newRow("virtual") << false;
        QTest::newRow("real") << true;
    }
    void clockReachesThePythonRunner()
    {
        QFETCH(bool, real);
        QTemporaryDir dir;
        const QString py = dir.filePath(u"hello.py"_s);
        QVERIFY(writeFile(py, "print('hello')\n"));
        MainWindow w;
        w.controller()->setClock(real ? EventLoop::Clock::Real : EventLoop::Clock::Virtual);
        w.openProgram(py, {});
        const QStringList args = w.controller()->runner()->program().arguments;
        const auto at = args.indexOf(u"--clock"_s);
        QVERIFY2(at >= 0 && at + 1 < args.size(), qPrintable(args.join(u' ')));
        QCOMPARE(args[at + 1], real ? u"real"_s : u"virtual"_s);
        QVERIFY(waitPaused(w));
    }

    // The Samples dock's "Open in Python": the twin runs as a Python program, its own source shown,
    // and prints what CPython prints running the same file directly.
    void pythonTwinOpensFromTheSamplesDock()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *browser = w.findChild<SampleBrowser *>();
        QVERIFY(browser);
        browser->setCurrentSample(u"qt_signal_await"_s);
        QVERIFY(!browser->openPythonButton()->isEnabled()); // no twin: the button says why
        QVERIFY(browser->openPythonButton()->toolTip().contains(u"QtAsyncio"_s));
        browser->setCurrentSample(u"send_accumulator"_s);
        QVERIFY(browser->openPythonButton()->isEnabled());
        QTest::mouseClick(browser->openPythonButton(), Qt::LeftButton);
        QVERIFY(waitPaused(w));
        QCOMPARE(w.windowTitle(), u"send_accumulator.py — Coroscope"_s);
        const QString py = w.controller()->programPath();
        QVERIFY(py.endsWith(u"/send_accumulator.py"_s));
        QCOMPARE(w.session()->sourceText(), samples::findSample(u"send_accumulator"_s)->pythonSource());

        press(w, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Finished, 10000);
        QCOMPARE(w.controller()->outcome()->kind, RunOutcome::Kind::Completed);
        QStringList printed;
        const Trace &trace = w.session()->trace();
        for (const Event &e : trace.events())
            if (e.kind == EventKind::Output)
                printed << trace.valueText(e.arg);
        QProcess direct;
        direct.start(u"/usr/bin/python3"_s, {py});
        QVERIFY(direct.waitForFinished(10000));
        QStringList expected = QString::fromUtf8(direct.readAllStandardOutput()).split(u'\n');
        expected.removeAll(QString());
        QVERIFY(!expected.isEmpty());
        QCOMPARE(printed, expected);
    }

    // asyncio's own coroutines (asyncio.sleep, asyncio.wait …) are recorded as library internals:
    // hidden from the Coroutines table until the Library internals switch is on, as Coroscope's
    // gather and waitFor are in a C++ program; the program's coroutines show either way.
    void asyncioInternalsFollowTheSwitch()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openPythonTwin(u"cancellation_and_timeout"_s));
        QVERIFY(waitPaused(w));
        press(w, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Finished, 10000);
        QCOMPARE(w.controller()->outcome()->kind, RunOutcome::Kind::Completed);

        auto names = [&w] {
            QStringList out;
            const QAbstractItemModel *m = w.coroutinesPanel()->filterModel();
            for (int r = 0; r < m->rowCount(); ++r)
                out << m->index(r, CoroutineModel::NameColumn).data().toString();
            return out;
        };
        const QStringList shown = names();
        QVERIFY2(shown.contains(u"worker"_s) && shown.contains(u"main"_s), qPrintable(shown.join(u", "_s)));
        for (const QString &n : shown)
            QVERIFY2(!n.startsWith(u"asyncio."_s), qPrintable(n));
        auto *internals = w.coroutinesPanel()->findChild<QCheckBox *>(u"showInternals"_s);
        QVERIFY(internals);
        QTest::mouseClick(internals, Qt::LeftButton, {}, QPoint(8, internals->height() / 2));
        QVERIFY(w.session()->showsInternals());
        const QStringList all = names();
        QVERIFY2(all.contains(u"asyncio.sleep"_s) && all.contains(u"asyncio.wait_for"_s), qPrintable(all.join(u", "_s)));
        QVERIFY(all.size() > shown.size());
    }
};

QTEST_MAIN(TestPythonProgram)
#include "tst_pythonprogram.moc"
