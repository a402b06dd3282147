// Every relation a sample is about is drawn: `yield from` delegation,
// gather's children, named external waits, the chains stuck in a deadlock,
// close() as an input; and the Chrome export draws the same relations. Each
// test records the real sample and reads what the views and the export show.

#include "awaitgraphview.h"
#include "coroutinemodel.h"
#include "externalwaitmodel.h"
#include "graphview.h"
#include "session.h"
#include "valuesmodel.h"
#include "viewstyle.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>
#include <coroscope/awaitgraph.h>
#include <coroscope/coroscope.h>
#include <coroscope/tracetext.h>
#include <sampleprograms.h>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

// The whole run of a sample, the way the window records it (a deadlock ends it on purpose).
Trace record(const QString &name)
{
    const samples::Sample *sample = samples::findSample(name);
    if (!sample)
        return {};
    QTemporaryDir dir;
    samples::SampleOptions options;
    options.workDir = dir.path();
    Recorder rec;
    rec.setEchoOutput(false);
    {
        EventLoop loop;
        try {
            loop.runUntilComplete(samples::findSampleMain(sample->info.name)(options));
        } catch (...) {
        }
    }
    rec.reportLeakedFrames();
    return rec.trace();
}

// The cursor just after the n-th (1-based) event that `match` accepts; 0 when there is none.
template<class F>
std::size_t after(const Trace &t, int n, F match)
{
    for (std::size_t i = 0; i < t.size(); ++i)
        if (match(t[i]) && --n == 0)
            return i + 1;
    return 0;
}

// "main#1 -> fetch#2 (gather)", one per edge, in the graph's order; "!" marks a stuck edge.
QStringList edgeTexts(const AwaitGraph &g)
{
    QStringList out;
    for (const AwaitGraph::Edge &e : g.edges)
        out << QStringLiteral("%1 -> %2 (%3)%4")
                   .arg(g.nodes[std::size_t(e.from)].label, g.nodes[std::size_t(e.to)].label, nameOf(e.kind),
                        e.stuck ? u"!"_s : QString());
    return out;
}

QString cell(const QAbstractItemModel &m, CoroId id, int column)
{
    return m.index(int(id) - 1, column).data().toString();
}

} // namespace

