// Recorder: what is known about each coroutine (kind, name, site, frame size),
// who awaits whom, deltas, and which recorder (if any) sees a coroutine.

#include "tracedump.h"

#include <coroscope/coroscope.h>
#include <coroscope/snapshot.h>

#include <QTest>

using namespace coroscope;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

// g++ 12 puts a coroutine's creation site on its closing brace, clang 14 on its first line.
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

const int kCountdownLine = __LINE__ + 1;
Generator<int> countdown(int n)
{
    while (n > 0)
        co_yield n--;
}

// Keeps a big local alive across its suspension, so its frame must hold it.
Generator<int> bigFrame()
{
    char buffer[4096] = {};
    buffer[7] = 1;
    co_yield buffer[7];
    co_yield buffer[4095];
}

Generator<int, int> echo()
{
    std::optional<int> v = co_yield 0;
    while (v)
        v = co_yield *v * 2;
}

// Sends v into g from inside a generator's body: the send's resumer is this generator.
Generator<int> sendsInto(Generator<int, int> &g, int v)
{
    co_yield g.send(v).value_or(-1);
}

// Parks at three co_yields in turn, skipping the middle one every other round.
const int kTakeTurnsLine = __LINE__ + 1;
Generator<int> takeTurns()
{
    for (int i = 0;; ++i) {
        co_yield 1;
        if (i % 2 == 0)
            co_yield 2;
        co_yield 3;
    }
}

Task<int> leaf()
{
    co_return 1;
}

AsyncGenerator<int> one()
{
    co_yield 1;
}

struct Widget
{
    Generator<int> produce() { co_yield 1; }
};

const int kAwaitsLine = __LINE__ + 1;
Task<void> awaitsEverything()
{
    Future<int> fut;
    EventLoop::current()->callLater(5ms, [fut]() mutable { fut.setResult(3); });
    TaskHandle<int> h = EventLoop::current()->spawn(leaf());
    co_await leaf();
    co_await h;
    co_await fut;
    AsyncGenerator<int> agen = one();
    co_await agen.next();
    co_await sleep(1ms);
}

Task<void> ticking(int n)
{
    for (int i = 0; i < n; ++i) {
        co_await sleep(1ms);
        print("tick", i);
    }
}

} // namespace

class TestRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coroutineInfo();
    void frameSizes();
    void names();
    void renames();
    void sendOrder();
    void sitesFollowEachYield();
    void awaitingTargets();
    void deltasReproduceTheTrace();
    void eventStoreGrowsInPlace();
    void timeMarksEveryIntervalWithOrWithoutObserver();
    void historyLimitKeepsTheTraceBounded();
    void deltasCarryDroppedHistory();
    void noRecorderNoEvents();
    void nestedRecorders();
    void moveAssignmentDestroysTheOldFrame_data();
    void moveAssignmentDestroysTheOldFrame();
};

void TestRecorder::coroutineInfo()
{
    Recorder rec;
    QCOMPARE(Recorder::current(), &rec);
    Generator<int> g = countdown(2);
    QCOMPARE(g.id(), 1u);
    const Trace &t = rec.trace();
    QCOMPARE(t.coroutineCount(), std::size_t(1));
    const CoroutineInfo &c = t.coroutine(1);
    QCOMPARE(c.id, 1u);
    QCOMPARE(c.kind, CoroutineKind::Generator);
    QCOMPARE(c.name, u"countdown"_s);
    QCOMPARE(c.parent, 0u);
    QVERIFY(!c.receivesValues);
    const Site &site = t.site(c.creationSite);
    QCOMPARE(site.file, QString::fromUtf8(__FILE__));
    QCOMPARE(site.fileName(), u"tst_recorder.cpp"_s);
    QCOMPARE(site.line, creationLine(kCountdownLine, kCountdownLine + 4));
    QVERIFY(site.function.contains(u"countdown"));
    // The Created event points at the same interned site.
    QCOMPARE(test::dump(t), QStringList{u"created 1 %1 0"_s.arg(site.line)});
    QCOMPARE(t[0].site, c.creationSite);
}

