// Programs that go wrong, each run to its end in a child process through the
// Runner: the run ends with the expected outcome, the trace carries the
// expected warnings in order, and the runner can run again.

#include <coroscope/coroscope.h>
#include <coroscope/processrunner.h>
#include <coroscope/snapshot.h>

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

#include <csignal>
#include <sys/types.h>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using Kind = RunOutcome::Kind;

Q_DECLARE_METATYPE(coroscope::RunOutcome::Kind)
Q_DECLARE_METATYPE(coroscope::WarningKind)

namespace {

// A program of contract.cpp, in a child process.
LaunchSpec program(const QString &name)
{
    return LaunchSpec{QStringLiteral(CONTRACT), {name}, {}, name};
}

QList<WarningKind> warnings(const Trace &trace)
{
    QList<WarningKind> out;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        if (trace[i].kind == EventKind::Warning)
            out.append(WarningKind(trace[i].aux));
    }
    return out;
}

QStringList outputs(const Trace &trace)
{
    QStringList out;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        if (trace[i].kind == EventKind::Output)
            out.append(trace.valueText(trace[i].arg));
    }
    return out;
}

} // namespace

class TestMisbehaving : public QObject
{
    Q_OBJECT

private Q_SLOTS:

    void runsToItsEnd_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<Kind>("outcome");
        QTest::addColumn<QString>("what");
        QTest::addColumn<QList<WarningKind>>("expectedWarnings");
        QTest::addColumn<QStringList>("printed");
        using W = WarningKind;

