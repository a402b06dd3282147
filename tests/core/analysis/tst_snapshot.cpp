// Snapshot fold and checkpointed seeking.

#include <coroscope/coroscope.h>
#include <coroscope/snapshot.h>

#include <QDir>
#include <QRandomGenerator>
#include <numeric>
#include <QTest>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

Generator<int, int, int> accumulate()
{
    int sum = 0;
    while (auto v = co_yield sum)
        sum += *v;
    co_return sum;
}

Task<int> worker(int i)
{
    co_await sleep(std::chrono::milliseconds(10 * (i % 7)));
    co_await sleep(0ns);
    co_return i;
}

Task<void> program(int workers)
{
    auto g = accumulate();
    g.next();
    for (int i = 0; i < 50; ++i)
        g.send(i);
    std::vector<Task<int>> tasks;
    for (int i = 0; i < workers; ++i)
        tasks.push_back(worker(i));
    auto results = co_await gather(std::move(tasks));
    print(QStringLiteral("sum"), std::accumulate(results.begin(), results.end(), 0));
}

} // namespace

class TestSnapshot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parkedGeneratorState()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        auto g = accumulate();
        g.next();
        g.send(5);
        const Snapshot s = SnapshotIndex::fold(rec.trace(), rec.trace().size());
        const auto &c = s.coroutine(g.id());
        QCOMPARE(c.state, CoroutineState::Parked);
        QCOMPARE(c.resumes, 2u);
        QCOMPARE(rec.trace().valueText(c.lastValue), QStringLiteral("5"));
        QVERIFY(c.frameAlive);
        QVERIFY(s.running.empty());
        const CoroId id = g.id();
        g.close();
        const Snapshot after = SnapshotIndex::fold(rec.trace(), rec.trace().size());
        QCOMPARE(after.coroutine(id).state, CoroutineState::Destroyed);
        QVERIFY(!after.coroutine(id).frameAlive);
    }

    void readyQueueAndTimers()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        EventLoop loop;
        auto a = loop.spawn(worker(1));
        auto b = loop.spawn(worker(2));
        Snapshot s = SnapshotIndex::fold(rec.trace(), rec.trace().size());
        QCOMPARE(s.ready.size(), std::size_t(2));
        QCOMPARE(s.ready.front().target, a.id());
        QCOMPARE(s.ready.front().reason, EnqueueReason::Spawn);
        loop.step();
        loop.step();
        s = SnapshotIndex::fold(rec.trace(), rec.trace().size());
        QVERIFY(s.ready.empty());
        QCOMPARE(s.timers.size(), std::size_t(2));
        QCOMPARE(rec.trace().timer(s.timers.front()).owner, a.id());
        QCOMPARE(s.coroutine(a.id()).state, CoroutineState::Parked);
        QCOMPARE(s.coroutine(a.id()).awaitKind, AwaitKind::Sleep);
        loop.runUntilIdle();
        s = SnapshotIndex::fold(rec.trace(), rec.trace().size());
        QCOMPARE(s.coroutine(a.id()).state, CoroutineState::Done);
        QCOMPARE(rec.trace().valueText(s.coroutine(b.id()).lastValue), QStringLiteral("2"));
        QVERIFY(s.finished);
        QVERIFY(!s.deadlocked);
    }

    void seekMatchesFreshFold_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("few coroutines") << 5;
        QTest::newRow("many checkpoints") << 3000;
    }
    void seekMatchesFreshFold()
    {
        QFETCH(int, workers);
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(program(workers));
        }
        const Trace &t = rec.trace();
        SnapshotIndex index(&t);
        QVERIFY(index.checkpointCount() >= (workers > 1000 ? 2u : 1u));
        auto *rng = QRandomGenerator::global();
        QRandomGenerator seeded(1234);
        Q_UNUSED(rng);
        for (int i = 0; i < 40; ++i) {
            const std::size_t k = seeded.bounded(quint32(t.size() + 1));
            QVERIFY2(index.at(k) == SnapshotIndex::fold(t, k), qPrintable(QString::number(k)));
        }
        QVERIFY(index.at(t.size()) == SnapshotIndex::fold(t, t.size()));
        QVERIFY(index.at(0) == Snapshot{});
    }

    // Dropping the oldest events (the history limit) folds them into the
    // trace's base: every state of what is kept is the state of the whole run.
    void droppedHistoryFoldsTheSame_data()
    {
        QTest::addColumn<int>("workers");
        QTest::addColumn<double>("firstDrop");  // fractions of the whole trace
        QTest::addColumn<double>("secondDrop"); // 0: one drop only
        QTest::newRow("a third, few coroutines") << 5 << 0.33 << 0.0;
        QTest::newRow("half, many checkpoints") << 3000 << 0.5 << 0.0;
        QTest::newRow("two drops") << 40 << 0.2 << 0.45;
        QTest::newRow("all but one event") << 5 << 0.9999 << 0.0;
        QTest::newRow("one event") << 5 << 0.0 << 0.0;
    }
    void droppedHistoryFoldsTheSame()
    {
        QFETCH(int, workers);
        QFETCH(double, firstDrop);
        QFETCH(double, secondDrop);
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(program(workers));
        }
        const Trace &whole = rec.trace();
        Trace kept = whole;
        const auto part = [&whole](double f) { return std::max<std::size_t>(1, std::size_t(f * double(whole.size()))); };
        std::size_t n = std::min(part(firstDrop), whole.size() - 1);
        dropOldestEvents(kept, n);
        if (secondDrop > 0) {
            const std::size_t more = part(secondDrop) - n;
            dropOldestEvents(kept, more);
            n += more;
        }
        QCOMPARE(kept.droppedEvents(), n);
        QCOMPARE(kept.size(), whole.size() - n);
        QVERIFY(kept.base());
        for (std::size_t i = 0; i < kept.size(); i += 97) {
            QCOMPARE(kept[i], whole[n + i]);
            QCOMPARE(kept.loopTimeAt(i), whole.loopTimeAt(n + i));
        }
        SnapshotIndex index(&kept);
        QRandomGenerator seeded(99);
        for (int i = 0; i < 40; ++i) {
            const std::size_t k = i == 0 ? 0 : i == 1 ? kept.size() : seeded.bounded(quint32(kept.size() + 1));
            Snapshot expected = SnapshotIndex::fold(whole, n + k);
            expected.rebase(n);
            QVERIFY2(index.at(k) == expected, qPrintable(QString::number(k)));
            QVERIFY(SnapshotIndex::fold(kept, k) == expected);
        }
        // A file must start at the run's first event.
        QString error;
        QVERIFY(!kept.save(QDir::temp().filePath(u"coroscope-dropped.trace"_s), Trace::Format::Native, &error));
        QVERIFY2(error.contains(u"the oldest %1 events of this run were dropped"_s.arg(n)), qPrintable(error));
    }

    void incrementalUpdateEqualsWholeIndex()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        EventLoop loop;
        SnapshotIndex index(&rec.trace());
        auto h = loop.spawn(program(20));
        while (loop.step())
            index.update();
        index.update();
        QVERIFY(h.done());
        QVERIFY(index.at(rec.trace().size()) == SnapshotIndex::fold(rec.trace(), rec.trace().size()));
        QCOMPARE(index.outputEvents().size(), std::size_t(1));
        QVERIFY(!index.eventsOf(h.id()).empty());
    }

    void deadlockCycle()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        EventLoop loop;
        Future<int> fa, fb;
        auto waitThenSet = [](Future<int> wait, Future<int> set) -> Task<void> {
            const int v = co_await wait;
            set.setResult(v);
        };
        auto a = loop.spawn(waitThenSet(fa, fb));
        auto b = loop.spawn(waitThenSet(fb, fa));
        loop.runUntilIdle();
        const Snapshot s = SnapshotIndex::fold(rec.trace(), rec.trace().size());
        QVERIFY(s.deadlocked);
        const auto edges = s.awaitGraph();
        QCOMPARE(edges.size(), std::size_t(2));
        QCOMPARE(edges[0].from, a.id());
        QCOMPARE(edges[0].to, fa.id());
        QCOMPARE(edges[0].kind, AwaitKind::Future);
    }
};

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
