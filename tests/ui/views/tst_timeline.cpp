// TimelineData (exact spans, marks, arrows; incremental = whole) and the
// Timeline view's scrubbing, selection, zoom and level-of-detail painting.

#include "viewprograms.h"

#include "session.h"
#include <coroscope/timelinedata.h>
#include "timelineview.h"

#include <QApplication>
#include <QPainter>
#include <QScreen>
#include <QScrollBar>
#include <QTest>
#include <QWheelEvent>

using namespace coroscope;
using namespace coroscope::ui;
using S = TimelineData::State;
using Span = TimelineData::Span;
using Mark = TimelineData::Mark;
using Arrow = TimelineData::Arrow;
using MK = TimelineData::MarkKind;
using AK = TimelineData::ArrowKind;

namespace {

// `coroutines` generators, each resumed `steps` times in turn: a trace with
// many lanes and many transitions per pixel, written directly.
Trace syntheticTrace(CoroId coroutines, std::uint32_t steps)
{
    Trace t;
    for (CoroId id = 1; id <= coroutines; ++id) {
        t.addCoroutine(CoroutineInfo{id, CoroutineKind::Generator, QStringLiteral("gen"), 0, 64, 0, false});
        t.append(Event{EventKind::Created, 0, 0, id, 0, 0});
    }
    for (std::uint32_t s = 0; s < steps; ++s) {
        for (CoroId id = 1; id <= coroutines; ++id) {
            t.append(Event{s ? EventKind::Resumed : EventKind::Started, 0, 0, id, 0, 0});
            t.append(Event{EventKind::Yielded, 0, 0, id, 0, Trace::inlineInt(s)});
        }
    }
    return t;
}

// A traced task that drives a generator: next(), then send(7).
Task<void> feeder()
{
    auto g = test::adder(0);
    g.next();
    g.send(7);
    co_return;
}

int colourCount(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

// A task that sleeps twice and the main task that awaits it, recorded by `rec`.
void recordSleeperMain(Recorder &rec)
{
    rec.setEchoOutput(false);
    EventLoop loop;
    loop.runUntilComplete(test::sleeperMain());
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // sleeperMain spawns sleeper (sleep 10 ms, sleep 20 ms, return 3) and awaits it.
    void spansOfATaskWithSleeps()
    {
        Recorder rec;
        recordSleeperMain(rec);
        const Trace &t = rec.trace();
        QCOMPARE(t.size(), std::size_t(32));
        TimelineData data;
        data.update(t);
        QCOMPARE(data.laneCount(), std::size_t(2));
        // main: created 0, started 3, awaits the sleeper at 7, woken at 28, returns at 30.
        QCOMPARE(data.spans(1), (std::vector<Span>{{0, 3, S::Created}, {3, 8, S::Running}, {8, 28, S::Awaiting},
                                                   {28, 31, S::Running}}));
        // sleeper: created 4, started 9, sleeps at 10 and 17, resumed 16 and 23, returns at 24.
        QCOMPARE(data.spans(2), (std::vector<Span>{{4, 9, S::Created}, {9, 11, S::Running}, {11, 16, S::Awaiting},
                                                   {16, 18, S::Running}, {18, 23, S::Awaiting}, {23, 25, S::Running}}));
        QCOMPARE(data.marks(1), (std::vector<Mark>{{30, MK::Return}}));
        QCOMPARE(data.marks(2), (std::vector<Mark>{{24, MK::Return}}));
        QCOMPARE(data.arrows(), (std::vector<Arrow>{{1, 2, 7, 7, AK::Await}, {2, 1, 24, 28, AK::Resume}}));
        QCOMPARE(data.stateAt(2, 12), S::Awaiting);
        QCOMPARE(data.stateAt(2, 25), S::None);
    }

    void generatorMarks()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        test::runAdder();
        TimelineData data;
        data.update(rec.trace());
        // created 0, started 1, yielded 2, sent 3 (the resumption), yielded 4, sent 5, returned 6.
        // Plain code drives it: nothing is recorded while it is parked, so each
        // send resumes it in the column after its yield, and the marks tell the steps.
        QCOMPARE(data.spans(1), (std::vector<Span>{{0, 1, S::Created}, {1, 7, S::Running}}));
        QCOMPARE(data.marks(1), (std::vector<Mark>{{2, MK::Yield}, {3, MK::Send}, {4, MK::Yield}, {5, MK::Send},
                                                   {6, MK::Return}}));
    }

    // A send() from a coroutine is one Sent event: the generator's run starts
    // there, and the Call arrow comes from the sender, as for next().
    void sendFromACoroutineDrawsACallArrow()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        {
            EventLoop loop;
            loop.runUntilComplete(feeder());
        }
        const Trace &t = rec.trace();
        std::uint32_t started = 0, sent = 0;
        for (std::uint32_t i = 0; i < t.size(); ++i) {
            if (t[i].coro == 2 && t[i].kind == EventKind::Started)
                started = i;
            if (t[i].coro == 2 && t[i].kind == EventKind::Sent)
                sent = i;
        }
        QVERIFY(started && sent > started);
        QCOMPARE(resumerOf(t[sent]), CoroId(1));
        TimelineData data;
        data.update(t);
        QCOMPARE(data.arrows(), (std::vector<Arrow>{{1, 2, started, started, AK::Call}, {1, 2, sent, sent, AK::Call}}));
        QCOMPARE(data.stateAt(2, sent), S::Running);
        QCOMPARE(data.stateAt(2, sent - 1), S::Running); // the yield's own column
        QCOMPARE(data.marks(2), (std::vector<Mark>{{started + 1, MK::Yield}, {sent, MK::Send}, {sent + 1, MK::Yield}}));
    }

