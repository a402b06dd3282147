#include "graphview.h"

#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QWheelEvent>
#include <QtMath>

namespace coroscope::ui {

namespace {
constexpr qreal kPadX = 10;
constexpr qreal kPadY = 6;
constexpr qreal kLabelPad = 3;
constexpr qreal kMargin = 16;
constexpr int kNodeRole = 0;

QFont boldOf(QFont f)
{
    f.setBold(true);
    return f;
}
} // namespace

GraphView::GraphView(QWidget *parent) : QGraphicsView(parent), m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setBackgroundRole(QPalette::Base);
}

QSizeF GraphView::nodeSize(const DrawnGraph::Node &n) const
{
    const QFontMetricsF bold(boldOf(font()));
    const QFontMetricsF plain(font());
    qreal w = bold.horizontalAdvance(n.title);
    qreal h = bold.height();
    if (!n.subtitle.isEmpty()) {
        for (const QString &line : n.subtitle.split(u'\n')) {
            w = std::max(w, plain.horizontalAdvance(line));
            h += plain.height();
        }
    }
    QSizeF size(std::ceil(w + 2 * kPadX), std::ceil(h + 2 * kPadY));
    if (n.ellipse) // the text box inscribed in the ellipse
        size *= M_SQRT2;
    return size;
}

QSizeF GraphView::labelSize(const QString &label) const
{
    if (label.isEmpty())
        return {};
    const QFontMetricsF fm(font());
    qreal w = 0;
    const QStringList lines = label.split(u'\n');
    for (const QString &line : lines)
        w = std::max(w, fm.horizontalAdvance(line));
    return QSizeF(std::ceil(w + 2 * kLabelPad), std::ceil(fm.height() * qreal(lines.size()) + 2 * kLabelPad));
}

void GraphView::setGraph(const DrawnGraph &graph)
{
    m_graph = graph;
    GraphSpec spec;
    QByteArray key;
    for (const auto &n : graph.nodes) {
        spec.nodes.push_back(GraphSpec::Node{nodeSize(n), n.ellipse});
        key += 'n' + QByteArray::number(spec.nodes.back().size.width()) + 'x'
            + QByteArray::number(spec.nodes.back().size.height()) + (n.ellipse ? 'e' : 'b');
    }
    for (const auto &e : graph.edges) {
        spec.edges.push_back(GraphSpec::Edge{e.from, e.to, labelSize(e.label)});
        const QSizeF l = spec.edges.back().labelSize;
        key += 'e' + QByteArray::number(e.from) + '-' + QByteArray::number(e.to) + ':'
            + QByteArray::number(l.width()) + 'x' + QByteArray::number(l.height());
    }
    auto layout = [&](bool leftToRight) {
        spec.leftToRight = leftToRight;
        const QByteArray k = (leftToRight ? "LR" : "TB") + key;
        auto cached = m_cache.constFind(k);
        if (cached != m_cache.constEnd())
            return *cached;
        if (m_cache.size() > 64)
            m_cache.clear();
        return *m_cache.insert(k, layoutGraph(spec));
    };
    m_preferred = layout(graph.leftToRight);
    m_turned = layout(!graph.leftToRight);
    m_layout = chooseLayout();
    rebuildScene();
    if (m_autoFit)
        applyFit();
    else if (graph.focus >= 0 && std::size_t(graph.focus) < m_layout.nodes.size())
        ensureVisible(m_layout.nodes[std::size_t(graph.focus)], 24, 24);
}

qreal GraphView::fitScale(const GraphLayout &layout) const
{
    const QSizeF scene = layout.bounds.adjusted(-kMargin, -kMargin, kMargin, kMargin).size();
    const QSize view = viewport()->size();
    if (scene.isEmpty() || view.isEmpty())
        return 1.0;
    return std::min({view.width() / scene.width(), view.height() / scene.height(), 1.0});
}

const GraphLayout &GraphView::chooseLayout() const
{
    // The graph's own direction, unless turning it lets it be drawn clearly larger: a long
    // await chain laid out left to right in a tall pane reads better top to bottom.
    if (!m_turned.ok || m_graph.nodes.size() < 2)
        return m_preferred;
    return fitScale(m_turned) > fitScale(m_preferred) * 1.15 ? m_turned : m_preferred;
}