        QTest::newRow("unretrieved exception") << u"unretrievedException"_s << Kind::Completed << QString()
                                               << QList<W>{W::UnretrievedException} << QStringList{};
        QTest::newRow("exception escapes a generator mid-iteration")
            << u"escapingGenerator"_s << Kind::Failed << u"broken source"_s << QList<W>{}
            << QStringList{u"1"_s};
        QTest::newRow("destroyed while parked") << u"destroyedWhileParked"_s << Kind::Completed << QString()
                                                << QList<W>{W::Orphan, W::DestroyedWhileParked} << QStringList{};
        QTest::newRow("resumed after finishing") << u"resumedFinished"_s << Kind::Completed << QString()
                                                 << QList<W>{W::ResumedFinished}
                                                 << QStringList{u"1"_s, u"-1"_s, u"-1"_s};
        QTest::newRow("task awaited twice") << u"awaitedTwice"_s << Kind::Failed
                                            << u"cannot reuse already awaited coroutine"_s
                                            << QList<W>{W::AwaitedTwice} << QStringList{u"42"_s};
        QTest::newRow("deadlock") << u"deadlock"_s << Kind::Deadlock << QString()
                                  << QList<W>{W::Deadlock, W::DestroyedWhileParked, W::DestroyedWhileParked}
                                  << QStringList{};
        QTest::newRow("orphan") << u"orphan"_s << Kind::Completed << QString()
                                << QList<W>{W::Orphan, W::DestroyedWhileParked} << QStringList{};
        QTest::newRow("leaked frame") << u"leakedFrame"_s << Kind::Completed << QString()
                                      << QList<W>{W::LeakedFrame} << QStringList{};
    }
    void runsToItsEnd()
    {
        QFETCH(QString, program);
        QFETCH(Kind, outcome);
        QFETCH(QString, what);
        QFETCH(QList<WarningKind>, expectedWarnings);
        QFETCH(QStringList, printed);

        ProcessRunner engine;
        QSignalSpy finished(&engine, &Runner::finished);
        engine.load(::program(program));
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        const auto result = finished.at(0).at(0).value<RunOutcome>();
        QCOMPARE(result.kind, outcome);
        if (outcome == Kind::Failed)
            QCOMPARE(result.what, what);
        QCOMPARE(warnings(engine.trace()), expectedWarnings);
        QCOMPARE(outputs(engine.trace()), printed);

        // The tool is unharmed: the same engine runs a good program after it.
        engine.load(::program(u"after"_s));
        finished.clear();
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).value<RunOutcome>().kind, Kind::Completed);
        QCOMPARE(outputs(engine.trace()), QStringList{u"still here"_s});
    }

    // A CPU loop: pause cannot reach it, the runner says it is not yielding,
    // and Restart kills its child and starts the program afresh.
    void cpuLoopIsShownAndRestartWorks()
    {
        ProcessRunner engine;
        QSignalSpy notYielding(&engine, &Runner::notYieldingChanged);
        QSignalSpy started(&engine, &Runner::started);
        QSignalSpy paused(&engine, &Runner::paused);
        engine.load(program(u"cpuLoop"_s));
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(notYielding.size(), 1, 20000);
        QCOMPARE(notYielding.at(0).at(0).toBool(), true);
        QVERIFY(engine.isNotYielding());
        QCOMPARE(engine.state(), Runner::State::Running);
        // (The views may lag the loop by the last batch: it cannot ship while it spins.)
        QVERIFY(outputs(engine.trace()).size() <= 1);
        engine.pause(); // cannot reach the loop: still running, still not yielding
        QTest::qWait(500);
        QCOMPARE(paused.size(), 0);
        QVERIFY(engine.isNotYielding());

        const qint64 spinning = engine.childPid();
        engine.restart();
        QCOMPARE(started.size(), 2); // at once: the spinning child was killed
        QVERIFY(::kill(pid_t(spinning), 0) != 0);
        QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 1, 20000);
        QCOMPARE(paused.at(0).at(0).value<std::size_t>(), std::size_t(0));
        QCOMPARE(engine.state(), Runner::State::Paused);
        QVERIFY(!engine.isNotYielding());
        QCOMPARE(notYielding.last().at(0).toBool(), false);
        engine.stop();
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), Runner::State::Finished, 20000);
    }

    // A generator that never ends, driven by Continue: Pause stops it at once,
    // and the event limit bounds what it can record.
    void endlessGeneratorPausesAndIsBounded()
    {
        ProcessRunner engine;
        engine.setMaxEvents(0); // no limit: only Pause and Stop can end it
        QSignalSpy paused(&engine, &Runner::paused);
        QSignalSpy finished(&engine, &Runner::finished);
        engine.load(program(u"endlessGenerator"_s));
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().size() > 100, 20000);
        engine.pause();
        QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 1, 20000);
        QCOMPARE(engine.state(), Runner::State::Paused);
        const std::size_t at = engine.trace().size();
        QCOMPARE(paused.at(0).at(0).value<std::size_t>(), at - 1); // paused at the newest event
        QTest::qWait(50);
        QCOMPARE(engine.trace().size(), at); // really paused
        engine.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).value<RunOutcome>().kind, Kind::Aborted);

        // With an event limit the same program runs on and its oldest history
        // is dropped: memory stays bounded, the state is kept, the drop is shown.
        engine.setMaxEvents(5000);
        engine.load(program(u"endlessGenerator"_s));
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().droppedEvents() >= 20000, 60000);
        engine.pause();
        QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 2, 20000);
        QCOMPARE(finished.size(), 1); // still running
        const Trace &t = engine.trace();
        QVERIFY2(t.size() <= 5000, qPrintable(QString::number(t.size())));
        QCOMPARE(t.droppedEvents() % 2499, std::size_t(0)); // 4999 events at each drop, the newest 2500 kept
        // The drop is shown where it happened, right after the newest half that was kept.
        QCOMPARE(t[2500].kind, EventKind::Warning);
        QCOMPARE(WarningKind(t[2500].aux), WarningKind::HistoryDropped);
        QCOMPARE(t.valueText(t[2500].arg),
                 u"the oldest 2499 events were dropped at the event limit (5000); %1 dropped in all"_s.arg(t.droppedEvents()));
        // The main task and the generator were created long before the kept history starts.
        const Snapshot now = SnapshotIndex(&t).at(t.size());
        const auto alive = [](CoroutineState s) { return s == CoroutineState::Parked || s == CoroutineState::Running; };
        QVERIFY(alive(now.coroutine(1).state));
        QVERIFY(alive(now.coroutine(2).state));
        // Its resumes count the dropped history too (folded into the base): far more than the
        // kept events hold (a slow build, TSan's, pauses right after 20,000 dropped events).
        const auto kept = std::count_if(t.events().begin(), t.events().end(),
                                        [](const Event &e) { return e.coro == 2 && isResumption(e); });
        QVERIFY2(now.coroutine(2).resumes > kept + 1000,
                 qPrintable(u"%1 resumes, %2 of them kept"_s.arg(now.coroutine(2).resumes).arg(kept)));
        // It goes on after the pause, and Stop still ends it.
        const std::size_t dropped = t.droppedEvents();
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().droppedEvents() > dropped, 20000);
        engine.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QCOMPARE(finished.at(1).at(0).value<RunOutcome>().kind, Kind::Aborted);
        QVERIFY(engine.trace().size() <= 5000);
    }
};

QTEST_GUILESS_MAIN(TestMisbehaving)
#include "tst_misbehaving.moc"
