#include "graphlayout.h"

#include <algorithm>

#include <graphviz/gvc.h>

#include <QtMath>

#include <memory>

namespace coroscope::ui {

namespace {

// cgraph predates const: its string parameters are char*, never written.
char *c(const char *s)
{
    return const_cast<char *>(s);
}

GVC_t *context()
{
    struct Free
    {
        void operator()(GVC_t *g) const { gvFreeContext(g); }
    };
    static const std::unique_ptr<GVC_t, Free> gvc = [] {
        agseterr(AGERR); // warnings would go to stderr
        return std::unique_ptr<GVC_t, Free>(gvContext());
    }();
    return gvc.get();
}

QByteArray inches(double px)
{
    return QByteArray::number(px / 72.0, 'f', 4);
}

// An invisible table of exactly the label's size: dot keeps room for it and
// reports its centre; Qt draws the text there.
QByteArray labelHtml(QSizeF size)
{
    return QByteArrayLiteral("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLPADDING=\"0\" CELLSPACING=\"0\" "
                             "FIXEDSIZE=\"TRUE\" WIDTH=\"")
        + QByteArray::number(qCeil(size.width())) + QByteArrayLiteral("\" HEIGHT=\"")
        + QByteArray::number(qCeil(size.height())) + QByteArrayLiteral("\"><TR><TD></TD></TR></TABLE>");
}

// dot does not always keep edge labels apart: the labels of two loops on one
// node come out side by side over each other. A label that meets a node or a
// label placed before it moves down until it is clear of everything.
void separateLabels(GraphLayout &out)
{
    constexpr double kGap = 2;
    std::vector<QRectF> placed = out.nodes;
    for (GraphLayout::EdgePath &e : out.edges) {
        if (!e.hasLabel)
            continue;
        QRectF r = e.labelRect;
        for (bool moved = true; moved;) {
            moved = false;
            for (const QRectF &other : placed) {
                if (r.intersects(other.adjusted(-kGap, -kGap, kGap, kGap))) {
                    r.moveTop(other.bottom() + kGap + 0.5);
                    moved = true;
                }
            }
        }
        e.labelRect = r;
        e.labelCenter = r.center();
        out.bounds = out.bounds.united(r);
        placed.push_back(r);
    }
}

} // namespace

GraphLayout layoutGraph(const GraphSpec &spec)
{
    GraphLayout out;
    if (spec.nodes.empty()) {
        out.ok = true;
        return out;
    }
    GVC_t *gvc = context();
    Agraph_t *g = agopen(c("g"), Agdirected, nullptr);
    agattr(g, AGRAPH, c("rankdir"), c(spec.leftToRight ? "LR" : "TB"));
    agattr(g, AGRAPH, c("nodesep"), inches(spec.nodeSep).data());
    agattr(g, AGRAPH, c("ranksep"), inches(spec.rankSep).data());
    // Separate components (coroutines awaiting nothing, several await chains) packed into a
    // roughly square block rather than one long row that would have to shrink to fit a pane.
    // Not with edge labels: packing moves the components but leaves their labels where the
    // unpacked layout put them (Graphviz 2.42: "yield from" landed under the wrong node).
    const bool labelled = std::any_of(spec.edges.begin(), spec.edges.end(),
                                      [](const GraphSpec::Edge &e) { return !e.labelSize.isEmpty(); });
    if (!labelled)
        agattr(g, AGRAPH, c("pack"), c("true"));
    agattr(g, AGNODE, c("shape"), c("box"));
    agattr(g, AGNODE, c("fixedsize"), c("true"));
    agattr(g, AGNODE, c("label"), c(""));
    agattr(g, AGNODE, c("width"), c("1"));
    agattr(g, AGNODE, c("height"), c("0.5"));
    agattr(g, AGEDGE, c("label"), c(""));

    std::vector<Agnode_t *> nodes;
    nodes.reserve(spec.nodes.size());
    for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
        const QByteArray name = 'n' + QByteArray::number(qulonglong(i));
        Agnode_t *n = agnode(g, c(name.constData()), 1);
        agset(n, c("width"), inches(std::max(1.0, spec.nodes[i].size.width())).data());
        agset(n, c("height"), inches(std::max(1.0, spec.nodes[i].size.height())).data());
        if (spec.nodes[i].ellipse)
            agset(n, c("shape"), c("ellipse"));
        nodes.push_back(n);
    }
    std::vector<Agedge_t *> edges;
    edges.reserve(spec.edges.size());
    for (const auto &e : spec.edges) {
        const bool valid = e.from >= 0 && e.to >= 0 && std::size_t(e.from) < nodes.size()
            && std::size_t(e.to) < nodes.size();
        Agedge_t *edge = valid ? agedge(g, nodes[std::size_t(e.from)], nodes[std::size_t(e.to)], nullptr, 1) : nullptr;
        if (edge && !e.labelSize.isEmpty()) {
            const QByteArray html = labelHtml(e.labelSize);
            char *label = agstrdup_html(g, c(html.constData()));
            agset(edge, c("label"), label);
            agstrfree(g, label);
        }
        edges.push_back(edge);
    }

    if (gvLayout(gvc, g, "dot") != 0) {
        out.error = QStringLiteral("Graphviz could not lay the graph out");
        agclose(g);
        return out;
    }
    const boxf bb = GD_bb(g);
    const double top = bb.UR.y;
    auto toScene = [top](pointf p) { return QPointF(p.x, top - p.y); };
    out.bounds = QRectF(QPointF(bb.LL.x, 0), QPointF(bb.UR.x, top - bb.LL.y));
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const QPointF centre = toScene(ND_coord(nodes[i]));
        const QSizeF size = spec.nodes[i].size;
        out.nodes.push_back(QRectF(centre - QPointF(size.width() / 2, size.height() / 2), size));
    }
    for (std::size_t k = 0; k < edges.size(); ++k) {
        Agedge_t *e = edges[k];
        GraphLayout::EdgePath path;
        const splines *spl = e ? ED_spl(e) : nullptr;
        if (spl && spl->size > 0 && spl->list[0].size > 0) {
            const bezier &b = spl->list[0];
            path.path.moveTo(toScene(b.sflag ? b.sp : b.list[0]));
            if (b.sflag)
                path.path.lineTo(toScene(b.list[0]));
            for (int k = 1; k + 2 < b.size; k += 3)
                path.path.cubicTo(toScene(b.list[k]), toScene(b.list[k + 1]), toScene(b.list[k + 2]));
            path.arrowBase = toScene(b.list[b.size - 1]);
            path.arrowTip = b.eflag ? toScene(b.ep) : path.arrowBase;
            if (!b.eflag && b.size > 1)
                path.arrowBase = toScene(b.list[b.size - 2]);
        }
        if (e && ED_label(e)) {
            path.hasLabel = true;
            path.labelCenter = toScene(ED_label(e)->pos);
            const QSizeF size = spec.edges[k].labelSize;
            path.labelRect = QRectF(path.labelCenter - QPointF(size.width() / 2, size.height() / 2), size);
        }
        out.edges.push_back(path);
    }
    gvFreeLayout(gvc, g);
    agclose(g);
    separateLabels(out);
    out.ok = true;
    return out;
}

} // namespace coroscope::ui
