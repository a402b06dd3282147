// Generator<Yield, Send, Return>: Python's generator protocol, rule by rule.

#include "tracedump.h"

#include <coroscope/generator.h>

#include <QTest>

#include <stdexcept>

using namespace coroscope;
using namespace Qt::StringLiterals;
using coroscope::test::Guard;

namespace {

// Yields its running total. A sent value is added (a negative one returns the
// total, 13 raises), a thrown "reset" is caught and zeroes the total.
// `log` shows what each co_yield evaluated to, so next() vs send() is visible.
Generator<int, int, int> accumulator(QStringList *log)
{
    log->append(QStringLiteral("start"));
    int total = 0;
    for (;;) {
        try {
            const std::optional<int> v = co_yield total;
            log->append(v ? QString::number(*v) : QStringLiteral("None"));
            if (!v)
                continue;
            if (*v < 0)
                co_return total;
            if (*v == 13)
                throw std::logic_error("unlucky 13");
            total += *v;
        } catch (const std::runtime_error &e) {
            if (std::string_view(e.what()) != "reset")
                throw;
            log->append(QStringLiteral("reset"));
            total = 0;
        }
    }
}

QString errorText(const std::exception_ptr &e)
{
    try {
        std::rethrow_exception(e);
    } catch (const GeneratorError &x) {
        return QStringLiteral("GeneratorError: ") + QString::fromUtf8(x.what());
    } catch (const std::logic_error &x) {
        return QStringLiteral("logic_error: ") + QString::fromUtf8(x.what());
    } catch (const std::runtime_error &x) {
        return QStringLiteral("runtime_error: ") + QString::fromUtf8(x.what());
    }
    return QStringLiteral("?");
}

// One protocol operation on the accumulator, as the text of its outcome.
QString apply(Generator<int, int, int> &g, const QString &op)
{
    try {
        std::optional<int> y;
        if (op == u"next")
            y = g.next();
        else if (op.startsWith(u"send "))
            y = g.send(op.mid(5).toInt());
        else if (op.startsWith(u"throw "))
            y = g.throwInto(std::runtime_error(op.mid(6).toStdString()));
        else if (op == u"close")
            return g.close(), QStringLiteral("closed");
        else if (op == u"return")
            return QStringLiteral("return %1").arg(g.returnValue());
        return y ? QString::number(*y) : QStringLiteral("None");
    } catch (...) {
        return errorText(std::current_exception());
    }
}

const int kCountdownLine = __LINE__ + 1;
Generator<int> countdown(int n)
{
    while (n > 0)
        co_yield n--;
}

// The body calls next()/close() on its own generator while running.
Generator<int> reentrant(Generator<int> *self, QStringList *errors)
{
    co_yield 1;
    try {
        self->next();
    } catch (const GeneratorError &e) {
        errors->append(QString::fromUtf8(e.what()));
    }
    try {
        self->close();
    } catch (const GeneratorError &e) {
        errors->append(QString::fromUtf8(e.what()));
    }
    co_yield 2;
}

const int kGuardedLine = __LINE__ + 1;
Generator<int> guarded(int *destroyed)
{
    Guard outer(destroyed);
    {
        Guard inner(destroyed);
        co_yield 1;
    }
    co_yield 2;
}

// `yield from`: the outer generator delegates to a sub-generator it does not
// own, so the test can look at the sub afterwards.
Generator<int, int, int> delegating(Generator<int, int, int> *sub, QStringList *log)
{
    log->append(QStringLiteral("outer start"));
    int a = 0;
    try {
        a = co_yield delegate(*sub);
        log->append(QStringLiteral("sub returned %1").arg(a));
    } catch (const std::runtime_error &e) {
        log->append(QStringLiteral("outer caught ") + QString::fromUtf8(e.what()));
    }
    const std::optional<int> s = co_yield -a;
    co_return a + s.value_or(0);
}

Generator<int, void, int> firstN(int n)
{
    for (int i = 1; i <= n; ++i)
        co_yield i;
    co_return n * 100;
}

// Owns its sub-generators (delegate of a temporary).
Generator<int> chained()
{
    co_yield 0;
    const int r = co_yield delegate(firstN(2));
    co_yield r;
    const int empty = co_yield delegate(firstN(0)); // finishes at once: nothing yielded
    co_yield empty + 1;
}

Generator<int> delegatingToGuarded(Generator<int> *sub)
{
    co_yield delegate(*sub);
}

// Line markers for the golden traces: sites are compared by line number.
// A coroutine's creation site is where the compiler constructs its promise:
// g++ 12 reports the closing brace of the function, clang 14 its first line.
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

const int kAdderLine = __LINE__ + 1;
Generator<int, int, int> adder(int start)
{
    int total = start;
    for (;;) {
        const std::optional<int> v = co_yield total; // kAdderLine + 4
        if (!v || *v < 0)
            co_return total; // kAdderLine + 6
        total += *v;
    }
}

const int kDelegatorLine = __LINE__ + 1;
Generator<int, int, int> delegator(Generator<int, int, int> *sub)
{
    const int r = co_yield delegate(*sub); // kDelegatorLine + 2
    co_return r;                           // kDelegatorLine + 3
}

// Prints from its cleanup, as a Python generator's `finally` would.
struct Announcer
{
    ~Announcer() { print(QStringLiteral("cleanup")); }
};
Generator<int> announcing()
{
    Announcer a;
    co_yield 1;
    co_yield 2;
}

const int kDriverLine = __LINE__ + 1;
Generator<int> driver()
{
    Generator<int> inner = countdown(2);
    while (auto v = inner.next())
        co_yield *v * 10; // kDriverLine + 4
}

} // namespace

class TestGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void protocol_data();
    void protocol();
    void rangeFor();
    void alreadyExecuting();
    void closeRunsDestructors();
    void destroyingParkedGeneratorRunsDestructors();
    void escapingExceptionMarksDone();
    void delegation_data();
    void delegation();
    void delegationOwnsTemporaries();
    void closeClosesTheSub();
    void traceOfSendProtocol();
    void traceOfNestedGenerators();
    void traceOfClose();
    void traceOfDelegation();
    void cleanupOutputIsTheGenerators();
};

void TestGenerator::protocol_data()
{
    QTest::addColumn<QStringList>("ops");
    QTest::addColumn<QStringList>("outcomes");
    QTest::addColumn<QStringList>("log"); // what the body saw
    QTest::addColumn<bool>("done");

    auto L = [](std::initializer_list<const char16_t *> items) {
        QStringList l;
        for (auto *s : items)
            l << QString::fromUtf16(s);
        return l;
    };
    const QString notStarted = QStringLiteral(
        "GeneratorError: can't send a value to a just-started generator; call next() first");

    QTest::newRow("next runs to the first yield") << L({u"next"}) << L({u"0"}) << L({u"start"}) << false;
    QTest::newRow("nothing runs before next") << L({}) << L({}) << L({}) << false;
    QTest::newRow("send is the co_yield result")
        << L({u"next", u"send 5", u"send 2"}) << L({u"0", u"5", u"7"}) << L({u"start", u"5", u"2"}) << false;
    QTest::newRow("next resumes with nullopt")
        << L({u"next", u"next", u"send 3", u"next"}) << L({u"0", u"0", u"3", u"3"})
        << L({u"start", u"None", u"3", u"None"}) << false;
    QTest::newRow("send before the first next")
        << L({u"send 5", u"next", u"send 1"}) << QStringList{notStarted, u"0"_s, u"1"_s}
        << L({u"start", u"1"}) << false;
    QTest::newRow("return value after a normal return")
        << L({u"next", u"send 4", u"send -1", u"return"}) << L({u"0", u"4", u"None", u"return 4"})
        << L({u"start", u"4", u"-1"}) << true;
    QTest::newRow("returnValue before the end")
        << L({u"next", u"return"}) << L({u"0", u"GeneratorError: generator has not finished"})
        << L({u"start"}) << false;
    QTest::newRow("returnValue before the start")
        << L({u"return"}) << L({u"GeneratorError: generator has not finished"}) << L({}) << false;
    QTest::newRow("next and send after the end")
        << L({u"next", u"send -1", u"next", u"send 3", u"next"}) << L({u"0", u"None", u"None", u"None", u"None"})
        << L({u"start", u"-1"}) << true;
    QTest::newRow("throw caught inside yields the next value")
        << L({u"next", u"send 5", u"throw reset", u"send 1"}) << L({u"0", u"5", u"0", u"1"})
        << L({u"start", u"5", u"reset", u"1"}) << false;
    QTest::newRow("throw uncaught propagates and ends")
        << L({u"next", u"throw boom", u"next", u"return"})
        << L({u"0", u"runtime_error: boom", u"None", u"GeneratorError: generator did not return normally"})
        << L({u"start"}) << true;
    QTest::newRow("throw before the start never runs the body")
        << L({u"throw boom", u"next", u"return"})
        << L({u"runtime_error: boom", u"None", u"GeneratorError: generator did not return normally"}) << L({})
        << true;
    QTest::newRow("throw after the end raises it")
        << L({u"next", u"send -1", u"throw boom"}) << L({u"0", u"None", u"runtime_error: boom"})
        << L({u"start", u"-1"}) << true;
    QTest::newRow("exception escaping send")
        << L({u"next", u"send 13", u"next", u"return"})
        << L({u"0", u"logic_error: unlucky 13", u"None", u"GeneratorError: generator did not return normally"})
        << L({u"start", u"13"}) << true;
    QTest::newRow("close a parked generator, twice")
        << L({u"next", u"close", u"next", u"close", u"return"})
        << L({u"0", u"closed", u"None", u"closed", u"GeneratorError: generator did not return normally"})
        << L({u"start"}) << true;
    QTest::newRow("close before the start") << L({u"close", u"next"}) << L({u"closed", u"None"}) << L({}) << true;
    QTest::newRow("close after the end keeps the return value")
        << L({u"next", u"send -1", u"close", u"return"}) << L({u"0", u"None", u"closed", u"return 0"})
        << L({u"start", u"-1"}) << true;
}

