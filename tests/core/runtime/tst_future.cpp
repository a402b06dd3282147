// Future<T> and TaskHandle<T>: asyncio.Future / asyncio.Task state rules,
// unretrieved exceptions and cancellation that the task catches.

#include "tracedump.h"

#include <coroscope/coroscope.h>

#include <QTest>

#include <stdexcept>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

QString outcome(const std::function<QString()> &op)
{
    try {
        return op();
    } catch (const InvalidStateError &e) {
        return QStringLiteral("InvalidStateError: ") + QString::fromUtf8(e.what());
    } catch (const CancelledError &) {
        return QStringLiteral("CancelledError");
    } catch (const std::runtime_error &e) {
        return QStringLiteral("runtime_error: ") + QString::fromUtf8(e.what());
    }
}

QString apply(Future<int> &f, const QString &op)
{
    auto yesNo = [](bool b) { return b ? QStringLiteral("yes") : QStringLiteral("no"); };
    return outcome([&]() -> QString {
        if (op.startsWith(u"setResult "))
            return yesNo(f.setResult(op.mid(10).toInt()));
        if (op.startsWith(u"setException "))
            return yesNo(f.setException(std::make_exception_ptr(std::runtime_error(op.mid(13).toStdString()))));
        if (op == u"cancel")
            return yesNo(f.cancel());
        if (op == u"done")
            return yesNo(f.done());
        if (op == u"cancelled")
            return yesNo(f.cancelled());
        if (op == u"result")
            return QString::number(f.result());
        if (op == u"exception")
            return detail::exceptionText(f.exception()).isEmpty() ? QStringLiteral("None")
                                                                  : detail::exceptionText(f.exception());
        return QStringLiteral("?");
    });
}

Task<void> failingTask(QString what)
{
    co_await sleep(0ns);
    throw std::runtime_error(what.toStdString());
}

Task<int> stubborn(QStringList *log)
{
    try {
        co_await sleep(10s);
    } catch (const CancelledError &) {
        log->append(u"swallowed the cancellation"_s);
    }
    co_await sleep(1s); // a later await is not cancelled again
    co_return 7;
}

Task<int> awaitChildThenSleep(QStringList *log);

Task<int> sleepyChild(QStringList *log)
{
    try {
        co_await sleep(10s);
    } catch (const CancelledError &) {
        log->append(u"child cancelled"_s);
        throw;
    }
    co_return 1;
}

// Cancelling a task raises in the innermost coroutine it is running (a
// directly awaited child), and unwinds through the parent.
Task<int> awaitChildThenSleep(QStringList *log)
{
    try {
        co_return co_await sleepyChild(log);
    } catch (const CancelledError &) {
        log->append(u"parent cancelled"_s);
        throw;
    }
}

} // namespace

class TestFuture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void futureRules_data();
    void futureRules();
    void unretrievedTaskException();
    void retrievedTaskExceptionIsNotReported_data();
    void retrievedTaskExceptionIsNotReported();
    void unretrievedFutureException();
    void cancellationCaughtByTheTask();
    void cancellationReachesAwaitedChild();
};

void TestFuture::futureRules_data()
{
    QTest::addColumn<QStringList>("ops");
    QTest::addColumn<QStringList>("outcomes");
    auto L = [](std::initializer_list<const char16_t *> items) {
        QStringList l;
        for (auto *s : items)
            l << QString::fromUtf16(s);
        return l;
    };
    QTest::newRow("result before done") << L({u"done", u"result"})
                                        << L({u"no", u"InvalidStateError: Result is not set."});
    QTest::newRow("exception before done") << L({u"exception"})
                                           << L({u"InvalidStateError: Exception is not set."});
    QTest::newRow("setResult") << L({u"setResult 3", u"done", u"cancelled", u"result", u"exception"})
                               << L({u"yes", u"yes", u"no", u"3", u"None"});
    // asyncio raises InvalidStateError here; Coroscope reports false and keeps the first result.
    QTest::newRow("setResult twice keeps the first")
        << L({u"setResult 3", u"setResult 4", u"setException late", u"result"}) << L({u"yes", u"no", u"no", u"3"});
    QTest::newRow("setException") << L({u"setException boom", u"done", u"result", u"result", u"exception"})
                                  << L({u"yes", u"yes", u"runtime_error: boom", u"runtime_error: boom", u"boom"});
    QTest::newRow("cancel")
        << L({u"cancel", u"done", u"cancelled", u"result", u"exception", u"cancel", u"setResult 1"})
        << L({u"yes", u"yes", u"yes", u"CancelledError", u"CancelledError", u"no", u"no"});
    QTest::newRow("cancel after done") << L({u"setResult 1", u"cancel", u"cancelled", u"result"})
                                       << L({u"yes", u"no", u"no", u"1"});
}

