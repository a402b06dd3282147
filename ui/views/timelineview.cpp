#include "timelineview.h"

#include "session.h"

#include <QMouseEvent>
#include <QPainter>
#include <QRegion>
#include <QScrollBar>
#include <QWheelEvent>
#include <climits>
#include <cmath>

namespace coroscope::ui {

namespace {
// Horizontal scroll bar units: pixels at the current zoom, coarser when a
// trace is too long for an int.
double barUnit(double totalPixels)
{
    return std::max(1.0, std::ceil(totalPixels / 1e9));
}
} // namespace

TimelineView::TimelineView(Session *session, QWidget *parent) : QAbstractScrollArea(parent), m_session(session)
{
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(false);
    setMinimumHeight(rulerHeight() + 3 * laneHeight());
    connect(session, &Session::traceReset, this, [this] {
        ++m_resets;
        m_lastCursor = m_session->cursor();
        m_data.reset();
        m_x0 = 0;
        m_yOffset = 0;
        m_fit = true;
        sync();
    });
    connect(session, &Session::traceGrown, this, &TimelineView::sync);
    connect(session, &Session::cursorChanged, this, &TimelineView::onCursorChanged);
    connect(session, &Session::selectionChanged, viewport(), qOverload<>(&QWidget::update));
    m_lastCursor = session->cursor();
    sync();
}

int TimelineView::rulerHeight() const
{
    return fontMetrics().height() + 10;
}

int TimelineView::laneHeight() const
{
    return fontMetrics().height() + 6;
}

int TimelineView::labelWidth() const
{
    // Cached: xOfEvent() asks for it once per span drawn, and measuring the text shapes it every time.
    if (m_labelWidth < 0)
        m_labelWidth = std::clamp(fontMetrics().horizontalAdvance(QStringLiteral("accumulator#100000")) + 20, 120, 260);
    return m_labelWidth;
}

double TimelineView::contentWidth() const
{
    const int w = m_paintWidth > 0 ? m_paintWidth : viewport()->width();
    return std::max(1, w - labelWidth());
}

double TimelineView::xOfEvent(double event) const
{
    return labelWidth() + (event - m_x0) * m_ppe;
}

double TimelineView::eventAtX(double x) const
{
    return m_x0 + (x - labelWidth()) / m_ppe;
}

CoroId TimelineView::laneAt(int y) const
{
    if (y < rulerHeight())
        return 0;
    const long long lane = (static_cast<long long>(y) - rulerHeight() + m_yOffset) / laneHeight() + 1;
    return lane >= 1 && std::size_t(lane) <= m_data.laneCount() ? CoroId(lane) : 0;
}

double TimelineView::fitPixelsPerEvent() const
{
    const double events = std::max<double>(1, double(m_data.eventCount()));
    return std::min(kMaxPixelsPerEvent, contentWidth() / events);
}

void TimelineView::sync()
{
    m_data.update(m_session->trace());
    if (m_fit) {
        m_ppe = fitPixelsPerEvent();
        m_x0 = 0;
    }
    updateScrollBars();
    viewport()->update();
}

void TimelineView::onCursorChanged()
{
    const std::size_t previous = std::exchange(m_lastCursor, m_session->cursor());
    if (m_data.eventCount() != m_session->trace().size()) {
        sync(); // the trace changed under the cursor: everything again
    } else {
        // Only the cursor moved: the ruler's "event k / n", the labels' states
        // and the strip between the old and the new cursor line change. The
        // rest of the lanes stays on screen as it is.
        const int R = rulerHeight(), L = labelWidth(), w = viewport()->width(), h = viewport()->height();
        const double a = xOfEvent(double(previous)), b = xOfEvent(double(m_lastCursor));
        const int left = int(std::floor(std::min(a, b))) - 3, right = int(std::ceil(std::max(a, b))) + 3;
        QRegion dirty(0, 0, w, R);
        dirty += QRect(0, R, L, h - R);
        dirty += QRect(left, 0, right - left, h);
        viewport()->update(dirty);
    }
    if (m_fit || m_drag == Drag::Scrub)
        return;
    const double cursor = double(m_session->cursor());
    const double visible = contentWidth() / m_ppe;
    if (cursor < m_x0 || cursor > m_x0 + visible)
        scrollToEvent(cursor - visible / 2);
}

void TimelineView::setPixelsPerEvent(double ppe, double anchorX)
{
    const double fit = fitPixelsPerEvent();
    ppe = std::clamp(ppe, fit, kMaxPixelsPerEvent);
    if (anchorX < 0)
        anchorX = labelWidth() + contentWidth() / 2;
    const double anchor = eventAtX(anchorX);
    m_ppe = ppe;
    m_fit = ppe <= fit;
    m_x0 = m_fit ? 0 : anchor - (anchorX - labelWidth()) / m_ppe;
    scrollToEvent(m_x0);
}

void TimelineView::zoomToFit()
{
    m_fit = true;
    sync();
}

void TimelineView::scrollToEvent(double firstEvent)
{
    const double visible = contentWidth() / m_ppe;
    const double maxX0 = std::max(0.0, double(m_data.eventCount()) - visible);
    m_x0 = std::clamp(firstEvent, 0.0, maxX0);
    updateScrollBars();
    viewport()->update();
}

void TimelineView::scrollToLane(CoroId id)
{
    const int top = int(id - 1) * laneHeight();
    const int visible = viewport()->height() - rulerHeight();
    if (top < m_yOffset || top + laneHeight() > m_yOffset + visible)
        verticalScrollBar()->setValue(top - visible / 2);
}

void TimelineView::updateScrollBars()
{
    m_syncingBars = true;
    const double total = double(m_data.eventCount()) * m_ppe;
    const double unit = barUnit(total);
    const double page = contentWidth();
    QScrollBar *h = horizontalScrollBar();
    h->setRange(0, int(std::max(0.0, (total - page) / unit)));
    h->setPageStep(int(std::max(1.0, page / unit)));
    h->setSingleStep(int(std::max(1.0, 20 / unit)));
    h->setValue(int(m_x0 * m_ppe / unit));
    const long long lanesPx = static_cast<long long>(m_data.laneCount()) * laneHeight();
    const int pageY = std::max(1, viewport()->height() - rulerHeight());
    QScrollBar *v = verticalScrollBar();
    v->setRange(0, int(std::clamp<long long>(lanesPx - pageY, 0, INT_MAX)));
    v->setPageStep(pageY);
    v->setSingleStep(laneHeight());
    m_yOffset = std::min(m_yOffset, v->maximum());
    v->setValue(m_yOffset);
    m_syncingBars = false;
}

void TimelineView::scrollContentsBy(int, int)
{
    if (m_syncingBars)
        return;
    const double unit = barUnit(double(m_data.eventCount()) * m_ppe);
    m_x0 = horizontalScrollBar()->value() * unit / m_ppe;
    m_yOffset = verticalScrollBar()->value();
    viewport()->update();
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    if (m_fit)
        m_ppe = fitPixelsPerEvent();
    else
        m_ppe = std::max(m_ppe, fitPixelsPerEvent());
    updateScrollBars();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ControlModifier) {
        setPixelsPerEvent(m_ppe * std::pow(1.25, steps), event->position().x());
    } else if (event->modifiers() & Qt::ShiftModifier) {
        scrollToEvent(m_x0 - steps * 60 / m_ppe);
    } else {
        verticalScrollBar()->setValue(verticalScrollBar()->value() - int(steps * 3 * laneHeight()));
    }
    event->accept();
}

