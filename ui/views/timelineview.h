#pragma once

// The Timeline dock: one lane per coroutine (lane order = coroutine id) with
// its running and parked spans, yield / send / return marks and await /
// resume arrows. The x axis is the event index (sequence, not time: every
// transition gets the same width, so short bursts stay readable). The
// cursor is a vertical line; what lies after it is dimmed.
//
// Ctrl+wheel zooms around the mouse, the wheel scrolls lanes (Shift: along
// x), dragging the lanes pans, dragging on the ruler scrubs through history
// (moves the Session's cursor), clicking a lane selects its coroutine.
//
// It stays smooth with 100,000 coroutines and millions of events: only the
// visible lanes are drawn, from precomputed span lists (TimelineData), and a
// pixel column holding many transitions is drawn as one merged "busy" span.
// On screen, the lanes and arrows are kept in a pixmap while nothing they show
// changed, so that a step (which only moves the cursor) repaints the cursor,
// the dimming after it, the ruler and the labels' states.

#include <coroscope/timelinedata.h>

#include <QAbstractScrollArea>
#include <QPixmap>

namespace coroscope::ui {

class Session;

class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit TimelineView(Session *session, QWidget *parent = nullptr);

    // Paints what the viewport shows, at the current zoom and scroll, into `rect`
    // (the size of the area to lay out; the benchmark's entry point). Everything
    // is drawn afresh: the lanes pixmap is the viewport's alone.
    void renderTo(QPainter &painter, const QRect &rect);

    const TimelineData &data() const noexcept { return m_data; }

    double pixelsPerEvent() const noexcept { return m_ppe; }
    // Zooms keeping the event under viewport x `anchorX` in place; turns fitting off unless it fits.
    void setPixelsPerEvent(double ppe, double anchorX = -1);
    void zoomToFit(); // and keep fitting as the trace grows
    bool fitsAll() const noexcept { return m_fit; }
    double firstVisibleEvent() const noexcept { return m_x0; }
    void scrollToEvent(double firstEvent);
    void scrollToLane(CoroId id);

    // Geometry in viewport coordinates.
    int rulerHeight() const;
    int laneHeight() const;
    int labelWidth() const;
    double xOfEvent(double event) const;
    double eventAtX(double x) const;
    CoroId laneAt(int y) const; // 0 outside the lanes

    static constexpr double kMaxPixelsPerEvent = 48;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void sync();
    void onCursorChanged();
    void updateScrollBars();
    double fitPixelsPerEvent() const;
    double contentWidth() const; // the lanes' width, without the label column
    void scrubTo(int x);
    void paintLanes(QPainter &p, const QRect &area, int firstLane, int lastLane);
    void paintLane(QPainter &p, CoroId id, int top, const QRect &area, double e0, double e1);
    void paintArrows(QPainter &p, const QRect &area, int firstLane, int lastLane, double e0, double e1);
    void paintRuler(QPainter &p, const QRect &area, double e0, double e1);
    void paintLabels(QPainter &p, const QRect &area, int firstLane, int lastLane);

    Session *m_session;
    TimelineData m_data;
    double m_ppe = 1;  // pixels per event
    double m_x0 = 0;   // first visible event (fractional)
    int m_yOffset = 0; // pixels scrolled down the lanes
    bool m_fit = true;
    bool m_syncingBars = false;
    enum class Drag { None, Scrub, Pan } m_drag = Drag::None;
    QPoint m_pressPos;
    double m_pressX0 = 0;
    int m_pressY = 0;
    bool m_moved = false;
    int m_paintWidth = 0; // the width renderTo lays out for (the viewport's, when painting it)
    mutable int m_labelWidth = -1; // labelWidth(), measured once per font

    // What the lanes pixmap shows; any difference redraws it.
    struct LanesKey
    {
        QSize size;
        double x0 = -1, ppe = 0;
        int yOffset = 0;
        CoroId selected = 0;
        std::size_t events = 0, resets = 0; // a history drop is a reset too
        qint64 palette = 0;
        QString font;
        qreal dpr = 0;
        bool operator==(const LanesKey &) const = default;
    };
    void render(QPainter &painter, const QRect &rect, bool cachedLanes);
    void renderLanes(QPainter &painter, const QRect &lanes, int firstLane, int lastLane, double e0, double e1,
                     bool cached);
    QPixmap m_lanes;
    LanesKey m_lanesKey;
    std::size_t m_resets = 0; // trace resets, part of the key
    std::size_t m_lastCursor = 0; // the cursor the viewport shows (onCursorChanged repaints around it)
};

} // namespace coroscope::ui