void TestRecorder::frameSizes()
{
    Recorder rec;
    EventLoop loop;
    Generator<int> small = countdown(1);
    Generator<int> big = bigFrame();
    Task<int> task = leaf();
    AsyncGenerator<int> agen = one();
    Future<int> fut;
    const Trace &t = rec.trace();
    QVERIFY(t.coroutine(small.id()).frameSize > 0);
    QVERIFY(t.coroutine(small.id()).frameSize < 4096);
    QVERIFY(t.coroutine(big.id()).frameSize >= 4096);
    QVERIFY(t.coroutine(task.id()).frameSize > 0);
    QVERIFY(t.coroutine(agen.id()).frameSize > 0);
    QCOMPARE(t.coroutine(fut.id()).frameSize, 0u); // a future has no frame
    QCOMPARE(t.coroutine(task.id()).kind, CoroutineKind::Task);
    QCOMPARE(t.coroutine(agen.id()).kind, CoroutineKind::AsyncGenerator);
    QCOMPARE(t.coroutine(fut.id()).kind, CoroutineKind::Future);
}

void TestRecorder::names()
{
    Recorder rec;
    Generator<int> g = countdown(1);
    Generator<int, int> e = echo();
    Widget w;
    Generator<int> m = w.produce();
    auto lambda = []() -> Generator<int> { co_yield 1; };
    Generator<int> l = lambda();
    const Trace &t = rec.trace();
    QCOMPARE(t.coroutine(g.id()).name, u"countdown"_s);
    QCOMPARE(t.coroutine(e.id()).name, u"echo"_s);
    QVERIFY(t.coroutine(e.id()).receivesValues);
    QCOMPARE(t.coroutine(m.id()).name, u"Widget::produce"_s);
    QCOMPARE(t.coroutine(l.id()).name, u"lambda in TestRecorder::names"_s);
}

void TestRecorder::renames()
{
    Recorder rec;
    EventLoop loop;
    Generator<int> g = countdown(1);
    g.setName(u"ticker"_s);
    TaskHandle<int> h = loop.spawn(leaf(), u"worker"_s);
    loop.runUntilIdle();
    const Trace &t = rec.trace();
    QCOMPARE(t.coroutine(g.id()).name, u"ticker"_s);
    QCOMPARE(t.coroutine(h.id()).name, u"worker"_s);
    QStringList renamed;
    for (const Event &e : t.events()) {
        if (e.kind == EventKind::Renamed)
            renamed << test::eventText(t, e);
    }
    QCOMPARE(renamed, (QStringList{u"renamed 1 0 ticker"_s, u"renamed 2 0 worker"_s}));
}

void TestRecorder::sendOrder()
{
    Recorder rec;
    Generator<int, int> g = echo();
    g.next();
    QCOMPARE(g.send(21), std::optional<int>(42));
    // One Sent event is the resumption too: the value, then what it yielded.
    QStringList lines = test::dump(rec.trace()).mid(3); // after created, started, yielded 0
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].section(u' ', 0, 1), u"sent:by=0 1"_s);
    QCOMPARE(lines[0].section(u' ', 3), u"21"_s);
    QCOMPARE(lines[1].section(u' ', 0, 1), u"yielded 1"_s);
    QCOMPARE(lines[1].section(u' ', 3), u"42"_s);
    // The Sent carries the site the generator was parked at.
    QCOMPARE(rec.trace()[3].site, rec.trace()[2].site);

    // Sent from inside another generator: that generator is the resumer.
    Generator<int> driver = sendsInto(g, 5);
    QCOMPARE(driver.next(), std::optional<int>(10));
    lines = test::dump(rec.trace()).mid(5);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines[0].section(u' ', 0, 1), u"created 2"_s);
    QCOMPARE(lines[1].section(u' ', 0, 1), u"started:next 2"_s);
    QCOMPARE(lines[2].section(u' ', 0, 1), u"sent:by=2 1"_s);
    QCOMPARE(lines[2].section(u' ', 3), u"5"_s);
    QCOMPARE(lines[3].section(u' ', 0, 1), u"yielded 1"_s);
    QCOMPARE(lines[4].section(u' ', 0, 1), u"yielded 2"_s);
    const Event &sent = rec.trace()[7];
    QVERIFY(isResumption(sent));
    QCOMPARE(resumerOf(sent), driver.id());
    QCOMPARE(resumeKindOf(sent), ResumeKind::Send);
}