void TestGenerator::protocol()
{
    QFETCH(QStringList, ops);
    QFETCH(QStringList, outcomes);
    QFETCH(QStringList, log);
    QFETCH(bool, done);

    QStringList seen;
    Generator<int, int, int> g = accumulator(&seen);
    QStringList actual;
    for (const QString &op : ops)
        actual << apply(g, op);
    QCOMPARE(actual, outcomes);
    QCOMPARE(seen, log);
    QCOMPARE(g.done(), done);
}

void TestGenerator::rangeFor()
{
    std::vector<int> values;
    for (int v : countdown(4))
        values.push_back(v);
    QCOMPARE(values, (std::vector<int>{4, 3, 2, 1}));

    std::vector<int> none;
    for (int v : countdown(0))
        none.push_back(v);
    QVERIFY(none.empty());
}

void TestGenerator::alreadyExecuting()
{
    QStringList errors;
    Generator<int> g;
    g = reentrant(&g, &errors);
    QCOMPARE(g.next(), std::optional<int>(1));
    QCOMPARE(g.next(), std::optional<int>(2));
    QCOMPARE(errors, (QStringList{u"generator already executing"_s, u"generator already executing"_s}));
    // The failed re-entry did not disturb the generator.
    QCOMPARE(g.next(), std::nullopt);
    QVERIFY(g.done());
}

void TestGenerator::closeRunsDestructors()
{
    int destroyed = 0;
    Generator<int> g = guarded(&destroyed);
    QCOMPARE(g.next(), std::optional<int>(1));
    QCOMPARE(destroyed, 0);
    g.close();
    QCOMPARE(destroyed, 2); // inner and outer
    QVERIFY(g.done());
    g.close();
    QCOMPARE(destroyed, 2);
    QCOMPARE(g.next(), std::nullopt);

    // Parked after the inner scope ended: only the outer guard is left to destroy.
    int destroyed2 = 0;
    Generator<int> h = guarded(&destroyed2);
    h.next();
    QCOMPARE(h.next(), std::optional<int>(2));
    QCOMPARE(destroyed2, 1);
    h.close();
    QCOMPARE(destroyed2, 2);
}

void TestGenerator::destroyingParkedGeneratorRunsDestructors()
{
    int destroyed = 0;
    {
        Generator<int> g = guarded(&destroyed);
        g.next();
    }
    QCOMPARE(destroyed, 2);
}

void TestGenerator::escapingExceptionMarksDone()
{
    QStringList seen;
    Generator<int, int, int> g = accumulator(&seen);
    g.next();
    QVERIFY_THROWS_EXCEPTION(std::logic_error, g.send(13));
    QVERIFY(g.done());
    QCOMPARE(g.next(), std::nullopt);
    QVERIFY_THROWS_EXCEPTION(GeneratorError, g.returnValue());
}

