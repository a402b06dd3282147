#include "statemachineview.h"

#include "graphview.h"
#include "session.h"
#include "tracecolors.h"
#include "viewstyle.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace coroscope::ui {

namespace {
constexpr int kMaxLabel = 44;
constexpr int kMaxSnippet = 34;

QString elided(const QString &s, int max)
{
    return s.size() <= max ? s : s.left(max - 1) + QChar(0x2026);
}

// The source of a suspension point, short: without a trailing comment, and
// from its co_await / co_yield on when the whole line is too long.
QString pointSnippet(QString line)
{
    const qsizetype comment = line.indexOf(QStringLiteral("//"));
    if (comment >= 0 && line.left(comment).count(u'"') % 2 == 0)
        line.truncate(comment);
    line = line.trimmed();
    if (line.size() <= kMaxSnippet)
        return line;
    qsizetype point = line.indexOf(QStringLiteral("co_await"));
    if (point < 0)
        point = line.indexOf(QStringLiteral("co_yield"));
    if (point > 0)
        return elided(QChar(0x2026) + line.mid(point), kMaxSnippet);
    return elided(line, kMaxSnippet);
}
} // namespace

StateMachineView::StateMachineView(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_header(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_graph(new GraphView(this)), m_text(new QPlainTextEdit(this)), m_timer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_header->setContentsMargins(6, 2, 6, 2);
    m_header->setTextFormat(Qt::PlainText);
    layout->addWidget(m_header);
    layout->addWidget(m_tabs);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_graph, tr("Graph"));
    m_tabs->addTab(m_text, tr("Lowered"));
    m_tabs->setTabToolTip(0, tr("Its suspension points as states; edges are the protocol moves taken"));
    m_tabs->setTabToolTip(1, tr("Lowered: the body as the compiler rewrites it, a switch over its suspension "
                                "points that resumes at the saved one (the state machine in C++)"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &StateMachineView::refresh);
    connect(session, &Session::traceReset, this, &StateMachineView::scheduleRefresh);
    connect(session, &Session::traceGrown, this, &StateMachineView::scheduleRefresh);
    connect(session, &Session::cursorChanged, this, &StateMachineView::scheduleRefresh);
    connect(session, &Session::selectionChanged, this, &StateMachineView::scheduleRefresh);
    connect(session, &Session::sourceChanged, this, &StateMachineView::scheduleRefresh);
    connect(m_graph, &GraphView::paletteChanged, this, &StateMachineView::refresh);
    refresh();
}

void StateMachineView::scheduleRefresh()
{
    m_dirty = true;
    if (isVisible())
        m_timer->start();
}

void StateMachineView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        refresh();
}

QStringList StateMachineView::sourceLinesFor(CoroId id) const
{
    const Trace &trace = m_session->trace();
    if (id == 0 || id > trace.coroutineCount() || m_session->sourceFileName().isEmpty())
        return {};
    if (trace.site(trace.coroutine(id).creationSite).fileName() != m_session->sourceFileName())
        return {};
    return m_session->sourceText().split(u'\n');
}

void StateMachineView::refresh()
{
    m_dirty = false;
    m_timer->stop();
    const Trace &trace = m_session->trace();
    const CoroId id = m_session->selected();
    if (id != 0 && id <= trace.coroutineCount())
        m_machine = StateMachine::compute(trace, id, m_session->index().eventsOf(id), m_session->cursor());
    else
        m_machine = StateMachine{};
    const QStringList lines = sourceLinesFor(id);
    if (m_machine.coroutine == 0) {
        m_header->setText(tr("Select a coroutine to see its state machine."));
    } else {
        const auto &c = m_session->snapshot().coroutine(id);
        const QString where = m_machine.nodeTitle(trace, m_machine.current);
        // One phrase: the state and where it is, never the same word twice ("done — done").
        QString state = nameOf(c.state);
        if (where.isEmpty())
            state = tr("not created yet");
        else if (m_machine.running)
            state = tr("running (resumed from %1)").arg(where);
        else if (c.state == CoroutineState::Parked)
            state = tr("suspended at %1").arg(where);
        else if (c.state == CoroutineState::Created)
            state = tr("created, not started yet");
        else if (where != state)
            state += QStringLiteral(" — ") + where;
        m_header->setText(QStringLiteral("%1 — %2").arg(coroutineLabel(trace, id), state));
    }
    updateGraph(lines);
    updateLowered(lines);
}

