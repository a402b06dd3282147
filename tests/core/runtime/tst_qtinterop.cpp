// Awaiting what Coroscope does not own: QCoro tasks, Qt signals and QTimer.
// The foreign completion must come back through the ready queue, recorded as
// ExternalWait -> ExternalDone -> Enqueued(External) -> Dequeued -> Resumed(External).

#include "tracedump.h"

#include <coroscope/coroscope.h>

#include <QCoroSignal>
#include <QCoroTask>
#include <QCoroTimer>
#include <QTest>
#include <QTimer>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

class Emitter : public QObject
{
    Q_OBJECT

Q_SIGNALS:
    void fired(int value);
};

namespace {

QCoro::Task<int> qcoroDouble(int x)
{
    co_await QCoro::sleepFor(10ms);
    co_return 2 * x;
}

Task<int> awaitQCoroTask()
{
    const int v = co_await qcoroDouble(21);
    co_return v;
}

Task<int> awaitSignal(Emitter *emitter)
{
    const int v = co_await qCoro(emitter, &Emitter::fired);
    co_return v;
}

Task<int> signalViaCallLater(Emitter *emitter)
{
    EventLoop::current()->callLater(10ms, [emitter] { Q_EMIT emitter->fired(9); });
    const int v = co_await qCoro(emitter, &Emitter::fired);
    co_return v;
}

Task<void> emitLater(Emitter *emitter, int value)
{
    co_await sleep(10ms);
    Q_EMIT emitter->fired(value);
}

Task<int> signalFromAnotherTask(Emitter *emitter)
{
    TaskHandle<void> h = EventLoop::current()->spawn(emitLater(emitter, 11));
    const int v = co_await qCoro(emitter, &Emitter::fired);
    co_await h;
    co_return v;
}

Task<int> awaitTimer()
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.start(10ms);
    co_await timer;
    co_return timer.isActive() ? -1 : 1;
}

// The events of coroutine `id` from its external wait to its resumption, in
// order. Timer events the task owns (its callLater) are not part of the wait;
// the one Dequeued that counts is the first after the external wakeup.
QStringList externalRoundTrip(const Trace &t, CoroId id)
{
    QStringList kinds;
    bool waiting = false, woken = false;
    for (const Event &e : t.events()) {
        if (e.coro != id)
            continue;
        if (e.kind == EventKind::ExternalWait)
            waiting = true;
        if (!waiting || e.kind == EventKind::TimerFired)
            continue;
        if (e.kind == EventKind::Enqueued && EnqueueReason(e.aux) == EnqueueReason::Timer)
            continue;
        if (e.kind == EventKind::Dequeued && !woken)
            continue;
        woken = woken || (e.kind == EventKind::Enqueued && EnqueueReason(e.aux) == EnqueueReason::External);
        kinds << test::eventText(t, e).section(u' ', 0, 0);
        if (e.kind == EventKind::Resumed || e.kind == EventKind::Started)
            break;
    }
    return kinds;
}

QString waitDescription(const Trace &t, CoroId id)
{
    QString wait, done;
    for (const Event &e : t.events()) {
        if (e.coro == id && e.kind == EventKind::ExternalWait)
            wait = t.valueText(e.arg);
        if (e.coro == id && e.kind == EventKind::ExternalDone)
            done = t.valueText(e.arg);
    }
    return wait == done ? wait : QStringLiteral("wait %1 != done %2").arg(wait, done);
}

const QStringList kRoundTrip{u"external_wait"_s, u"external_done"_s, u"enqueued:external"_s, u"dequeued"_s,
                             u"resumed:external"_s};

} // namespace

class TestQtInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void qcoroTask();
    void signal_data();
    void signal();
    void timer();
};

void TestQtInterop::qcoroTask()
{
    Recorder rec;
    EventLoop loop(EventLoop::Clock::Real);
    QCOMPARE(loop.runUntilComplete(awaitQCoroTask()), 42);
    QCOMPARE(loop.externalWaitCount(), std::size_t(0));
    QCOMPARE(externalRoundTrip(rec.trace(), 1), kRoundTrip);
    const QString desc = waitDescription(rec.trace(), 1);
    QVERIFY2(desc.contains(u"QCoro::") && desc.contains(u"Task"), qPrintable(desc));
}

void TestQtInterop::signal_data()
{
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("expected");
    QTest::newRow("QTimer::singleShot emits") << 0 << 7;
    QTest::newRow("callLater emits") << 1 << 9;
    QTest::newRow("another task emits") << 2 << 11;
}

void TestQtInterop::signal()
{
    QFETCH(int, source);
    QFETCH(int, expected);
    Recorder rec;
    EventLoop loop(EventLoop::Clock::Real);
    Emitter emitter;
    int result = 0;
    if (source == 0) {
        QTimer::singleShot(10ms, &emitter, [&emitter] { Q_EMIT emitter.fired(7); });
        result = loop.runUntilComplete(awaitSignal(&emitter));
    } else if (source == 1) {
        result = loop.runUntilComplete(signalViaCallLater(&emitter));
    } else {
        result = loop.runUntilComplete(signalFromAnotherTask(&emitter));
    }
    QCOMPARE(result, expected);
    QCOMPARE(externalRoundTrip(rec.trace(), 1), kRoundTrip);
    const QString desc = waitDescription(rec.trace(), 1);
    // qCoro(obj, &Class::signal) is named after the signal (coroscope's overload).
    QCOMPARE(desc, u"Emitter::fired"_s);
}

void TestQtInterop::timer()
{
    Recorder rec;
    EventLoop loop(EventLoop::Clock::Real);
    QCOMPARE(loop.runUntilComplete(awaitTimer()), 1);
    QCOMPARE(externalRoundTrip(rec.trace(), 1), kRoundTrip);
    const QString desc = waitDescription(rec.trace(), 1);
    QVERIFY2(desc.contains(u"QCoroTimer"), qPrintable(desc));
}

QTEST_GUILESS_MAIN(TestQtInterop)
#include "tst_qtinterop.moc"
