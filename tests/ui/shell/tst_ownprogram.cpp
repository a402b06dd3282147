// A user's own program in the window, driven by key presses: it runs in a
// child process, pauses at event 0, stops at a breakpoint set before launch,
// answers a Send, steps back and forward, and shows its own source with marks.
// Then the same source as a .cpp Coroscope builds: a compile error is shown
// and nothing runs; fixed, Restart builds and runs it; its source moved is
// found through File → Source Folders…; its saved trace replays with the
// source after the file is gone.

#include "mainwindow.h"
#include "ownprogramsupport.h"
#include "runcontroller.h"
#include "session.h"
#include "sourcefoldersdialog.h"
#include "sourceview.h"

#include <coroscope/processrunner.h>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace coroscope;
using namespace coroscope::ui;
using namespace ownprogram;
using namespace Qt::StringLiterals;

namespace {
const QString kSource = QStringLiteral(COROSCOPE_TEST_DATA "/programs/consumer.cpp");
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

        // Send 20: one step hands control back to main (its print), then the value goes in and the
        // averager yields its sum.
        QSignalSpy replies(w.controller(), &RunController::sendResult);
        w.controller()->send(avg, u"20"_s);
        QVERIFY(replies.wait(10000));
        QCOMPARE(replies.at(0).at(1).toString(), u"yielded 20"_s);
        QVERIFY(waitPaused(w));

        backAndForwardThenToTheEnd(w);
        if (QTest::currentTestFailed())
            return;
        const auto &lines = w.session()->processLines();
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(),
                            [](const Session::ProcessLine &l) { return l.text == u"sent 4 values"_s && !l.isError; }));

        // Enter on a sample asks first, naming the program whose run would go.
        QString asked;
        w.setConfirmer([&asked](const QString &, const QString &text) {
            asked = text;
            return false;
        });
        w.activateSample(u"gather_fanout"_s);
        QCOMPARE(asked, u"Open gather_fanout?\n\nThe run of prog_consumer and its "_s
                            + QLocale().toString(qulonglong(w.session()->trace().size()))
                            + u" recorded events will be discarded."_s);
        QCOMPARE(w.controller()->programPath(), QFileInfo(QStringLiteral(CONSUMER)).absoluteFilePath());
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

        movedSourceIsFoundThroughSourceFolders(w, cpp, QString::fromUtf8(good));
        if (QTest::currentTestFailed())
            return;

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

    // A program that segfaults after K events: the window keeps exactly K, says what happened in
    // the status bar and over the Coroutines table, and Restart runs it again.
    void crashIsShownAndRestartWorks()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openProgram(QStringLiteral(MISBEHAVE), {u"segv"_s});
        QVERIFY(waitPaused(w));
        press(w, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Finished, 10000);
        QCOMPARE(w.controller()->outcome()->kind, RunOutcome::Kind::Crashed);
        const std::size_t events = w.session()->trace().size();
        QCOMPARE(events, std::size_t(12)); // "K=12", as the program says on stderr
        const QString what = u"crashed: SIGSEGV after event 11"_s;
        QCOMPARE(w.controller()->outcome()->what, what);
        QVERIFY2(w.statusText().contains(what), qPrintable(w.statusText()));
        auto *end = w.findChild<QLabel *>(u"runEnd"_s);
        QVERIFY(end);
        QTRY_VERIFY(end->isVisible());
        QCOMPARE(end->text(), u"The program "_s + what);

        QTest::keyClick(&w, Qt::Key_F5, Qt::ControlModifier | Qt::ShiftModifier); // Restart
        QVERIFY(waitPaused(w));
        QCOMPARE(*w.controller()->runner()->pausedAt(), std::size_t(0));
        QVERIFY(!end->isVisible());
    }

