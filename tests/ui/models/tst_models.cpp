// The docks' models over a recorded program: exact contents at chosen
// cursors, QAbstractItemModelTester while the cursor walks forward, back and
// jumps, incremental updates equal to a model built fresh at the same cursor,
// and precise (not reset) updates when one step moves the cursor.

#include "coroutinefiltermodel.h"
#include "coroutinemodel.h"
#include "eventlogfiltermodel.h"
#include "eventlogmodel.h"
#include "externalwaitmodel.h"
#include "outputmodel.h"
#include "readyqueuemodel.h"
#include "samplefiltermodel.h"
#include "samplelistmodel.h"
#include "session.h"
#include "timermodel.h"
#include "valuesmodel.h"

#include <sampleprograms.h>

#include <coroscope/coroscope.h>

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <functional>
#include <numeric>
#include <memory>

using namespace coroscope;
using namespace coroscope::ui;
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

Task<int> worker(int i, std::chrono::milliseconds delay)
{
    co_await sleep(delay);
    co_return i * 10;
}

Task<void> program()
{
    auto g = accumulate();
    g.next();
    g.send(10);
    g.send(5);
    g.next();
    print(QStringLiteral("total"), g.returnValue());
    std::vector<Task<int>> tasks;
    for (int i = 1; i <= 3; ++i)
        tasks.push_back(worker(i, std::chrono::milliseconds(10 * (4 - i))));
    const std::vector<int> results = co_await gather(std::move(tasks));
    print(QStringLiteral("results"), results);
}

Task<void> spinner()
{
    co_await sleep(0ns);
}

Task<void> manyTasks(int n)
{
    std::vector<Task<void>> tasks;
    for (int i = 0; i < n; ++i)
        tasks.push_back(spinner());
    co_await gather(std::move(tasks));
}

Trace record(Task<void> task)
{
    Recorder rec;
    rec.setEchoOutput(false);
    {
        EventLoop loop;
        loop.runUntilComplete(std::move(task));
    }
    return rec.trace();
}

CoroId findCoroutine(const Trace &t, const QString &name, int nth = 0)
{
    for (const CoroutineInfo &c : t.coroutines())
        if (c.name.contains(name) && nth-- == 0)
            return c.id;
    return 0;
}

// Every row of a flat model, the display text of each column and the given roles.
QStringList dump(const QAbstractItemModel &m, const QList<int> &roles = {})
{
    QStringList rows;
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m.columnCount(); ++c) {
            const QModelIndex i = m.index(r, c);
            cells << i.data().toString();
            for (int role : roles)
                cells << i.data(role).toString();
        }
        rows << cells.join(u'|');
    }
    return rows;
}

QStringList column(const QAbstractItemModel &m, int column)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, column).data().toString();
    return out;
}

// A session over `trace` that does not follow the live end, at `cursor`, with `selected` picked.
void showAt(Session &s, const Trace *trace, std::size_t cursor, CoroId selected = 0)
{
    s.setTrace(trace);
    s.setFollowLive(false);
    s.select(selected);
    s.setCursor(cursor);
}

using ModelFactory = std::function<std::unique_ptr<QAbstractItemModel>(Session *)>;

struct Models
{
    std::vector<std::pair<const char *, ModelFactory>> factories;
};

