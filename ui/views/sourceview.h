#pragma once

// The Source dock: the running program's source, highlighted, with a gutter
// of line numbers, a mark at every suspension point (filled once a coroutine
// parked there before the cursor, hollow before), a dot where other
// coroutines are parked now, and breakpoints toggled by clicking the gutter.
// The current coroutine's point is lit: the selected coroutine, else the
// running one, else the one of the current event. Hovering a mark shows the
// values last seen there.

#include <coroscope/sourcemarks.h>

#include <QPlainTextEdit>
#include <QSet>

class QTimer;

namespace coroscope::ui {

class CppHighlighter;
class Session;

class SourceView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit SourceView(Session *session, QWidget *parent = nullptr);

    // Breakpoints of the shown file (kept in the Session, so the run controller sees them).
    QSet<int> breakpointLines() const;
    // Toggles a breakpoint on a suspension point. A line with none moves the breakpoint to the
    // next suspension point below it, as debuggers move one to the next line with code; with none
    // below, nothing is set. Returns the line toggled (0 for none) and says what happened in note().
    int toggleBreakpoint(int line);

    // What the gutter shows now (after refresh()).
    QList<int> suspensionLines() const { return m_lines.keys(); }
    QList<int> reachedLines() const;
    QMap<int, int> parkedLines() const; // line → other coroutines parked there
    int currentLine() const noexcept { return m_currentLine; }
    QString markToolTip(int line) const;

    QWidget *gutter() const noexcept { return m_gutter; }
    // The gutter rectangle of a (1-based) line, in gutter coordinates; empty when not on screen.
    QRect gutterLineRect(int line) const;
    int gutterWidth() const;
    CppHighlighter *highlighter() const noexcept { return m_highlighter; }

public Q_SLOTS:
    void refresh(); // now (otherwise coalesced, and skipped while hidden)

Q_SIGNALS:
    void breakpointsChanged(const QSet<int> &lines);
    // What a toggle did, for the status bar: "Breakpoint moved to line 19, the next suspension point".
    void note(const QString &text);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    friend class SourceGutter;
    void loadSource();
    void scheduleRefresh();
    void paintGutter(QPaintEvent *event);
    int lineAtGutterY(int y) const;
    void updateGutterGeometry();
    void updateLineHighlight();

    Session *m_session;
    QWidget *m_gutter;
    CppHighlighter *m_highlighter;
    QTimer *m_timer;
    SourceMarks m_marks;
    QMap<int, SourceMarks::Line> m_lines;
    int m_currentLine = 0;
    bool m_dirty = true;
};

} // namespace coroscope::ui
