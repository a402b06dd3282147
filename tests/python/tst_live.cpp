// The Python tracer driven live, as the window drives it: a ProcessRunner
// launches `python3 coroscope_run.py prog.py`, the extension's Recorder links
// back and pauses at its first event, steps move it one event at a time, and
// Continue runs it to a Completed end (or a Failed or Deadlock one).

#include <coroscope/processrunner.h>

#include <QSignalSpy>
#include <QTest>

using namespace coroscope;
using namespace Qt::StringLiterals;

namespace {

// `python3 coroscope_run.py programs/<program>` in a ProcessRunner, paused at its first event.
bool launchPaused(ProcessRunner &runner, const QString &program)
{
    runner.load(LaunchSpec{QStringLiteral(COROSCOPE_PYTHON),
                           {QStringLiteral(COROSCOPE_RUN_SCRIPT), QStringLiteral(COROSCOPE_PROGRAMS "/") + program},
                           {},
                           program});
    runner.start();
    return QTest::qWaitFor([&runner] { return runner.state() == Runner::State::Paused; }, 10000);
}

// Continue to the end: whether it finished within 10 s (its outcome is the runner's).
bool continueToEnd(ProcessRunner &runner)
{
    QSignalSpy finished(&runner, &Runner::finished);
    runner.continueRun();
    return finished.wait(10000) && runner.outcome();
}

} // namespace

class TestPythonLive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<RunOutcome>(); }

    void stepsAndCompletes()
    {
        ProcessRunner runner;
        QVERIFY(launchPaused(runner, u"send_return.py"_s));
        QCOMPARE(*runner.pausedAt(), std::size_t(0));
        QCOMPARE(runner.trace()[0].kind, EventKind::Created);
        for (std::size_t i = 1; i <= 4; ++i) {
            runner.step();
            QTRY_COMPARE_WITH_TIMEOUT(runner.state(), Runner::State::Paused, 5000);
            QCOMPARE(*runner.pausedAt(), i);
            QCOMPARE(runner.trace().size(), i + 1);
        }
        QCOMPARE(runner.trace()[2].kind, EventKind::Yielded);
        QCOMPARE(runner.trace()[3].kind, EventKind::Sent);
        QCOMPARE(runner.trace().valueText(runner.trace()[3].arg), u"10"_s);
        QVERIFY(continueToEnd(runner));
        QCOMPARE(runner.outcome()->kind, RunOutcome::Kind::Completed);
        QVERIFY(runner.trace().size() > 5);
    }

    void failureIsTheOutcome()
    {
        ProcessRunner runner;
        QVERIFY(launchPaused(runner, u"raises.py"_s));
        QVERIFY(continueToEnd(runner));
        QVERIFY2(runner.outcome()->kind != RunOutcome::Kind::Completed, qPrintable(runner.outcome()->what));
    }

    // A deadlocked asyncio program is the window's Deadlock outcome, saying who waits on what, as a C++ run's is.
    void deadlockIsTheOutcome()
    {
        ProcessRunner runner;
        QVERIFY(launchPaused(runner, u"deadlock.py"_s));
        QVERIFY(continueToEnd(runner));
        QCOMPARE(runner.outcome()->kind, RunOutcome::Kind::Deadlock);
        QCOMPARE(runner.outcome()->what, u"main #1 awaits future@19 #6, alice #2 awaits future@9 #7, bob #3 awaits future@9 #8"_s);
        const Trace &trace = runner.trace();
        QVERIFY(trace.size() > 0);
        const Event &last = trace[trace.size() - 1];
        QCOMPARE(last.kind, EventKind::Warning);
        QCOMPARE(WarningKind(last.aux), WarningKind::Deadlock);
    }
};

QTEST_GUILESS_MAIN(TestPythonLive)
#include "tst_live.moc"