void GraphView::rebuildScene()
{
    m_scene->clear();
    const QPalette pal = palette();
    m_scene->setBackgroundBrush(pal.color(QPalette::Base));
    if (m_graph.nodes.empty() || !m_layout.ok) {
        auto *text = m_scene->addSimpleText(m_layout.ok ? m_graph.message : m_layout.error, font());
        text->setBrush(pal.color(QPalette::PlaceholderText));
        m_scene->setSceneRect(text->boundingRect().adjusted(-kMargin, -kMargin, kMargin, kMargin));
        return;
    }
    const QFont plain = font();
    const QFont bold = boldOf(plain);
    const QFontMetricsF fmBold(bold), fmPlain(plain);

    for (std::size_t i = 0; i < m_graph.edges.size() && i < m_layout.edges.size(); ++i) {
        const auto &e = m_graph.edges[i];
        const auto &geo = m_layout.edges[i];
        QPen pen(e.color, e.emphasis ? 2.5 : 1.2);
        pen.setCosmetic(false);
        if (e.dashed)
            pen.setStyle(Qt::DashLine);
        auto *line = m_scene->addPath(geo.path, pen);
        line->setZValue(1);
        QPointF dir = geo.arrowTip - geo.arrowBase;
        const qreal len = std::hypot(dir.x(), dir.y());
        if (len > 0.01) {
            dir /= len;
            const QPointF normal(-dir.y(), dir.x());
            const qreal size = e.emphasis ? 11 : 9;
            const QPointF base = geo.arrowTip - dir * size;
            QPolygonF head{geo.arrowTip, base + normal * size * 0.45, base - normal * size * 0.45};
            if (!geo.path.isEmpty())
                m_scene->addLine(QLineF(geo.path.currentPosition(), base), pen)->setZValue(1);
            auto *arrow = m_scene->addPolygon(head, QPen(e.color, 1), QBrush(e.color));
            arrow->setZValue(1);
        }
        if (geo.hasLabel && !e.label.isEmpty()) {
            const QSizeF box = labelSize(e.label);
            const QRectF r(geo.labelCenter - QPointF(box.width() / 2, box.height() / 2), box);
            QColor bg = pal.color(QPalette::Base);
            bg.setAlpha(220);
            auto *plate = m_scene->addRect(r, Qt::NoPen, bg);
            plate->setZValue(2);
            qreal y = r.top() + kLabelPad;
            for (const QString &text : e.label.split(u'\n')) {
                auto *item = m_scene->addSimpleText(text, e.emphasis ? bold : plain);
                item->setBrush(pal.color(QPalette::Text));
                item->setPos(r.center().x() - (e.emphasis ? fmBold : fmPlain).horizontalAdvance(text) / 2, y);
                item->setZValue(3);
                y += fmPlain.height();
            }
        }
    }
    for (std::size_t i = 0; i < m_graph.nodes.size() && i < m_layout.nodes.size(); ++i) {
        const auto &n = m_graph.nodes[i];
        const QRectF r = m_layout.nodes[i];
        QPainterPath shape;
        if (n.ellipse)
            shape.addEllipse(r);
        else
            shape.addRoundedRect(r, 6, 6);
        QPen pen(n.border, n.emphasis ? 3 : 1.2);
        if (n.dashed)
            pen.setStyle(Qt::DashLine);
        auto *box = m_scene->addPath(shape, pen, n.fill);
        box->setZValue(4);
        box->setData(kNodeRole, int(i));
        box->setToolTip(n.toolTip);
        QStringList lines{n.title};
        if (!n.subtitle.isEmpty())
            lines += n.subtitle.split(u'\n');
        qreal y = r.center().y() - (fmBold.height() + fmPlain.height() * qreal(lines.size() - 1)) / 2;
        for (int k = 0; k < lines.size(); ++k) {
            const QFont &f = k == 0 ? bold : plain;
            auto *item = m_scene->addSimpleText(lines[k], f);
            item->setBrush(n.text);
            item->setPos(r.center().x() - QFontMetricsF(f).horizontalAdvance(lines[k]) / 2, y);
            item->setZValue(5);
            item->setData(kNodeRole, int(i));
            y += k == 0 ? fmBold.height() : fmPlain.height();
        }
    }
    m_scene->setSceneRect(m_layout.bounds.adjusted(-kMargin, -kMargin, kMargin, kMargin));
}

qreal GraphView::zoom() const
{
    return transform().m11();
}

void GraphView::setZoom(qreal factor)
{
    m_autoFit = false;
    factor = std::clamp(factor, 0.05, 8.0);
    setTransform(QTransform::fromScale(factor, factor));
}

void GraphView::fitToView()
{
    m_autoFit = true;
    applyFit();
}

void GraphView::applyFit()
{
    const QRectF scene = sceneRect();
    const QSize view = viewport()->size();
    if (scene.isEmpty() || view.isEmpty())
        return;
    // A pixel to spare: a scene a hair wider than the view would bring in a scroll bar.
    const qreal s = std::clamp(std::min((view.width() - 1) / scene.width(), (view.height() - 1) / scene.height()),
                               kMinFitScale, 1.0);
    setTransform(QTransform::fromScale(s, s));
    const int focus = m_graph.focus;
    if (focus >= 0 && std::size_t(focus) < m_layout.nodes.size()
        && (scene.width() * s > view.width() || scene.height() * s > view.height()))
        centerOn(m_layout.nodes[std::size_t(focus)].center());
    else
        centerOn(scene.center());
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        setZoom(zoom() * std::pow(1.15, steps));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void GraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (!m_autoFit)
        return;
    const GraphLayout &best = chooseLayout();
    if (best.bounds != m_layout.bounds || best.nodes.size() != m_layout.nodes.size()) {
        m_layout = best;
        rebuildScene();
    }
    applyFit();
}

void GraphView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        if (QGraphicsItem *item = itemAt(event->position().toPoint())) {
            const QVariant node = item->data(kNodeRole);
            if (node.isValid())
                Q_EMIT nodeClicked(node.toInt());
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphView::changeEvent(QEvent *event)
{
    QGraphicsView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        Q_EMIT paletteChanged();
    else if (event->type() == QEvent::FontChange)
        setGraph(m_graph);
}

} // namespace coroscope::ui