// A coroutine remembers the site it last parked at (the fast path of a loop
// that parks at one co_yield): moving between sites must never reuse a stale one.
void TestRecorder::sitesFollowEachYield()
{
    Recorder rec;
    Generator<int> a = takeTurns();
    Generator<int> b = takeTurns();
    QList<int> values;
    for (int i = 0; i < 7; ++i) {
        values << *a.next();
        if (i % 3 == 0)
            values << *b.next(); // the same sites from another frame, in between
    }
    QCOMPARE(values, (QList<int>{1, 1, 2, 3, 1, 2, 3, 1, 2, 3}));

    const Trace &t = rec.trace();
    const int first = kTakeTurnsLine + 3; // co_yield 1
    const QList<int> expected{first, first + 2, first + 3, first, first + 3, first, first + 2};
    QList<int> yieldLines, resumeLines;
    for (const Event &e : t.events()) {
        if (e.coro != a.id())
            continue;
        if (e.kind == EventKind::Yielded)
            yieldLines << t.site(e.site).line;
        else if (e.kind == EventKind::Resumed)
            resumeLines << t.site(e.site).line; // parked where the previous yield left it
    }
    QCOMPARE(yieldLines, expected);
    QCOMPARE(resumeLines, expected.first(expected.size() - 1));
}

void TestRecorder::awaitingTargets()
{
    Recorder rec;
    {
        EventLoop loop;
        loop.runUntilComplete(awaitsEverything());
    }
    // 1 awaitsEverything, 2 the future, 3 the spawned leaf, 4 the awaited leaf, 5 the async generator.
    const Trace &t = rec.trace();
    QCOMPARE(t.coroutine(2).kind, CoroutineKind::Future);
    QCOMPARE(t.coroutine(5).kind, CoroutineKind::AsyncGenerator);
    QStringList lines;
    for (const Event &e : t.events()) {
        if (e.coro == 1 && (e.kind == EventKind::Awaiting || e.kind == EventKind::Resumed))
            lines << test::eventText(t, e);
    }
    const int L = kAwaitsLine;
    QCOMPARE(lines, (QStringList{
                        u"awaiting:coroutine 1 %1 4"_s.arg(L + 5),
                        u"resumed:awaiter 1 %1 4"_s.arg(L + 5),
                        u"awaiting:task 1 %1 3"_s.arg(L + 6),
                        u"resumed:loop 1 %1 0"_s.arg(L + 6),
                        u"awaiting:future 1 %1 2"_s.arg(L + 7),
                        u"resumed:loop 1 %1 0"_s.arg(L + 7),
                        u"awaiting:anext 1 %1 5"_s.arg(L + 9),
                        u"resumed:awaiter 1 %1 5"_s.arg(L + 9),
                        u"awaiting:sleep 1 %1 sleep(1 ms)"_s.arg(L + 10),
                        u"resumed:loop 1 %1 0"_s.arg(L + 10),
                    }));
}

