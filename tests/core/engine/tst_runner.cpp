// The Runner contract: a program in a child process, paused at events by
// commands from this (the window's) thread, which keeps spinning its own
// event loop throughout. Every Runner passes it; ProcessRunner is the one.

#include <coroscope/coroscope.h>
#include <coroscope/snapshot.h>
#include <coroscope/processrunner.h>

#include "programs/contract.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <sys/types.h>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using Kind = RunOutcome::Kind;

// A program of contract.cpp, in a child process.
static LaunchSpec program(const QString &name, QStringList extra = {})
{
    return LaunchSpec{QStringLiteral(CONTRACT), QStringList{name} + extra, {}, name};
}
static constexpr int kSleepLine = kContractSleepLine;

namespace coroscope {
// QCOMPARE's message for outcomes.
char *toString(const RunOutcome &o)
{
    return QTest::toString(QStringLiteral("Outcome(%1, \"%2\")").arg(int(o.kind)).arg(o.what));
}
} // namespace coroscope

static QStringList outputs(const Trace &t)
{
    QStringList out;
    for (const auto &e : t.events())
        if (e.kind == EventKind::Output)
            out << t.valueText(e.arg);
    return out;
}
static CoroId coroutineNamed(const Trace &t, const QString &name)
{
    for (const auto &c : t.coroutines())
        if (c.name == name)
            return c.id;
    return 0;
}

class TestRunner : public QObject
{
    Q_OBJECT

    // Waits (spinning this thread's event loop) for the next paused() and returns its index.
    static std::size_t nextPause(QSignalSpy &spy, qsizetype before)
    {
        if (!QTest::qWaitFor([&] { return spy.size() > before; }, 10000))
            return std::size_t(-1);
        return spy.at(before).at(0).value<std::size_t>();
    }
    static RunOutcome waitFinished(Runner &engine)
    {
        if (!QTest::qWaitFor([&engine] { return engine.state() == Runner::State::Finished; }, 10000))
            return RunOutcome{Kind::Aborted, u"timed out"_s};
        return engine.outcome().value_or(RunOutcome{Kind::Aborted, u"no outcome"_s});
    }

private Q_SLOTS:
    void startPausesAtTheFirstEvent()
    {
        ProcessRunner engine;
        QCOMPARE(engine.state(), Runner::State::Empty);
        engine.load(program(u"feeder"_s));
        QCOMPARE(engine.state(), Runner::State::Loaded);
        QSignalSpy paused(&engine, &Runner::paused);
        QSignalSpy started(&engine, &Runner::started);
        engine.start();
        QCOMPARE(started.size(), 1);
        QCOMPARE(nextPause(paused, 0), std::size_t(0));
        QCOMPARE(engine.state(), Runner::State::Paused);
        QCOMPARE(engine.pausedAt(), std::size_t(0));
        QCOMPARE(engine.trace().size(), std::size_t(1));
        QCOMPARE(engine.trace()[0].kind, EventKind::Created);
        QCOMPARE(engine.trace().coroutine(1).name, u"feeder"_s);
    }

    void stepStopsAtEachTransitionEvent()
    {
        ProcessRunner engine;
        engine.load(program(u"feeder"_s));
        QSignalSpy paused(&engine, &Runner::paused);
        QSignalSpy grew(&engine, &Runner::traceGrew);
        engine.start();
        QCOMPARE(nextPause(paused, 0), std::size_t(0));
        struct Expect
        {
            EventKind kind;
            CoroId coro;
        };
        // feeder is #1, accumulator #2.
        const Expect expected[] = {
            {EventKind::Started, 1},   {EventKind::Started, 2}, {EventKind::Yielded, 2},
            {EventKind::Suspended, 1}, {EventKind::Resumed, 1}, {EventKind::Sent, 2},
            {EventKind::Yielded, 2},   {EventKind::Output, 1},  {EventKind::Suspended, 1},
        };
        std::size_t last = 0;
        for (const auto &x : expected) {
            const qsizetype before = paused.size();
            engine.step();
            QCOMPARE(engine.state(), Runner::State::Running);
            const std::size_t at = nextPause(paused, before);
            QVERIFY(at != std::size_t(-1));
            QVERIFY(at > last);
            // Everything up to the pause has arrived, nothing beyond it.
            QCOMPARE(engine.trace().size(), at + 1);
            QCOMPARE(engine.trace()[at].kind, x.kind);
            QCOMPARE(engine.trace()[at].coro, x.coro);
            for (std::size_t i = last + 1; i < at; ++i)
                QVERIFY2(!isStepEvent(engine.trace()[i]), qPrintable(nameOf(engine.trace()[i].kind)));
            QCOMPARE(grew.last().at(0).value<std::size_t>(), engine.trace().size());
            last = at;
        }
        QCOMPARE(outputs(engine.trace()), QStringList{u"1"_s});
        QVERIFY(engine.trace().coroutine(2).receivesValues);
    }