void TestGenerator::delegation_data()
{
    QTest::addColumn<QStringList>("ops");
    QTest::addColumn<QStringList>("outcomes");
    QTest::addColumn<QStringList>("log");
    QTest::addColumn<bool>("outerDone");
    QTest::addColumn<bool>("subDone");

    auto L = [](std::initializer_list<const char16_t *> items) {
        QStringList l;
        for (auto *s : items)
            l << QString::fromUtf16(s);
        return l;
    };
    QTest::newRow("values come out of the sub")
        << L({u"next", u"send 5"}) << L({u"0", u"5"}) << L({u"outer start", u"start", u"5"}) << false << false;
    QTest::newRow("next is forwarded as nullopt")
        << L({u"next", u"next", u"send 2"}) << L({u"0", u"0", u"2"})
        << L({u"outer start", u"start", u"None", u"2"}) << false << false;
    QTest::newRow("evaluates to the sub's return value")
        << L({u"next", u"send 4", u"send -1", u"send 3", u"return"}) << L({u"0", u"4", u"-4", u"None", u"return 7"})
        << L({u"outer start", u"start", u"4", u"-1", u"sub returned 4"}) << true << true;
    QTest::newRow("send before the first next")
        << L({u"send 1"})
        << L({u"GeneratorError: can't send a value to a just-started generator; call next() first"}) << L({})
        << false << false;
    QTest::newRow("throw is forwarded and caught in the sub")
        << L({u"next", u"send 5", u"throw reset", u"send 1"}) << L({u"0", u"5", u"0", u"1"})
        << L({u"outer start", u"start", u"5", u"reset", u"1"}) << false << false;
    QTest::newRow("sub's exception is raised at the delegate point")
        << L({u"next", u"throw boom", u"send 2", u"return"}) << L({u"0", u"0", u"None", u"return 2"})
        << L({u"outer start", u"start", u"outer caught boom"}) << true << true;
    QTest::newRow("sub's exception escapes the outer too")
        << L({u"next", u"send 13", u"next"}) << L({u"0", u"logic_error: unlucky 13", u"None"})
        << L({u"outer start", u"start", u"13"}) << true << true;
    QTest::newRow("close closes the sub")
        << L({u"next", u"send 1", u"close", u"next"}) << L({u"0", u"1", u"closed", u"None"})
        << L({u"outer start", u"start", u"1"}) << true << true;
}

void TestGenerator::delegation()
{
    QFETCH(QStringList, ops);
    QFETCH(QStringList, outcomes);
    QFETCH(QStringList, log);
    QFETCH(bool, outerDone);
    QFETCH(bool, subDone);

    QStringList seen;
    Generator<int, int, int> sub = accumulator(&seen);
    Generator<int, int, int> outer = delegating(&sub, &seen);
    QStringList actual;
    for (const QString &op : ops)
        actual << apply(outer, op);
    QCOMPARE(actual, outcomes);
    QCOMPARE(seen, log);
    QCOMPARE(outer.done(), outerDone);
    QCOMPARE(sub.done(), subDone);
}

void TestGenerator::delegationOwnsTemporaries()
{
    std::vector<int> values;
    for (int v : chained())
        values.push_back(v);
    QCOMPARE(values, (std::vector<int>{0, 1, 2, 200, 1}));
}

void TestGenerator::closeClosesTheSub()
{
    int destroyed = 0;
    Generator<int> sub = guarded(&destroyed);
    Generator<int> outer = delegatingToGuarded(&sub);
    QCOMPARE(outer.next(), std::optional<int>(1));
    QCOMPARE(outer.next(), std::optional<int>(2));
    QCOMPARE(destroyed, 1);
    outer.close();
    QVERIFY(sub.done());
    QCOMPARE(destroyed, 2);
    QCOMPARE(sub.next(), std::nullopt);
}

void TestGenerator::traceOfSendProtocol()
{
    Recorder rec;
    {
        Generator<int, int, int> g = adder(10);
        QCOMPARE(g.id(), 1u);
        QCOMPARE(g.next(), std::optional<int>(10));
        QCOMPARE(g.send(5), std::optional<int>(15));
        QCOMPARE(g.send(-1), std::nullopt);
        QCOMPARE(g.returnValue(), 15);
    }
    const int y = kAdderLine + 4, r = kAdderLine + 6;
    const QStringList expected{
        QStringLiteral("created 1 %1 0").arg(creationLine(kAdderLine, kAdderLine + 9)),
        u"started:next 1 0 0"_s,
        QStringLiteral("yielded 1 %1 10").arg(y),
        QStringLiteral("sent:by=0 1 %1 5").arg(y),
        QStringLiteral("yielded 1 %1 15").arg(y),
        QStringLiteral("sent:by=0 1 %1 -1").arg(y),
        QStringLiteral("returned 1 %1 15").arg(r),
        u"destroyed 1 0 0"_s,
    };
    QCOMPARE(test::dump(rec.trace()), expected);
}