void TestRecorder::deltasReproduceTheTrace()
{
    Recorder rec;
    rec.setEchoOutput(false);
    Trace copy;
    Trace::Cursor cursor;
    auto sync = [&] {
        copy.apply(rec.trace().deltaSince(cursor));
        cursor = rec.trace().cursor();
        return copy == rec.trace();
    };
    {
        EventLoop loop;
        TaskHandle<void> h = loop.spawn(ticking(3), u"ticker"_s);
        QVERIFY(sync());
        while (loop.step())
            QVERIFY(sync());
        // A rename after the coroutine went out in an earlier delta.
        rec.rename(h.id(), u"renamed later"_s);
        QVERIFY(sync());
    }
    // Enough events for the periodic time marks.
    for (int v : countdown(1500))
        Q_UNUSED(v);
    QVERIFY(rec.trace().timeMarks().size() > 3);
    QVERIFY(sync());
    QCOMPARE(copy.size(), rec.trace().size());
    QCOMPARE(copy.coroutine(1).name, u"renamed later"_s);
    QCOMPARE(copy.loopTimeAt(copy.size() - 1), rec.trace().loopTimeAt(rec.trace().size() - 1));
    // Nothing new: an empty delta changes nothing.
    QVERIFY(sync());
    // And the whole trace in one delta, from a fresh cursor.
    Trace whole;
    whole.apply(rec.trace().deltaSince(Trace::Cursor{}));
    QVERIFY(whole == rec.trace());
    // operator== notices a difference.
    whole.renameCoroutine(1, u"different"_s);
    QVERIFY(!(whole == rec.trace()));
}

void TestRecorder::eventStoreGrowsInPlace()
{
    // Past several 2 MB huge pages, so the store's mapping grows (mremap) many times.
    constexpr std::uint32_t kCount = 3'000'000;
    Trace t;
    for (std::uint32_t i = 0; i < kCount; ++i)
        t.append(Event{EventKind::Output, std::uint8_t(i), 0, i, i ^ 0x5555u, ~i});
    QCOMPARE(t.size(), std::size_t(kCount));
    QVERIFY(t.eventBytesResident() >= kCount * sizeof(Event));
    bool intact = true;
    for (std::uint32_t i = 0; i < kCount; ++i)
        intact = intact && t[i] == Event{EventKind::Output, std::uint8_t(i), 0, i, i ^ 0x5555u, ~i};
    QVERIFY(intact);
    Trace copy = t;
    QVERIFY(copy == t);
    Trace moved = std::move(copy);
    QVERIFY(moved == t);
    t.dropFront(kCount - 10, nullptr);
    QCOMPARE(t.size(), std::size_t(10));
    QCOMPARE(t[0].coro, kCount - 10);
    t.append(Event{EventKind::Output, 0, 0, 7, 0, 0}); // room is kept after a drop
    QCOMPARE(t[10].coro, 7u);
    QCOMPARE(moved[kCount - 1].coro, kCount - 1);
}

namespace {
// Sees every event, as the engine's observer does (with one attached, the
// recorder checks the history limit at every event).
struct BoundChecker final : RecorderObserver
{
    std::size_t limit = 0;
    std::size_t largest = 0;
    QStringList drops;
    void eventRecorded(const Recorder &recorder, std::size_t index) override
    {
        const Trace &t = recorder.trace();
        largest = std::max(largest, t.size());
        if (t[index].kind == EventKind::Warning && WarningKind(t[index].aux) == WarningKind::HistoryDropped) {
            QCOMPARE(index, limit / 2); // right after the newest half, which is kept
            drops << t.valueText(t[index].arg);
        }
    }
};
} // namespace

namespace {
struct CountingObserver final : RecorderObserver
{
    std::size_t seen = 0;
    void eventRecorded(const Recorder &, std::size_t index) override
    {
        QCOMPARE(index, seen); // every event, in order, none skipped by the fast path
        ++seen;
    }
};
} // namespace

