// Programs that go wrong, each run to its end through the Engine (its own
// thread, the real hand-over): the run ends with the expected outcome, the
// trace carries the expected warnings in order, and the engine can run again.

#include <coroscope/coroscope.h>
#include <coroscope/engine.h>
#include <coroscope/snapshot.h>

#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <memory>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using Kind = Engine::Outcome::Kind;

Q_DECLARE_METATYPE(Engine::Program)
Q_DECLARE_METATYPE(Engine::Outcome::Kind)
Q_DECLARE_METATYPE(coroscope::WarningKind)

namespace {

Task<void> throws()
{
    co_await sleep(0ms);
    throw std::runtime_error("nobody asked");
}
Task<void> unretrievedException()
{
    TaskHandle<void> forgotten = EventLoop::current()->spawn(throws());
    co_await sleep(1ms); // the task fails meanwhile; its handle goes without a look
}

Generator<int> failsMidway()
{
    co_yield 1;
    throw std::runtime_error("broken source");
}
Task<void> escapingGenerator()
{
    auto gen = failsMidway();
    for (int v : gen)
        print(v);
    co_return;
}

Generator<int> forever()
{
    for (int i = 0;; ++i)
        co_yield i;
}

Task<void> parkedForever()
{
    Future<int> never;
    co_await never;
}
Task<void> destroyedWhileParked()
{
    auto gen = forever();
    gen.next(); // parked at its co_yield when `gen` goes out of scope
    TaskHandle<void> child = EventLoop::current()->spawn(parkedForever());
    co_await sleep(0ms);
}

Task<void> resumedFinished()
{
    auto gen = []() -> Generator<int> { co_yield 1; }();
    print(gen.next().value_or(-1));
    print(gen.next().value_or(-1)); // finishes: empty
    print(gen.next().value_or(-1)); // resumed again after finishing
    co_return;
}

Task<int> answer()
{
    co_return 42;
}
Task<void> awaitedTwice()
{
    Task<int> t = answer();
    print(co_await std::move(t));
    print(co_await std::move(t)); // the same task again
}

Task<void> deadlock()
{
    Future<int> a, b;
    TaskHandle<void> other = EventLoop::current()->spawn([](Future<int> x, Future<int> y) -> Task<void> {
        const int v = co_await x;
        y.setResult(v);
    }(a, b));
    const int v = co_await b; // b waits for a, a for nobody
    a.setResult(v);
}

Task<void> orphan()
{
    TaskHandle<void> child = EventLoop::current()->spawn(parkedForever());
    co_await sleep(0ms); // the child parks on a future nobody will set; main returns
}

// A frame that outlives the run: the test owns it, and frees it afterwards.
std::shared_ptr<std::optional<Generator<int>>> g_kept;
Task<void> leakedFrame()
{
    g_kept->emplace(forever());
    (*g_kept)->next();
    co_return;
}

// A body that never suspends, until the test lets it go.
std::atomic<bool> g_release{false};
Task<void> cpuLoop()
{
    print(u"spinning"_s);
    co_await sleep(0ms);
    while (!g_release.load(std::memory_order_relaxed)) {
    }
    print(u"released"_s);
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
    void init() { g_kept = std::make_shared<std::optional<Generator<int>>>(); }
    void cleanup() { g_kept.reset(); }

    void runsToItsEnd_data()
    {
        QTest::addColumn<Engine::Program>("program");
        QTest::addColumn<Kind>("outcome");
        QTest::addColumn<QString>("what");
        QTest::addColumn<QList<WarningKind>>("expectedWarnings");
        QTest::addColumn<QStringList>("printed");
        using W = WarningKind;

        QTest::newRow("unretrieved exception") << Engine::Program(unretrievedException) << Kind::Completed << QString()
                                               << QList<W>{W::UnretrievedException} << QStringList{};
        QTest::newRow("exception escapes a generator mid-iteration")
            << Engine::Program(escapingGenerator) << Kind::Failed << u"broken source"_s << QList<W>{}
            << QStringList{u"1"_s};
        QTest::newRow("destroyed while parked") << Engine::Program(destroyedWhileParked) << Kind::Completed << QString()
                                                << QList<W>{W::Orphan, W::DestroyedWhileParked} << QStringList{};
        QTest::newRow("resumed after finishing") << Engine::Program(resumedFinished) << Kind::Completed << QString()
                                                 << QList<W>{W::ResumedFinished}
                                                 << QStringList{u"1"_s, u"-1"_s, u"-1"_s};
        QTest::newRow("task awaited twice") << Engine::Program(awaitedTwice) << Kind::Failed
                                            << u"cannot reuse already awaited coroutine"_s
                                            << QList<W>{W::AwaitedTwice} << QStringList{u"42"_s};
        QTest::newRow("deadlock") << Engine::Program(deadlock) << Kind::Deadlock << QString()
                                  << QList<W>{W::Deadlock, W::DestroyedWhileParked, W::DestroyedWhileParked}
                                  << QStringList{};
        QTest::newRow("orphan") << Engine::Program(orphan) << Kind::Completed << QString()
                                << QList<W>{W::Orphan, W::DestroyedWhileParked} << QStringList{};
        QTest::newRow("leaked frame") << Engine::Program(leakedFrame) << Kind::Completed << QString()
                                      << QList<W>{W::LeakedFrame} << QStringList{};
    }
    void runsToItsEnd()
    {
        QFETCH(Engine::Program, program);
        QFETCH(Kind, outcome);
        QFETCH(QString, what);
        QFETCH(QList<WarningKind>, expectedWarnings);
        QFETCH(QStringList, printed);

        Engine engine;
        QSignalSpy finished(&engine, &Engine::finished);
        engine.load(program, QString::fromLatin1(QTest::currentDataTag()));
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        const auto result = finished.at(0).at(0).value<Engine::Outcome>();
        QCOMPARE(result.kind, outcome);
        if (outcome == Kind::Failed)
            QCOMPARE(result.what, what);
        QCOMPARE(warnings(engine.trace()), expectedWarnings);
        QCOMPARE(outputs(engine.trace()), printed);

        // The tool is unharmed: the same engine runs a good program after it.
        engine.load([]() -> Task<void> {
            print(u"still here"_s);
            co_return;
        }, u"after"_s);
        finished.clear();
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).value<Engine::Outcome>().kind, Kind::Completed);
        QCOMPARE(outputs(engine.trace()), QStringList{u"still here"_s});
    }

    // A CPU loop: pause cannot reach it, the engine says it is not yielding,
    // and Restart leaves its thread behind and starts the program afresh.
    void cpuLoopIsShownAndRestartWorks()
    {
        g_release = false;
        Engine engine;
        QSignalSpy notYielding(&engine, &Engine::notYieldingChanged);
        QSignalSpy started(&engine, &Engine::started);
        QSignalSpy paused(&engine, &Engine::paused);
        engine.load(cpuLoop, u"cpu loop"_s);
        engine.continueRun();
        QTRY_COMPARE_WITH_TIMEOUT(notYielding.size(), 1, 20000);
        QCOMPARE(notYielding.at(0).at(0).toBool(), true);
        QVERIFY(engine.isNotYielding());
        QCOMPARE(engine.state(), Engine::State::Running);
        // (The views may lag the loop by the last batch: it cannot ship while it spins.)
        QVERIFY(outputs(engine.trace()).size() <= 1);
        engine.pause(); // cannot reach the loop: still running, still not yielding
        QTest::qWait(2 * Engine::kWatchIntervalMs);
        QCOMPARE(paused.size(), 0);
        QVERIFY(engine.isNotYielding());

        engine.restart();
        QCOMPARE(started.size(), 2); // at once: the old run is left behind
        QCOMPARE(engine.abandonedRuns(), std::size_t(1));
        QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 1, 20000);
        QCOMPARE(paused.at(0).at(0).value<std::size_t>(), std::size_t(0));
        QCOMPARE(engine.state(), Engine::State::Paused);
        QVERIFY(!engine.isNotYielding());
        QCOMPARE(notYielding.last().at(0).toBool(), false);

        // Once the old thread ends by itself, it is reclaimed; its events never mix in.
        g_release = true;
        QTRY_COMPARE_WITH_TIMEOUT(engine.abandonedRuns(), std::size_t(0), 20000);
        QCOMPARE(engine.state(), Engine::State::Paused);
        QVERIFY(!outputs(engine.trace()).contains(u"released"_s));
        engine.stop();
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), Engine::State::Finished, 20000);
    }

    // A generator that never ends, driven by Continue: Pause stops it at once,
    // and the event limit bounds what it can record.
    void endlessGeneratorPausesAndIsBounded()
    {
        const Engine::Program endless = []() -> Task<void> {
            auto gen = forever();
            for (;;) {
                gen.next();
                co_await sleep(0ms);
            }
        };
        Engine engine;
        engine.setMaxEvents(0); // no limit: only Pause and Stop can end it
        QSignalSpy paused(&engine, &Engine::paused);
        QSignalSpy finished(&engine, &Engine::finished);
        engine.load(endless, u"endless"_s);
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().size() > 100, 20000);
        engine.pause();
        QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 1, 20000);
        QCOMPARE(engine.state(), Engine::State::Paused);
        const std::size_t at = engine.trace().size();
        QCOMPARE(paused.at(0).at(0).value<std::size_t>(), at - 1); // paused at the newest event
        QTest::qWait(50);
        QCOMPARE(engine.trace().size(), at); // really paused
        engine.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).value<Engine::Outcome>().kind, Kind::Aborted);

        // With an event limit the same program runs on and its oldest history
        // is dropped: memory stays bounded, the state is kept, the drop is shown.
        engine.setMaxEvents(5000);
        engine.load(endless, u"endless"_s);
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
        QVERIFY(now.coroutine(2).resumes > 5000);
        // It goes on after the pause, and Stop still ends it.
        const std::size_t dropped = t.droppedEvents();
        engine.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(engine.trace().droppedEvents() > dropped, 20000);
        engine.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QCOMPARE(finished.at(1).at(0).value<Engine::Outcome>().kind, Kind::Aborted);
        QVERIFY(engine.trace().size() <= 5000);
    }
};

QTEST_GUILESS_MAIN(TestMisbehaving)
#include "tst_misbehaving.moc"
