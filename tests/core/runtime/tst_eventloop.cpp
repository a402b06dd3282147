// EventLoop ordering against asyncio: each program here has a Python twin in
// python/<name>.py; both must print exactly the expected lines.

#include "tracedump.h"

#include <coroscope/coroscope.h>

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <stdexcept>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

EventLoop &loop()
{
    return *EventLoop::current();
}

Task<void> readyFifo()
{
    for (int i = 0; i < 3; ++i)
        loop().callSoon([i] { print("callback", i); });
    print("main before sleep(0)");
    co_await sleep(0ns);
    print("main after sleep(0)");
}

Task<void> child(QString name)
{
    print(name, "start");
    co_await sleep(0ns);
    print(name, "end");
}

Task<void> spawnOrder()
{
    TaskHandle<void> a = loop().spawn(child(u"a"_s));
    TaskHandle<void> b = loop().spawn(child(u"b"_s));
    print("main spawned a and b");
    co_await sleep(0ns);
    print("main resumed");
    co_await a;
    co_await b;
    print("main done");
}

Task<void> sleeper(QString name, int ms)
{
    co_await sleep(std::chrono::milliseconds(ms));
    print(name, ms / 1000.0);
}

Task<void> timerOrder()
{
    std::vector<TaskHandle<void>> tasks;
    for (auto [name, ms] : {std::pair{"a", 300}, {"b", 100}, {"c", 200}, {"d", 100}, {"e", 200}})
        tasks.push_back(loop().spawn(sleeper(QString::fromLatin1(name), ms)));
    loop().callLater(150ms, [] { print("timer x"); });
    loop().callLater(150ms, [] { print("timer y"); });
    for (auto &t : tasks)
        co_await t;
}

Task<void> worker(QString name, int n)
{
    for (int i = 0; i < n; ++i) {
        print(name, i);
        co_await sleep(0ns);
    }
    print(name, "done");
}

Task<void> sleepZero()
{
    TaskHandle<void> a = loop().spawn(worker(u"a"_s, 3));
    TaskHandle<void> b = loop().spawn(worker(u"b"_s, 2));
    co_await a;
    co_await b;
}

Task<int> inner()
{
    print("inner runs");
    co_return 7;
}

Task<void> other()
{
    print("other runs");
    co_return;
}

Task<void> inlineAwait()
{
    TaskHandle<void> t = loop().spawn(other());
    print("before await");
    const int v = co_await inner();
    print("after await", v);
    co_await t;
}

Task<void> failing()
{
    co_await sleep(0ns);
    print("failing raises");
    throw std::runtime_error("boom");
}

Task<void> taskException()
{
    TaskHandle<void> t = loop().spawn(failing());
    co_await sleep(100ms);
    print("task done:", t.done() ? "yes" : "no");
    try {
        co_await t;
    } catch (const std::runtime_error &e) {
        print("caught", e.what());
    }
    try {
        co_await t;
    } catch (const std::runtime_error &e) {
        print("caught again", e.what());
    }
}

Task<void> cancellable()
{
    try {
        print("worker start");
        co_await sleep(10s);
        print("never printed");
    } catch (const CancelledError &) {
        print("worker cleanup");
        throw;
    }
}

Task<void> cancelMain()
{
    TaskHandle<void> t = loop().spawn(cancellable());
    co_await sleep(0ns);
    print("cancel returns", t.cancel() ? "yes" : "no");
    try {
        co_await t;
    } catch (const CancelledError &) {
        print("main caught CancelledError; cancelled:", t.cancelled() ? "yes" : "no");
    }
    print("cancel again returns", t.cancel() ? "yes" : "no");
}

Task<void> neverRuns()
{
    print("never printed");
    co_return;
}

Task<void> cancelBeforeStart()
{
    TaskHandle<void> t = loop().spawn(neverRuns());
    t.cancel();
    print("cancel requested");
    try {
        co_await t;
    } catch (const CancelledError &) {
        print("cancelled before start:", t.cancelled() ? "yes" : "no");
    }
}

Task<int> valueAfter(int v, int ms)
{
    co_await sleep(std::chrono::milliseconds(ms));
    print("finished", v);
    co_return v;
}

Task<void> gatherOrder()
{
    const auto [a, b, c] = co_await gather(valueAfter(1, 300), valueAfter(2, 100), valueAfter(3, 200));
    print("tuple", a, b, c);
    std::vector<Task<int>> tasks;
    tasks.push_back(valueAfter(4, 200));
    tasks.push_back(valueAfter(5, 100));
    tasks.push_back(valueAfter(6, 0));
    const std::vector<int> r = co_await gather(std::move(tasks));
    print("list", r);
}