// The fast path records without looking at the clock; the slow path puts a
// time mark on event 0, 1024, 2048 … whether or not an observer sees every event.
void TestRecorder::timeMarksEveryIntervalWithOrWithoutObserver()
{
    auto marksOf = [](bool observed) {
        Recorder rec;
        CountingObserver counter;
        if (observed)
            rec.setObserver(&counter);
        for (int v : countdown(3000))
            Q_UNUSED(v);
        rec.setObserver(nullptr);
        if (observed && counter.seen != rec.trace().size())
            return std::vector<std::uint32_t>{}; // an event went past the observer
        std::vector<std::uint32_t> at;
        for (const TimeMark &m : rec.trace().timeMarks())
            at.push_back(m.event);
        return at;
    };
    const std::vector<std::uint32_t> fast = marksOf(false), observed = marksOf(true);
    std::vector<std::uint32_t> want;
    for (std::uint32_t i = 0; i < 6000; i += Trace::kTimeMarkInterval)
        want.push_back(i);
    QCOMPARE(fast, want);
    QCOMPARE(observed, want);
}

void TestRecorder::historyLimitKeepsTheTraceBounded()
{
    // The same generator run, recorded whole and with a limit of 1000 events.
    CoroId id = 0;
    auto run = [&id] {
        auto gen = countdown(5000);
        id = gen.id();
        int sum = 0;
        for (int v : gen)
            sum += v;
        return sum;
    };
    Recorder whole;
    whole.setEchoOutput(false);
    QCOMPARE(run(), 5000 * 5001 / 2);
    const CoroId wholeId = id;
    const Trace wholeTrace = whole.trace();

    Recorder limited;
    limited.setEchoOutput(false);
    limited.setHistoryLimit(1000);
    BoundChecker checker;
    checker.limit = 1000;
    limited.setObserver(&checker);
    QCOMPARE(run(), 5000 * 5001 / 2);
    limited.setObserver(nullptr);
    const Trace &t = limited.trace();

    QVERIFY2(checker.largest <= 1000, qPrintable(QString::number(checker.largest)));
    QCOMPARE(t.size() + t.droppedEvents() - std::size_t(checker.drops.size()), wholeTrace.size());
    // Each drop keeps the newest 500 of the 999 events there were.
    QVERIFY(checker.drops.size() >= 9);
    QCOMPARE(t.droppedEvents(), std::size_t(checker.drops.size()) * 499);
    QCOMPARE(checker.drops.first(), u"the oldest 499 events were dropped at the event limit (1000); 499 dropped in all"_s);
    QCOMPARE(checker.drops.last(), u"the oldest 499 events were dropped at the event limit (1000); %1 dropped in all"_s.arg(t.droppedEvents()));
    // The state at the end is the whole run's: created, started and stepped in the dropped history.
    const CoroutineSnapshot end = SnapshotIndex(&t).at(t.size()).coroutine(id);
    const CoroutineSnapshot wholeEnd = SnapshotIndex(&wholeTrace).at(wholeTrace.size()).coroutine(wholeId);
    QCOMPARE(end.state, wholeEnd.state);
    QCOMPARE(end.resumes, wholeEnd.resumes);
    QVERIFY(end.resumes >= 5000u);
    QCOMPARE(t.valueText(end.lastValue), wholeTrace.valueText(wholeEnd.lastValue));
    // Nothing was destroyed twice or leaked: the frame went in the kept history or the dropped one.
    QCOMPARE(limited.reportLeakedFrames(), std::size_t(0));
}

void TestRecorder::deltasCarryDroppedHistory()
{
    // Without an observer the copy often misses events that were dropped
    // before it saw them: the delta then restates the kept history. The
    // limit holds at every event all the same (the fast path stops short of it).
    Recorder rec;
    rec.setEchoOutput(false);
    rec.setHistoryLimit(64);
    Trace copy;
    Trace::Cursor cursor;
    int syncs = 0;
    auto gen = countdown(20000);
    for (int v : gen) {
        QVERIFY(rec.trace().size() < 64);
        if (v % 333 == 0) {
            copy.apply(rec.trace().deltaSince(cursor));
            cursor = rec.trace().cursor();
            QVERIFY(copy == rec.trace());
            ++syncs;
        }
    }
    copy.apply(rec.trace().deltaSince(cursor));
    QVERIFY(copy == rec.trace());
    QVERIFY(syncs > 50);
    QVERIFY(copy.droppedEvents() > 30000);
    QVERIFY(copy.size() < 64);
    QVERIFY(SnapshotIndex(&copy).at(copy.size()) == SnapshotIndex(&rec.trace()).at(rec.trace().size()));
}