void TestFuture::futureRules()
{
    QFETCH(QStringList, ops);
    QFETCH(QStringList, outcomes);
    EventLoop loop;
    Future<int> f;
    Future<int> copy = f; // copies share one state
    QStringList actual;
    for (const QString &op : ops)
        actual << apply(op.startsWith(u"set") ? f : copy, op);
    QCOMPARE(actual, outcomes);
}

void TestFuture::unretrievedTaskException()
{
    Recorder rec;
    CoroId id = 0;
    {
        EventLoop loop;
        id = loop.spawn(failingTask(u"lost"_s)).id(); // the handle is dropped at once
        QTest::ignoreMessage(QtWarningMsg, "coroscope: Task exception was never retrieved: lost");
        loop.runUntilIdle();
    }
    QStringList warnings;
    for (const Event &e : rec.trace().events()) {
        if (e.kind == EventKind::Warning)
            warnings << test::eventText(rec.trace(), e);
    }
    QCOMPARE(warnings,
             QStringList{u"warning:unretrieved exception %1 0 Task exception was never retrieved: lost"_s.arg(id)});
}

void TestFuture::retrievedTaskExceptionIsNotReported_data()
{
    QTest::addColumn<int>("how");
    QTest::newRow("result()") << 0;
    QTest::newRow("exception()") << 1;
}

void TestFuture::retrievedTaskExceptionIsNotReported()
{
    QFETCH(int, how);
    Recorder rec;
    {
        EventLoop loop;
        TaskHandle<void> h = loop.spawn(failingTask(u"kept"_s));
        loop.runUntilIdle();
        QVERIFY(h.done());
        if (how == 0)
            QVERIFY_THROWS_EXCEPTION(std::runtime_error, h.result());
        else
            QCOMPARE(detail::exceptionText(h.exception()), u"kept"_s);
    }
    for (const Event &e : rec.trace().events())
        QVERIFY2(e.kind != EventKind::Warning, qPrintable(test::eventText(rec.trace(), e)));
}

void TestFuture::unretrievedFutureException()
{
    Recorder rec;
    CoroId id = 0;
    {
        Future<int> f;
        id = f.id();
        f.setException(std::make_exception_ptr(std::runtime_error("dropped")));
        QTest::ignoreMessage(QtWarningMsg, "coroscope: Future exception was never retrieved: dropped");
    }
    QStringList lines = test::dump(rec.trace());
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.mid(1), (QStringList{u"threw:future %1 0 dropped"_s.arg(id),
                                        u"warning:unretrieved exception %1 0 Future exception was never "
                                        "retrieved: dropped"_s.arg(id)}));
}

void TestFuture::cancellationCaughtByTheTask()
{
    Recorder rec;
    QStringList log;
    EventLoop loop;
    TaskHandle<int> h = loop.spawn(stubborn(&log));
    QVERIFY(loop.step()); // runs to the first sleep
    QVERIFY(h.cancel());
    loop.runUntilIdle();
    QCOMPARE(log, QStringList{u"swallowed the cancellation"_s});
    QVERIFY(h.done());
    QVERIFY(!h.cancelled()); // it chose to finish normally, as in asyncio
    QCOMPARE(h.result(), 7);
    QCOMPARE(loop.now(), 1s); // the 10 s sleep was cut short, the 1 s one was not
}

void TestFuture::cancellationReachesAwaitedChild()
{
    Recorder rec;
    QStringList log;
    EventLoop loop;
    TaskHandle<int> h = loop.spawn(awaitChildThenSleep(&log));
    QVERIFY(loop.step());
    QVERIFY(h.cancel());
    loop.runUntilIdle();
    QCOMPARE(log, (QStringList{u"child cancelled"_s, u"parent cancelled"_s}));
    QVERIFY(h.cancelled());
    QVERIFY_THROWS_EXCEPTION(CancelledError, h.result());
    QCOMPARE(loop.now(), 0s);
}

QTEST_GUILESS_MAIN(TestFuture)
#include "tst_future.moc"
