// StateMachine (states, transitions, counts at a cursor), its lowered form,
// and the State machine view's dot layout.

#include "viewprograms.h"

#include <coroscope/snapshot.h>
#include <coroscope/transitions.h>

#include "graphview.h"
#include "session.h"
#include <coroscope/statemachine.h>
#include "statemachineview.h"

#include <QPlainTextEdit>
#include <QTest>
#include <QTextBlock>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;
using K = StateMachine::NodeKind;

namespace {

QStringList edgeTexts(const StateMachine &m)
{
    QStringList out;
    for (const auto &e : m.edges)
        out << QStringLiteral("%1->%2 %3 x%4/%5").arg(e.from).arg(e.to).arg(e.label()).arg(e.count).arg(e.total);
    return out;
}

QList<int> visits(const StateMachine &m)
{
    QList<int> out;
    for (const auto &n : m.nodes)
        out << n.visits;
    return out;
}

// throw_and_close's worker: next() and a caught throw both come back to the
// one co_yield, two loops on one state.
Generator<int> catcher()
{
    int job = 0;
    while (true) {
        try {
            co_yield job;
            ++job;
        } catch (const std::runtime_error &) {
        }
    }
}

} // namespace

class TestStateMachine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // adder(10): created, started:next, yielded 10, sent 5 (the resumption too),
    // yielded 15, sent -1, returned 15, destroyed.
    void sendGenerator_data()
    {
        QTest::addColumn<int>("cursor");
        QTest::addColumn<int>("current");
        QTest::addColumn<bool>("running");
        QTest::addColumn<QList<int>>("visits");
        QTest::addColumn<QStringList>("edges");
        const QString y10 = u"0->1 next() / yield 10 x%1/1"_s, y15 = u"1->1 send(5) / yield 15 x%1/1"_s,
                      r15 = u"1->2 send(-1) / return 15 x%1/1"_s;
        QTest::newRow("end") << 8 << 2 << false << QList<int>{1, 2, 1}
                             << QStringList{y10.arg(1), y15.arg(1), r15.arg(1)};
        QTest::newRow("back: running after send(-1)") << 6 << 1 << true << QList<int>{1, 2, 0}
                                                      << QStringList{y10.arg(1), y15.arg(1), r15.arg(0)};
        QTest::newRow("back: yielded 15") << 5 << 1 << false << QList<int>{1, 2, 0}
                                          << QStringList{y10.arg(1), y15.arg(1), r15.arg(0)};
        QTest::newRow("back: running after send(5)") << 4 << 1 << true << QList<int>{1, 1, 0}
                                                     << QStringList{y10.arg(1), y15.arg(0), r15.arg(0)};
        QTest::newRow("back: yielded 10") << 3 << 1 << false << QList<int>{1, 1, 0}
                                          << QStringList{y10.arg(1), y15.arg(0), r15.arg(0)};
        QTest::newRow("back: created only") << 1 << 0 << false << QList<int>{1, 0, 0}
                                            << QStringList{y10.arg(0), y15.arg(0), r15.arg(0)};
        QTest::newRow("back: before it exists") << 0 << -1 << false << QList<int>{0, 0, 0}
                                                << QStringList{y10.arg(0), y15.arg(0), r15.arg(0)};
    }
    void sendGenerator()
    {
        QFETCH(int, cursor);
        QFETCH(int, current);
        QFETCH(bool, running);
        QFETCH(QList<int>, visits);
        QFETCH(QStringList, edges);
        Recorder rec;
        rec.setEchoOutput(false);
        test::runAdder();
        const Trace &t = rec.trace();
        QCOMPARE(t.size(), std::size_t(8));
        SnapshotIndex index(&t);
        const StateMachine m = StateMachine::compute(t, 1, index.eventsOf(1), std::size_t(cursor));
        QCOMPARE(m.nodes.size(), std::size_t(3));
        QCOMPARE(m.nodes[0].kind, K::Start);
        QCOMPARE(m.nodes[1].kind, K::Site);
        QCOMPARE(t.site(m.nodes[1].site).line, test::kAdderLine + 4);
        QCOMPARE(m.nodes[1].caseNumber, 1);
        QCOMPARE(m.nodes[2].kind, K::Done);
        QCOMPARE(m.nodeTitle(t, 1), QStringLiteral("line %1").arg(test::kAdderLine + 4));
        QCOMPARE(::visits(m), visits);
        QCOMPARE(edgeTexts(m), edges);
        QCOMPARE(m.current, current);
        QCOMPARE(m.running, running);
    }

    // The labels say what the log says: TransitionBuilder's action and outcome.
    void labelsMatchTransitionBuilder()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(test::sleeperMain());
        }
        const Trace &t = rec.trace();
        SnapshotIndex index(&t);
        for (CoroId id = 1; id <= t.coroutineCount(); ++id) {
            const StateMachine m = StateMachine::compute(t, id, index.eventsOf(id), t.size());
            QStringList mine, theirs;
            for (const auto &e : m.edges) {
                QCOMPARE(e.count, 1); // every stretch of these two tasks differs
                mine << e.action + u" → "_s + e.outcome;
            }
            for (const Transition &tr : TransitionBuilder::all(t))
                if (tr.coro == id)
                    theirs << tr.action + u" → "_s + tr.outcome;
            QCOMPARE(mine, theirs);
        }
        const StateMachine sleeper = StateMachine::compute(t, 2, index.eventsOf(2), t.size());
        QCOMPARE(sleeper.nodes.size(), std::size_t(4)); // start, two sleeps, done
        QCOMPARE(t.site(sleeper.nodes[1].site).line, test::kSleeperLine + 2);
        QCOMPARE(t.site(sleeper.nodes[2].site).line, test::kSleeperLine + 3);
        QCOMPARE(sleeper.edges[1].action, u"timer"_s);
    }

    void loweredFormOfTwoYields()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        QList<int> seen;
        for (int v : test::twoYields())
            seen << v;
        QCOMPARE(seen, (QList<int>{1, 2}));
        const Trace &t = rec.trace();
        SnapshotIndex index(&t);
        const StateMachine m = StateMachine::compute(t, 1, index.eventsOf(1), t.size());
        const QStringList source = test::programsSource().split(u'\n');
        QVERIFY(source.size() > test::kFortyLine);
        const LoweredForm form = lowerToSwitch(t, m, source);
        const int l1 = test::kTwoYieldsLine + 2, l2 = test::kTwoYieldsLine + 3;
        const QStringList expected{
            QStringLiteral("// test::twoYields() as the compiler lowers it: a heap frame (%1 bytes) that keeps")
                .arg(t.coroutine(1).frameSize),
            u"// `state`, and a resume function that jumps back to where it last suspended."_s,
            u"void twoYields_resume(twoYields_frame *frame)"_s,
            u"{"_s,
            u"    switch (frame->state) {"_s,
            u"    case 0: /* start */"_s,
            u"        // next() / yield 1  →  case 1"_s,
            u"        return;"_s,
            QStringLiteral("    case 1: /* resumed at line %1 */").arg(l1),
            u"        //   co_yield 1; // kTwoYieldsLine + 2"_s,
            u"        // next() / yield 2  →  case 2"_s,
            u"        return;"_s,
            QStringLiteral("    case 2: /* resumed at line %1 */").arg(l2),
            u"        //   co_yield 2; // kTwoYieldsLine + 3"_s,
            u"        // next() / return None  →  done"_s,
            u"        return;"_s,
            u"    }"_s,
            u"done: /* co_return stored the value in the promise; final_suspend */"_s,
            u"}"_s,
        };
        QCOMPARE(form.text.split(u'\n'), expected);
        using Block = std::pair<int, int>;
        QCOMPARE(form.blocks, (std::vector<Block>{{5, 7}, {8, 11}, {12, 15}, {17, 17}}));
        QCOMPARE(m.current, 3);

        // Without the source, the cases only name their lines.
        const LoweredForm bare = lowerToSwitch(t, m);
        QVERIFY(!bare.text.contains(u"co_yield 1"_s));
        QCOMPARE(bare.blocks[1], Block(8, 10));
    }

    void viewLitsTheCurrentCaseAndState()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        test::runAdder();
        Session session;
        session.setTrace(&rec.trace());
        session.setSource(u"viewprograms.h"_s, test::programsSource());
        session.select(1);
        StateMachineView view(&session);
        view.resize(700, 500);
        view.refresh();
        QCOMPARE(view.machine().current, 2);
        session.setCursor(6); // yielded 15: parked at case 1
        view.refresh();
        QCOMPARE(view.machine().current, 1);
        const auto &g = view.graphView()->graph();
        QCOMPARE(g.nodes.size(), std::size_t(3));
        QVERIFY(g.nodes[1].emphasis);
        QVERIFY(!g.nodes[0].emphasis && !g.nodes[2].emphasis);
        QVERIFY(g.nodes[2].dashed); // done is not reached at this cursor
        QCOMPARE(g.nodes[1].subtitle, u"…co_yield total;"_s);
        QVERIFY(g.edges[1].emphasis); // send(5) / yield 15 led here
        const QList<QTextEdit::ExtraSelection> lit = view.loweredView()->extraSelections();
        QCOMPARE(lit.size(), 5); // case 1: header, source line, two transitions, `return;`
        QCOMPARE(lit.front().cursor.block().text(), u"    case 1: /* resumed at line %1 */"_s.arg(test::kAdderLine + 4));
    }

    void twoLoopsOnOneStateKeepTheirLabelsApart()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        {
            Generator<int> g = catcher();
            g.next();
            g.next();
            g.throwInto(std::runtime_error("bad input"));
            g.next();
            g.close();
        }
        Session session;
        session.setTrace(&rec.trace());
        session.select(1);
        StateMachineView view(&session);
        view.resize(800, 600);
        view.refresh();
        QStringList loops;
        for (const auto &e : view.machine().edges)
            if (e.from == e.to)
                loops << e.label();
        QCOMPARE(loops, (QStringList{u"next() / yield 2"_s, u"throw bad input / yield 1"_s}));
        const GraphLayout &layout = view.graphView()->currentLayout();
        QVERIFY2(layout.ok, qPrintable(layout.error));
        std::vector<QRectF> labels;
        for (const auto &e : layout.edges) {
            QVERIFY(e.hasLabel);
            QVERIFY(!e.labelRect.isEmpty());
            QVERIFY(layout.bounds.adjusted(-1, -1, 1, 1).contains(e.labelRect));
            for (const QRectF &node : layout.nodes)
                QVERIFY(!node.intersects(e.labelRect));
            labels.push_back(e.labelRect);
        }
        QCOMPARE(labels.size(), std::size_t(4)); // next() / yield 0, the two loops, close()
        for (std::size_t i = 0; i < labels.size(); ++i)
            for (std::size_t j = i + 1; j < labels.size(); ++j)
                QVERIFY2(!labels[i].intersects(labels[j]), qPrintable(u"labels %1 and %2"_s.arg(i).arg(j)));
    }

    void fortyStatesDoNotOverlap()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        int n = 0;
        for (int v : test::forty())
            n += v > 0;
        QCOMPARE(n, 40);
        Session session;
        session.setTrace(&rec.trace());
        session.select(1);
        StateMachineView view(&session);
        view.resize(800, 600);
        view.refresh();
        QCOMPARE(view.machine().nodes.size(), std::size_t(42));
        QCOMPARE(view.machine().edges.size(), std::size_t(41));
        const GraphLayout &layout = view.graphView()->currentLayout();
        QVERIFY2(layout.ok, qPrintable(layout.error));
        QCOMPARE(layout.nodes.size(), std::size_t(42));
        for (std::size_t i = 0; i < layout.nodes.size(); ++i) {
            QVERIFY(!layout.nodes[i].isEmpty());
            QVERIFY(layout.bounds.adjusted(-1, -1, 1, 1).contains(layout.nodes[i]));
            for (std::size_t j = i + 1; j < layout.nodes.size(); ++j)
                QVERIFY2(!layout.nodes[i].intersects(layout.nodes[j]), qPrintable(QStringLiteral("%1 %2").arg(i).arg(j)));
        }
        for (const auto &e : layout.edges) {
            QVERIFY(!e.path.isEmpty());
            QVERIFY(e.hasLabel);
            for (const QRectF &node : layout.nodes)
                QVERIFY(!node.contains(e.labelCenter));
        }
        // Fitted, but never below a readable scale.
        QVERIFY(view.graphView()->zoom() >= GraphView::kMinFitScale - 1e-9);
    }
};

QTEST_MAIN(TestStateMachine)
#include "tst_statemachine.moc"