void TimelineView::scrubTo(int x)
{
    const double e = std::floor(eventAtX(x));
    const auto size = double(m_session->trace().size());
    m_session->setCursor(std::size_t(std::clamp(e + 1, 0.0, size)));
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    const QPoint pos = event->position().toPoint();
    m_pressPos = pos;
    m_pressX0 = m_x0;
    m_pressY = m_yOffset;
    m_moved = false;
    if (pos.y() < rulerHeight() && pos.x() >= labelWidth()) {
        m_drag = Drag::Scrub;
        m_session->setFollowLive(false);
        scrubTo(pos.x());
    } else {
        m_drag = Drag::Pan;
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Scrub) {
        scrubTo(pos.x());
    } else if (m_drag == Drag::Pan) {
        const QPoint d = pos - m_pressPos;
        if (d.manhattanLength() > 3)
            m_moved = true;
        if (m_moved) {
            if (!m_fit)
                scrollToEvent(m_pressX0 - d.x() / m_ppe);
            verticalScrollBar()->setValue(m_pressY - d.y());
        }
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_drag == Drag::Pan && !m_moved) {
        if (const CoroId id = laneAt(event->position().toPoint().y()))
            m_session->select(id);
    }
    m_drag = Drag::None;
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        m_labelWidth = -1;
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        viewport()->update();
    return QAbstractScrollArea::viewportEvent(event);
}

void TimelineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        m_labelWidth = -1;
    QAbstractScrollArea::changeEvent(event);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    render(p, viewport()->rect(), true);
}

} // namespace coroscope::ui
