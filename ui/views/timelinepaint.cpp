// TimelineView's painting: everything renderTo() draws, level of detail included.

#include "timelineview.h"

#include "session.h"
#include "timelinecolors.h"
#include "tracecolors.h"
#include "viewstyle.h"

#include <QPainter>
#include <cmath>

namespace coroscope::ui {

namespace {

constexpr int kMaxArrows = 3000;

using State = TimelineData::State;

using Colors = TimelineColors;

void fillState(QPainter &p, const Colors &c, State s, double x0, double x1, int top, int h)
{
    if (x1 <= x0)
        return;
    const double w = x1 - x0;
    switch (s) {
    case State::Running:
        p.fillRect(QRectF(x0, top + 2, w, h - 4), c.running);
        break;
    case State::Parked:
        p.fillRect(QRectF(x0, top + 2, w, h - 4), c.parked);
        break;
    case State::Awaiting:
        p.fillRect(QRectF(x0, top + h * 0.32, w, h * 0.36), c.awaiting);
        break;
    case State::Created:
        p.fillRect(QRectF(x0, top + h / 2.0 - 1, w, 2), c.created);
        break;
    case State::None:
        break;
    }
}

void arrowHead(QPainter &p, QPointF from, QPointF to, const QColor &color)
{
    QPointF d = to - from;
    const double len = std::hypot(d.x(), d.y());
    if (len < 1)
        return;
    d /= len;
    const QPointF n(-d.y(), d.x());
    const double s = 5;
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawPolygon(QPolygonF{to, to - d * s + n * s * 0.5, to - d * s - n * s * 0.5});
}

} // namespace

void TimelineView::renderTo(QPainter &painter, const QRect &rect)
{
    render(painter, rect, false);
}

void TimelineView::renderLanes(QPainter &painter, const QRect &lanes, int firstLane, int lastLane, double e0,
                               double e1, bool cached)
{
    auto draw = [&](QPainter &p) {
        paintLanes(p, lanes, firstLane, lastLane);
        p.setRenderHint(QPainter::Antialiasing);
        paintArrows(p, lanes, firstLane, lastLane, e0, e1);
    };
    if (!cached) {
        draw(painter);
        return;
    }
    const Trace &trace = m_session->trace();
    const qreal dpr = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    const LanesKey key{lanes.size(), m_x0, m_ppe, m_yOffset, m_session->selected(), trace.size(),
                       m_resets, palette().cacheKey(), font().key(), dpr};
    if (key != m_lanesKey || m_lanes.isNull()) {
        m_lanes = QPixmap(lanes.size() * dpr);
        m_lanes.setDevicePixelRatio(dpr);
        m_lanes.fill(palette().color(QPalette::Base));
        QPainter p(&m_lanes);
        p.setFont(font());
        p.translate(-lanes.topLeft());
        draw(p);
        m_lanesKey = key;
    }
    painter.drawPixmap(lanes.topLeft(), m_lanes);
}

void TimelineView::render(QPainter &painter, const QRect &rect, bool cachedLanes)
{
    m_data.update(m_session->trace());
    m_paintWidth = rect.width();
    if (m_fit)
        m_ppe = fitPixelsPerEvent();
    const QRect area(0, 0, rect.width(), rect.height());
    painter.save();
    painter.translate(rect.topLeft());
    painter.setClipRect(area);
    painter.fillRect(area, palette().color(QPalette::Base));
    painter.setFont(font());

    const int R = rulerHeight(), H = laneHeight(), L = labelWidth();
    const double e0 = m_x0;
    const double e1 = m_x0 + contentWidth() / m_ppe;
    const int firstLane = m_yOffset / H + 1;
    const int lastLane = int(std::min<long long>(static_cast<long long>(m_data.laneCount()),
                                                 (static_cast<long long>(m_yOffset) + area.height() - R) / H + 1));
    const QRect lanes(L, R, area.width() - L, area.height() - R);
    painter.save();
    painter.setClipRect(lanes);
    renderLanes(painter, lanes, firstLane, lastLane, e0, e1, cachedLanes);
    painter.setRenderHint(QPainter::Antialiasing);
    const double xc = xOfEvent(double(m_session->cursor()));
    QColor future = palette().color(QPalette::Base);
    future.setAlpha(120);
    if (xc < lanes.right())
        painter.fillRect(QRectF(std::max<double>(xc, L), R, lanes.right() - std::max<double>(xc, L) + 1, lanes.height()),
                         future);
    painter.restore();
    paintLabels(painter, QRect(0, R, L, area.height() - R), firstLane, lastLane);
    paintRuler(painter, QRect(0, 0, area.width(), R), e0, e1);
    if (xc >= L && xc <= area.width()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.drawLine(QPointF(xc, R - 6), QPointF(xc, area.height()));
    }
    painter.restore();
    m_paintWidth = 0;
    if (m_fit)
        m_ppe = fitPixelsPerEvent();
}

void TimelineView::paintLanes(QPainter &p, const QRect &area, int firstLane, int lastLane)
{
    const Colors c(palette());
    const int H = laneHeight();
    const double e0 = m_x0, e1 = m_x0 + area.width() / m_ppe;
    const CoroId selected = m_session->selected();
    for (int lane = firstLane; lane <= lastLane; ++lane) {
        const int y = area.top() + (lane - firstLane) * H - m_yOffset % H;
        if (CoroId(lane) == selected)
            p.fillRect(QRect(area.left(), y, area.width(), H), mixColors(c.highlight, c.base, 0.14));
        p.fillRect(QRect(area.left(), y + H - 1, area.width(), 1), c.grid);
        paintLane(p, CoroId(lane), y, area, e0, e1);
    }
}

void TimelineView::paintLane(QPainter &p, CoroId id, int top, const QRect &area, double e0, double e1)
{
    const Colors c(palette());
    const int H = laneHeight();
    const auto &t = m_data.transitions(id);
    const auto laneEnd = std::uint32_t(m_data.eventCount());
    const auto posLess = [](const TimelineData::Transition &x, double pos) { return double(x.pos) < pos; };
    // The span containing e0, then one span or one merged pixel column per step.
    auto it = std::upper_bound(t.begin(), t.end(), std::floor(e0),
                               [](double pos, const TimelineData::Transition &x) { return pos < double(x.pos); });
    std::size_t i = it == t.begin() ? 0 : std::size_t(it - t.begin()) - 1;
    double clipLeft = area.left();
    double mergedFrom = -1, mergedTo = -1;
    auto flushMerged = [&] {
        if (mergedTo > mergedFrom)
            p.fillRect(QRectF(mergedFrom, top + 2, mergedTo - mergedFrom, H - 4), c.busy);
        mergedFrom = mergedTo = -1;
    };
    while (i < t.size() && double(t[i].pos) < e1) {
        const double begin = t[i].pos;
        const double end = i + 1 < t.size() ? t[i + 1].pos : std::max<double>(laneEnd, begin);
        const double xb = std::max(xOfEvent(begin), clipLeft), xe = xOfEvent(end);
        if (i + 1 >= t.size() || std::floor(xe) > std::floor(xb)) {
            fillState(p, c, t[i].state, xb, xe, top, H);
            clipLeft = area.left();
            ++i;
            continue;
        }
        // Several transitions start inside pixel column px: draw it once, as busy.
        const double px = std::floor(xb);
        const double nextEvent = eventAtX(px + 1);
        const std::size_t j = std::size_t(std::lower_bound(t.begin() + std::ptrdiff_t(i), t.end(), std::ceil(nextEvent), posLess) - t.begin());
        if (mergedTo != px)
            flushMerged();
        if (mergedFrom < 0)
            mergedFrom = px;
        mergedTo = px + 1;
        if (j <= i + 1) {
            fillState(p, c, t[i].state, xb, xe, top, H);
            ++i;
            continue;
        }
        i = j - 1;
        clipLeft = px + 1;
    }
    flushMerged();

    // Marks, at most one per few pixels.
    const auto &marks = m_data.marks(id);
    auto m = std::lower_bound(marks.begin(), marks.end(), std::floor(e0),
                              [](const TimelineData::Mark &x, double pos) { return double(x.pos) < pos; });
    const double s = std::max(3.0, H * 0.2);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    while (m != marks.end() && double(m->pos) < e1) {
        const double x = xOfEvent(m->pos + 0.5);
        const double cy = top + H / 2.0;
        QPolygonF shape;
        QColor color = c.out;
        switch (m->kind) {
        case TimelineData::MarkKind::Yield:
            shape = {QPointF(x, cy - s * 1.2), QPointF(x + s, cy + s * 0.4), QPointF(x - s, cy + s * 0.4)};
            break;
        case TimelineData::MarkKind::Send:
        case TimelineData::MarkKind::ThrowIn:
            color = m->kind == TimelineData::MarkKind::Send ? c.in : c.alarm;
            shape = {QPointF(x, cy + s * 1.2), QPointF(x + s, cy - s * 0.4), QPointF(x - s, cy - s * 0.4)};
            break;
        case TimelineData::MarkKind::Return:
        case TimelineData::MarkKind::Raise:
        case TimelineData::MarkKind::Cancel:
            color = m->kind == TimelineData::MarkKind::Return ? c.out
                : m->kind == TimelineData::MarkKind::Raise  ? c.alarm
                                                            : c.warning;
            shape = {QPointF(x, cy - s), QPointF(x + s, cy), QPointF(x, cy + s), QPointF(x - s, cy)};
            break;
        }
        p.setPen(QPen(c.base, 1.2));
        p.setBrush(color);
        p.drawPolygon(shape);
        m = std::lower_bound(m + 1, marks.end(), eventAtX(x + 2 * s),
                             [](const TimelineData::Mark &mk, double pos) { return double(mk.pos) < pos; });
    }
    p.restore();
}

void TimelineView::paintArrows(QPainter &p, const QRect &area, int firstLane, int lastLane, double e0, double e1)
{
    const Colors c(palette());
    const auto &arrows = m_data.arrows();
    const int H = laneHeight();
    auto laneY = [&](CoroId id) { return area.top() + (int(id) - firstLane) * H - m_yOffset % H + H / 2.0; };
    auto it = std::lower_bound(arrows.begin(), arrows.end(), std::floor(e0),
                               [](const TimelineData::Arrow &a, double pos) { return double(a.toPos) < pos; });
    const double stop = e1 + m_data.longestArrow();
    int drawn = 0;
    for (; it != arrows.end() && double(it->toPos) <= stop; ++it) {
        if (double(it->fromPos) > e1)
            continue;
        const double yFrom = laneY(it->from), yTo = laneY(it->to);
        if (std::max(yFrom, yTo) < area.top() || std::min(yFrom, yTo) > area.bottom())
            continue;
        if (++drawn > kMaxArrows)
            break;
        const QPointF a(xOfEvent(it->fromPos + 0.5), yFrom), b(xOfEvent(it->toPos + 0.5), yTo);
        QColor color = it->kind == TimelineData::ArrowKind::Await ? c.dim
            : it->kind == TimelineData::ArrowKind::Resume         ? c.out
                                                                  : c.in;
        QPen pen(color, 1.2);
        if (it->kind == TimelineData::ArrowKind::Await)
            pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.drawLine(a, b);
        arrowHead(p, a, b, color);
    }
    Q_UNUSED(lastLane);
}

void TimelineView::paintRuler(QPainter &p, const QRect &area, double e0, double e1)
{
    const Colors c(palette());
    const int L = labelWidth();
    const QFontMetrics fm = fontMetrics();
    p.fillRect(area, mixColors(c.text, c.base, 0.07));
    p.fillRect(QRect(area.left(), area.bottom(), area.width(), 1), c.grid);
    const std::size_t total = m_session->trace().size();
    p.setPen(c.text);
    // The current event and the last one, numbered as the Log and the status bar number them.
    const QString where = total == 0 || m_session->cursor() == 0
                              ? tr("no events")
                              : tr("event %1 / %2")
                                    .arg(m_session->runEventNumber(m_session->cursor() - 1))
                                    .arg(m_session->runEventNumber(total - 1));
    p.drawText(QRect(6, 0, L - 12, area.height()), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(where, Qt::ElideRight, L - 12));
    // Ticks every 1, 2 or 5 × 10^k events, far enough apart for their labels.
    const double minGap = fm.horizontalAdvance(QString::number(qulonglong(std::max<double>(e1, 10)))) + 16;
    double step = 1;
    for (double mag = 1;; mag *= 10) {
        if (mag * m_ppe >= minGap) { step = mag; break; }
        if (2 * mag * m_ppe >= minGap) { step = 2 * mag; break; }
        if (5 * mag * m_ppe >= minGap) { step = 5 * mag; break; }
    }
    p.save();
    p.setClipRect(QRect(L, 0, area.width() - L, area.height()));
    p.setPen(c.dim);
    for (double e = std::floor(e0 / step) * step; e <= e1; e += step) {
        const double x = xOfEvent(e);
        p.drawLine(QPointF(x, area.height() * 0.55), QPointF(x, area.height()));
        p.drawText(QPointF(x + 3, fm.ascent() + 2), QString::number(qulonglong(e)));
    }
    p.restore();
}

void TimelineView::paintLabels(QPainter &p, const QRect &area, int firstLane, int lastLane)
{
    const Colors c(palette());
    const int H = laneHeight();
    const Trace &trace = m_session->trace();
    const Snapshot &snap = m_session->snapshot();
    QFont bold = font();
    bold.setBold(true);
    p.fillRect(area, mixColors(c.text, c.base, 0.04));
    p.fillRect(QRect(area.right(), area.top(), 1, area.height()), c.grid);
    p.save();
    p.setClipRect(area);
    p.setRenderHint(QPainter::Antialiasing);
    for (int lane = firstLane; lane <= lastLane; ++lane) {
        const int y = area.top() + (lane - firstLane) * H - m_yOffset % H;
        const CoroId id = CoroId(lane);
        const CoroutineState state = snap.coroutine(id).state;
        const bool selected = id == m_session->selected();
        if (selected)
            p.fillRect(QRect(area.left(), y, area.width() - 1, H), mixColors(c.highlight, c.base, 0.22));
        p.setPen(Qt::NoPen);
        p.setBrush(state == CoroutineState::Absent ? c.dim : stateColor(state, palette()));
        const double r = H * 0.18;
        p.drawEllipse(QPointF(area.left() + 8 + r, y + H / 2.0), r, r);
        p.setFont(selected ? bold : font());
        p.setPen(state == CoroutineState::Absent ? c.dim : c.text);
        const int textX = area.left() + 14 + int(2 * r);
        const QString label = coroutineLabel(trace, id);
        p.drawText(QRect(textX, y, area.width() - textX - 4, H), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(p.font()).elidedText(label, Qt::ElideMiddle, area.width() - textX - 4));
    }
    p.restore();
}

} // namespace coroscope::ui