private:
    // The built executable run again after its source moved: the Source view says the file is not
    // here; File → Source Folders… (a bad line is refused, then a good one) shows it from its new
    // folder; touched after the build, it is flagged as newer. The file is put back at the end.
    void movedSourceIsFoundThroughSourceFolders(MainWindow &w, const QString &cpp, const QString &good)
    {
        const QString executable = w.controller()->programPath();
        const QString movedDir = QFileInfo(cpp).absolutePath() + u"/moved"_s;
        const QString moved = movedDir + u"/mine.cpp"_s;
        QVERIFY(QDir().mkpath(movedDir));
        QVERIFY(QFile::rename(cpp, moved));
        auto *banner = w.findChild<QLabel *>(u"sourceNote"_s);
        QVERIFY(banner);

        w.controller()->loadProgram(executable, {u"2"_s});
        QVERIFY(waitPaused(w));
        QCOMPARE(w.session()->sourceFileName(), cpp);
        QCOMPARE(w.session()->sourceText(), QString());
        QCOMPARE(w.session()->sourceNote(),
                 cpp + u" is not on this machine. File → Source Folders… tells Coroscope where to look for it."_s);
        QTRY_VERIFY(banner->isVisible());
        QCOMPARE(banner->text(), w.session()->sourceNote());

        QAction *action = nullptr;
        for (QAction *a : w.findChildren<QAction *>())
            if (a->text() == u"Source &Folders…"_s)
                action = a;
        QVERIFY(action);
        bool refused = false, accepted = false;
        QTimer::singleShot(0, &w, [&] {
            auto *dialog = qobject_cast<SourceFoldersDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->foldersEdit()->setPlainText(movedDir + u"/nothing-here"_s);
            dialog->accept();
            refused = dialog->isVisible() && dialog->errorLabel()->isVisible()
                      && dialog->errorLabel()->text()
                             == u"Search folders, line 1: "_s + movedDir + u"/nothing-here is not a folder."_s;
            dialog->foldersEdit()->setPlainText(movedDir);
            dialog->accept();
            accepted = !dialog->isVisible();
        });
        action->trigger();
        QVERIFY(refused);
        QVERIFY(accepted);
        // Shown under the path the program was built from: marks and breakpoints are keyed by it.
        QCOMPARE(w.session()->sourceFileName(), cpp);
        for (int i = 0; i < 3; ++i) {
            w.controller()->step();
            QVERIFY(waitPaused(w));
        }
        QTRY_VERIFY(w.session()->cursor() >= 3);
        auto *view = w.findChild<SourceView *>();
        QVERIFY(view);
        view->refresh();
        QVERIFY(view->reachedLines().contains(lineOf(good, u"// the breakpoint line"_s)));
        QCOMPARE(w.session()->sourceText(), good);
        QCOMPARE(w.session()->sourceNote(), u"Shown from "_s + moved + u": the program was built from "_s + cpp + u"."_s);
        QCOMPARE(QSettings().value(u"sources/searchFolders"_s).toStringList(), QStringList{movedDir});

        // Edited after the build.
        {
            QFile f(moved);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QFileInfo(executable).lastModified().addSecs(60), QFileDevice::FileModificationTime));
        }
        w.controller()->setSourceLocations({movedDir}, {});
        QCOMPARE(w.session()->sourceNote(), u"Shown from "_s + moved + u", which changed after "_s
                                                + QFileInfo(executable).fileName()
                                                + u" was built: the lines may not be the ones that ran."_s);

        // A mapping of the folder instead of a search.
        w.controller()->setSourceLocations({}, {{QFileInfo(cpp).absolutePath(), movedDir}});
        QCOMPARE(w.session()->sourceText(), good);
        QCOMPARE(w.session()->sourceNote(), u"Shown from "_s + moved + u", which changed after "_s
                                                + QFileInfo(executable).fileName()
                                                + u" was built: the lines may not be the ones that ran."_s);

        QSettings().remove(u"sources"_s);
        w.controller()->setSourceLocations({}, {});
        QVERIFY(QFile::rename(moved, cpp));
    }
};

QTEST_MAIN(TestOwnProgram)
#include "tst_ownprogram.moc"