Task<int> failAfter(QString message, int ms)
{
    co_await sleep(std::chrono::milliseconds(ms));
    print("raising", message);
    throw std::runtime_error(message.toStdString());
}

Task<void> gatherException()
{
    try {
        co_await gather(valueAfter(1, 300), failAfter(u"second"_s, 200), failAfter(u"first"_s, 100));
    } catch (const std::runtime_error &e) {
        print("gather raised", e.what());
    }
    co_await sleep(500ms);
    print("main done");
}

const int kSlowSleepLine = __LINE__ + 5;
Task<void> slow()
{
    try {
        print("slow start");
        co_await sleep(10s);
        print("never printed");
    } catch (const CancelledError &) {
        print("slow cancelled");
        throw;
    }
}

Task<int> fast()
{
    co_await sleep(10ms);
    co_return 5;
}

Task<void> waitForTimeout()
{
    const int r = co_await waitFor(fast(), 1s);
    print("fast result", r);
    try {
        co_await waitFor(slow(), 100ms);
    } catch (const TimeoutError &) {
        print("timeout");
    }
}

Task<void> waiter(Future<int> fut, QString name)
{
    const int v = co_await fut;
    print(name, "got", v);
}

Task<void> futureCallbacks()
{
    Future<int> fut;
    fut.addDoneCallback([](Future<int> &f) { print("callback 1", f.result()); });
    std::vector<TaskHandle<void>> tasks;
    for (const char *name : {"w1", "w2", "w3"})
        tasks.push_back(loop().spawn(waiter(fut, QString::fromLatin1(name))));
    co_await sleep(0ns);
    fut.addDoneCallback([](Future<int> &f) { print("callback 2", f.result()); });
    print("setting result");
    fut.setResult(42);
    print("result set");
    for (auto &t : tasks)
        co_await t;
    fut.addDoneCallback([](Future<int> &f) { print("callback 3", f.result()); });
    co_await sleep(0ns);
    print("main done");
}

Task<int> compute()
{
    co_await sleep(100ms);
    print("compute done");
    co_return 5;
}

Task<void> consumer(TaskHandle<int> t, QString name)
{
    print(name, "waits");
    const int v = co_await t;
    print(name, "got", v);
}

Task<void> taskManyAwaiters()
{
    TaskHandle<int> t = loop().spawn(compute());
    TaskHandle<void> c1 = loop().spawn(consumer(t, u"c1"_s));
    TaskHandle<void> c2 = loop().spawn(consumer(t, u"c2"_s));
    const int v = co_await t;
    print("main got", v);
    co_await c1;
    co_await c2;
}

Task<void> clockReadings(std::vector<std::chrono::nanoseconds> *times)
{
    co_await sleep(3s);
    times->push_back(loop().now());
    co_await sleep(7s);
    times->push_back(loop().now());
}

Task<int> relay(Future<int> in, Future<int> out)
{
    const int v = co_await in;
    out.setResult(v + 1);
    co_return v;
}

// Two tasks each wait for the other's future: nothing can ever run again.
const int kFutureLine = __LINE__ + 3; // the line of `Future<int> fa;`
Task<void> deadlocked()
{
    Future<int> fa;
    Future<int> fb;
    TaskHandle<int> a = loop().spawn(relay(fb, fa), u"a"_s);
    TaskHandle<int> b = loop().spawn(relay(fa, fb), u"b"_s);
    co_await a;
    co_await b;
}

struct Program
{
    const char *name; // python/<name>.py
    Task<void> (*main)();
    QStringList expected; // what python3 prints
};

