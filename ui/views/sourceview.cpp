#include "sourceview.h"

#include "cpphighlighter.h"
#include "session.h"
#include "tracecolors.h"
#include "viewstyle.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextBlock>
#include <QTimer>
#include <QToolTip>

namespace coroscope::ui {

class SourceGutter : public QWidget
{
public:
    explicit SourceGutter(SourceView *view) : QWidget(view), m_view(view) { setMouseTracking(true); }
    QSize sizeHint() const override { return QSize(m_view->gutterWidth(), 0); }

protected:
    void paintEvent(QPaintEvent *event) override { m_view->paintGutter(event); }
    void mousePressEvent(QMouseEvent *event) override
    {
        const int line = m_view->lineAtGutterY(int(event->position().y()));
        if (event->button() == Qt::LeftButton && line > 0)
            m_view->toggleBreakpoint(line);
    }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            const int line = m_view->lineAtGutterY(help->pos().y());
            const QString hint = tr("Click or F9: toggle a breakpoint (one on a line without a suspension point "
                                    "moves to the next one)");
            if (m_view->m_lines.contains(line))
                QToolTip::showText(help->globalPos(), m_view->markToolTip(line) + u'\n' + hint, this);
            else if (line > 0)
                QToolTip::showText(help->globalPos(), hint, this);
            else
                QToolTip::hideText();
            return true;
        }
        return QWidget::event(event);
    }

private:
    SourceView *m_view;
};

SourceView::SourceView(Session *session, QWidget *parent)
    : QPlainTextEdit(parent), m_session(session), m_gutter(new SourceGutter(this)),
      m_highlighter(new CppHighlighter(document())), m_timer(new QTimer(this))
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_highlighter->setPalette(palette());
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &SourceView::refresh);
    connect(this, &QPlainTextEdit::blockCountChanged, this, &SourceView::updateGutterGeometry);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
    connect(session, &Session::traceReset, this, [this] {
        m_marks.reset();
        scheduleRefresh();
    });
    connect(session, &Session::traceGrown, this, &SourceView::scheduleRefresh);
    connect(session, &Session::cursorChanged, this, &SourceView::scheduleRefresh);
    connect(session, &Session::selectionChanged, this, &SourceView::scheduleRefresh);
    connect(session, &Session::sourceChanged, this, &SourceView::loadSource);
    connect(session, &Session::breakpointsChanged, this, [this] {
        m_gutter->update();
        Q_EMIT breakpointsChanged(breakpointLines());
    });
    loadSource();
}

void SourceView::loadSource()
{
    m_highlighter->setLanguage(m_session->sourceFileName().endsWith(QLatin1String(".py"))
                                   ? CppHighlighter::Language::Python
                                   : CppHighlighter::Language::Cpp);
    setPlainText(m_session->sourceText());
    m_marks.setFile(m_session->sourceFileName(), m_session->sourceText());
    m_currentLine = 0;
    updateGutterGeometry();
    refresh();
}

void SourceView::scheduleRefresh()
{
    m_dirty = true;
    if (isVisible())
        m_timer->start();
}

void SourceView::showEvent(QShowEvent *event)
{
    QPlainTextEdit::showEvent(event);
    if (m_dirty)
        refresh();
}

void SourceView::refresh()
{
    m_dirty = false;
    m_timer->stop();
    const Trace &trace = m_session->trace();
    const Snapshot &snap = m_session->snapshot();
    m_marks.update(trace);
    const CoroId current = SourceMarks::currentCoroutine(trace, snap, m_session->selected());
    m_lines = m_marks.lines(trace, snap, current);
    int line = current ? m_marks.lineOf(trace, snap, current) : 0;
    if (line == 0)
        line = m_session->sourceLine();
    const bool moved = line != m_currentLine;
    m_currentLine = line;
    updateLineHighlight();
    if (moved && line > 0) {
        const QTextBlock block = document()->findBlockByNumber(line - 1);
        const QRectF r = blockBoundingGeometry(block).translated(contentOffset());
        if (r.top() < 0 || r.bottom() > viewport()->height()) {
            setTextCursor(QTextCursor(block));
            centerCursor();
        }
    }
    m_gutter->update();
}

void SourceView::updateLineHighlight()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (m_currentLine > 0) {
        QTextEdit::ExtraSelection sel;
        sel.format.setBackground(mixColors(palette().color(QPalette::Highlight), palette().color(QPalette::Base), 0.28));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        sel.cursor = QTextCursor(document()->findBlockByNumber(m_currentLine - 1));
        selections << sel;
    }
    setExtraSelections(selections);
}

QSet<int> SourceView::breakpointLines() const
{
    QSet<int> lines;
    const QString file = m_session->sourceFileName();
    for (const Breakpoint &b : m_session->breakpoints())
        if (b.file == file)
            lines.insert(b.line);
    return lines;
}