    void stepLoopStopsAfterExactlyOneDequeued()
    {
        ProcessRunner engine;
        engine.load(program(u"feeder"_s));
        QSignalSpy paused(&engine, &Runner::paused);
        engine.start();
        std::size_t last = nextPause(paused, 0);
        QCOMPARE(last, std::size_t(0));
        for (int round = 0; round < 4; ++round) {
            const qsizetype before = paused.size();
            engine.stepLoop();
            const std::size_t at = nextPause(paused, before);
            QVERIFY(at != std::size_t(-1));
            int dequeued = 0;
            for (std::size_t i = last + 1; i <= at; ++i)
                dequeued += engine.trace()[i].kind == EventKind::Dequeued;
            QCOMPARE(dequeued, 1);
            QCOMPARE(engine.trace()[at].kind, EventKind::Dequeued);
            last = at;
        }
        // Paused before the 4th entry: the start and two rounds (one print each) have run.
        QCOMPARE(outputs(engine.trace()), (QStringList{u"1"_s, u"3"_s}));
    }

    void continueStopsAtABreakpoint()
    {
        ProcessRunner engine;
        engine.setBreakpoints({Breakpoint{u"contract.cpp"_s, kSleepLine}});
        engine.load(program(u"feeder"_s));
        QSignalSpy paused(&engine, &Runner::paused);
        engine.continueRun(); // starts it, running
        for (int round = 0; round < 3; ++round) {
            const std::size_t at = nextPause(paused, round);
            QVERIFY(at != std::size_t(-1));
            const Event &e = engine.trace()[at];
            QCOMPARE(e.kind, EventKind::Suspended);
            QCOMPARE(engine.trace().site(e.site).line, kSleepLine);
            QCOMPARE(engine.trace().site(e.site).fileName(), u"contract.cpp"_s);
            QCOMPARE(outputs(engine.trace()).size(), round);
            engine.continueRun();
        }
        QCOMPARE(waitFinished(engine), (RunOutcome{Kind::Completed, {}}));
        QCOMPARE(paused.size(), 3);
    }