void TestGenerator::traceOfNestedGenerators()
{
    Recorder rec;
    std::vector<int> values;
    for (int v : driver())
        values.push_back(v);
    QCOMPARE(values, (std::vector<int>{20, 10}));
    // The inner generator is created and resumed by the driver (id 1), its
    // values go out through the driver's own co_yield.
    const int d = kDriverLine + 4, c = kCountdownLine + 3;
    const QStringList expected{
        QStringLiteral("created 1 %1 0").arg(creationLine(kDriverLine, kDriverLine + 5)),
        u"started:next 1 0 0"_s,
        QStringLiteral("created 2 %1 1").arg(creationLine(kCountdownLine, kCountdownLine + 4)),
        u"started:next 2 0 1"_s,
        QStringLiteral("yielded 2 %1 2").arg(c),
        QStringLiteral("yielded 1 %1 20").arg(d),
        QStringLiteral("resumed:next 1 %1 0").arg(d),
        QStringLiteral("resumed:next 2 %1 1").arg(c),
        QStringLiteral("yielded 2 %1 1").arg(c),
        QStringLiteral("yielded 1 %1 10").arg(d),
        QStringLiteral("resumed:next 1 %1 0").arg(d),
        QStringLiteral("resumed:next 2 %1 1").arg(c),
        u"returned 2 0 None"_s,
        u"destroyed 2 0 0"_s,
        u"returned 1 0 None"_s,
        u"destroyed 1 0 0"_s,
    };
    QCOMPARE(test::dump(rec.trace()), expected);
    QCOMPARE(rec.trace().coroutine(2).parent, 1u);
    QCOMPARE(rec.trace().coroutine(2).name, u"countdown"_s);
}

void TestGenerator::traceOfClose()
{
    Recorder rec;
    int destroyed = 0;
    Generator<int> g = guarded(&destroyed);
    g.next();
    g.close();
    g.close();
    const QStringList tail = test::dump(rec.trace(), 3); // after created, started, yielded
    QCOMPARE(tail, (QStringList{QStringLiteral("resumed:close 1 %1 0").arg(kGuardedLine + 5),
                                u"destroyed:1 1 0 0"_s}));
    QCOMPARE(destroyed, 2);
}

// `yield from` is recorded as the delegation it is: the sub-generator is
// resumed by the delegating one (not by the code that called send()), and
// each value it passes on is preceded by the delegation it parks in.
void TestGenerator::traceOfDelegation()
{
    Recorder rec;
    {
        Generator<int, int, int> sub = adder(10);
        Generator<int, int, int> outer = delegator(&sub);
        QCOMPARE(outer.next(), std::optional<int>(10));
        QCOMPARE(outer.send(5), std::optional<int>(15));
        QCOMPARE(outer.send(-1), std::nullopt);
        QCOMPARE(outer.returnValue(), 15);
    }
    const int y = kAdderLine + 4, r = kAdderLine + 6, d = kDelegatorLine + 2;
    const QStringList expected{
        QStringLiteral("created 1 %1 0").arg(creationLine(kAdderLine, kAdderLine + 9)),
        QStringLiteral("created 2 %1 0").arg(creationLine(kDelegatorLine, kDelegatorLine + 4)),
        u"started:next 2 0 0"_s,
        u"started:next 1 0 2"_s,
        QStringLiteral("yielded 1 %1 10").arg(y),
        QStringLiteral("awaiting:yield from 2 %1 1").arg(d),
        QStringLiteral("yielded 2 %1 10").arg(d),
        QStringLiteral("sent:by=0 2 %1 5").arg(d),
        QStringLiteral("sent:by=2 1 %1 5").arg(y),
        QStringLiteral("yielded 1 %1 15").arg(y),
        QStringLiteral("awaiting:yield from 2 %1 1").arg(d),
        QStringLiteral("yielded 2 %1 15").arg(d),
        QStringLiteral("sent:by=0 2 %1 -1").arg(d),
        QStringLiteral("sent:by=2 1 %1 -1").arg(y),
        QStringLiteral("returned 1 %1 15").arg(r),
        QStringLiteral("returned 2 %1 15").arg(kDelegatorLine + 3),
        u"destroyed 2 0 0"_s,
        u"destroyed 1 0 0"_s,
    };
    QCOMPARE(test::dump(rec.trace()), expected);
}

// What a generator's cleanup prints, on close() or when its object goes, is
// the generator's output: Python runs the `finally` in the generator's frame.
void TestGenerator::cleanupOutputIsTheGenerators()
{
    Recorder rec;
    rec.setEchoOutput(false);
    {
        Generator<int> closed = announcing();
        closed.next();
        closed.close();
        Generator<int> dropped = announcing();
        dropped.next();
    }
    QStringList outputs;
    for (const Event &e : rec.trace().events())
        if (e.kind == EventKind::Output)
            outputs << QStringLiteral("%1 by %2").arg(rec.trace().valueText(e.arg)).arg(e.coro);
    QCOMPARE(outputs, (QStringList{u"cleanup by 1"_s, u"cleanup by 2"_s}));
}

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
