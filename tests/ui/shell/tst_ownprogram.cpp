// A user's own program in the window, driven by key presses: it runs in a
// child process, pauses at event 0, stops at a breakpoint set before launch,
// answers a Send, steps back and forward, and shows its own source with marks.
// Then the same source as a .cpp Coroscope builds: a compile error is shown
// and nothing runs; fixed, Restart builds and runs it; its saved trace replays
// with the source after the file is gone.

#include "mainwindow.h"
#include "runcontroller.h"
#include "session.h"

#include <coroscope/processrunner.h>

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {
const QString kSource = QStringLiteral(COROSCOPE_TEST_DATA "/programs/consumer.cpp");

int lineOf(const QString &text, const QString &needle)
{
    const QStringList lines = text.split(u'\n');
    for (int i = 0; i < lines.size(); ++i)
        if (lines[i].contains(needle))
            return i + 1;
    return 0;
}

void press(MainWindow &w, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QTest::keyClick(&w, key, mods);
}

bool waitPaused(MainWindow &w, int ms = 10000)
{
    return QTest::qWaitFor([&w] { return w.controller()->runner()->state() == Runner::State::Paused; }, ms);
}
} // namespace

class TestOwnProgram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void ownProgramIsSteppedLikeASample()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QFile f(kSource);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        const int yieldLine = lineOf(text, u"// the breakpoint line"_s);
        QVERIFY(yieldLine > 0);
        // A breakpoint set before launch, on the full path.
        w.session()->toggleBreakpoint(kSource, yieldLine);
        w.openProgram(QStringLiteral(CONSUMER), {u"4"_s});
        QVERIFY(waitPaused(w));
        QCOMPARE(*w.controller()->runner()->pausedAt(), std::size_t(0));
        // Its own main.cpp, read from disk, with the suspension points marked.
        QCOMPARE(w.session()->sourceFileName(), kSource);
        QCOMPARE(w.session()->sourceText(), text);
        QCOMPARE(w.windowTitle(), u"prog_consumer — Coroscope"_s);

        press(w, Qt::Key_F5); // Continue: to the breakpoint
        QVERIFY(waitPaused(w));
        const Trace &trace = w.session()->trace();
        const Event &at = trace[*w.controller()->runner()->pausedAt()];
        QCOMPARE(at.kind, EventKind::Yielded);
        QCOMPARE(trace.site(at.site).line, yieldLine);
        QCOMPARE(trace.site(at.site).file, kSource);
        const CoroId avg = at.coro;

        // Send 20: one step hands control back to main, then the value goes in and the averager yields its sum.
        QSignalSpy replies(w.controller(), &RunController::sendResult);
        w.controller()->send(avg, u"20"_s);
        QVERIFY(replies.wait(10000));
        QCOMPARE(replies.at(0).at(1).toString(), u"yielded 20"_s);
        QVERIFY(waitPaused(w));

        // Back and forward through history, in the window.
        const std::size_t live = w.session()->cursor();
        press(w, Qt::Key_F10, Qt::ShiftModifier);
        QVERIFY(w.session()->cursor() < live);
        QVERIFY(w.controller()->behindLive());
        while (w.controller()->behindLive())
            press(w, Qt::Key_F10);
        QCOMPARE(w.session()->cursor(), live);

        w.session()->setBreakpoints({});
        press(w, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Finished, 10000);
        QCOMPARE(w.controller()->outcome()->kind, RunOutcome::Kind::Completed);
        const auto &lines = w.session()->processLines();
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(),
                            [](const Session::ProcessLine &l) { return l.text == u"sent 4 values"_s && !l.isError; }));
    }

    void singleCppBuildsRunsAndReplaysWithoutItsFile()
    {
        QTemporaryDir dir;
        QTemporaryDir cache;
        qputenv("XDG_CACHE_HOME", cache.path().toLocal8Bit());
        QFile original(kSource);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray good = original.readAll();
        const QString cpp = dir.filePath(u"mine.cpp"_s);
        QByteArray bad = good;
        bad.replace("int sum = 0, n = 0;", "int sum = 0, n = 0; undeclared_name = 1;");
        {
            QFile out(cpp);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(bad);
        }
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        w.openProgram(cpp, {u"2"_s});
        QTRY_VERIFY_WITH_TIMEOUT(!w.isBuilding(), 120000);
        // The compiler's words, the file at its error line, and nothing launched.
        QCOMPARE(w.controller()->runner()->state(), Runner::State::Empty);
        QCOMPARE(w.session()->sourceFileName(), cpp);
        QCOMPARE(w.session()->sourceLine(), lineOf(QString::fromUtf8(bad), u"undeclared_name"_s));
        QVERIFY(w.statusBar()->currentMessage().contains(u"mine.cpp did not build: mine.cpp:"_s));
        const auto &lines = w.session()->processLines();
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const Session::ProcessLine &l) {
            return l.isError && l.text.contains(u"undeclared_name"_s);
        }));

        // Fixed: Restart builds it and runs it, paused at its first event.
        {
            QFile out(cpp);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(good);
        }
        QTest::keyClick(&w, Qt::Key_F5, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->runner()->state() == Runner::State::Paused, 120000);
        QCOMPARE(w.session()->sourceFileName(), cpp);
        QTest::keyClick(&w, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Finished, 10000);

        // Saved, the file deleted: the replay still shows it.
        const QString saved = dir.filePath(u"mine.cstrace"_s);
        QString error;
        QVERIFY2(w.controller()->saveTrace(saved, Trace::Format::Native, &error), qPrintable(error));
        QVERIFY(QFile::remove(cpp));
        MainWindow replay;
        QVERIFY(replay.openTraceFile(saved, &error));
        QCOMPARE(replay.session()->sourceFileName(), cpp);
        QCOMPARE(replay.session()->sourceText(), QString::fromUtf8(good));
    }
};

QTEST_MAIN(TestOwnProgram)
#include "tst_ownprogram.moc"
