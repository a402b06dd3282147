// TransitionBuilder: one line per resumption → suspension, exact texts.

#include <coroscope/coroscope.h>
#include <coroscope/transitions.h>

#include <QTest>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

// The sites below are asserted by line: keep these functions where they are.
static constexpr int kAccumulatorLine = __LINE__ + 1;
static Generator<int, int, int> accumulator()
{
    int total = 0;
    for (;;) {
        const std::optional<int> v = co_yield total;
        if (!v || *v == 0)
            co_return total;
        total += *v;
    }
}
static constexpr int kYieldLine = kAccumulatorLine + 4;
static constexpr int kReturnLine = kAccumulatorLine + 6;

// g++ puts a co_yield / co_await / co_return site at its operand, clang at the keyword.
#if defined(__clang__)
static constexpr bool kAtKeyword = true;
#else
static constexpr bool kAtKeyword = false;
#endif
static constexpr int column(int keyword, int operand)
{
    return kAtKeyword ? keyword : operand;
}

static constexpr int kSleeperLine = __LINE__ + 1;
static Task<int> sleeper()
{
    co_await sleep(100ms);
    co_await sleep(0ms);
    co_return 7;
}
static Task<void> mainTask()
{
    const int v = co_await sleeper();
    print(v);
}

static Generator<int> counter()
{
    for (int i = 0;; ++i) {
        bool thrownIn = false;
        try {
            co_yield i;
        } catch (const std::runtime_error &) {
            thrownIn = true;
        }
        if (thrownIn)
            co_yield -1;
    }
}

static Task<void> forever()
{
    for (;;)
        co_await sleep(1s);
}
static Task<void> canceller()
{
    auto h = EventLoop::current()->spawn(forever());
    co_await sleep(0ms);
    h.cancel();
    try {
        co_await h;
    } catch (const CancelledError &) {
        print("cancelled");
    }
}

class TestTransitions : public QObject
{
    Q_OBJECT

    static QStringList lines(const Trace &trace)
    {
        QStringList out;
        for (const auto &t : TransitionBuilder::all(trace))
            out << TransitionBuilder::format(trace, t);
        return out;
    }
    static QString at(int line, int column)
    {
        return QStringLiteral("  @ tst_transitions.cpp:%1:%2").arg(line).arg(column);
    }

private Q_SLOTS:
    void generatorWithSend()
    {
        Recorder rec;
        {
            auto g = accumulator();
            QCOMPARE(g.next(), 0);
            QCOMPARE(g.send(10), 10);
            QCOMPARE(g.send(5), 15);
            QCOMPARE(g.send(0), std::nullopt);
        }
        const QStringList expected{
            u"#1 accumulator  next() → yield 0"_s + at(kYieldLine, column(38, 47)),
            u"#1 accumulator  send(10) → yield 10"_s + at(kYieldLine, column(38, 47)),
            u"#1 accumulator  send(5) → yield 15"_s + at(kYieldLine, column(38, 47)),
            u"#1 accumulator  send(0) → return 15"_s + at(kReturnLine, column(13, 23)),
        };
        QCOMPARE(lines(rec.trace()), expected);

        // The send(10) transition starts at its Sent event and ends at the Yielded one.
        const auto all = TransitionBuilder::all(rec.trace());
        QCOMPARE(rec.trace()[all[1].firstEvent].kind, EventKind::Sent);
        QCOMPARE(rec.trace()[all[1].lastEvent].kind, EventKind::Yielded);
        QCOMPARE(all[1].fromSite, all[0].toSite);
        QCOMPARE(all[0].fromSite, SiteId(0));
    }

    void taskWithSleep()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(mainTask());
        }
        const QStringList expected{
            u"#1 mainTask  start → await sleeper#2"_s + at(kSleeperLine + 8, column(19, 36)),
            u"#2 sleeper  start → sleep(100 ms)"_s + at(kSleeperLine + 2, column(5, 25)),
            u"#2 sleeper  timer → sleep(0)"_s + at(kSleeperLine + 3, column(5, 23)),
            u"#2 sleeper  loop → return 7"_s + at(kSleeperLine + 4, column(5, 15)),
            u"#1 mainTask  wakeup → return None"_s,
        };
        QCOMPARE(lines(rec.trace()), expected);
    }

    void throwAndClose()
    {
        Recorder rec;
        {
            auto g = counter();
            QCOMPARE(g.next(), 0);
            QCOMPARE(g.throwInto(std::runtime_error("ValueError: bad")), -1);
            g.close();
        }
        const auto got = lines(rec.trace());
        QCOMPARE(got.size(), 3);
        QVERIFY2(got[1].startsWith(u"#1 counter  throw ValueError: bad → yield -1  @ tst_transitions.cpp:"_s),
                 qPrintable(got[1]));
        QCOMPARE(got[2], u"#1 counter  close() → closed"_s);
    }

    void cancelled()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(canceller());
        }
        QStringList got = lines(rec.trace());
        for (auto &l : got)
            l = l.section(u"  @ "_s, 0, 0);
        const QStringList expected{
            u"#1 canceller  start → sleep(0)"_s,
            u"#2 forever  start → sleep(1 s)"_s,
            u"#1 canceller  loop → await forever#2"_s,
            u"#2 forever  cancel → cancelled"_s,
            u"#1 canceller  wakeup → return None"_s,
        };
        QCOMPARE(got, expected);
    }

    // Feeding a growing trace piece by piece gives the same transitions as all at once.
    void incremental()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(mainTask());
        }
        const Trace &trace = rec.trace();
        TransitionBuilder b;
        std::vector<Transition> pieces;
        for (std::size_t i = 0; i <= trace.size() + 1; i += 3) {
            for (auto &t : b.feed(trace, i))
                pieces.push_back(t);
        }
        QCOMPARE(b.processed(), trace.size());
        QVERIFY(pieces == TransitionBuilder::all(trace));
        QVERIFY(b.feed(trace, trace.size()).empty());
    }
};

QTEST_GUILESS_MAIN(TestTransitions)
#include "tst_transitions.moc"
