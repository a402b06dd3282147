// Queue<T> (asyncio.Queue): bounded backpressure with put/get parked on futures.
// The expected interleavings are those printed by the same programs on CPython's asyncio.

#include <coroscope/gather.h>
#include <coroscope/queue.h>
#include <coroscope/recorder.h>

#include <QTest>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

Task<void> producer(Queue<int> q, int n, QStringList *log)
{
    for (int i = 1; i <= n; ++i) {
        *log << QStringLiteral("put %1 start").arg(i);
        co_await q.put(i);
        *log << QStringLiteral("put %1 done").arg(i);
    }
}

Task<void> consumer(Queue<int> q, int n, QStringList *log)
{
    for (int i = 0; i < n; ++i) {
        const int v = co_await q.get();
        *log << QStringLiteral("got %1").arg(v);
    }
}

Task<void> getter(Queue<int> q, QString name, QStringList *log)
{
    const int v = co_await q.get();
    *log << QStringLiteral("%1 got %2").arg(name).arg(v);
}

Task<void> putter(Queue<int> q, int v, QStringList *log)
{
    try {
        co_await q.put(v);
        *log << QStringLiteral("put %1").arg(v);
    } catch (const CancelledError &) {
        *log << QStringLiteral("put %1 cancelled").arg(v);
        throw;
    }
}

} // namespace

class TestQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nowaitFifo()
    {
        Queue<int> q;
        QCOMPARE(q.maxsize(), std::size_t(0));
        for (int i = 1; i <= 100; ++i)
            QVERIFY(q.putNowait(i)); // unbounded: never full
        QVERIFY(!q.full());
        QCOMPARE(q.size(), std::size_t(100));
        QCOMPARE(q.getNowait(), std::optional<int>(1));
        QCOMPARE(q.getNowait(), std::optional<int>(2));
        Queue<int> bounded(2);
        QVERIFY(bounded.putNowait(1));
        QVERIFY(bounded.putNowait(2));
        QVERIFY(bounded.full());
        QVERIFY(!bounded.putNowait(3)); // QueueFull
        QCOMPARE(bounded.getNowait(), std::optional<int>(1));
        QCOMPARE(bounded.getNowait(), std::optional<int>(2));
        QCOMPARE(bounded.getNowait(), std::nullopt); // QueueEmpty
        QVERIFY(bounded.empty());
    }

    void copiesShareTheQueue()
    {
        Queue<int> a(3);
        Queue<int> b = a;
        QVERIFY(b.putNowait(7));
        QCOMPARE(a.size(), std::size_t(1));
        QCOMPARE(a.getNowait(), std::optional<int>(7));
    }

    void backpressureInterleavesLikeAsyncio()
    {
        EventLoop loop;
        QStringList log;
        Queue<int> q(1);
        loop.runUntilComplete([](Queue<int> q, QStringList *log) -> Task<void> {
            co_await gather(producer(q, 3, log), consumer(q, 3, log));
        }(q, &log));
        QCOMPARE(log, (QStringList{QStringLiteral("put 1 start"), QStringLiteral("put 1 done"),
                                   QStringLiteral("put 2 start"), QStringLiteral("got 1"),
                                   QStringLiteral("put 2 done"), QStringLiteral("put 3 start"),
                                   QStringLiteral("got 2"), QStringLiteral("put 3 done"), QStringLiteral("got 3")}));
        QVERIFY(q.empty());
    }

    void gettersWakeInFifoOrder()
    {
        EventLoop loop;
        QStringList log;
        Queue<int> q;
        loop.runUntilComplete([](Queue<int> q, QStringList *log) -> Task<void> {
            EventLoop *l = EventLoop::current();
            TaskHandle<void> a = l->spawn(getter(q, QStringLiteral("a"), log));
            TaskHandle<void> b = l->spawn(getter(q, QStringLiteral("b"), log));
            co_await sleep(0ns); // both park on an empty queue
            q.putNowait(1);
            q.putNowait(2);
            *log << QStringLiteral("put both");
            co_await a;
            co_await b;
        }(q, &log));
        QCOMPARE(log, (QStringList{QStringLiteral("put both"), QStringLiteral("a got 1"), QStringLiteral("b got 2")}));
    }

    void cancelledPutLeavesTheQueueConsistent()
    {
        EventLoop loop;
        QStringList log;
        Queue<int> q(1);
        QVERIFY(q.putNowait(0));
        loop.runUntilComplete([](Queue<int> q, QStringList *log) -> Task<void> {
            EventLoop *l = EventLoop::current();
            TaskHandle<void> first = l->spawn(putter(q, 1, log));
            TaskHandle<void> second = l->spawn(putter(q, 2, log));
            co_await sleep(0ns); // both parked: the queue is full
            first.cancel();
            co_await sleep(0ns);
            *log << QStringLiteral("take %1").arg(*q.getNowait()); // frees the slot for the second putter
            co_await second;
            try {
                co_await first;
            } catch (const CancelledError &) {
                *log << QStringLiteral("first is cancelled");
            }
        }(q, &log));
        QCOMPARE(log, (QStringList{QStringLiteral("put 1 cancelled"), QStringLiteral("take 0"), QStringLiteral("put 2"),
                                   QStringLiteral("first is cancelled")}));
        QCOMPARE(q.getNowait(), std::optional<int>(2));
        QVERIFY(q.empty());
    }

    void parkedPutIsAnAwaitOnAFuture()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            Queue<int> q(1);
            QVERIFY(q.putNowait(0));
            QStringList log;
            loop.runUntilComplete([](Queue<int> q, QStringList *log) -> Task<void> {
                TaskHandle<void> p = EventLoop::current()->spawn(putter(q, 1, log));
                co_await sleep(0ns);
                q.getNowait();
                co_await p;
            }(q, &log));
            QCOMPARE(log, QStringList{QStringLiteral("put 1")});
        }
        const Trace &t = rec.trace();
        // The producer's put() coroutine parked on a future created by the queue.
        bool parkedOnFuture = false;
        for (const Event &e : t.events()) {
            if (e.kind == EventKind::Awaiting && AwaitKind(e.aux) == AwaitKind::Future
                && t.coroutine(e.coro).name.endsWith(QStringLiteral("::put"))
                && t.coroutine(e.arg).kind == CoroutineKind::Future)
                parkedOnFuture = true;
        }
        QVERIFY(parkedOnFuture);
    }
};

QTEST_GUILESS_MAIN(TestQueue)
#include "tst_queue.moc"
