// Every view renders something for a real program, in a light and a dark
// palette, with its text inside its boxes. Set COROSCOPE_SHOTS=<dir> to keep
// the grabs as PNGs for a look.

#include "viewprograms.h"

#include "awaitgraphview.h"
#include "graphview.h"
#include "session.h"
#include "sourceview.h"
#include "statemachineview.h"
#include "timelineview.h"

#include <QDir>
#include <QTabWidget>
#include <QTest>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x7a, 0x7d, 0x82));
    return p;
}

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x90, 0x90, 0x90));
    return p;
}

int colourCount(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

// Records the fan-out (tasks, sleeps, gather, a generator fed by send) and a deadlock.
struct Program
{
    Recorder rec;
    std::size_t deadlockAt = 0;
    Program()
    {
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(test::fanout(8));
        }
        deadlockAt = test::runDeadlock();
    }
};

// Node boxes hold their text: the measured title fits inside every box.
void checkNodesHoldText(const GraphView *view)
{
    QFont bold = view->font();
    bold.setBold(true);
    const QFontMetricsF fm(bold);
    const auto &g = view->graph();
    const auto &layout = view->currentLayout();
    QCOMPARE(layout.nodes.size(), g.nodes.size());
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        QVERIFY2(fm.horizontalAdvance(g.nodes[i].title) < layout.nodes[i].width(), qPrintable(g.nodes[i].title));
}

} // namespace

class TestViewGrabs : public QObject
{
    Q_OBJECT
    void check(QWidget *w, const QString &name)
    {
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QCoreApplication::processEvents();
        const QImage image = w->grab().toImage();
        QVERIFY2(colourCount(image) > 4, qPrintable(name));
        const QString dir = qEnvironmentVariable("COROSCOPE_SHOTS");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            image.save(dir + u'/' + name + u".png"_s);
        }
    }

private Q_SLOTS:
    void views_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void views()
    {
        QFETCH(bool, dark);
        const QString theme = dark ? u"dark"_s : u"light"_s;
        Program program;
        const Trace &t = program.rec.trace();
        Session session;
        session.setTrace(&t);
        session.setSource(u"viewprograms.h"_s, test::programsSource());
        CoroId adder = 0;
        for (const auto &c : t.coroutines())
            if (c.kind == CoroutineKind::Generator)
                adder = c.id;
        QVERIFY(adder);
        // Parked in the adder, a few sends in.
        std::size_t at = 0;
        int sends = 0;
        for (std::size_t i = 0; i < t.size() && !at; ++i)
            if (t[i].coro == adder && t[i].kind == EventKind::Yielded && ++sends == 5)
                at = i + 1;
        session.setCursor(at);
        session.select(adder);
        const QPalette pal = dark ? darkPalette() : lightPalette();

        SourceView source(&session);
        source.setPalette(pal);
        source.resize(760, 520);
        check(&source, u"source-"_s + theme);

        StateMachineView machine(&session);
        machine.setPalette(pal);
        machine.resize(640, 520);
        check(&machine, u"statemachine-"_s + theme);
        checkNodesHoldText(machine.graphView());
        machine.tabs()->setCurrentIndex(1);
        check(&machine, u"lowered-"_s + theme);

        TimelineView timeline(&session);
        timeline.setPalette(pal);
        timeline.resize(900, 420);
        check(&timeline, u"timeline-"_s + theme);

        session.setCursor(program.deadlockAt);
        AwaitGraphView awaits(&session);
        awaits.setPalette(pal);
        awaits.resize(560, 360);
        check(&awaits, u"awaitgraph-"_s + theme);
        checkNodesHoldText(awaits.graphView());
        QCOMPARE(awaits.graph().cycle.size(), std::size_t(2));
        session.select(0);
        session.setCursor(t.size());
        timeline.zoomToFit();
        check(&timeline, u"timeline-end-"_s + theme);
    }

    void fortyStates()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        for (int v : test::forty())
            Q_UNUSED(v);
        Session session;
        session.setTrace(&rec.trace());
        session.setSource(u"viewprograms.h"_s, test::programsSource());
        session.setCursor(rec.trace().size() / 2);
        session.select(1);
        StateMachineView view(&session);
        view.resize(640, 700);
        check(&view, u"statemachine-forty"_s);
        checkNodesHoldText(view.graphView());
    }
};

QTEST_MAIN(TestViewGrabs)
#include "tst_viewgrabs.moc"
