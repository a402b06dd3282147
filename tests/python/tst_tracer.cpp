// The Python tracer on small programs: each runs under coroscope_run.py with
// --trace, and the saved trace (Trace::load) must hold exactly the expected
// transitions: coroutine, event kind, value. COROSCOPE_PRINT_TRANSITIONS=1
// prints what each program recorded.

#include "transitions.h"

#include <coroscope/trace.h>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <deque>
#include <set>

using namespace coroscope;
using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    std::optional<Trace> trace;
};

Run runProgram(const QString &program, const QString &traceFile, const QStringList &extra = {})
{
    QProcess process;
    process.setProcessEnvironment(test::pythonTestEnvironment());
    process.start(QStringLiteral(COROSCOPE_PYTHON),
                  QStringList{QStringLiteral(COROSCOPE_RUN_SCRIPT), u"--trace"_s, traceFile} + extra
                      + QStringList{QDir::isAbsolutePath(program) ? program
                                                                  : QStringLiteral(COROSCOPE_PROGRAMS "/") + program});
    Run run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    Trace::LoadResult loaded = Trace::load(traceFile);
    run.trace = std::move(loaded.trace);
    return run;
}

} // namespace

class TestPythonTracer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("iterator_class") << u"iterator_class.py"_s << 0 << QStringList{
            u"Countdown created"_s,
            u"Countdown started next"_s,
            u"Countdown yielded 2"_s,
            u"- output tick 2"_s,
            u"Countdown resumed next"_s,
            u"Countdown yielded 1"_s,
            u"- output tick 1"_s,
            u"Countdown resumed next"_s,
            u"Countdown returned None"_s,
            u"Countdown destroyed"_s,
        };
        QTest::newRow("lazy_reader") << u"lazy_reader.py"_s << 0 << QStringList{
            u"LazyReader.__iter__ created"_s,
            u"LazyReader.__iter__ started next"_s,
            u"LazyReader.__iter__ yielded 'alpha'"_s,
            u"- output read alpha"_s,
            u"LazyReader.__iter__ resumed next"_s,
            u"LazyReader.__iter__ yielded 'beta'"_s,
            u"- output read beta"_s,
            u"LazyReader.__iter__ resumed next"_s,
            u"LazyReader.__iter__ returned None"_s,
            u"LazyReader.__iter__ destroyed"_s,
        };
        QTest::newRow("send_return") << u"send_return.py"_s << 0 << QStringList{
            u"averager created"_s,
            u"averager started next"_s,
            u"averager yielded 0"_s,
            u"averager sent 10"_s,
            u"averager yielded 10"_s,
            u"averager sent 20"_s,
            u"averager yielded 30"_s,
            u"averager resumed next"_s,
            u"averager returned 15.0"_s,
            u"averager destroyed"_s,
            u"- output average 15.0"_s,
        };
        QTest::newRow("yield_from") << u"yield_from.py"_s << 0 << QStringList{
            u"outer created"_s,
            u"outer started next"_s,
            u"subtotal created"_s,
            u"subtotal started next"_s,
            u"subtotal yielded 1"_s,
            u"outer awaiting yield from subtotal"_s,
            u"outer yielded 1"_s,
            u"outer resumed next"_s,
            u"subtotal resumed next"_s,
            u"subtotal yielded 2"_s,
            u"outer awaiting yield from subtotal"_s,
            u"outer yielded 2"_s,
            u"outer resumed next"_s,
            u"subtotal resumed next"_s,
            u"subtotal returned 3"_s,
            u"subtotal destroyed"_s,
            u"outer yielded 3"_s,
            u"outer resumed next"_s,
            u"outer returned None"_s,
            u"outer destroyed"_s,
            u"- output [1, 2, 3]"_s,
        };
        QTest::newRow("future_await") << u"future_await.py"_s << 0 << QStringList{
            u"main created"_s,
            u"main enqueued spawn"_s,
            u"main dequeued"_s,
            u"main started loop"_s,
            u"resolver created"_s,
            u"resolver enqueued spawn"_s,
            u"waiter created"_s,
            u"waiter enqueued spawn"_s,
            u"main awaiting task waiter"_s,
            u"resolver dequeued"_s,
            u"resolver started loop"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"resolver timer_scheduled at 1 s asyncio.sleep(1)"_s,
            u"asyncio.sleep awaiting external a future"_s,
            u"resolver awaiting sleep asyncio.sleep(1)"_s,
            u"waiter dequeued"_s,
            u"waiter started loop"_s,
            u"future@11 created"_s,
            u"waiter awaiting future future@11"_s,
            u"- loop_idle advance clock"_s,
            u"resolver timer_fired at 1 s asyncio.sleep(1)"_s,
            u"- enqueued timer asyncio.sleep(1)"_s,
            u"- dequeued"_s,
            u"resolver enqueued timer"_s,
            u"resolver dequeued"_s,
            u"resolver resumed loop"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"future@11 returned 42"_s,
            u"waiter enqueued wakeup"_s,
            u"resolver returned None"_s,
            u"resolver destroyed"_s,
            u"waiter dequeued"_s,
            u"waiter resumed loop"_s,
            u"waiter output got 42"_s,
            u"waiter returned 42"_s,
            u"waiter destroyed"_s,
            u"main enqueued wakeup"_s,
            u"main dequeued"_s,
            u"main resumed loop"_s,
            u"main output main done 42"_s,
            u"main returned None"_s,
            u"main destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens created"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor created"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
        };
        QTest::newRow("throw_close") << u"throw_close.py"_s << 0 << QStringList{
            u"worker created"_s,
            u"worker started next"_s,
            u"worker yielded 'ready'"_s,
            u"worker threw ValueError: bad"_s,
            u"worker resumed throw"_s,
            u"worker output caught bad"_s,
            u"worker yielded 'ready'"_s,
            u"worker resumed close"_s,
            u"worker destroyed parked"_s,
        };
        QTest::newRow("async_gen") << u"async_gen.py"_s << 0 << QStringList{
            u"main created"_s,
            u"main enqueued spawn"_s,
            u"main dequeued"_s,
            u"main started loop"_s,
            u"ticker created"_s,
            u"ticker started next"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"ticker timer_scheduled at 1 s asyncio.sleep(1)"_s,
            u"asyncio.sleep awaiting external a future"_s,
            u"ticker awaiting sleep asyncio.sleep(1)"_s,
            u"main awaiting anext ticker"_s,
            u"- loop_idle advance clock"_s,
            u"ticker timer_fired at 1 s asyncio.sleep(1)"_s,
            u"- enqueued timer asyncio.sleep(1)"_s,
            u"- dequeued"_s,
            u"main enqueued timer"_s,
            u"main dequeued"_s,
            u"ticker resumed awaiter"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"ticker yielded (0, None)"_s,
            u"main resumed awaiter"_s,
            u"main output (0, None)"_s,
            u"ticker sent 'hi'"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"ticker timer_scheduled at 2 s asyncio.sleep(1)"_s,
            u"asyncio.sleep awaiting external a future"_s,
            u"ticker awaiting sleep asyncio.sleep(1)"_s,
            u"main awaiting anext ticker"_s,
            u"- loop_idle advance clock"_s,
            u"ticker timer_fired at 2 s asyncio.sleep(1)"_s,
            u"- enqueued timer asyncio.sleep(1)"_s,
            u"- dequeued"_s,
            u"main enqueued timer"_s,
            u"main dequeued"_s,
            u"ticker resumed awaiter"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"ticker yielded (1, 'hi')"_s,
            u"main resumed awaiter"_s,
            u"main output (1, 'hi')"_s,
            u"ticker resumed close"_s,
            u"ticker destroyed parked"_s,
            u"main returned None"_s,
            u"main destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens created"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor created"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
        };
        QTest::newRow("async_iterator_class") << u"async_iterator_class.py"_s << 0 << QStringList{
            u"main created"_s,
            u"main enqueued spawn"_s,
            u"main dequeued"_s,
            u"main started loop"_s,
            u"Ticks created"_s,
            u"Ticks started next"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"Ticks timer_scheduled at 1 s asyncio.sleep(1)"_s,
            u"asyncio.sleep awaiting external a future"_s,
            u"Ticks awaiting sleep asyncio.sleep(1)"_s,
            u"main awaiting anext Ticks"_s,
            u"- loop_idle advance clock"_s,
            u"Ticks timer_fired at 1 s asyncio.sleep(1)"_s,
            u"- enqueued timer asyncio.sleep(1)"_s,
            u"- dequeued"_s,
            u"main enqueued timer"_s,
            u"main dequeued"_s,
            u"Ticks resumed awaiter"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"Ticks yielded 1"_s,
            u"main resumed awaiter"_s,
            u"main output tick 1"_s,
            u"Ticks resumed next"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"Ticks timer_scheduled at 2 s asyncio.sleep(1)"_s,
            u"asyncio.sleep awaiting external a future"_s,
            u"Ticks awaiting sleep asyncio.sleep(1)"_s,
            u"main awaiting anext Ticks"_s,
            u"- loop_idle advance clock"_s,
            u"Ticks timer_fired at 2 s asyncio.sleep(1)"_s,
            u"- enqueued timer asyncio.sleep(1)"_s,
            u"- dequeued"_s,
            u"main enqueued timer"_s,
            u"main dequeued"_s,
            u"Ticks resumed awaiter"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"Ticks yielded 0"_s,
            u"main resumed awaiter"_s,
            u"main output tick 0"_s,
            u"Ticks resumed next"_s,
            u"Ticks returned None"_s,
            u"Ticks destroyed"_s,
            u"main returned None"_s,
            u"main destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens created"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor created"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
        };
        QTest::newRow("custom_awaitable") << u"custom_awaitable.py"_s << 0 << QStringList{
            u"main created"_s,
            u"main enqueued spawn"_s,
            u"main dequeued"_s,
            u"main started loop"_s,
            u"ValueLater.__await__ created"_s,
            u"ValueLater.__await__ started awaiter"_s,
            u"ValueLater.__await__ timer_scheduled at 1 s Future.set_result"_s,
            u"future@14 created"_s,
            u"ValueLater.__await__ awaiting future future@14"_s,
            u"main awaiting coroutine ValueLater.__await__"_s,
            u"- loop_idle advance clock"_s,
            u"ValueLater.__await__ timer_fired at 1 s Future.set_result"_s,
            u"- enqueued timer Future.set_result"_s,
            u"- dequeued"_s,
            u"main enqueued timer"_s,
            u"main dequeued"_s,
            u"future@14 returned None"_s,
            u"ValueLater.__await__ resumed awaiter"_s,
            u"ValueLater.__await__ returned 42"_s,
            u"ValueLater.__await__ destroyed"_s,
            u"main resumed awaiter"_s,
            u"main output got 42"_s,
            u"main returned None"_s,
            u"main destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens created"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor created"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
        };
        QTest::newRow("deadlock") << u"deadlock.py"_s << 3 << QStringList{
            u"main created"_s,
            u"main enqueued spawn"_s,
            u"main dequeued"_s,
            u"main started loop"_s,
            u"alice created"_s,
            u"alice enqueued spawn"_s,
            u"alice renamed alice"_s,
            u"bob created"_s,
            u"bob enqueued spawn"_s,
            u"bob renamed bob"_s,
            u"asyncio.wait created"_s,
            u"asyncio.wait started awaiter"_s,
            u"asyncio._wait created"_s,
            u"asyncio._wait started awaiter"_s,
            u"asyncio._wait awaiting external a future"_s,
            u"asyncio.wait awaiting coroutine asyncio._wait"_s,
            u"future@19 created"_s,
            u"main awaiting future future@19"_s,
            u"alice dequeued"_s,
            u"alice started loop"_s,
            u"alice output alice waits"_s,
            u"future@9 created"_s,
            u"alice awaiting future future@9"_s,
            u"bob dequeued"_s,
            u"bob started loop"_s,
            u"bob output bob waits"_s,
            u"future@9 created"_s,
            u"bob awaiting future future@9"_s,
            u"- loop_idle deadlock"_s,
            u"main warning deadlock deadlock: main #1 awaits future@19 #6"_s,
            u"alice warning deadlock deadlock: alice #2 awaits future@9 #7"_s,
            u"bob warning deadlock deadlock: bob #3 awaits future@9 #8"_s,
        };
        QTest::newRow("unretrieved") << u"unretrieved.py"_s << 0 << QStringList{
            u"main created"_s,
            u"main enqueued spawn"_s,
            u"main dequeued"_s,
            u"main started loop"_s,
            u"boom created"_s,
            u"boom enqueued spawn"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"main timer_scheduled at 1 s asyncio.sleep(1)"_s,
            u"asyncio.sleep awaiting external a future"_s,
            u"main awaiting sleep asyncio.sleep(1)"_s,
            u"boom dequeued"_s,
            u"boom started loop"_s,
            u"boom threw ValueError: nobody is listening"_s,
            u"boom destroyed"_s,
            u"boom warning unretrieved exception Task exception was never retrieved: ValueError: nobody is listening"_s,
            u"- loop_idle advance clock"_s,
            u"main timer_fired at 1 s asyncio.sleep(1)"_s,
            u"- enqueued timer asyncio.sleep(1)"_s,
            u"- dequeued"_s,
            u"main enqueued timer"_s,
            u"main dequeued"_s,
            u"main resumed loop"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"- warning unretrieved exception Future exception was never retrieved: KeyError: 'lost'"_s,
            u"main output main done"_s,
            u"main returned None"_s,
            u"main destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens created"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor created"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
        };
        QTest::newRow("loop_queue") << u"loop_queue.py"_s << 0 << QStringList{
            u"main created"_s,
            u"main enqueued spawn"_s,
            u"main dequeued"_s,
            u"main started loop"_s,
            u"- enqueued callback print"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"asyncio.sleep awaiting external the loop (a bare yield)"_s,
            u"main suspended"_s,
            u"main enqueued yield"_s,
            u"- dequeued"_s,
            u"- output callback ran"_s,
            u"main dequeued"_s,
            u"main resumed loop"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"sleeper created"_s,
            u"sleeper enqueued spawn"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"asyncio.sleep awaiting external the loop (a bare yield)"_s,
            u"main suspended"_s,
            u"main enqueued yield"_s,
            u"sleeper dequeued"_s,
            u"sleeper started loop"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"sleeper timer_scheduled at 10 s asyncio.sleep(10)"_s,
            u"asyncio.sleep awaiting external a future"_s,
            u"sleeper awaiting sleep asyncio.sleep(10)"_s,
            u"main dequeued"_s,
            u"main resumed loop"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"sleeper enqueued cancel"_s,
            u"main awaiting task sleeper"_s,
            u"sleeper dequeued"_s,
            u"asyncio.sleep resumed loop"_s,
            u"sleeper timer_cancelled at 10 s asyncio.sleep(10)"_s,
            u"asyncio.sleep threw an exception"_s,
            u"asyncio.sleep destroyed"_s,
            u"sleeper resumed loop"_s,
            u"sleeper cancelled"_s,
            u"sleeper destroyed"_s,
            u"main enqueued wakeup"_s,
            u"main dequeued"_s,
            u"main resumed loop"_s,
            u"main output sleeper cancelled"_s,
            u"main returned None"_s,
            u"main destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens created"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor created"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
        };
        // The exception wakes each coroutine up the await chain on its way (resumed awaiter, then threw).
        QTest::newRow("await_chain_raise") << u"await_chain_raise.py"_s << 0 << QStringList{
            u"main created"_s,
            u"main enqueued spawn"_s,
            u"main dequeued"_s,
            u"main started loop"_s,
            u"middle created"_s,
            u"middle started awaiter"_s,
            u"inner created"_s,
            u"inner started awaiter"_s,
            u"asyncio.sleep created"_s,
            u"asyncio.sleep started awaiter"_s,
            u"asyncio.sleep awaiting external the loop (a bare yield)"_s,
            u"inner suspended"_s,
            u"middle awaiting coroutine inner"_s,
            u"main awaiting coroutine middle"_s,
            u"main enqueued yield"_s,
            u"main dequeued"_s,
            u"inner resumed awaiter"_s,
            u"asyncio.sleep resumed awaiter"_s,
            u"asyncio.sleep returned None"_s,
            u"asyncio.sleep destroyed"_s,
            u"inner threw ValueError: bad"_s,
            u"inner destroyed"_s,
            u"middle resumed awaiter"_s,
            u"middle threw ValueError: bad"_s,
            u"middle destroyed"_s,
            u"main resumed awaiter"_s,
            u"main output caught bad"_s,
            u"main returned None"_s,
            u"main destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens created"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_asyncgens destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor created"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor enqueued spawn"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor dequeued"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor started loop"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor returned None"_s,
            u"asyncio.BaseEventLoop.shutdown_default_executor destroyed"_s,
            u"- enqueued callback _run_until_complete_cb"_s,
            u"- dequeued"_s,
        };
        QTest::newRow("raises") << u"raises.py"_s << 1 << QStringList{
            u"failing created"_s,
            u"failing started next"_s,
            u"failing yielded 1"_s,
            u"- output value 1"_s,
            u"failing resumed next"_s,
            u"failing threw KeyError: 'missing'"_s,
            u"failing destroyed"_s,
            u"- output uncaught exception: KeyError: 'missing'"_s,
        };
    }

    void transitions()
    {
        QFETCH(QString, program);
        QFETCH(int, exitCode);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Run run = runProgram(program, dir.filePath(u"run.cstrace"_s));
        QVERIFY2(run.exitCode == exitCode, qPrintable(u"exit code %1, stderr:\n%2"_s.arg(run.exitCode).arg(run.err)));
        QVERIFY2(run.trace, "the trace did not load");
        const QStringList actual = test::transitions(*run.trace);
        if (qEnvironmentVariableIsSet("COROSCOPE_PRINT_TRANSITIONS") || actual != expected)
            qInfo().noquote() << program << u"recorded:\n  "_s + actual.join(u"\n  "_s);
        QCOMPARE(actual, expected);
    }

    // The recorded ready queue is the loop's: each Dequeued takes the oldest
    // Enqueued entry (the Event loop panel pops its front), the clock jumps
    // only when nothing is ready, and a timer fires or is cancelled once, after
    // it was scheduled. On the test programs and on the samples' Python twins.
    void readyQueue_data()
    {
        QTest::addColumn<QString>("program");
        for (const char *p : {"future_await.py", "async_gen.py", "async_iterator_class.py", "custom_awaitable.py",
                              "loop_queue.py", "unretrieved.py"})
            QTest::newRow(p) << QString::fromLatin1(p);
        for (const char *p : {"async_ticker.py", "cancellation_and_timeout.py", "future_handoff.py",
                              "gather_fanout.py", "many_tasks.py", "producer_consumer.py", "exception_propagation.py"})
            QTest::newRow(p) << QStringLiteral(COROSCOPE_SOURCE_SAMPLES "/") + QString::fromLatin1(p);
    }
    void readyQueue()
    {
        QFETCH(QString, program);
        QTemporaryDir dir;
        const Run run = runProgram(program, dir.filePath(u"run.cstrace"_s));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.trace);
        const Trace &trace = *run.trace;
        std::deque<CoroId> ready;
        std::set<std::uint32_t> pending;
        int dequeued = 0;
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const Event &e = trace[i];
            const QString where = u"event %1: %2"_s.arg(i).arg(test::transitionText(trace, e));
            switch (e.kind) {
            case EventKind::Enqueued:
                ready.push_back(e.coro);
                break;
            case EventKind::Dequeued:
                QVERIFY2(!ready.empty(), qPrintable(where));
                QVERIFY2(ready.front() == e.coro, qPrintable(where));
                ready.pop_front();
                ++dequeued;
                break;
            case EventKind::LoopIdle:
                QVERIFY2(ready.empty(), qPrintable(where));
                break;
            case EventKind::TimerScheduled:
                QVERIFY2(pending.insert(e.arg).second, qPrintable(where));
                break;
            case EventKind::TimerFired:
            case EventKind::TimerCancelled:
                QVERIFY2(pending.erase(e.arg) == 1, qPrintable(where));
                break;
            default:
                break;
            }
        }
        QVERIFY(dequeued > 0);
        QVERIFY2(ready.empty(), "entries left on the ready queue at the end");
    }

    // A program that does not compile: the message names the file, line and
    // error on stderr, the exit code is 1 (as an escaped exception), and the
    // trace says it too, so that the window shows why nothing ran.
    void syntaxError()
    {
        QTemporaryDir dir;
        const Run run = runProgram(u"syntax_error.py"_s, dir.filePath(u"run.cstrace"_s));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"syntax_error.py has a syntax error"_s), qPrintable(run.err));
        QVERIFY2(run.err.contains(u"line 1"_s), qPrintable(run.err));
        QVERIFY2(run.err.contains(u"SyntaxError: invalid syntax"_s), qPrintable(run.err));
        QVERIFY(run.trace);
        const QStringList actual = test::transitions(*run.trace);
        QCOMPARE(actual.size(), 1);
        QVERIFY2(actual[0].startsWith(u"- output "_s) && actual[0].contains(u"SyntaxError: invalid syntax"_s),
                 qPrintable(actual[0]));
    }

    // A deadlock ends the run as `coroscope --headless` ends a deadlocked C++ run:
    // exit code 3 and "deadlock: " with who waits on what, instead of a hang. On either clock.
    void deadlockOutcome_data()
    {
        QTest::addColumn<QString>("clock");
        QTest::newRow("virtual") << u"virtual"_s;
        QTest::newRow("real") << u"real"_s;
    }
    void deadlockOutcome()
    {
        QFETCH(QString, clock);
        QTemporaryDir dir;
        const Run run = runProgram(u"deadlock.py"_s, dir.filePath(u"run.cstrace"_s), {u"--clock"_s, clock});
        QCOMPARE(run.exitCode, 3);
        QCOMPARE(run.err, u"coroscope_run: deadlock: main #1 awaits future@19 #6, alice #2 awaits future@9 #7, "
                          "bob #3 awaits future@9 #8\n"_s);
        QCOMPARE(run.out, u"alice waits\nbob waits\n"_s);
    }

    void missingProgram()
    {
        QTemporaryDir dir;
        const Run run = runProgram(u"no_such_program.py"_s, dir.filePath(u"run.cstrace"_s));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"cannot open"_s) && run.err.contains(u"No such file or directory"_s),
                 qPrintable(run.err));
    }

    // The traceback of an escaped exception starts at the program's frames, not the runner's.
    void escapedExceptionTraceback()
    {
        QTemporaryDir dir;
        const Run run = runProgram(u"raises.py"_s, dir.filePath(u"run.cstrace"_s));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith(u"Traceback (most recent call last):\n  File \""_s), qPrintable(run.err));
        QVERIFY2(!run.err.contains(u"coroscope_run.py"_s), qPrintable(run.err));
        QVERIFY2(run.err.trimmed().endsWith(u"KeyError: 'missing'"_s), qPrintable(run.err));
        QCOMPARE(run.out, u"value 1\n"_s);
    }
};

QTEST_GUILESS_MAIN(TestPythonTracer)
#include "tst_tracer.moc"