class TestRelations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // yield_from_delegation after `send(3)`: grouper is parked on subtotal
    // in the Awaiting column, the await graph and the Log.
    void delegationIsDrawn()
    {
        const Trace t = record(u"yield_from_delegation"_s);
        QCOMPARE(coroutineLabel(t, 2), u"grouper#2"_s);
        QCOMPARE(coroutineLabel(t, 3), u"subtotal#3"_s);
        const std::size_t sent =
            after(t, 1, [](const Event &e) { return e.kind == EventKind::Sent && e.coro == 3; });
        QVERIFY(sent > 0);
        QCOMPARE(eventSummary(t, t[sent - 1]), u"resumed by send(3) from grouper#2"_s);
        // The delegation is recorded just before the yield that parks grouper.
        const std::size_t delegation =
            after(t, 2, [](const Event &e) { return e.kind == EventKind::Awaiting && e.coro == 2; });
        QVERIFY(delegation > sent);
        QCOMPARE(eventSummary(t, t[delegation - 1]), u"yield from subtotal#3"_s);
        const std::size_t at = delegation + 1;
        QCOMPARE(eventSummary(t, t[at - 1]), u"yield 3"_s);

        Session session;
        session.setTrace(&t);
        session.setCursor(at);
        CoroutineModel model(&session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(cell(model, 2, CoroutineModel::AwaitingColumn), u"yield from subtotal#3"_s);
        QCOMPARE(cell(model, 2, CoroutineModel::LastValueColumn), u"← 3"_s);
        QCOMPARE(model.index(1, 0).data(CoroutineModel::WarningsRole).toUInt(), 0u);

        AwaitGraphView view(&session);
        view.resize(600, 400);
        view.refresh();
        QCOMPARE(edgeTexts(view.graph()), QStringList{u"grouper#2 -> subtotal#3 (yield from)"_s});
        QCOMPARE(view.findChild<QLabel *>()->text(), u"1 coroutine(s) awaiting"_s);
        QCOMPARE(view.graphView()->graph().edges.front().label, u"yield from"_s);

        // Once the apples are done, the pears' subtotal is the one delegated to.
        const std::size_t pears =
            after(t, 5, [](const Event &e) { return e.kind == EventKind::Awaiting && e.coro == 2; }) + 1;
        QVERIFY(pears > at);
        QCOMPARE(edgeTexts(AwaitGraph::compute(t, SnapshotIndex::fold(t, pears))),
                 QStringList{u"grouper#2 -> subtotal#4 (yield from)"_s});
    }

    // gather_fanout with the five fetches asleep: gather waits for each of
    // them; with library internals hidden, main does.
    void gatherShowsItsChildren()
    {
        const Trace t = record(u"gather_fanout"_s);
        QCOMPARE(coroutineLabel(t, 7), u"coroscope::gather#7"_s);
        const std::size_t at = after(t, 5, [](const Event &e) {
            return e.kind == EventKind::Awaiting && AwaitKind(e.aux) == AwaitKind::Sleep;
        });
        QVERIFY(at > 0);
        const Snapshot s = SnapshotIndex::fold(t, at);
        QStringList all{u"main#1 -> coroscope::gather#7 (coroutine)"_s,
                        u"coroscope::gather#7 -> future@86#8 (future)"_s};
        for (int i = 2; i <= 6; ++i)
            all << u"coroscope::gather#7 -> fetch#%1 (gather)"_s.arg(i);
        QStringList shown;
        for (int i = 2; i <= 6; ++i)
            shown << u"main#1 -> fetch#%1 (gather)"_s.arg(i);
        for (const int ms : {50, 10, 40, 20, 30})
            all << u"fetch#%1 -> sleep(%2 ms) (sleep)"_s.arg(all.size() - 5).arg(ms);
        for (int i = 0; i < 5; ++i)
            shown << all[7 + i];
        QCOMPARE(edgeTexts(AwaitGraph::compute(t, s)), all);
        const AwaitGraph hidden = AwaitGraph::compute(t, s, 0, 120, false);
        QCOMPARE(edgeTexts(hidden), shown);
        for (const AwaitGraph::Node &n : hidden.nodes)
            QVERIFY2(n.coro != 7 && n.coro != 8, qPrintable(n.label));

        // A fetch that finished is no longer waited for.
        const std::size_t firstDone = after(
            t, 1, [](const Event &e) { return e.kind == EventKind::Returned && e.coro >= 2 && e.coro <= 6; });
        const QStringList later =
            edgeTexts(AwaitGraph::compute(t, SnapshotIndex::fold(t, firstDone), 0, 120, false));
        QCOMPARE(later.filter(u"main#1 -> fetch#"_s).size(), 4);
        QVERIFY(!later.contains(u"main#1 -> fetch#3 (gather)"_s)); // fetch 2 sleeps 10 ms: first done
    }

    // qt_signal_await parked on its QTimer: the wait is named after the
    // signal, in the await graph and in the Event loop dock.
    void externalWaitIsNamed()
    {
        const Trace t = record(u"qt_signal_await"_s);
        const std::size_t timer =
            after(t, 1, [](const Event &e) { return e.kind == EventKind::ExternalWait; });
        QVERIFY(timer > 0);
        Session session;
        session.setTrace(&t);
        ExternalWaitModel waits(&session); // follows the cursor, as the Event loop dock's does
        QAbstractItemModelTester tester(&waits, QAbstractItemModelTester::FailureReportingMode::Fatal);
        session.setCursor(timer);
        QCOMPARE(edgeTexts(AwaitGraph::compute(t, session.snapshot())),
                 QStringList{u"main#1 -> QTimer::timeout (external)"_s});
        QTRY_COMPARE(waits.rowCount(), 1);
        QCOMPARE(waits.index(0, ExternalWaitModel::WaitingForColumn).data().toString(), u"QTimer::timeout"_s);

        const std::size_t bell =
            after(t, 2, [](const Event &e) { return e.kind == EventKind::ExternalWait; });
        QCOMPARE(t.valueText(t[bell - 1].arg), u"Doorbell::rang"_s);
    }

    // qt_tcp_echo: a socket's waits are named after the signal each waits for.
    void socketWaitsAreNamed()
    {
        const Trace t = record(u"qt_tcp_echo"_s);
        QStringList waits;
        for (const Event &e : t.events())
            if (e.kind == EventKind::ExternalWait && !waits.contains(t.valueText(e.arg)))
                waits << t.valueText(e.arg);
        QVERIFY2(waits.contains(u"QTcpSocket::connected"_s), qPrintable(waits.join(u", "_s)));
        for (const QString &w : waits)
            QVERIFY2(w.startsWith(u"QTcpSocket::"_s) || w == u"QCoro::Task<QTcpSocket*>"_s, qPrintable(w));
    }

    // deadlock: at detection and after every frame is destroyed, both parked
    // chains are drawn red, and the futures at their ends say why.
    void deadlockDrawsWhatIsStuck_data()
    {
        QTest::addColumn<bool>("atEnd");
        QTest::newRow("at detection") << false;
        QTest::newRow("after the frames are destroyed") << true;
    }
    void deadlockDrawsWhatIsStuck()
    {
        QFETCH(bool, atEnd);
        const Trace t = record(u"deadlock"_s);
        const std::size_t detected = after(t, 1, [](const Event &e) {
            return e.kind == EventKind::LoopIdle && IdleReason(e.aux) == IdleReason::Deadlock;
        });
        QVERIFY(detected > 0);
        Session session;
        session.setTrace(&t);
        session.setCursor(atEnd ? t.size() : detected);
        if (atEnd)
            QCOMPARE(session.snapshot().coroutine(4).state, CoroutineState::Destroyed);
        const AwaitGraph g = AwaitGraph::compute(t, session.snapshot());
        QCOMPARE(edgeTexts(g),
                 (QStringList{u"main#1 -> alice#4 (task)!"_s, u"alice#4 -> future@26#3 (future)!"_s,
                              u"bob#5 -> future@25#2 (future)!"_s}));
        QStringList notes;
        for (const AwaitGraph::Node &n : g.nodes) {
            QVERIFY(n.stuck);
            if (!n.note.isEmpty())
                notes << n.label + u": "_s + n.note;
        }
        QCOMPARE(notes, (QStringList{u"future@25#2: nobody can resolve this"_s,
                                     u"future@26#3: nobody can resolve this"_s}));

        AwaitGraphView view(&session);
        view.resize(700, 400);
        view.refresh();
        const QColor red = alarmColor(view.graphView()->palette());
        const DrawnGraph &drawn = view.graphView()->graph();
        QCOMPARE(drawn.nodes.size(), std::size_t(5));
        for (const auto &n : drawn.nodes)
            QCOMPARE(n.border, red);
        for (const auto &e : drawn.edges)
            QCOMPARE(e.color, red);
        QCOMPARE(drawn.nodes[1].subtitle, u"nobody can resolve this"_s);
        QVERIFY(view.graphView()->currentLayout().ok);
        QVERIFY(view.findChild<QLabel *>()->text().startsWith(u"Deadlock"_s));

        // Before the loop ran dry, nothing is stuck.
        session.setCursor(detected - 1);
        for (const AwaitGraph::Node &n : AwaitGraph::compute(t, session.snapshot()).nodes)
            QVERIFY(!n.stuck);
    }

    // throw_and_close: close() goes into the worker like throw() does.
    void closeIsAnInput()
    {
        const Trace t = record(u"throw_and_close"_s);
        Session session;
        session.setTrace(&t);
        session.setCursor(t.size());
        session.select(2);
        ValuesModel values(&session);
        QAbstractItemModelTester tester(&values, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QStringList rows;
        for (int r = 0; r < values.rowCount(); ++r)
            rows << values.index(r, ValuesModel::DirectionColumn).data().toString() + u' ' +
                        values.index(r, ValuesModel::ActionColumn).data().toString() + u' ' +
                        values.index(r, ValuesModel::ValueColumn).data().toString();
        QCOMPARE(rows,
                 (QStringList{u"← out yield 0"_s, u"← out yield 1"_s, u"→ in throw bad input"_s,
                              u"← out yield 1"_s, u"← out yield 2"_s, u"→ in close() GeneratorExit"_s}));
        // The cleanup the close ran printed from the worker's frame.
        const std::size_t cleanup = after(t, 1, [&t](const Event &e) {
            return e.kind == EventKind::Output && t.valueText(e.arg) == u"cleanup: resource released"_s;
        });
        QVERIFY(cleanup > 0);
        QCOMPARE(coroutineLabel(t, t[cleanup - 1].coro), u"worker#2"_s);
    }

    // At every Step-loop stop (a ready entry just dequeued, its coroutine
    // about to run) nothing looks deadlocked or orphaned, in every sample
    // that runs without Qt; the deadlock sample only once its loop ran dry.
    void stepLoopStopsAreNotDeadlocks_data()
    {
        QTest::addColumn<QString>("sample");
        for (const samples::Sample &sample : samples::allSamples())
            if (sample.info.group != u"Qt"_s)
                QTest::newRow(qPrintable(sample.info.name)) << sample.info.name;
    }
    void stepLoopStopsAreNotDeadlocks()
    {
        QFETCH(QString, sample);
        const Trace t = record(sample);
        Session session;
        session.setTrace(&t);
        CoroutineModel model(&session);
        const unsigned alarm =
            (1u << unsigned(WarningKind::Deadlock)) | (1u << unsigned(WarningKind::Orphan));
        int stops = 0;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const Event &e = t[i];
            if (e.kind != EventKind::Dequeued || e.aux != 0)
                continue;
            ++stops;
            session.setCursor(i + 1);
            const Snapshot &s = session.snapshot();
            QVERIFY2(!s.deadlocked, qPrintable(u"event %1"_s.arg(i)));
            const AwaitGraph g = AwaitGraph::compute(t, s);
            QVERIFY(g.cycle.empty());
            for (const AwaitGraph::Node &n : g.nodes)
                QVERIFY2(!n.stuck, qPrintable(n.label));
            if (e.coro)
                QVERIFY2(!(model.warnings(e.coro) & alarm),
                         qPrintable(u"%1 at event %2"_s.arg(coroutineLabel(t, e.coro)).arg(i)));
        }
        QVERIFY(stops > 0);
    }

    // The Chrome export draws next()/send() and `yield from` as flow arrows.
    void chromeExportFlows_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QStringList>("flows");
        QTest::newRow("send_accumulator")
            << u"send_accumulator"_s << QStringList{u"next() 1->2"_s,  u"send(10) 1->2"_s, u"send(20) 1->2"_s,
                                                    u"send(5) 1->2"_s, u"send(7) 1->2"_s,  u"next() 1->2"_s};
        QStringList delegation{u"next() 1->2"_s, u"next() 2->3"_s, u"yield from 3->2"_s};
        for (const QString &v : {u"3"_s, u"4"_s}) // the apples
            delegation << u"send(%1) 1->2"_s.arg(v) << u"send(%1) 2->3"_s.arg(v) << u"yield from 3->2"_s;
        delegation << u"next() 1->2"_s << u"next() 2->3"_s << u"next() 2->4"_s << u"yield from 4->2"_s;
        delegation << u"send(10) 1->2"_s << u"send(10) 2->4"_s << u"yield from 4->2"_s;
        delegation << u"next() 1->2"_s << u"next() 2->4"_s;
        QTest::newRow("yield_from_delegation") << u"yield_from_delegation"_s << delegation;
    }
    void chromeExportFlows()
    {
        QFETCH(QString, sample);
        QFETCH(QStringList, flows);
        const Trace t = record(sample);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(t.toChromeJson(), &error);
        QVERIFY2(!doc.isNull(), qPrintable(error.errorString()));
        QHash<QString, QJsonObject> starts;
        QStringList got;
        for (const QJsonValue &v : doc.object().value(u"traceEvents"_s).toArray()) {
            const QJsonObject o = v.toObject();
            if (o.value(u"cat"_s).toString() != u"resume"_s)
                continue;
            const QString id = QString::number(o.value(u"id"_s).toInteger());
            if (o.value(u"ph"_s).toString() == u"s") {
                starts.insert(id, o);
            } else if (o.value(u"ph"_s).toString() == u"f") {
                QVERIFY2(starts.contains(id), qPrintable(id));
                const QJsonObject s = starts.value(id);
                QCOMPARE(s.value(u"name"_s), o.value(u"name"_s));
                QVERIFY(s.value(u"ts"_s).toDouble() <= o.value(u"ts"_s).toDouble());
                got << QStringLiteral("%1 %2->%3")
                           .arg(o.value(u"name"_s).toString())
                           .arg(s.value(u"tid"_s).toInteger())
                           .arg(o.value(u"tid"_s).toInteger());
            }
        }
        QCOMPARE(got, flows);
    }
};

QTEST_MAIN(TestRelations)
#include "tst_relations.moc"
