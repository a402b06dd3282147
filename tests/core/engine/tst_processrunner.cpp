// ProcessRunner with real child processes: a user's program that records K
// events and then crashes, aborts, throws out of main or exits with 3; one
// that never suspends; one without a Recorder; and a sample through the
// runner executable, stepped, sent into, and run to its end.

#include <coroscope/processrunner.h>
#include <coroscope/tracetext.h>

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

using namespace coroscope;
using namespace Qt::StringLiterals;

namespace {


int threadCount()
{
    return int(QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

// Gone: kill(pid, 0) fails, or only a zombie is left for init to reap.
bool processGone(qint64 pid)
{
    if (::kill(pid_t(pid), 0) != 0)
        return true;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    return stat.open(QIODevice::ReadOnly) && stat.readAll().contains(") Z ");
}

} // namespace

class TestProcessRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<RunOutcome>();
        // Under AddressSanitizer (the asan preset) the children are sanitized too, and ASan's own
        // SIGSEGV handler would report and exit before the child's last words: a user's program
        // meets the child's handler, so the children here do too. Read by the children only.
        const QByteArray asan = qgetenv("ASAN_OPTIONS");
        qputenv("ASAN_OPTIONS", asan.isEmpty() ? QByteArray("handle_segv=0") : asan + ":handle_segv=0");
    }

