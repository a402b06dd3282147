#include "timelinelegend.h"

#include "timelinecolors.h"

#include <QPainter>
#include <QPainterPath>

namespace coroscope::ui {

namespace {

enum class Swatch {
    Running,
    Suspended,
    Awaiting,
    Created,
    Busy,
    Yield,
    Send,
    ThrowIn,
    Return,
    Raise,
    Cancel,
    AwaitArrow,
    ResumeArrow,
    CallArrow
};

struct Entry
{
    Swatch swatch;
    const char *text;
};

constexpr Entry kEntries[] = {
    {Swatch::Running, "running: its body executes"},
    {Swatch::Suspended, "suspended at a co_yield (Python: yield), waiting for next() or send()"},
    {Swatch::Awaiting, "suspended at a co_await (Python: await), waiting for what it awaits"},
    {Swatch::Created, "created, not started yet"},
    {Swatch::Busy, "many transitions in one pixel: zoom in (Ctrl+wheel)"},
    {Swatch::Yield, "yield: a value comes out"},
    {Swatch::Send, "send(): a value goes in"},
    {Swatch::ThrowIn, "throw(): an exception is thrown in"},
    {Swatch::Return, "return (StopIteration.value)"},
    {Swatch::Raise, "raise: an exception escapes"},
    {Swatch::Cancel, "cancelled"},
    {Swatch::AwaitArrow, "awaits: from the awaiting coroutine to what it awaits"},
    {Swatch::ResumeArrow, "resumes: the awaited one finished and wakes its awaiter"},
    {Swatch::CallArrow, "next(), send() or a first await: the caller resumes it"},
};

void drawSwatch(QPainter &p, const TimelineColors &c, Swatch s, const QRectF &r)
{
    const double h = r.height(), cy = r.center().y(), x = r.center().x();
    const double m = std::max(3.0, h * 0.2);
    auto mark = [&](const QPolygonF &shape, const QColor &color) {
        p.setPen(QPen(c.base, 1.2));
        p.setBrush(color);
        p.drawPolygon(shape);
    };
    const QPolygonF up{QPointF(x, cy - m * 1.2), QPointF(x + m, cy + m * 0.4), QPointF(x - m, cy + m * 0.4)};
    const QPolygonF down{QPointF(x, cy + m * 1.2), QPointF(x + m, cy - m * 0.4),
                         QPointF(x - m, cy - m * 0.4)};
    const QPolygonF diamond{QPointF(x, cy - m), QPointF(x + m, cy), QPointF(x, cy + m), QPointF(x - m, cy)};
    auto arrow = [&](const QColor &color, Qt::PenStyle style) {
        QPen pen(color, 1.2);
        pen.setStyle(style);
        p.setPen(pen);
        const QPointF a(r.left() + 2, cy), b(r.right() - 2, cy);
        p.drawLine(a, b);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawPolygon(QPolygonF{b, b - QPointF(6, 3), b - QPointF(6, -3)});
    };
    switch (s) {
    case Swatch::Running:
        p.fillRect(r.adjusted(0, 2, 0, -2), c.running);
        break;
    case Swatch::Suspended:
        p.fillRect(r.adjusted(0, 2, 0, -2), c.parked);
        break;
    case Swatch::Awaiting:
        p.fillRect(QRectF(r.left(), r.top() + h * 0.32, r.width(), h * 0.36), c.awaiting);
        break;
    case Swatch::Created:
        p.fillRect(QRectF(r.left(), cy - 1, r.width(), 2), c.created);
        break;
    case Swatch::Busy:
        p.fillRect(r.adjusted(0, 2, 0, -2), c.busy);
        break;
    case Swatch::Yield:
        mark(up, c.out);
        break;
    case Swatch::Send:
        mark(down, c.in);
        break;
    case Swatch::ThrowIn:
        mark(down, c.alarm);
        break;
    case Swatch::Return:
        mark(diamond, c.out);
        break;
    case Swatch::Raise:
        mark(diamond, c.alarm);
        break;
    case Swatch::Cancel:
        mark(diamond, c.warning);
        break;
    case Swatch::AwaitArrow:
        arrow(c.dim, Qt::DashLine);
        break;
    case Swatch::ResumeArrow:
        arrow(c.out, Qt::SolidLine);
        break;
    case Swatch::CallArrow:
        arrow(c.in, Qt::SolidLine);
        break;
    }
}

} // namespace

TimelineLegend::TimelineLegend(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("timelineLegend"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

QStringList TimelineLegend::entries()
{
    QStringList out;
    for (const Entry &e : kEntries)
        out << QString::fromUtf8(e.text);
    return out;
}

int TimelineLegend::rowHeight() const
{
    return fontMetrics().height() + 6;
}

QSize TimelineLegend::sizeHint() const
{
    int w = 0;
    for (const QString &t : entries())
        w = std::max(w, fontMetrics().horizontalAdvance(t));
    return QSize(w + 60, rowHeight() * int(std::size(kEntries)) + 8);
}

void TimelineLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const TimelineColors c(palette());
    const int H = rowHeight();
    int y = 4;
    for (const Entry &e : kEntries) {
        p.save();
        drawSwatch(p, c, e.swatch, QRectF(8, y, 36, H));
        p.restore();
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(52, y, width() - 56, H), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::fromUtf8(e.text));
        y += H;
    }
}

} // namespace coroscope::ui