const std::vector<Program> &programs()
{
    static const std::vector<Program> all{
        {"ready_fifo", readyFifo,
         {u"main before sleep(0)"_s, u"callback 0"_s, u"callback 1"_s, u"callback 2"_s, u"main after sleep(0)"_s}},
        {"spawn_order", spawnOrder,
         {u"main spawned a and b"_s, u"a start"_s, u"b start"_s, u"main resumed"_s, u"a end"_s, u"b end"_s,
          u"main done"_s}},
        {"timer_order", timerOrder,
         {u"b 0.1"_s, u"d 0.1"_s, u"timer x"_s, u"timer y"_s, u"c 0.2"_s, u"e 0.2"_s, u"a 0.3"_s}},
        {"sleep_zero", sleepZero, {u"a 0"_s, u"b 0"_s, u"a 1"_s, u"b 1"_s, u"a 2"_s, u"b done"_s, u"a done"_s}},
        {"inline_await", inlineAwait, {u"before await"_s, u"inner runs"_s, u"after await 7"_s, u"other runs"_s}},
        {"task_exception", taskException,
         {u"failing raises"_s, u"task done: yes"_s, u"caught boom"_s, u"caught again boom"_s}},
        {"cancel", cancelMain,
         {u"worker start"_s, u"cancel returns yes"_s, u"worker cleanup"_s,
          u"main caught CancelledError; cancelled: yes"_s, u"cancel again returns no"_s}},
        {"cancel_before_start", cancelBeforeStart, {u"cancel requested"_s, u"cancelled before start: yes"_s}},
        {"gather_order", gatherOrder,
         {u"finished 2"_s, u"finished 3"_s, u"finished 1"_s, u"tuple 1 2 3"_s, u"finished 6"_s, u"finished 5"_s,
          u"finished 4"_s, u"list [4, 5, 6]"_s}},
        {"gather_exception", gatherException,
         {u"raising first"_s, u"gather raised first"_s, u"raising second"_s, u"finished 1"_s, u"main done"_s}},
        {"wait_for_timeout", waitForTimeout,
         {u"fast result 5"_s, u"slow start"_s, u"slow cancelled"_s, u"timeout"_s}},
        {"future_callbacks", futureCallbacks,
         {u"setting result"_s, u"result set"_s, u"callback 1 42"_s, u"w1 got 42"_s, u"w2 got 42"_s, u"w3 got 42"_s,
          u"callback 2 42"_s, u"callback 3 42"_s, u"main done"_s}},
        {"task_many_awaiters", taskManyAwaiters,
         {u"c1 waits"_s, u"c2 waits"_s, u"compute done"_s, u"main got 5"_s, u"c1 got 5"_s, u"c2 got 5"_s}},
    };
    return all;
}

const Program &program(const QString &name)
{
    for (const Program &p : programs()) {
        if (QLatin1StringView(p.name) == name)
            return p;
    }
    qFatal("no program %s", qPrintable(name));
}

} // namespace

class TestEventLoop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ordering_data();
    void ordering();
    void pythonAgrees_data() { ordering_data(); }
    void pythonAgrees();
    void awaitingATaskRunsItInline();
    void waitForCancelsTheInnerTask();
    void virtualClockJumpsToTimers();
    void realClockFollowsTime();
    void deadlockRaises();
};

void TestEventLoop::ordering_data()
{
    QTest::addColumn<QString>("name");
    for (const Program &p : programs())
        QTest::newRow(p.name) << QString::fromLatin1(p.name);
}

void TestEventLoop::ordering()
{
    QFETCH(QString, name);
    const Program &p = program(name);
    Recorder rec;
    rec.setEchoOutput(false);
    {
        EventLoop loop;
        loop.runUntilComplete(p.main());
        QCOMPARE(loop.liveTaskCount(), std::size_t(0));
        QCOMPARE(loop.timerCount(), std::size_t(0));
    }
    QCOMPARE(test::outputLines(rec.trace()), p.expected);
    // Every exception in these programs is retrieved by someone.
    for (const Event &e : rec.trace().events())
        QVERIFY2(e.kind != EventKind::Warning, qPrintable(test::eventText(rec.trace(), e)));
}

void TestEventLoop::pythonAgrees()
{
    QFETCH(QString, name);
    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    if (python.isEmpty())
        QSKIP("python3 is not installed: the C++ side was checked against the recorded expectations only");
    QProcess proc;
    proc.start(python, {QStringLiteral(COROSCOPE_TEST_DATA "/python/") + name + u".py"_s});
    QVERIFY(proc.waitForFinished(30000));
    QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc.exitCode(), 0);
    const QString out = QString::fromUtf8(proc.readAllStandardOutput());
    QCOMPARE(out.split(u'\n', Qt::SkipEmptyParts), program(name).expected);
}

void TestEventLoop::awaitingATaskRunsItInline()
{
    Recorder rec;
    rec.setEchoOutput(false);
    {
        EventLoop loop;
        loop.runUntilComplete(inlineAwait());
    }
    const Trace &t = rec.trace();
    // Coroutine 1 is main, 2 is other (spawned), 3 is inner (awaited).
    QCOMPARE(t.coroutine(3).name, u"inner"_s);
    std::size_t awaiting = 0, returned = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind == EventKind::Awaiting && t[i].coro == 1 && t[i].arg == 3)
            awaiting = i;
        if (t[i].kind == EventKind::Returned && t[i].coro == 3)
            returned = i;
    }
    QVERIFY(awaiting > 0 && returned > awaiting);
    const QStringList between = test::dump(t, awaiting).mid(0, int(returned - awaiting + 2));
    QCOMPARE(between, (QStringList{u"awaiting:coroutine 1 %1 3"_s.arg(t.site(t[awaiting].site).line),
                                   u"started:awaiter 3 0 1"_s, u"output 3 0 inner runs"_s,
                                   u"returned 3 %1 7"_s.arg(t.site(t[returned].site).line),
                                   u"resumed:awaiter 1 %1 3"_s.arg(t.site(t[awaiting].site).line)}));
}