    void misbehavingProgramKeepsEveryEvent_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("cause");
        QTest::newRow("segv") << u"segv"_s << int(RunOutcome::Kind::Crashed) << u"crashed: SIGSEGV after event "_s;
        QTest::newRow("abort") << u"abort"_s << int(RunOutcome::Kind::Crashed) << u"crashed: SIGABRT after event "_s;
        QTest::newRow("throw") << u"throw"_s << int(RunOutcome::Kind::Crashed) << u"crashed: SIGABRT after event "_s;
        QTest::newRow("exit3") << u"exit3"_s << int(RunOutcome::Kind::Exited) << u"exited with code 3 after event "_s;
    }

    void misbehavingProgramKeepsEveryEvent()
    {
        QFETCH(QString, how);
        QFETCH(int, kind);
        QFETCH(QString, cause);
        ProcessRunner runner;
        QStringList err;
        connect(&runner, &Runner::outputLine, this, [&err](const QString &line, bool isError) {
            if (isError)
                err << line;
        });
        QSignalSpy finished(&runner, &Runner::finished);
        runner.load(LaunchSpec{QStringLiteral(MISBEHAVE), {how}, {}, u"misbehave"_s});
        runner.continueRun();
        QVERIFY(finished.wait(10000));
        // The program said how many events it had recorded before it misbehaved.
        const QRegularExpression k(u"^K=(\\d+) pid=(\\d+)$"_s);
        QStringList said = err.filter(k);
        QCOMPARE(said.size(), 1);
        const auto m = k.match(said.constFirst());
        const std::size_t events = m.captured(1).toULongLong();
        QVERIFY(events > 10);
        QCOMPARE(runner.trace().size(), events);
        QCOMPARE(runner.state(), Runner::State::Finished);
        const RunOutcome o = *runner.outcome();
        QCOMPARE(int(o.kind), kind);
        QCOMPARE(o.what, cause + QString::number(events - 1)); // the last event that arrived
        QVERIFY(processGone(m.captured(2).toLongLong()));
        if (how == u"throw")
            QVERIFY(err.join(u'\n').contains(u"out of main"_s)); // the runtime's own words reach the window
        // Restart runs it again, paused at its first event.
        runner.restart();
        QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Paused, 10000);
        QCOMPARE(*runner.pausedAt(), std::size_t(0));
        QCOMPARE(runner.trace().size(), std::size_t(1));
    }

    void cpuLoopIsShownAndStopReapsIt()
    {
        const int threadsBefore = threadCount();
        ProcessRunner runner;
        qint64 pid = 0;
        connect(&runner, &Runner::outputLine, this, [&pid](const QString &line) {
            const auto m = QRegularExpression(u"pid=(\\d+)"_s).match(line);
            if (m.hasMatch())
                pid = m.captured(1).toLongLong();
        });
        runner.load(LaunchSpec{QStringLiteral(MISBEHAVE), {u"cpu"_s}, {}, u"cpu"_s});
        runner.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(runner.isNotYielding(), 5000);
        QVERIFY(pid > 0);
        QCOMPARE(runner.state(), Runner::State::Running);
        QElapsedTimer clock;
        clock.start();
        runner.stop();
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 1000);
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Finished, 1000);
        QCOMPARE(runner.outcome()->kind, RunOutcome::Kind::Aborted);
        QVERIFY(!runner.isNotYielding());
        QCOMPARE(threadCount(), threadsBefore);
    }

    // The window's process killed outright (here `coroscope --headless`, which
    // drives its child exactly as the window does): the child goes with it.
    void killingTheWindowEndsTheChild()
    {
        QProcess window;
        window.start(QStringLiteral(COROSCOPE_APP), {u"--headless"_s, QStringLiteral(MISBEHAVE), u"cpu"_s});
        QVERIFY(window.waitForStarted());
        qint64 child = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto m = QRegularExpression(u"pid=(\\d+)"_s).match(QString::fromUtf8(window.readAllStandardError()));
                if (m.hasMatch())
                    child = m.captured(1).toLongLong();
                return child > 0;
            }(),
            10000);
        QVERIFY(!processGone(child));
        ::kill(pid_t(window.processId()), SIGKILL);
        QVERIFY(window.waitForFinished(5000));
        QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 2000);
    }

    void programWithoutRecorderSaysSo()
    {
        ProcessRunner runner;
        QStringList out;
        connect(&runner, &Runner::outputLine, this, [&out](const QString &line) { out << line; });
        QSignalSpy finished(&runner, &Runner::finished);
        runner.load(LaunchSpec{QStringLiteral(NORECORDER), {}, {}, u"norecorder"_s});
        runner.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(out, QStringList{u"hello without a recorder"_s});
        QCOMPARE(runner.outcome()->what, u"this program recorded nothing: it has no coroscope::Recorder"_s);
        QCOMPARE(runner.trace().size(), std::size_t(0));
    }

    void sampleStepsSendsAndFinishesThroughTheChild()
    {
        ProcessRunner runner;
        runner.load(LaunchSpec{QStringLiteral(RUNNER), {u"send_accumulator"_s}, {}, u"send_accumulator"_s});
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Paused, 10000);
        QCOMPARE(*runner.pausedAt(), std::size_t(0));
        QCOMPARE(runner.trace()[0].kind, EventKind::Created);
        // Step until the accumulator parks at its receiving yield, then send into it.
        CoroId acc = 0;
        for (int i = 0; i < 40 && !acc; ++i) {
            runner.step();
            QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Paused, 5000);
            const Event &e = runner.trace()[runner.trace().size() - 1];
            if (e.kind == EventKind::Yielded && runner.trace().coroutine(e.coro).receivesValues)
                acc = e.coro;
        }
        QVERIFY(acc);
        runner.step(); // out of the generator's own yield, back in its caller
        QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Paused, 5000);
        QSignalSpy replies(&runner, &Runner::sendResult);
        runner.send(acc, u"20"_s);
        QVERIFY(replies.wait(5000));
        QCOMPARE(replies.at(0).at(0).value<CoroId>(), acc);
        QVERIFY2(replies.at(0).at(1).toString().startsWith(u"yielded "_s), qPrintable(replies.at(0).at(1).toString()));
        QSignalSpy finished(&runner, &Runner::finished);
        runner.continueRun();
        QVERIFY(finished.wait(10000));
        QCOMPARE(runner.outcome()->kind, RunOutcome::Kind::Completed);
    }

    void breakpointsStopTheChild()
    {
        ProcessRunner runner;
        runner.load(LaunchSpec{QStringLiteral(RUNNER), {u"send_accumulator"_s}, {}, u"send_accumulator"_s});
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Paused, 10000);
        // Find a yield site, put a breakpoint on it, and Continue to it.
        runner.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Finished, 10000);
        const Trace &trace = runner.trace();
        int line = 0;
        for (const Event &e : trace.events())
            if (e.kind == EventKind::Yielded && !line)
                line = trace.site(e.site).line;
        QVERIFY(line > 0);
        runner.setBreakpoints({Breakpoint{u"send_accumulator.cpp"_s, line}});
        runner.restart();
        QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Paused, 10000);
        runner.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Paused, 10000);
        const Event &at = runner.trace()[*runner.pausedAt()];
        QCOMPARE(at.kind, EventKind::Yielded);
        QCOMPARE(runner.trace().site(at.site).line, line);
    }
};

QTEST_GUILESS_MAIN(TestProcessRunner)
#include "tst_processrunner.moc"
