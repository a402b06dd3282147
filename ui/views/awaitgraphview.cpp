#include "awaitgraphview.h"

#include "graphview.h"
#include "session.h"
#include "tracecolors.h"
#include "viewstyle.h"

#include <QLabel>
#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

namespace coroscope::ui {

AwaitGraphView::AwaitGraphView(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_header(new QLabel(this)), m_view(new GraphView(this)),
      m_timer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_header->setContentsMargins(6, 2, 6, 2);
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    layout->addWidget(m_header);
    layout->addWidget(m_view);
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &AwaitGraphView::refresh);
    connect(session, &Session::traceReset, this, &AwaitGraphView::scheduleRefresh);
    connect(session, &Session::cursorChanged, this, &AwaitGraphView::scheduleRefresh);
    connect(session, &Session::selectionChanged, this, &AwaitGraphView::scheduleRefresh);
    connect(session, &Session::showInternalsChanged, this, &AwaitGraphView::scheduleRefresh);
    connect(m_view, &GraphView::paletteChanged, this, &AwaitGraphView::refresh);
    connect(m_view, &GraphView::nodeClicked, this, [this](int node) {
        if (node >= 0 && std::size_t(node) < m_data.nodes.size() && m_data.nodes[std::size_t(node)].coro)
            m_session->select(m_data.nodes[std::size_t(node)].coro);
    });
    refresh();
}

void AwaitGraphView::scheduleRefresh()
{
    m_dirty = true;
    if (isVisible())
        m_timer->start();
}

void AwaitGraphView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        refresh();
}

void AwaitGraphView::refresh()
{
    m_dirty = false;
    m_timer->stop();
    const Trace &trace = m_session->trace();
    const Snapshot &snap = m_session->snapshot();
    m_data = AwaitGraph::compute(trace, snap, m_session->selected(), 120, m_session->showsInternals());

    const QPalette pal = m_view->palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor alarm = alarmColor(pal);
    DrawnGraph g;
    g.leftToRight = true;
    g.message = tr("Nobody awaits anything at this point.");
    g.focus = m_data.indexOf(m_session->selected());
    for (const auto &n : m_data.nodes) {
        DrawnGraph::Node d;
        d.title = n.label;
        d.text = text;
        if (n.coro == 0) { // a sleep or an external wait
            // A foreign awaiter's type name can run to 60 characters: its middle goes (the whole
            // name in the tooltip), so that the graph keeps a readable scale in its pane.
            constexpr qsizetype kMaxExternal = 36;
            if (n.label.size() > kMaxExternal) {
                d.title = n.label.left(kMaxExternal / 2) + QStringLiteral("…") + n.label.right(kMaxExternal / 2);
                d.toolTip = n.label;
            }
            d.ellipse = true;
            d.dashed = true;
            d.fill = pal.color(QPalette::Base);
            d.border = dimColor(pal);
        } else {
            const auto &c = snap.coroutine(n.coro);
            d.subtitle = nameOf(n.state);
            if (n.state == CoroutineState::Parked && c.site)
                d.subtitle += QStringLiteral(" at ") + siteText(trace, c.site);
            d.ellipse = trace.coroutine(n.coro).kind == CoroutineKind::Future;
            d.fill = stateFill(n.state, pal);
            d.border = stateColor(n.state, pal);
            d.toolTip = siteToolTip(trace, c.site);
            d.emphasis = n.coro == m_session->selected();
        }
        if (!n.note.isEmpty())
            d.subtitle = n.note;
        if (n.onCycle || n.stuck) {
            d.border = alarm;
            d.emphasis = true;
        }
        g.nodes.push_back(d);
    }
    for (const auto &e : m_data.edges) {
        DrawnGraph::Edge d{e.from, e.to, nameOf(e.kind), text, e.onCycle || e.stuck, false};
        if (e.onCycle || e.stuck)
            d.color = alarm;
        else if (!awaitsCoroutine(e.kind))
            d.color = dimColor(pal);
        g.edges.push_back(d);
    }
    m_view->setGraph(g);

    QString header;
    if (!m_data.cycle.empty()) {
        QStringList names;
        for (const CoroId id : m_data.cycle)
            names << coroutineLabel(trace, id);
        names << coroutineLabel(trace, m_data.cycle.front());
        header = tr("Deadlock: %1 — each waits for the next, nothing can wake them.").arg(names.join(QStringLiteral(" → ")));
    } else if (snap.deadlocked) {
        header = tr("Deadlock: the loop has nothing left to run while coroutines are still suspended.");
    } else {
        QSet<int> waiting;
        for (const auto &e : m_data.edges)
            waiting.insert(e.from);
        header = tr("%n coroutine(s) awaiting", nullptr, int(waiting.size()));
    }
    if (m_data.hidden > 0)
        header += tr(" (%1 more not shown)").arg(m_data.hidden);
    m_header->setText(header);
    QPalette hp = m_header->palette();
    hp.setColor(QPalette::WindowText, m_data.cycle.empty() && !snap.deadlocked ? pal.color(QPalette::WindowText) : alarm);
    m_header->setPalette(hp);
}

} // namespace coroscope::ui