    void continueToTheEnd()
    {
        ProcessRunner engine;
        engine.load(program(u"feeder"_s));
        QSignalSpy finished(&engine, &Runner::finished);
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.at(0).at(0).value<RunOutcome>(), (RunOutcome{Kind::Completed, {}}));
        QCOMPARE(engine.state(), Runner::State::Finished);
        QCOMPARE(outputs(engine.trace()), (QStringList{u"1"_s, u"3"_s, u"6"_s}));
        // The whole run arrived, up to the accumulator's frame being destroyed.
        QCOMPARE(engine.trace().events().back().kind, EventKind::Destroyed);
        // Commands after the end are ignored; restart runs it again.
        engine.step();
        QCOMPARE(engine.state(), Runner::State::Finished);
        QSignalSpy paused(&engine, &Runner::paused);
        engine.restart();
        QCOMPARE(nextPause(paused, 0), std::size_t(0));
        QCOMPARE(engine.trace().size(), std::size_t(1));
    }

    void pauseAnEndlessProgramAndRestart()
    {
        ProcessRunner engine;
        engine.load(program(u"endless"_s));
        QSignalSpy paused(&engine, &Runner::paused);
        QSignalSpy started(&engine, &Runner::started);
        QSignalSpy finished(&engine, &Runner::finished);
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().size() > 2000, 10000);
        engine.pause();
        const std::size_t at = nextPause(paused, 0);
        QVERIFY(at != std::size_t(-1));
        QVERIFY(isStepEvent(engine.trace()[at]));
        QCOMPARE(engine.trace().size(), at + 1);
        // Paused means paused: nothing more arrives while this thread keeps spinning.
        QTest::qWait(50);
        QCOMPARE(engine.trace().size(), at + 1);
        QCOMPARE(engine.state(), Runner::State::Paused);

        engine.restart();
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 2, 10000);
        QCOMPARE(nextPause(paused, 1), std::size_t(0));
        QCOMPARE(engine.trace().size(), std::size_t(1));
        QCOMPARE(finished.size(), 0); // the replaced run is not reported

        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().size() > 100, 10000);
        engine.stop();
        QCOMPARE(engine.state(), Runner::State::Stopping);
        QCOMPARE(waitFinished(engine), (RunOutcome{Kind::Aborted, u"stopped"_s}));
        // The loop destroyed the parked task's frame, and said so.
        bool warned = false;
        for (const auto &e : engine.trace().events())
            warned |= e.kind == EventKind::Warning && WarningKind(e.aux) == WarningKind::DestroyedWhileParked;
        QVERIFY(warned);
    }

    void sendIntoAParkedGenerator()
    {
        ProcessRunner engine;
        engine.setBreakpoints({Breakpoint{u"contract.cpp"_s, kSleepLine}});
        engine.load(program(u"feeder"_s));
        QSignalSpy paused(&engine, &Runner::paused);
        QSignalSpy results(&engine, &Runner::sendResult);
        engine.continueRun();
        const std::size_t at = nextPause(paused, 0);
        QCOMPARE(engine.trace()[at].kind, EventKind::Suspended); // the accumulator is parked at its yield
        const CoroId acc = coroutineNamed(engine.trace(), u"accumulator"_s);
        QCOMPARE(acc, CoroId(2));

        engine.send(acc, u"10"_s);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, 10000);
        QCOMPARE(results.at(0).at(0).value<CoroId>(), acc);
        QCOMPARE(results.at(0).at(1).toString(), u"yielded 10"_s);
        // Paused again, after the events the send caused.
        const std::size_t again = nextPause(paused, 1);
        QCOMPARE(again, engine.trace().size() - 1);
        QCOMPARE(engine.trace()[at + 1].kind, EventKind::Sent);
        QCOMPARE(engine.trace().valueText(engine.trace()[at + 1].arg), u"10"_s);
        QCOMPARE(resumerOf(engine.trace()[at + 1]), CoroId(0)); // the Send box: nobody's code
        QCOMPARE(engine.trace()[again].kind, EventKind::Yielded);

        engine.send(acc, u"ten"_s);
        engine.send(1, u"5"_s); // feeder is a task: it takes nothing
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 3, 10000);
        QCOMPARE(results.at(1).at(1).toString(), u"cannot read \"ten\" as int"_s);
        QCOMPARE(results.at(2).at(1).toString(), u"coroutine 1 cannot receive values"_s);

        engine.setBreakpoints({});
        engine.continueRun();
        QCOMPARE(waitFinished(engine).kind, Kind::Completed);
        QCOMPARE(outputs(engine.trace()), (QStringList{u"11"_s, u"13"_s, u"16"_s}));
        engine.send(acc, u"1"_s);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 4, 10000);
        QCOMPARE(results.at(3).at(1).toString(), u"the program is not running"_s);
    }

    void theGuiThreadIsNeverBlocked()
    {
        ProcessRunner engine;
        engine.load(program(u"endless"_s));
        QSignalSpy paused(&engine, &Runner::paused);
        engine.start();
        QCOMPARE(nextPause(paused, 0), std::size_t(0));
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
        timer.start(1);
        QTRY_VERIFY_WITH_TIMEOUT(ticks >= 20, 10000);
        QCOMPARE(engine.state(), Runner::State::Paused);
        engine.step();
        QVERIFY(nextPause(paused, 1) != std::size_t(-1));
        const int before = ticks;
        QTRY_VERIFY_WITH_TIMEOUT(ticks >= before + 20, 10000);
    }

    void outcomes_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("what");
        QTest::newRow("deadlock") << 0 << int(Kind::Deadlock) << u"deadlocked #1"_s;
        QTest::newRow("failed") << 1 << int(Kind::Failed) << u"boom"_s;
    }
    void outcomes()
    {
        QFETCH(int, index);
        QFETCH(int, kind);
        QFETCH(QString, what);
        ProcessRunner engine;
        engine.load(program(index == 0 ? u"deadlocked"_s : u"failing"_s));
        QSignalSpy finished(&engine, &Runner::finished);
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const auto outcome = finished.at(0).at(0).value<RunOutcome>();
        QCOMPARE(int(outcome.kind), kind);
        QVERIFY2(outcome.what.startsWith(what), qPrintable(outcome.what));
    }

    // The event limit drops the oldest history and the run goes on; the GUI's
    // copy follows through the restating deltas.
    void maxEventsDropsTheOldestHistory()
    {
        ProcessRunner engine;
        engine.setMaxEvents(500);
        engine.load(program(u"endless"_s));
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().droppedEvents() > 5000, 20000);
        QCOMPARE(engine.state(), Runner::State::Running);
        engine.stop();
        QCOMPARE(waitFinished(engine), (RunOutcome{Kind::Aborted, u"stopped"_s}));
        const Trace &t = engine.trace();
        QVERIFY2(t.size() <= 500, qPrintable(QString::number(t.size())));
        QCOMPARE(t.droppedEvents() % 249, std::size_t(0)); // 499 events at each drop, the newest 250 kept
        QVERIFY(t.base());
        // The main task was created long before what is kept, and its state came through the base.
        QVERIFY(t.base()->coroutine(1).state != CoroutineState::Absent);
        QVERIFY(SnapshotIndex(&t).at(t.size()).coroutine(1).resumes > 100);
    }

    void stopWhileWaitingForAnExternalEvent()
    {
        ProcessRunner engine;
        engine.load(program(u"waitsForSignal"_s, {u"--clock"_s, u"real"_s}));
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(!engine.trace().empty()
                                     && engine.trace().events().back().kind == EventKind::LoopIdle,
                                 10000);
        engine.stop();
        QCOMPARE(waitFinished(engine), (RunOutcome{Kind::Aborted, u"stopped"_s}));
    }

    void pauseWhileWaitingForAnExternalEvent()
    {
        ProcessRunner engine;
        engine.load(program(u"waitsForSignal"_s, {u"--clock"_s, u"real"_s}));
        QSignalSpy paused(&engine, &Runner::paused);
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(!engine.trace().empty()
                                     && engine.trace().events().back().kind == EventKind::LoopIdle,
                                 10000);
        engine.pause();
        const std::size_t at = nextPause(paused, 0);
        QCOMPARE(at, engine.trace().size() - 1);
        QCOMPARE(engine.trace()[at].kind, EventKind::LoopIdle);
        QCOMPARE(IdleReason(engine.trace()[at].aux), IdleReason::WaitExternal);
        engine.stop();
        QCOMPARE(waitFinished(engine), (RunOutcome{Kind::Aborted, u"stopped"_s}));
    }

    void loadWhileRunningReplacesTheProgram()
    {
        ProcessRunner engine;
        engine.load(program(u"endless"_s));
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().size() > 100, 10000);
        QSignalSpy finished(&engine, &Runner::finished);
        QSignalSpy started(&engine, &Runner::started);
        engine.load(program(u"feeder"_s));
        QCOMPARE(engine.state(), Runner::State::Loaded);
        QCOMPARE(engine.trace().size(), std::size_t(0));
        // Right away, as the UI does: the new run waits for the old thread to be gone.
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(started.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<RunOutcome>(), (RunOutcome{Kind::Completed, {}}));
        QCOMPARE(engine.trace().coroutine(1).name, u"feeder"_s);
        QCOMPARE(outputs(engine.trace()), (QStringList{u"1"_s, u"3"_s, u"6"_s}));

        // Loading nothing empties the engine.
        engine.load(LaunchSpec{});
        QCOMPARE(engine.state(), Runner::State::Empty);
        engine.start();
        QCOMPARE(engine.state(), Runner::State::Empty);
    }

    void destroyedWhilePaused()
    {
        auto engine = std::make_unique<ProcessRunner>();
        engine->load(program(u"endless"_s));
        QSignalSpy paused(engine.get(), &Runner::paused);
        engine->start();
        QCOMPARE(nextPause(paused, 0), std::size_t(0));
        const qint64 pid = engine->childPid();
        QVERIFY(pid > 0);
        engine.reset(); // kills and reaps the child
        QVERIFY(::kill(pid_t(pid), 0) != 0);
    }
};

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