void TestEventLoop::waitForCancelsTheInnerTask()
{
    Recorder rec;
    rec.setEchoOutput(false);
    {
        EventLoop loop;
        loop.runUntilComplete(waitForTimeout());
        QCOMPARE(loop.now(), 110ms); // 10 ms for fast(), then the 100 ms timeout
    }
    const Trace &t = rec.trace();
    CoroId slowId = 0;
    for (const CoroutineInfo &c : t.coroutines()) {
        if (c.name == u"slow")
            slowId = c.id;
    }
    QVERIFY(slowId != 0);
    // cancel() requested by the timeout (aux 1), then the frame ends cancelled (aux 0).
    QStringList cancelled;
    for (const Event &e : t.events()) {
        if (e.coro == slowId && (e.kind == EventKind::Cancelled || e.kind == EventKind::Threw))
            cancelled << test::eventText(t, e);
    }
    QCOMPARE(cancelled, (QStringList{u"cancelled:1 %1 0 0"_s.arg(slowId),
                                     u"threw:thrown in %1 %2 CancelledError"_s.arg(slowId).arg(kSlowSleepLine),
                                     u"cancelled %1 0 0"_s.arg(slowId)}));
}

void TestEventLoop::virtualClockJumpsToTimers()
{
    Recorder rec;
    std::vector<std::chrono::nanoseconds> times;
    EventLoop loop;
    QCOMPARE(loop.clock(), EventLoop::Clock::Virtual);
    loop.runUntilComplete(clockReadings(&times));
    QCOMPARE(times, (std::vector<std::chrono::nanoseconds>{3s, 10s}));
    QCOMPARE(loop.now(), 10s);
    // The trace keeps loop time per event: the last event happened at 10 s.
    QCOMPARE(rec.trace().loopTimeAt(rec.trace().size() - 1), std::int64_t(10'000'000'000));
    int advances = 0;
    for (const Event &e : rec.trace().events())
        advances += e.kind == EventKind::LoopIdle && e.aux == std::uint8_t(IdleReason::AdvanceClock);
    QCOMPARE(advances, 2);
}

void TestEventLoop::realClockFollowsTime()
{
    Recorder rec;
    rec.setEchoOutput(false);
    EventLoop loop(EventLoop::Clock::Real);
    loop.runUntilComplete(sleeper(u"r"_s, 20));
    QVERIFY(loop.now() >= 20ms);
}

void TestEventLoop::deadlockRaises()
{
    Recorder rec;
    rec.setEchoOutput(false);
    QString message;
    {
        EventLoop loop;
        try {
            loop.runUntilComplete(deadlocked());
        } catch (const DeadlockError &e) {
            message = QString::fromUtf8(e.what());
        }
        QCOMPARE(loop.liveTaskCount(), std::size_t(3));
    } // the loop destroys the three parked frames
    // Coroutines: 1 deadlocked, 2 and 3 the futures, 4 relay "a", 5 relay "b".
    QCOMPARE(message, u"deadlock: the loop ran out of work with tasks parked: deadlocked #1 awaits a #4, "
               "a #4 awaits future@%1 #3, b #5 awaits future@%2 #2"_s.arg(kFutureLine + 1).arg(kFutureLine));
    QStringList warnings;
    for (const Event &e : rec.trace().events()) {
        if (e.kind == EventKind::Warning || e.kind == EventKind::LoopIdle || e.kind == EventKind::Destroyed)
            warnings << test::eventText(rec.trace(), e);
    }
    QCOMPARE(warnings,
             (QStringList{u"loop_idle:deadlock 0 0 0"_s,
                          u"warning:deadlock 1 0 deadlock: deadlocked #1 awaits a #4, "
                          "a #4 awaits future@%1 #3, b #5 awaits future@%2 #2"_s.arg(kFutureLine + 1).arg(kFutureLine),
                          u"warning:destroyed while parked 1 0 task was destroyed but it is pending"_s,
                          u"destroyed:1 1 0 0"_s,
                          u"warning:destroyed while parked 4 0 task was destroyed but it is pending"_s,
                          u"destroyed:1 4 0 0"_s,
                          u"warning:destroyed while parked 5 0 task was destroyed but it is pending"_s,
                          u"destroyed:1 5 0 0"_s}));
}

QTEST_GUILESS_MAIN(TestEventLoop)
#include "tst_eventloop.moc"
