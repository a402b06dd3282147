#pragma once

// GraphView: a directed graph laid out by Graphviz dot and drawn in a
// QGraphicsScene, shared by the State machine and Await graph docks. Node and
// label boxes are measured with the view's font, so nothing is clipped at any
// zoom. Ctrl+wheel zooms around the mouse; until the user zooms, the graph is
// fitted to the view on every resize (never below a readable scale: a large
// graph scrolls instead, kept centred on its focus node), and laid out the
// other way round (top to bottom instead of left to right, or back) when that
// fits the view at a clearly larger scale.

#include "graphlayout.h"

#include <QColor>
#include <QGraphicsView>
#include <QHash>
#include <QString>
#include <vector>

namespace coroscope::ui {

struct DrawnGraph
{
    struct Node
    {
        QString title;    // first line (bold when `emphasis`)
        QString subtitle; // optional further lines, '\n'-separated
        QColor fill;
        QColor border;
        QColor text;
        bool emphasis = false; // thicker border, bold title: the current state
        bool ellipse = false;
        bool dashed = false;   // not reached yet
        QString toolTip;
    };
    struct Edge
    {
        int from = 0;
        int to = 0;
        QString label; // may hold '\n'
        QColor color;
        bool emphasis = false;
        bool dashed = false;
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    bool leftToRight = false;
    int focus = -1;    // kept in view when the graph is larger than the view
    QString message;   // shown when there are no nodes
};

class GraphView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit GraphView(QWidget *parent = nullptr);

    void setGraph(const DrawnGraph &graph);
    const GraphLayout &currentLayout() const noexcept { return m_layout; }
    const DrawnGraph &graph() const noexcept { return m_graph; }

    qreal zoom() const;
    void setZoom(qreal factor); // turns fitting off
    void fitToView();           // and keeps fitting on resize
    bool fitsAutomatically() const noexcept { return m_autoFit; }

    // Fitting shrinks a graph down to this scale; a graph that would need less (hundreds of
    // nodes, where no text could be read) scrolls around its focus node instead.
    static constexpr qreal kMinFitScale = 0.4;

Q_SIGNALS:
    void nodeClicked(int index);
    void paletteChanged();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuildScene();
    void applyFit();
    QSizeF nodeSize(const DrawnGraph::Node &n) const;
    QSizeF labelSize(const QString &label) const;
    qreal fitScale(const GraphLayout &layout) const; // at most 1
    const GraphLayout &chooseLayout() const;

    QGraphicsScene *m_scene;
    DrawnGraph m_graph;
    GraphLayout m_layout;    // the one drawn: m_preferred or m_turned
    GraphLayout m_preferred; // in the graph's own direction
    GraphLayout m_turned;    // the other way round
    QHash<QByteArray, GraphLayout> m_cache; // by measured structure: moving the cursor re-lays nothing
    bool m_autoFit = true;
};

} // namespace coroscope::ui
