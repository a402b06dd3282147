// AsyncGenerator<T>: PEP 525 async generators consumed with
// `while (auto v = co_await agen.next())`.

#include "tracedump.h"

#include <coroscope/coroscope.h>

#include <QTest>

#include <stdexcept>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using coroscope::test::Guard;

namespace {

AsyncGenerator<int> squares(int n, int *destroyed)
{
    Guard guard(destroyed);
    for (int i = 0; i < n; ++i) {
        co_await sleep(10ms);
        co_yield i * i;
    }
}

struct Seen
{
    std::vector<int> values;
    std::vector<std::chrono::nanoseconds> times;
    QString error;
    bool nextAfterEnd = true;
};

Task<void> consumeAll(AsyncGenerator<int> agen, Seen *seen)
{
    try {
        while (auto v = co_await agen.next()) {
            seen->values.push_back(*v);
            seen->times.push_back(EventLoop::current()->now());
        }
    } catch (const std::runtime_error &e) {
        seen->error = QString::fromUtf8(e.what());
    }
    // StopAsyncIteration again, without running anything.
    const std::optional<int> again = co_await agen.next();
    seen->nextAfterEnd = again.has_value();
}

AsyncGenerator<int> breaksAfter(int n, int *destroyed)
{
    Guard guard(destroyed);
    for (int i = 1; i <= n; ++i) {
        co_await sleep(1ms);
        co_yield i;
    }
    throw std::runtime_error("agen broke");
}

// Takes one value, then closes the generator while it is parked at its co_yield.
Task<void> takeOneThenClose(AsyncGenerator<int> agen, bool useAclose, int *destroyed, int *destroyedAtClose,
                            std::optional<int> *afterClose)
{
    const std::optional<int> first = co_await agen.next();
    Q_UNUSED(first);
    if (useAclose)
        co_await agen.aclose();
    else
        agen.close();
    *destroyedAtClose = *destroyed;
    *afterClose = co_await agen.next();
}

const int kPairLine = __LINE__ + 1;
AsyncGenerator<int> pair()
{
    co_await sleep(5ms);
    co_yield 1;
    co_yield 2;
}

const int kSumLine = __LINE__ + 1;
Task<int> sumPair()
{
    AsyncGenerator<int> agen = pair();
    int sum = 0;
    while (auto v = co_await agen.next())
        sum += *v;
    co_return sum;
}

int creationLine(int first, int closingBrace)
{
#if defined(__clang__)
    Q_UNUSED(closingBrace);
    return first;
#else
    Q_UNUSED(first);
    return closingBrace;
#endif
}

} // namespace

class TestAsyncGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void consumeToTheEnd();
    void bodyExceptionReachesTheConsumer();
    void closeRunsDestructors_data();
    void closeRunsDestructors();
    void trace();
};

void TestAsyncGenerator::consumeToTheEnd()
{
    int destroyed = 0;
    Seen seen;
    {
        EventLoop loop;
        loop.runUntilComplete(consumeAll(squares(4, &destroyed), &seen));
        QCOMPARE(loop.now(), 40ms);
    }
    QCOMPARE(seen.values, (std::vector<int>{0, 1, 4, 9}));
    QCOMPARE(seen.times, (std::vector<std::chrono::nanoseconds>{10ms, 20ms, 30ms, 40ms}));
    QVERIFY(seen.error.isEmpty());
    QVERIFY(!seen.nextAfterEnd);
    QCOMPARE(destroyed, 1);
}

void TestAsyncGenerator::bodyExceptionReachesTheConsumer()
{
    int destroyed = 0;
    Seen seen;
    {
        EventLoop loop;
        loop.runUntilComplete(consumeAll(breaksAfter(2, &destroyed), &seen));
    }
    QCOMPARE(seen.values, (std::vector<int>{1, 2}));
    QCOMPARE(seen.error, u"agen broke"_s);
    QVERIFY(!seen.nextAfterEnd);
    QCOMPARE(destroyed, 1);
}

void TestAsyncGenerator::closeRunsDestructors_data()
{
    QTest::addColumn<bool>("useAclose");
    QTest::newRow("aclose") << true;
    QTest::newRow("close") << false;
}

void TestAsyncGenerator::closeRunsDestructors()
{
    QFETCH(bool, useAclose);
    Recorder rec;
    int destroyed = 0, destroyedAtClose = -1;
    std::optional<int> afterClose = 99;
    {
        EventLoop loop;
        loop.runUntilComplete(takeOneThenClose(squares(5, &destroyed), useAclose, &destroyed, &destroyedAtClose,
                                               &afterClose));
        QCOMPARE(loop.now(), 10ms); // only the first value was produced
    }
    QCOMPARE(destroyedAtClose, 1);
    QCOMPARE(afterClose, std::nullopt);
    // The generator (id 1: created before the task, as its argument) was closed
    // while parked at its co_yield: resumed to close, destroyed unfinished.
    QStringList agenEnd;
    for (const Event &e : rec.trace().events()) {
        if (e.coro == 1 && (e.kind == EventKind::Resumed || e.kind == EventKind::Destroyed))
            agenEnd << test::eventText(rec.trace(), e).section(u' ', 0, 1);
    }
    QCOMPARE(agenEnd, (QStringList{u"resumed:loop 1"_s, u"resumed:close 1"_s, u"destroyed:1 1"_s}));
}

void TestAsyncGenerator::trace()
{
    Recorder rec;
    {
        EventLoop loop;
        QCOMPARE(loop.runUntilComplete(sumPair()), 3);
    }
    const int next = kSumLine + 4, sleepAt = kPairLine + 2, y1 = kPairLine + 3, y2 = kPairLine + 4;
    const QStringList expected{
        u"created 1 %1 0"_s.arg(creationLine(kSumLine, kSumLine + 7)),
        u"enqueued:spawn 1 0 "_s,
        u"dequeued 1 0 0"_s,
        u"started:loop 1 0 0"_s,
        u"created 2 %1 1"_s.arg(creationLine(kPairLine, kPairLine + 5)),
        u"awaiting:anext 1 %1 2"_s.arg(next),
        u"started:next 2 0 1"_s,
        u"awaiting:sleep 2 %1 sleep(5 ms)"_s.arg(sleepAt),
        u"timer_scheduled 2 0 0"_s,
        u"loop_idle:advance clock 0 0 0"_s,
        u"timer_fired 2 0 0"_s,
        u"enqueued:timer 2 0 "_s,
        u"dequeued 2 0 0"_s,
        u"resumed:loop 2 %1 0"_s.arg(sleepAt),
        u"yielded 2 %1 1"_s.arg(y1),
        u"resumed:awaiter 1 %1 2"_s.arg(next),
        u"awaiting:anext 1 %1 2"_s.arg(next),
        u"resumed:next 2 %1 1"_s.arg(y1),
        u"yielded 2 %1 2"_s.arg(y2),
        u"resumed:awaiter 1 %1 2"_s.arg(next),
        u"awaiting:anext 1 %1 2"_s.arg(next),
        u"resumed:next 2 %1 1"_s.arg(y2),
        u"returned 2 0 None"_s,
        u"resumed:awaiter 1 %1 2"_s.arg(next),
        u"returned 1 %1 3"_s.arg(kSumLine + 6),
        u"destroyed 2 0 0"_s,
        u"destroyed 1 0 0"_s,
    };
    QCOMPARE(test::dump(rec.trace()), expected);
}

QTEST_GUILESS_MAIN(TestAsyncGenerator)
#include "tst_asyncgenerator.moc"