int SourceView::toggleBreakpoint(int line)
{
    refresh(); // the marks are coalesced and skipped while hidden: a key press may come first
    const QString file = m_session->sourceFileName();
    int target = line;
    if (!m_session->hasBreakpoint(file, line) && !m_lines.value(line).suspension) {
        target = 0;
        for (auto it = m_lines.upperBound(line); it != m_lines.cend() && !target; ++it)
            if (it->suspension)
                target = it.key();
    }
    if (target == 0) {
        Q_EMIT note(tr("No breakpoint: line %1 has no suspension point (co_await / co_yield) at or below it, "
                       "so a run would never stop there")
                        .arg(line));
        return 0;
    }
    m_session->toggleBreakpoint(file, target);
    const bool set = m_session->hasBreakpoint(file, target);
    if (target != line)
        Q_EMIT note(set ? tr("Breakpoint moved from line %1 to line %2, the next suspension point").arg(line).arg(target)
                        : tr("Breakpoint on line %1 (the next suspension point) removed").arg(target));
    else
        Q_EMIT note(set ? tr("Breakpoint on line %1: Continue (F5) stops there").arg(target)
                        : tr("Breakpoint on line %1 removed").arg(target));
    return target;
}

QList<int> SourceView::reachedLines() const
{
    QList<int> out;
    for (auto it = m_lines.cbegin(); it != m_lines.cend(); ++it)
        if (it->reached)
            out << it.key();
    return out;
}

QMap<int, int> SourceView::parkedLines() const
{
    QMap<int, int> out;
    for (auto it = m_lines.cbegin(); it != m_lines.cend(); ++it)
        if (it->parkedOthers > 0)
            out.insert(it.key(), it->parkedOthers);
    return out;
}

QString SourceView::markToolTip(int line) const
{
    return m_marks.toolTip(m_session->trace(), m_session->snapshot(), line);
}

int SourceView::gutterWidth() const
{
    const QFontMetrics fm(font());
    const int digits = std::max(3, int(QString::number(std::max(1, blockCount())).size()));
    return fm.height() + fm.horizontalAdvance(u'9') * digits + fm.height() * 3 / 2 + 6;
}

void SourceView::updateGutterGeometry()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void SourceView::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    updateGutterGeometry();
}

void SourceView::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        updateLineHighlight();
        m_gutter->update();
    } else if (event->type() == QEvent::FontChange) {
        updateGutterGeometry();
    }
}

int SourceView::lineAtGutterY(int y) const
{
    for (QTextBlock block = firstVisibleBlock(); block.isValid(); block = block.next()) {
        const QRectF r = blockBoundingGeometry(block).translated(contentOffset());
        if (r.top() > y)
            break;
        if (y < r.bottom())
            return block.blockNumber() + 1;
    }
    return 0;
}

QRect SourceView::gutterLineRect(int line) const
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid() || !block.isVisible())
        return {};
    const QRectF r = blockBoundingGeometry(block).translated(contentOffset());
    if (r.bottom() < 0 || r.top() > viewport()->height())
        return {};
    return QRect(0, int(r.top()), m_gutter->width(), int(r.height()));
}

void SourceView::paintGutter(QPaintEvent *event)
{
    QPainter p(m_gutter);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(event->rect(), mixColors(pal.color(QPalette::Text), pal.color(QPalette::Base), 0.05));
    const QFontMetrics fm(font());
    const int h = fm.height();
    const int bpX = 2, numRight = h + fm.horizontalAdvance(u'9') * std::max(3, int(QString::number(blockCount()).size())) + 2;
    const int markX = numRight + 4;
    const QSet<int> breakpoints = breakpointLines();
    QFont bold = font();
    bold.setBold(true);
    for (QTextBlock block = firstVisibleBlock(); block.isValid(); block = block.next()) {
        const QRectF r = blockBoundingGeometry(block).translated(contentOffset());
        if (r.top() > event->rect().bottom())
            break;
        if (!block.isVisible() || r.bottom() < event->rect().top())
            continue;
        const int line = block.blockNumber() + 1;
        const qreal cy = r.top() + r.height() / 2;
        const bool current = line == m_currentLine;
        if (breakpoints.contains(line)) {
            p.setPen(Qt::NoPen);
            p.setBrush(alarmColor(pal));
            p.drawEllipse(QPointF(bpX + h / 2.0, cy), h * 0.36, h * 0.36);
        }
        p.setFont(current ? bold : font());
        p.setPen(current ? pal.color(QPalette::Text) : dimColor(pal));
        p.drawText(QRectF(bpX + h, r.top(), numRight - bpX - h, r.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(line));
        const qreal s = h * 0.32;
        const QPointF c(markX + h * 0.55, cy);
        if (current) {
            QPainterPath arrow;
            arrow.moveTo(c + QPointF(-s, -s * 1.1));
            arrow.lineTo(c + QPointF(s * 1.2, 0));
            arrow.lineTo(c + QPointF(-s, s * 1.1));
            arrow.closeSubpath();
            p.setPen(Qt::NoPen);
            p.setBrush(pal.color(QPalette::Highlight));
            p.drawPath(arrow);
            continue;
        }
        const auto it = m_lines.constFind(line);
        if (it == m_lines.constEnd())
            continue;
        if (it->parkedOthers > 0) {
            p.setPen(Qt::NoPen);
            p.setBrush(parkedMarkColor(pal));
            p.drawEllipse(c, s, s);
            continue;
        }
        QPolygonF diamond{c + QPointF(0, -s), c + QPointF(s, 0), c + QPointF(0, s), c + QPointF(-s, 0)};
        p.setPen(QPen(it->reached ? outColor(pal) : dimColor(pal), 1.4));
        p.setBrush(it->reached ? QBrush(outColor(pal)) : Qt::NoBrush);
        p.drawPolygon(diamond);
    }
}

} // namespace coroscope::ui