void StateMachineView::updateGraph(const QStringList &sourceLines)
{
    const Trace &trace = m_session->trace();
    const QPalette pal = m_graph->palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor highlight = pal.color(QPalette::Highlight);
    DrawnGraph g;
    g.message = tr("No coroutine selected");
    g.focus = m_machine.current;
    for (std::size_t i = 0; i < m_machine.nodes.size(); ++i) {
        const auto &n = m_machine.nodes[i];
        DrawnGraph::Node d;
        d.title = m_machine.nodeTitle(trace, int(i));
        if (n.kind == StateMachine::NodeKind::Site) {
            d.title = QStringLiteral("%1 · %2").arg(n.caseNumber).arg(d.title);
            const int line = n.site ? trace.site(n.site).line : 0;
            if (line > 0 && line <= sourceLines.size())
                d.subtitle = pointSnippet(sourceLines.at(line - 1));
            d.toolTip = siteToolTip(trace, n.site);
        }
        const bool reached = n.visits > 0;
        CoroutineState look = CoroutineState::Parked;
        if (n.kind == StateMachine::NodeKind::Start)
            look = CoroutineState::Created;
        else if (n.kind == StateMachine::NodeKind::Done || n.kind == StateMachine::NodeKind::Closed)
            look = CoroutineState::Done;
        else if (n.kind == StateMachine::NodeKind::Failed || n.kind == StateMachine::NodeKind::Destroyed)
            look = CoroutineState::Failed;
        else if (n.kind == StateMachine::NodeKind::Cancelled)
            look = CoroutineState::Cancelled;
        d.ellipse = n.kind != StateMachine::NodeKind::Site;
        d.fill = reached ? stateFill(look, pal) : pal.color(QPalette::Base);
        d.border = reached ? stateColor(look, pal) : dimColor(pal);
        if (look == CoroutineState::Created || look == CoroutineState::Done)
            d.border = reached ? text : dimColor(pal);
        d.text = reached ? text : dimColor(pal);
        d.dashed = !reached;
        if (int(i) == m_machine.current) {
            d.emphasis = true;
            d.border = highlight;
            d.fill = mixColors(highlight, pal.color(QPalette::Base), m_machine.running ? 0.15 : 0.35);
        }
        g.nodes.push_back(d);
    }
    for (std::size_t i = 0; i < m_machine.edges.size(); ++i) {
        const auto &e = m_machine.edges[i];
        DrawnGraph::Edge d{e.from, e.to, elided(e.label(), kMaxLabel), text, false, false};
        if (e.count > 1)
            d.label += QStringLiteral("  ×%1").arg(e.count);
        if (e.count == 0) {
            d.color = dimColor(pal);
            d.dashed = true;
        }
        if (int(i) == m_machine.lastEdge) {
            d.color = highlight;
            d.emphasis = true;
        }
        g.edges.push_back(d);
    }
    m_graph->setGraph(g);
}

void StateMachineView::updateLowered(const QStringList &sourceLines)
{
    m_lowered = lowerToSwitch(m_session->trace(), m_machine, sourceLines);
    const QString text = m_machine.coroutine ? m_lowered.text : tr("// Select a coroutine to see its lowered form.");
    if (m_text->toPlainText() != text)
        m_text->setPlainText(text);
    QList<QTextEdit::ExtraSelection> selections;
    const int current = m_machine.current;
    if (current >= 0 && std::size_t(current) < m_lowered.blocks.size() && m_lowered.blocks[std::size_t(current)].first >= 0) {
        const auto [first, last] = m_lowered.blocks[std::size_t(current)];
        const QPalette pal = m_text->palette();
        QTextEdit::ExtraSelection sel;
        sel.format.setBackground(mixColors(pal.color(QPalette::Highlight), pal.color(QPalette::Base), 0.30));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        for (int line = first; line <= last; ++line) {
            sel.cursor = QTextCursor(m_text->document()->findBlockByNumber(line));
            selections << sel;
        }
        QTextCursor at(m_text->document()->findBlockByNumber(last));
        m_text->setTextCursor(at);
        m_text->ensureCursorVisible();
        m_text->setTextCursor(QTextCursor(m_text->document()->findBlockByNumber(first)));
        m_text->ensureCursorVisible();
    }
    m_text->setExtraSelections(selections);
}

} // namespace coroscope::ui