void TestRecorder::noRecorderNoEvents()
{
    QCOMPARE(Recorder::current(), nullptr);
    Generator<int> g = countdown(2);
    Task<int> task = leaf();
    EventLoop loop;
    Future<int> fut;
    QCOMPARE(g.id(), 0u);
    QCOMPARE(task.id(), 0u);
    QCOMPARE(fut.id(), 0u);
    QCOMPARE(g.next(), std::optional<int>(2));

    // A recorder that appears later does not adopt them: only the loop's own
    // bookkeeping (about coroutine 0) is recorded, no coroutine is known.
    Recorder rec;
    QCOMPARE(g.next(), std::optional<int>(1));
    fut.setResult(1);
    QCOMPARE(loop.runUntilComplete(std::move(task)), 1);
    QCOMPARE(rec.trace().coroutineCount(), std::size_t(0));
    QCOMPARE(test::dump(rec.trace()), (QStringList{u"enqueued:spawn 0 0 "_s, u"dequeued 0 0 0"_s}));
}

void TestRecorder::moveAssignmentDestroysTheOldFrame_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("Task") << 0;
    QTest::newRow("AsyncGenerator") << 1;
    QTest::newRow("Generator") << 2;
}

// `a = std::move(b)` ends a's old frame at the assignment, as cppcoro's task
// does: its Destroyed event comes before what the program does next, not
// whenever the moved-from object happens to die.
template <class Coroutine>
static QStringList assignOver(Coroutine (*make)())
{
    Recorder rec;
    {
        Coroutine a = make();
        Coroutine b = make();
        a = std::move(b);
        print("assigned");
    }
    QStringList lines;
    for (std::size_t i = 0; i < rec.trace().size(); ++i)
        lines << test::eventText(rec.trace(), rec.trace()[i]).section(u' ', 0, 1);
    return lines;
}

void TestRecorder::moveAssignmentDestroysTheOldFrame()
{
    QFETCH(int, kind);
    const QStringList lines = kind == 0 ? assignOver<Task<int>>(leaf)
        : kind == 1                     ? assignOver<AsyncGenerator<int>>(one)
                                        : assignOver<Generator<int>>([] { return countdown(2); });
    QCOMPARE(lines, (QStringList{u"created 1"_s, u"created 2"_s, u"destroyed:1 1"_s, u"output 0"_s,
                                 u"destroyed:1 2"_s}));
}

void TestRecorder::nestedRecorders()
{
    Recorder outer;
    Generator<int> a = countdown(3);
    QCOMPARE(a.next(), std::optional<int>(3));
    const std::size_t outerBefore = outer.trace().size();
    {
        Recorder inner;
        QCOMPARE(Recorder::current(), &inner);
        Generator<int> b = countdown(1);
        QCOMPARE(b.id(), 1u); // ids are per recorder
        QCOMPARE(b.next(), std::optional<int>(1));
        // `a` belongs to the outer recorder: while the inner one is current,
        // its steps are recorded nowhere.
        QCOMPARE(a.next(), std::optional<int>(2));
        QCOMPARE(test::dump(inner.trace()).size(), 3); // created, started, yielded of b
        for (const Event &e : inner.trace().events())
            QCOMPARE(e.coro, 1u);
    }
    QCOMPARE(Recorder::current(), &outer);
    QCOMPARE(outer.trace().size(), outerBefore);
    QCOMPARE(a.next(), std::optional<int>(1));
    QCOMPARE(outer.trace().size(), outerBefore + 2); // resumed, yielded
    QCOMPARE(outer.trace().coroutineCount(), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
