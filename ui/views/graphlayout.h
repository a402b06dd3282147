#pragma once

// Graphviz `dot` layout of a small directed graph whose node and label sizes
// the caller measured with its own fonts: dot reserves exactly those boxes
// (fixed-size nodes, fixed-size table labels), so text drawn by Qt at the
// returned positions never overlaps. Coordinates are scene pixels, y down.

#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <vector>

namespace coroscope::ui {

struct GraphSpec
{
    struct Node
    {
        QSizeF size;
        bool ellipse = false;
    };
    struct Edge
    {
        int from = 0;
        int to = 0;
        QSizeF labelSize; // empty: no label
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    bool leftToRight = false;
    double nodeSep = 24;
    double rankSep = 36;
};

struct GraphLayout
{
    struct EdgePath
    {
        QPainterPath path;   // the spline, ending at the arrow's base
        QPointF arrowBase;
        QPointF arrowTip;
        QPointF labelCenter;
        QRectF labelRect; // the label's box around labelCenter, clear of every node and other label
        bool hasLabel = false;
    };
    bool ok = false;
    QString error;
    QRectF bounds;
    std::vector<QRectF> nodes; // same order as the spec
    std::vector<EdgePath> edges;
};

GraphLayout layoutGraph(const GraphSpec &spec);

} // namespace coroscope::ui