    void incrementalEqualsWhole()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        TimelineData incremental;
        {
            EventLoop loop;
            auto h = loop.spawn(test::fanout(12));
            while (loop.step())
                incremental.update(rec.trace());
            QVERIFY(h.done());
        }
        incremental.update(rec.trace());
        TimelineData whole;
        whole.update(rec.trace());
        QCOMPARE(incremental.laneCount(), whole.laneCount());
        QVERIFY(whole.laneCount() > 12);
        for (CoroId id = 1; id <= whole.laneCount(); ++id) {
            QCOMPARE(incremental.transitions(id), whole.transitions(id));
            QCOMPARE(incremental.marks(id), whole.marks(id));
        }
        QCOMPARE(incremental.arrows(), whole.arrows());
    }

    void scrubSelectZoom()
    {
        Recorder rec;
        recordSleeperMain(rec);
        Session session;
        session.setTrace(&rec.trace());
        TimelineView view(&session);
        view.resize(800, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.fitsAll());
        QWidget *vp = view.viewport();
        const int rulerY = view.rulerHeight() / 2;
        const auto xOf = [&view](double e) { return int(std::round(view.xOfEvent(e + 0.5))); };
        QTest::mousePress(vp, Qt::LeftButton, {}, QPoint(xOf(5), rulerY));
        QCOMPARE(session.cursor(), std::size_t(6));
        QVERIFY(!session.followsLive());
        QTest::mouseMove(vp, QPoint(xOf(20), rulerY));
        QCOMPARE(session.cursor(), std::size_t(21));
        QTest::mouseRelease(vp, Qt::LeftButton, {}, QPoint(xOf(20), rulerY));
        QCOMPARE(session.cursor(), std::size_t(21));

        const int lane2 = view.rulerHeight() + view.laneHeight() + view.laneHeight() / 2;
        QCOMPARE(view.laneAt(lane2), 2u);
        QTest::mouseClick(vp, Qt::LeftButton, {}, QPoint(xOf(10), lane2));
        QCOMPARE(session.selected(), 2u);

        const double fit = view.pixelsPerEvent();
        const double anchor = view.eventAtX(xOf(16));
        QWheelEvent wheel(QPointF(xOf(16), lane2), vp->mapToGlobal(QPointF(xOf(16), lane2)), QPoint(),
                          QPoint(0, 240), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(vp, &wheel);
        QVERIFY(view.pixelsPerEvent() > fit);
        QVERIFY(!view.fitsAll());
        QVERIFY(std::abs(view.eventAtX(xOf(16)) - anchor) < 1.0); // zoomed around the mouse
        view.zoomToFit();
        QCOMPARE(view.pixelsPerEvent(), fit);
    }

    // The viewport keeps its lanes in a pixmap between cursor moves, and a
    // cursor move repaints only around the cursor: what it shows after steps,
    // a selection, a scroll and a zoom is what a view painted afresh shows.
    void cachedLanesPaintAsFresh()
    {
        Recorder rec;
        recordSleeperMain(rec);
        Session session;
        session.setTrace(&rec.trace());
        session.setCursor(3);
        TimelineView view(&session);
        view.resize(700, 260);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto sameAsFresh = [&view, &session] {
            Session fresh;
            fresh.setTrace(&session.trace());
            fresh.setCursor(session.cursor());
            fresh.select(session.selected());
            TimelineView other(&fresh);
            other.resize(view.size());
            if (!view.fitsAll())
                other.setPixelsPerEvent(view.pixelsPerEvent());
            other.scrollToEvent(view.firstVisibleEvent());
            const QImage want = other.viewport()->grab().toImage();
            // What a repaint of the whole viewport gives (the lanes from the pixmap)…
            if (view.viewport()->grab().toImage() != want)
                return false;
            // …and what is on screen after the partial repaints of cursor moves.
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
            const QRect shown(view.viewport()->mapTo(&view, QPoint(0, 0)), view.viewport()->size());
            return view.screen()->grabWindow(view.winId()).toImage().copy(shown).convertToFormat(want.format()) == want;
        };
        view.viewport()->grab(); // paints once: the pixmap holds the lanes from here on
        for (std::size_t k = 4; k < 12; ++k) {
            session.setCursor(k);
            QVERIFY2(sameAsFresh(), qPrintable(QStringLiteral("at cursor %1").arg(k)));
        }
        session.select(2);
        QVERIFY(sameAsFresh());
        view.setPixelsPerEvent(view.pixelsPerEvent() * 3);
        view.scrollToEvent(4);
        QVERIFY(sameAsFresh());
        session.setCursor(2);
        QVERIFY(sameAsFresh());
    }

    void levelOfDetailPaints()
    {
        const Trace t = syntheticTrace(2000, 100); // 2000 lanes, 400,000 events
        Session session;
        session.setTrace(&t);
        TimelineView view(&session);
        view.resize(900, 500);
        QCOMPARE(view.data().laneCount(), std::size_t(2000));
        QCOMPARE(view.data().transitions(1).size(), std::size_t(201));
        QVERIFY(view.pixelsPerEvent() < 0.01); // thousands of transitions per pixel column
        QImage image(900, 500, QImage::Format_ARGB32_Premultiplied);
        QPainter p(&image);
        view.renderTo(p, image.rect());
        p.end();
        QVERIFY(colourCount(image) > 3);
        // The lanes far down are drawn when scrolled to, from the same lists.
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
        QCOMPARE(view.laneAt(view.rulerHeight() + 1) > 1900, true);
        QImage bottom(900, 500, QImage::Format_ARGB32_Premultiplied);
        QPainter q(&bottom);
        view.renderTo(q, bottom.rect());
        q.end();
        QVERIFY(colourCount(bottom) > 3);
    }
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
