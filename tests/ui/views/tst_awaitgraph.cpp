// AwaitGraph (who awaits whom at a snapshot) and the Await graph view.

#include "viewprograms.h"

#include <coroscope/snapshot.h>

#include <coroscope/awaitgraph.h>
#include "awaitgraphview.h"
#include "graphlayout.h"
#include "graphview.h"
#include "session.h"
#include "viewstyle.h"

#include <QLabel>
#include <QTest>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;
using Node = AwaitGraph::Node;
using Edge = AwaitGraph::Edge;

namespace {

// The cursor just after the `n`th (1-based) Awaiting event of coroutine `id`.
std::size_t afterAwait(const Trace &t, CoroId id, int n)
{
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i].coro == id && t[i].kind == EventKind::Awaiting && --n == 0)
            return i + 1;
    return 0;
}

} // namespace

class TestAwaitGraph : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A labelled edge in a graph of several components ("main" awaiting nothing
    // beside grouper → subtotal "yield from"): the label is drawn beside its edge,
    // not where an unpacked layout would have put it.
    void edgeLabelsStayBesideTheirEdges_data()
    {
        QTest::addColumn<bool>("leftToRight");
        QTest::newRow("top to bottom") << false;
        QTest::newRow("left to right") << true;
    }
    void edgeLabelsStayBesideTheirEdges()
    {
        QFETCH(bool, leftToRight);
        GraphSpec spec;
        spec.leftToRight = leftToRight;
        spec.nodes = {{QSizeF(80, 40)}, {QSizeF(160, 40)}, {QSizeF(160, 40)}};
        spec.edges = {{1, 2, QSizeF(70, 16)}};
        const GraphLayout layout = layoutGraph(spec);
        QVERIFY(layout.ok);
        QCOMPARE(layout.edges.size(), std::size_t(1));
        const GraphLayout::EdgePath &e = layout.edges[0];
        QVERIFY(e.hasLabel);
        const QRectF edge = e.path.boundingRect().adjusted(-1, -1, 1, 1);
        // Beside its edge: within a label's size of the spline, and clear of every node.
        const QRectF near = edge.adjusted(-80, -30, 80, 30);
        QVERIFY2(near.contains(e.labelRect), qPrintable(u"label at %1,%2 edge at %3,%4"_s.arg(e.labelRect.x())
                                                             .arg(e.labelRect.y())
                                                             .arg(edge.x())
                                                             .arg(edge.y())));
        for (const QRectF &n : layout.nodes)
            QVERIFY(!n.intersects(e.labelRect));
        QVERIFY(layout.bounds.contains(e.labelRect));
    }

    void deadlockIsACycle()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        const std::size_t at = test::runDeadlock();
        const Trace &t = rec.trace();
        const Snapshot s = SnapshotIndex::fold(t, at);
        QVERIFY(s.deadlocked);
        const AwaitGraph g = AwaitGraph::compute(t, s);
        // On the cycle, and stuck: the loop ran dry with both parked.
        QCOMPARE(g.nodes, (std::vector<Node>{{1, u"first#1"_s, CoroutineState::Parked, true, true, {}},
                                             {2, u"second#2"_s, CoroutineState::Parked, true, true, {}}}));
        QCOMPARE(g.edges, (std::vector<Edge>{{0, 1, AwaitKind::Task, true, true}, {1, 0, AwaitKind::Task, true, true}}));
        QCOMPARE(g.cycle, (std::vector<CoroId>{1, 2}));
        QCOMPARE(g.hidden, 0);
    }

    void deadlockIsDrawnRed()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        const std::size_t at = test::runDeadlock();
        Session session;
        session.setTrace(&rec.trace());
        session.setCursor(at);
        AwaitGraphView view(&session);
        view.resize(600, 400);
        view.refresh();
        const QColor red = alarmColor(view.graphView()->palette());
        const DrawnGraph &drawn = view.graphView()->graph();
        QCOMPARE(drawn.edges.size(), std::size_t(2));
        for (const auto &e : drawn.edges) {
            QCOMPARE(e.color, red);
            QVERIFY(e.emphasis);
        }
        for (const auto &n : drawn.nodes)
            QCOMPARE(n.border, red);
        QVERIFY(view.graphView()->currentLayout().ok);
        const QString header = view.findChild<QLabel *>()->text();
        QVERIFY2(header.startsWith(u"Deadlock: first#1 → second#2 → first#1"_s), qPrintable(header));

        // Before either awaits, there is no cycle and nothing red.
        session.setCursor(afterAwait(rec.trace(), 1, 1) - 1);
        view.refresh();
        QVERIFY(view.graph().cycle.empty());
        for (const auto &e : view.graphView()->graph().edges)
            QVERIFY(e.color != red);
    }

    void chainWithASleep()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(test::sleeperMain());
        }
        const Trace &t = rec.trace();
        const std::size_t at = afterAwait(t, 2, 2); // sleeper parked in its second sleep
        QVERIFY(at > 0);
        const Snapshot s = SnapshotIndex::fold(t, at);
        const AwaitGraph g = AwaitGraph::compute(t, s);
        const QString main = t.coroutine(1).name + u"#1"_s;
        QCOMPARE(g.nodes, (std::vector<Node>{{1, main, CoroutineState::Parked, false},
                                             {2, u"sleeper#2"_s, CoroutineState::Parked, false},
                                             {0, t.valueText(t[at - 1].arg), CoroutineState::Absent, false}}));
        QVERIFY(g.nodes[2].label.contains(u"20 ms"_s));
        QCOMPARE(g.edges, (std::vector<Edge>{{0, 1, AwaitKind::Task, false}, {1, 2, AwaitKind::Sleep, false}}));
        QVERIFY(g.cycle.empty());

        // Over the node budget: only the selection's neighbourhood stays.
        const AwaitGraph small = AwaitGraph::compute(t, s, 2, 1);
        QCOMPARE(small.hidden, 1);
        QCOMPARE(small.nodes.size(), std::size_t(2));
        QCOMPARE(small.nodes[0].coro, 2u);
        QCOMPARE(small.edges, (std::vector<Edge>{{0, 1, AwaitKind::Sleep, false}}));

        // Once it is all over, nobody awaits anybody.
        QVERIFY(AwaitGraph::compute(t, SnapshotIndex::fold(t, t.size())).nodes.empty());
    }
};

QTEST_MAIN(TestAwaitGraph)
#include "tst_awaitgraph.moc"
