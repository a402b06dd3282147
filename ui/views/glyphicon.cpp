#include "glyphicon.h"

#include "tracecolors.h"

#include <QApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace coroscope::ui {

namespace {

QColor accent(Glyph g, const QPalette &p)
{
    const bool dark = isDarkPalette(p);
    switch (g) {
    case Glyph::Continue:
        return dark ? QColor(0x5f, 0xd0, 0x72) : QColor(0x1e, 0x8e, 0x3e);
    case Glyph::Pause:
        return dark ? QColor(0xf0, 0xa8, 0x40) : QColor(0xc2, 0x6a, 0x00);
    case Glyph::Restart:
        return dark ? QColor(0x79, 0xb8, 0xff) : QColor(0x1a, 0x64, 0xc8);
    case Glyph::Send:
        return inColor(p);
    default:
        return p.color(QPalette::WindowText);
    }
}

// A circular arc with an arrowhead at its end, in a 24-unit box.
void arcArrow(QPainter &p, QRectF box, double startDeg, double spanDeg)
{
    QPainterPath path;
    path.arcMoveTo(box, startDeg);
    path.arcTo(box, startDeg, spanDeg);
    p.drawPath(path);
    const QPointF end = path.currentPosition();
    const double a = qDegreesToRadians(startDeg + spanDeg);
    // The tangent of a counter-clockwise arc (Qt's y axis points down).
    const double dir = spanDeg > 0 ? 1 : -1;
    const QPointF tangent(-std::sin(a) * dir, -std::cos(a) * dir);
    const QPointF normal(-tangent.y(), tangent.x());
    QPainterPath head;
    head.moveTo(end + tangent * 3.2);
    head.lineTo(end - tangent * 1.6 + normal * 3.2);
    head.lineTo(end - tangent * 1.6 - normal * 3.2);
    head.closeSubpath();
    p.save();
    p.setPen(Qt::NoPen);
    p.setBrush(p.pen().color());
    p.drawPath(head);
    p.restore();
}

void drawGlyph(QPainter &p, Glyph g, const QColor &color)
{
    QPen pen(color, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    switch (g) {
    case Glyph::Step:
        arcArrow(p, QRectF(4, 5, 15, 13), 180, -150);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QPointF(11.5, 19.5), 2.4, 2.4);
        break;
    case Glyph::StepBack:
        arcArrow(p, QRectF(5, 5, 15, 13), 0, 150);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QPointF(12.5, 19.5), 2.4, 2.4);
        break;
    case Glyph::StepLoop:
        arcArrow(p, QRectF(5, 5, 14, 14), 120, -300);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QPointF(12, 12), 2.2, 2.2);
        break;
    case Glyph::Continue: {
        QPainterPath tri;
        tri.moveTo(7, 4.5);
        tri.lineTo(19.5, 12);
        tri.lineTo(7, 19.5);
        tri.closeSubpath();
        p.setBrush(color);
        p.drawPath(tri);
        break;
    }
    case Glyph::Pause:
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawRoundedRect(QRectF(6, 5, 4.2, 14), 1, 1);
        p.drawRoundedRect(QRectF(13.8, 5, 4.2, 14), 1, 1);
        break;
    case Glyph::Restart:
        arcArrow(p, QRectF(5, 5, 14, 14), 60, 280);
        break;
    case Glyph::Live: {
        p.setBrush(color);
        QPainterPath a;
        a.moveTo(4, 6);
        a.lineTo(11, 12);
        a.lineTo(4, 18);
        a.closeSubpath();
        a.moveTo(11, 6);
        a.lineTo(18, 12);
        a.lineTo(11, 18);
        a.closeSubpath();
        p.drawPath(a);
        p.drawLine(QPointF(20, 5.5), QPointF(20, 18.5));
        break;
    }
    case Glyph::Send: {
        QPainterPath plane;
        plane.moveTo(3.5, 11);
        plane.lineTo(20.5, 4);
        plane.lineTo(14, 20.5);
        plane.lineTo(11.5, 13);
        plane.closeSubpath();
        p.setBrush(color);
        p.drawPath(plane);
        break;
    }
    case Glyph::Sample: {
        p.drawRoundedRect(QRectF(5, 3.5, 14, 17), 2, 2);
        p.drawLine(QPointF(8.5, 9), QPointF(15.5, 9));
        p.drawLine(QPointF(8.5, 12.5), QPointF(15.5, 12.5));
        p.drawLine(QPointF(8.5, 16), QPointF(13, 16));
        break;
    }
    case Glyph::Pin: {
        // A push pin, head up, leaning right: its needle is what holds the selection.
        p.translate(12, 12);
        p.rotate(35);
        p.translate(-12, -12);
        p.setBrush(color);
        p.drawRoundedRect(QRectF(8.5, 3, 7, 3), 1, 1);
        QPainterPath body;
        body.moveTo(10, 6);
        body.lineTo(14, 6);
        body.lineTo(15.5, 13);
        body.lineTo(8.5, 13);
        body.closeSubpath();
        p.drawPath(body);
        p.drawLine(QPointF(7, 13.5), QPointF(17, 13.5));
        p.drawLine(QPointF(12, 14), QPointF(12, 21));
        break;
    }
    }
}

class GlyphEngine final : public QIconEngine
{
public:
    explicit GlyphEngine(Glyph g) : m_glyph(g) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const QPalette pal = QApplication::palette();
        QColor c = accent(m_glyph, pal);
        if (mode == QIcon::Disabled) {
            c = pal.color(QPalette::Disabled, QPalette::WindowText);
            c.setAlphaF(0.55);
        }
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const double side = std::min(rect.width(), rect.height());
        painter->translate(rect.x() + (rect.width() - side) / 2.0, rect.y() + (rect.height() - side) / 2.0);
        painter->scale(side / 24.0, side / 24.0);
        drawGlyph(*painter, m_glyph, c);
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        QPixmap pm(size * scale);
        pm.fill(Qt::transparent);
        {
            QPainter p(&pm);
            paint(&p, QRect(QPoint(), pm.size()), mode, state);
        }
        pm.setDevicePixelRatio(scale);
        return pm;
    }

    QIconEngine *clone() const override { return new GlyphEngine(m_glyph); }

private:
    Glyph m_glyph;
};

} // namespace

QIcon glyphIcon(Glyph glyph)
{
    return QIcon(new GlyphEngine(glyph));
}

} // namespace coroscope::ui