Models allModels()
{
    Models m;
    m.factories.emplace_back("coroutines", [](Session *s) { return std::make_unique<CoroutineModel>(s); });
    m.factories.emplace_back("values", [](Session *s) { return std::make_unique<ValuesModel>(s); });
    m.factories.emplace_back("ready", [](Session *s) { return std::make_unique<ReadyQueueModel>(s); });
    m.factories.emplace_back("timers", [](Session *s) { return std::make_unique<TimerModel>(s); });
    m.factories.emplace_back("externals", [](Session *s) { return std::make_unique<ExternalWaitModel>(s); });
    m.factories.emplace_back("output", [](Session *s) { return std::make_unique<OutputModel>(s); });
    m.factories.emplace_back("log", [](Session *s) { return std::make_unique<EventLogModel>(s); });
    return m;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT
    Trace m_trace;
    CoroId m_acc = 0;

private Q_SLOTS:
    void initTestCase()
    {
        m_trace = record(program());
        m_acc = findCoroutine(m_trace, QStringLiteral("accumulate"));
        QVERIFY(m_acc != 0);
        QVERIFY(m_trace.size() > 50);
    }

    void coroutineTableAtEnd()
    {
        Session s;
        s.setTrace(&m_trace);
        CoroutineModel model(&s);
        QCOMPARE(model.rowCount(), int(m_trace.coroutineCount()));
        const QModelIndex acc = model.indexOf(m_acc);
        QCOMPARE(model.index(acc.row(), CoroutineModel::KindColumn).data().toString(), QStringLiteral("generator"));
        QCOMPARE(model.index(acc.row(), CoroutineModel::StateColumn).data().toString(), QStringLiteral("done"));
        QCOMPARE(model.index(acc.row(), CoroutineModel::ResumesColumn).data().toInt(), 4);
        QCOMPARE(model.index(acc.row(), CoroutineModel::LastValueColumn).data().toString(), QStringLiteral("← 15"));
        QVERIFY(model.index(acc.row(), CoroutineModel::FrameColumn).data().toString().endsWith(QStringLiteral(" B")));
        const CoroId w1 = findCoroutine(m_trace, QStringLiteral("worker"), 0);
        QCOMPARE(model.indexOf(w1).data(CoroutineModel::StateRole).toInt(), int(CoroutineState::Done));
        QCOMPARE(model.index(model.indexOf(w1).row(), CoroutineModel::LastValueColumn).data().toString(),
                 QStringLiteral("← 10"));
    }

    void coroutineTableWhileParked()
    {
        Session s;
        s.setTrace(&m_trace);
        CoroutineModel model(&s);
        // Right after the send(10) was answered: suspended at its co_yield with 10 out.
        const auto &events = s.index().eventsOf(m_acc);
        std::size_t secondYield = 0;
        int yields = 0;
        for (std::uint32_t i : events)
            if (m_trace[i].kind == EventKind::Yielded && ++yields == 2)
                secondYield = i;
        QVERIFY(secondYield);
        s.showEvent(secondYield);
        const int row = model.indexOf(m_acc).row();
        QCOMPARE(model.index(row, CoroutineModel::StateColumn).data().toString(), QStringLiteral("suspended"));
        QCOMPARE(model.index(row, CoroutineModel::LastValueColumn).data().toString(), QStringLiteral("← 10"));
        QCOMPARE(model.index(row, CoroutineModel::ResumesColumn).data().toInt(), 2);
        QVERIFY(model.index(row, CoroutineModel::PointColumn).data().toString().startsWith(QStringLiteral("tst_models.cpp:")));
        // At the next Sent event the sent value shows as the last value, going in.
        std::size_t sent = 0;
        for (std::uint32_t i : events)
            if (i > secondYield && m_trace[i].kind == EventKind::Sent && !sent)
                sent = i;
        s.showEvent(sent);
        QCOMPARE(model.index(row, CoroutineModel::LastValueColumn).data().toString(), QStringLiteral("→ 5"));
    }

    void valuesLane()
    {
        Session s;
        s.setTrace(&m_trace);
        ValuesModel model(&s);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(model.rowCount(), 0); // nothing selected
        s.select(m_acc);
        QCOMPARE(column(model, ValuesModel::ActionColumn),
                 (QStringList{u"yield"_s, u"send"_s, u"yield"_s, u"send"_s, u"yield"_s, u"return"_s}));
        QCOMPARE(column(model, ValuesModel::ValueColumn),
                 (QStringList{u"0"_s, u"10"_s, u"10"_s, u"5"_s, u"15"_s, u"15"_s}));
        QCOMPARE(column(model, ValuesModel::DirectionColumn),
                 (QStringList{u"← out"_s, u"→ in"_s, u"← out"_s, u"→ in"_s, u"← out"_s, u"← out"_s}));
        // Each value is pinned to its event: moving the cursor there keeps exactly the values up to it.
        const std::size_t third = model.index(2, 0).data(ValuesModel::EventRole).toULongLong();
        QCOMPARE(m_trace[third].kind, EventKind::Yielded);
        s.showEvent(third);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, ValuesModel::ValueColumn).data().toString(), QStringLiteral("10"));
        s.showEvent(third - 1);
        QCOMPARE(model.rowCount(), 2);
        // Another coroutine: another lane.
        s.setCursor(m_trace.size());
        s.select(findCoroutine(m_trace, QStringLiteral("worker"), 1));
        QCOMPARE(column(model, ValuesModel::ActionColumn), QStringList{u"return"_s});
        QCOMPARE(column(model, ValuesModel::ValueColumn), QStringList{u"20"_s});
    }

    void timersByDueTime()
    {
        Session s;
        s.setTrace(&m_trace);
        TimerModel model(&s);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        // The cursor where the third worker has scheduled its timer: three pending, by due time.
        std::size_t third = 0;
        int scheduled = 0;
        for (std::size_t i = 0; i < m_trace.size(); ++i)
            if (m_trace[i].kind == EventKind::TimerScheduled && ++scheduled == 3)
                third = i;
        QVERIFY(third);
        s.showEvent(third);
        QCOMPARE(column(model, TimerModel::DueColumn), (QStringList{u"10 ms"_s, u"20 ms"_s, u"30 ms"_s}));
        QCOMPARE(column(model, TimerModel::OwnerColumn),
                 (QStringList{QStringLiteral("%1#%2").arg(m_trace.coroutine(findCoroutine(m_trace, u"worker"_s, 2)).name)
                                  .arg(findCoroutine(m_trace, u"worker"_s, 2)),
                              QStringLiteral("%1#%2").arg(m_trace.coroutine(findCoroutine(m_trace, u"worker"_s, 1)).name)
                                  .arg(findCoroutine(m_trace, u"worker"_s, 1)),
                              QStringLiteral("%1#%2").arg(m_trace.coroutine(findCoroutine(m_trace, u"worker"_s, 0)).name)
                                  .arg(findCoroutine(m_trace, u"worker"_s, 0))}));
        QCOMPARE(column(model, TimerModel::DescriptionColumn),
                 (QStringList{u"sleep(10 ms)"_s, u"sleep(20 ms)"_s, u"sleep(30 ms)"_s}));
        // Past the first firing: two left, counted from the new clock.
        std::size_t fired = 0;
        for (std::size_t i = third; i < m_trace.size() && !fired; ++i)
            if (m_trace[i].kind == EventKind::TimerFired)
                fired = i;
        s.showEvent(fired);
        QCOMPARE(column(model, TimerModel::DueColumn), (QStringList{u"20 ms"_s, u"30 ms"_s}));
        QCOMPARE(column(model, TimerModel::InColumn), (QStringList{u"10 ms"_s, u"20 ms"_s}));
    }

    void readyQueueIsFifo()
    {
        Session s;
        s.setTrace(&m_trace);
        ReadyQueueModel model(&s);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        for (std::size_t k = 0; k <= m_trace.size(); ++k) {
            s.setCursor(k);
            const auto &ready = s.snapshot().ready;
            QCOMPARE(model.rowCount(), int(ready.size()));
            for (int r = 0; r < model.rowCount(); ++r) {
                QCOMPARE(model.index(r, 0).data(ReadyQueueModel::EventRole).toUInt(), ready[std::size_t(r)].enqueuedAt);
                QCOMPARE(model.index(r, ReadyQueueModel::PositionColumn).data().toInt(), r + 1);
                QCOMPARE(model.index(r, ReadyQueueModel::ReasonColumn).data().toString(),
                         nameOf(ready[std::size_t(r)].reason));
            }
        }
    }

    void outputLinkedToEvents()
    {
        Session s;
        s.setTrace(&m_trace);
        OutputModel model(&s);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(column(model, OutputModel::TextColumn), (QStringList{u"total 15"_s, u"results [10, 20, 30]"_s}));
        const std::size_t first = model.index(0, 0).data(OutputModel::EventRole).toULongLong();
        QCOMPARE(m_trace[first].kind, EventKind::Output);
        s.showEvent(first);
        QCOMPARE(model.rowCount(), 1);
        s.setCursor(first);
        QCOMPARE(model.rowCount(), 0);
    }

    void eventLogAndFilter()
    {
        Session s;
        s.setTrace(&m_trace);
        EventLogModel model(&s);
        EventLogFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t2(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(model.rowCount(), int(m_trace.size()));
        filter.setFilterText(QStringLiteral("send("));
        // Free text matches anywhere in the row. A send is one event: the value and the resumption
        // (by nobody: program() was made before the Recorder, so it is not traced).
        QCOMPARE(column(filter, EventLogModel::DetailColumn),
                 (QStringList{u"resumed by send(10)"_s, u"resumed by send(5)"_s}));
        filter.setFilterText(QStringLiteral("SENT")); // the kind, case-insensitively
        QCOMPARE(column(filter, EventLogModel::KindColumn), (QStringList{u"sent"_s, u"sent"_s}));
        QCOMPARE(column(filter, EventLogModel::DetailColumn),
                 (QStringList{u"resumed by send(10)"_s, u"resumed by send(5)"_s}));
        filter.setFilterText({});
        filter.setShowBookkeeping(false);
        for (int r = 0; r < filter.rowCount(); ++r)
            QVERIFY(isStepEvent(EventKind(filter.index(r, 0).data(EventLogModel::KindRole).toInt())));
        QVERIFY(filter.rowCount() < model.rowCount());
        s.setCursor(3);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.index(2, 0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(1, 0).data(Qt::FontRole).value<QFont>().bold());
    }

    // A model that followed the cursor shows what a model built at that cursor shows.
    void incrementalEqualsFresh_data()
    {
        QTest::addColumn<int>("which");
        const Models m = allModels();
        for (int i = 0; i < int(m.factories.size()); ++i)
            QTest::newRow(m.factories[std::size_t(i)].first) << i;
    }

    void incrementalEqualsFresh()
    {
        QFETCH(int, which);
        const ModelFactory make = allModels().factories[std::size_t(which)].second;
        Session s;
        showAt(s, &m_trace, 0, m_acc);
        auto model = make(&s);
        QAbstractItemModelTester tester(model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        const QList<int> roles{Qt::UserRole, Qt::UserRole + 1, Qt::ToolTipRole};
        std::vector<std::size_t> cursors;
        for (std::size_t k = 0; k <= m_trace.size(); ++k)
            cursors.push_back(k); // forward, one event at a time
        for (std::size_t k = m_trace.size(); k-- > 0;)
            cursors.push_back(k); // back
        QRandomGenerator rng(42);
        for (int i = 0; i < 60; ++i)
            cursors.push_back(rng.bounded(quint32(m_trace.size() + 1))); // jumps
        for (std::size_t k : cursors) {
            s.setCursor(k);
            Session fresh;
            showAt(fresh, &m_trace, k, m_acc);
            auto reference = make(&fresh);
            if (dump(*model, roles) != dump(*reference, roles)) {
                QCOMPARE(dump(*model, roles), dump(*reference, roles));
            }
        }
    }

    // The history limit drops the oldest events of a live run: every model is
    // reset to what is kept, the cursor stays on the same event of the run, and
    // the selection stays.
    void historyDropKeepsTheCursorsEvent_data() { incrementalEqualsFresh_data(); }
    void historyDropKeepsTheCursorsEvent()
    {
        QFETCH(int, which);
        const ModelFactory make = allModels().factories[std::size_t(which)].second;
        for (const std::size_t cursor : {std::size_t(40), std::size_t(10)}) {
            Trace kept = m_trace;
            Session s;
            showAt(s, &kept, cursor, m_acc);
            auto model = make(&s);
            QAbstractItemModelTester tester(model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
            QSignalSpy resets(&s, &Session::traceReset);
            dropOldestEvents(kept, 25);
            s.traceGrew();
            QCOMPARE(resets.size(), 1);
            QCOMPARE(s.cursor(), cursor > 25 ? cursor - 25 : 0);
            QCOMPARE(s.runEventNumber(0), std::size_t(25));
            QCOMPARE(s.selected(), m_acc);
            Session fresh;
            showAt(fresh, &kept, s.cursor(), m_acc);
            auto reference = make(&fresh);
            const QList<int> roles{Qt::UserRole, Qt::UserRole + 1, Qt::ToolTipRole};
            QCOMPARE(dump(*model, roles), dump(*reference, roles));
            if (auto *log = qobject_cast<EventLogModel *>(model.get()); log && cursor > 25)
                QCOMPARE(log->index(0, EventLogModel::EventColumn).data().toULongLong(), 25ull);
            if (auto *coroutines = qobject_cast<CoroutineModel *>(model.get()); coroutines && cursor > 25) {
                Session whole;
                whole.setTrace(&m_trace);
                whole.setCursor(cursor);
                CoroutineModel wholeModel(&whole);
                QCOMPARE(dump(*coroutines), dump(wholeModel)); // the same states as the whole run at that event
            }
        }
    }

    // The Coroutines model updates one step by re-reading only the rows a step
    // can change: over every sample that runs without Qt (deadlocks, cancels,
    // exceptions, orphans), one step at a time forward and back, it equals a
    // model built fresh at that cursor.
    void coroutineStepsEqualFresh_data()
    {
        QTest::addColumn<QString>("sample");
        for (const samples::Sample &sample : samples::allSamples())
            if (sample.info.group != u"Qt"_s)
                QTest::newRow(qPrintable(sample.info.name)) << sample.info.name;
    }
    void coroutineStepsEqualFresh()
    {
        QFETCH(QString, sample);
        const samples::Sample *program = samples::findSample(sample);
        QVERIFY(program);
        QTemporaryDir dir;
        samples::SampleOptions options;
        options.workDir = dir.path();
        options.args = QStringList{u"tasks=40"_s}; // many_tasks: enough rows to step through
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            try {
                loop.runUntilComplete(samples::findSampleMain(program->info.name)(options));
            } catch (...) { // a deadlock or an escaping exception ends these runs on purpose
            }
        }
        const Trace trace = rec.trace();
        const std::size_t last = std::min<std::size_t>(trace.size(), 600);
        Session s;
        showAt(s, &trace, 0);
        CoroutineModel model(&s);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const QList<int> roles{CoroutineModel::WarningsRole, Qt::FontRole, Qt::ToolTipRole};
        // Empty when the model at k equals a fresh one, else the first row that differs.
        auto mismatch = [&](std::size_t k) {
            s.setCursor(k);
            Session fresh;
            showAt(fresh, &trace, k);
            CoroutineModel reference(&fresh);
            const QStringList got = dump(model, roles), want = dump(reference, roles);
            if (got.size() != want.size())
                return u"%1 rows, fresh %2"_s.arg(got.size()).arg(want.size());
            for (qsizetype r = 0; r < got.size(); ++r)
                if (got[r] != want[r])
                    return u"row %1: %2\n   fresh: %3"_s.arg(r).arg(got[r], want[r]);
            // The summary's counts, kept as rows change, against a count of the fresh rows.
            int live = 0, warned = 0;
            for (int r = 0; r < reference.rowCount(); ++r) {
                const auto state = CoroutineState(reference.index(r, 0).data(CoroutineModel::StateRole).toInt());
                live += state == CoroutineState::Created || state == CoroutineState::Running
                    || state == CoroutineState::Parked;
                warned += reference.index(r, 0).data(CoroutineModel::WarningsRole).toUInt() != 0;
            }
            if (model.liveCount() != live || model.warningRowCount() != warned)
                return u"%1 live and %2 with warnings, fresh %3 and %4"_s.arg(model.liveCount())
                    .arg(model.warningRowCount()).arg(live).arg(warned);
            return QString();
        };
        for (std::size_t k = 1; k <= last; ++k) {
            const QString m = mismatch(k);
            QVERIFY2(m.isEmpty(), qPrintable(u"forward to %1: %2"_s.arg(k).arg(m)));
        }
        for (std::size_t k = last; k-- > 0;) {
            const QString m = mismatch(k);
            QVERIFY2(m.isEmpty(), qPrintable(u"back to %1: %2"_s.arg(k).arg(m)));
        }
    }

    void coroutineFilter()
    {
        Session s;
        s.setTrace(&m_trace);
        CoroutineModel model(&s);
        CoroutineFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        // Library internals (gather's task and its future) are hidden until shown.
        QStringList internals;
        for (int r = 0; r < model.rowCount(); ++r)
            if (model.index(r, 0).data(CoroutineModel::InternalRole).toBool())
                internals << model.index(r, CoroutineModel::NameColumn).data().toString().section(u'@', 0, 0);
        QCOMPARE(internals, (QStringList{u"coroscope::gather"_s, u"future"_s}));
        QCOMPARE(filter.rowCount(), model.rowCount() - 2);
        filter.setShowFutures(false);
        QCOMPARE(filter.rowCount(), model.rowCount() - 2); // the program's only future is gather's
        filter.setShowFutures(true);
        filter.setShowInternals(true);
        QCOMPARE(filter.rowCount(), model.rowCount());
        filter.setFilterText(QStringLiteral("worker"));
        QCOMPARE(filter.rowCount(), 3);
        filter.setFilterText(QStringLiteral("#%1").arg(m_acc));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data(CoroutineModel::CoroIdRole).toUInt(), m_acc);
        filter.setFilterText({});
        filter.setHideFinished(true);
        QCOMPARE(filter.rowCount(), 0); // at the end everything has finished
        s.setCursor(m_trace.size() / 2);
        QVERIFY(filter.rowCount() > 0);
        for (int r = 0; r < filter.rowCount(); ++r) {
            const auto st = CoroutineState(filter.index(r, 0).data(CoroutineModel::StateRole).toInt());
            QVERIFY(st == CoroutineState::Created || st == CoroutineState::Running || st == CoroutineState::Parked);
        }
        // The filter follows the cursor: forward to the end, every row finishes and hides.
        s.setCursor(m_trace.size());
        QCOMPARE(filter.rowCount(), 0);
        // Off again, in the source's order: rows follow the cursor with no re-check.
        filter.setHideFinished(false);
        s.setCursor(m_trace.size() / 2);
        QCOMPARE(filter.rowCount(), model.rowCount());
        for (int r = 0; r < filter.rowCount(); r += 7)
            QCOMPARE(filter.index(r, CoroutineModel::StateColumn).data(), model.index(r, CoroutineModel::StateColumn).data());
        // Sorting by a numeric column sorts numbers, not text.
        filter.setHideFinished(false);
        filter.sort(CoroutineModel::IdColumn, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, 0).data(CoroutineModel::CoroIdRole).toInt(), model.rowCount());
        // Back to ascending by id: the source's order again, first to last.
        filter.sort(CoroutineModel::IdColumn, Qt::AscendingOrder);
        QCOMPARE(filter.index(0, 0).data(CoroutineModel::CoroIdRole).toInt(), 1);
        QCOMPARE(filter.index(filter.rowCount() - 1, 0).data(CoroutineModel::CoroIdRole).toInt(), model.rowCount());
    }

    // The proxy's fast numeric comparison orders rows as the SortRole values do
    // (ties by id); the name column still goes through the text comparison.
    void sortOrderMatchesSortRole_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("descending");
        QTest::newRow("id") << int(CoroutineModel::IdColumn) << true;
        QTest::newRow("id ascending (the source's order, kept unsorted)") << int(CoroutineModel::IdColumn) << false;
        QTest::newRow("state") << int(CoroutineModel::StateColumn) << false;
        QTest::newRow("resumes") << int(CoroutineModel::ResumesColumn) << true;
        QTest::newRow("frame") << int(CoroutineModel::FrameColumn) << false;
        QTest::newRow("name") << int(CoroutineModel::NameColumn) << false;
    }
    void sortOrderMatchesSortRole()
    {
        QFETCH(int, column);
        QFETCH(bool, descending);
        Session s;
        s.setTrace(&m_trace);
        s.setCursor(m_trace.size() * 2 / 3);
        CoroutineModel model(&s);
        CoroutineFilterModel filter;
        filter.setSourceModel(&model);
        filter.setShowInternals(true); // every row, to compare with the source's
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        filter.sort(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
        std::vector<int> expected(std::size_t(model.rowCount()));
        std::iota(expected.begin(), expected.end(), 0);
        auto key = [&model, column](int row) { return model.index(row, column).data(CoroutineModel::SortRole); };
        std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) {
            const QVariant l = key(a), r = key(b);
            if (l.userType() == QMetaType::QString)
                return QString::localeAwareCompare(l.toString(), r.toString()) < 0;
            return l.toLongLong() < r.toLongLong();
        });
        if (descending)
            std::reverse(expected.begin(), expected.end());
        QStringList got, want;
        for (int r = 0; r < filter.rowCount(); ++r) {
            got << filter.index(r, column).data(CoroutineModel::SortRole).toString();
            want << key(expected[std::size_t(r)]).toString();
        }
        QCOMPARE(got, want);
        // And it stays sorted while the cursor moves.
        s.setCursor(m_trace.size());
        for (int r = 1; r < filter.rowCount(); ++r) {
            const QVariant a = filter.index(r - 1, column).data(CoroutineModel::SortRole);
            const QVariant b = filter.index(r, column).data(CoroutineModel::SortRole);
            if (a.userType() != QMetaType::QString)
                QVERIFY(descending ? a.toLongLong() >= b.toLongLong() : a.toLongLong() <= b.toLongLong());
        }
    }

    void samplesTree()
    {
        SampleListModel model;
        SampleFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t2(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.rowCount() >= 3);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Generators"));
        const QModelIndex acc = model.indexOf(QStringLiteral("send_accumulator"));
        QVERIFY(acc.isValid());
        QCOMPARE(acc.parent().data().toString(), QStringLiteral("Generators"));
        QCOMPARE(acc.data(SampleListModel::SampleNameRole).toString(), QStringLiteral("send_accumulator"));
        filter.setFilterText(QStringLiteral("deadlock"));
        QCOMPARE(filter.rowCount(), 1);
        const QModelIndex group = filter.index(0, 0);
        QCOMPARE(filter.rowCount(group), 1);
        QCOMPARE(filter.index(0, 0, group).data(SampleListModel::SampleNameRole).toString(), QStringLiteral("deadlock"));
        filter.setFilterText(QStringLiteral("no-such-sample-anywhere"));
        QCOMPARE(filter.rowCount(), 0);
    }

    // One step with 10,000 coroutines touches a few rows: no reset, a handful of dataChanged.
    void stepIsPreciseWithManyCoroutines()
    {
        const Trace big = record(manyTasks(10000));
        QVERIFY(big.coroutineCount() > 10000);
        Session s;
        showAt(s, &big, big.size() / 2);
        CoroutineModel model(&s);
        CoroutineFilterModel filter;
        filter.setSourceModel(&model);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 20; ++i) {
            changes.clear();
            s.setCursor(s.cursor() + 1);
            QVERIFY(changes.size() <= 2);
            for (const auto &args : changes) {
                const int rows = args[1].value<QModelIndex>().row() - args[0].value<QModelIndex>().row() + 1;
                QVERIFY2(rows <= 2, qPrintable(QString::number(rows)));
            }
        }
        for (int i = 0; i < 20; ++i) {
            changes.clear();
            s.setCursor(s.cursor() - 1); // stepping back is as cheap
            QVERIFY(changes.size() <= 2);
        }
        QCOMPARE(resets.size(), 0);
        QCOMPARE(inserts.size(), 0); // the middle of the run: every coroutine exists already
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
