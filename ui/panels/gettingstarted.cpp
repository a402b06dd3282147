#include "gettingstarted.h"

#include "timelinelegend.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace coroscope::ui {

GettingStarted::GettingStarted(QWidget *parent) : QDialog(parent), m_text(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("gettingStarted"));
    setWindowTitle(QStringLiteral("Getting Started — Coroscope"));
    m_text->setHtml(html());
    m_text->setOpenLinks(false);
    m_text->setFrameShape(QFrame::NoFrame);
    auto *legendTitle =
        new QLabel(QStringLiteral("<b>The Timeline</b>: one lane per coroutine, time running "
                                  "left to right in events; the cursor is the current event."),
                   this);
    legendTitle->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(legendTitle);
    layout->addWidget(new TimelineLegend(this));
    layout->addWidget(buttons);
    const QFontMetrics fm = fontMetrics();
    resize(fm.horizontalAdvance(u'0') * 84, fm.height() * 48);
}

QString GettingStarted::text() const
{
    return m_text->toPlainText();
}

QString GettingStarted::html()
{
    return QStringLiteral(
        "<h3>Three keys</h3>"
        "<p><b>F10 Step</b>: one transition forward. <b>Shift+F10 Step Back</b>: one transition back through "
        "the recorded history (the program itself only runs forward; Ctrl+F10 returns to the live end). "
        "<b>F5 Continue</b>: run to a breakpoint (F9 on a line of the Source) or the end.</p>"
        "<p>F11 <b>Step Loop</b> runs until the event loop takes its next entry off the ready queue, "
        "just before that coroutine resumes.</p>"
        "<h3>What a transition is</h3>"
        "<p>A coroutine moves between its suspension points, the <code>co_yield</code> and "
        "<code>co_await</code> "
        "lines of its body (Python's <code>yield</code> and <code>await</code>). Each move is a transition: "
        "<i>next()</i> or <i>send(v)</i> resumes a generator, which runs to its next <i>yield</i> or to its "
        "<i>return</i> (StopIteration); a task runs until it <i>awaits</i> something, and the loop resumes "
        "it "
        "when that finishes. The State machine draws the selected coroutine's points as states and its "
        "transitions as edges; Values lists what went in and came out.</p>"
        "<p>The window follows the run: after every step the coroutine that just acted is selected. "
        "<b>Pin Selection</b> (the pin in the toolbar, Ctrl+T) keeps your own choice instead.</p>"
        "<h3>Sending a value</h3>"
        "<p>A generator suspended at a <code>co_yield</code> that receives values "
        "(<code>std::optional&lt;int&gt; v = co_yield x;</code>, Python's <code>v = yield x</code>) takes "
        "one "
        "with <i>send()</i>. Select it, type the value in the <b>Send</b> box of the toolbar, press Enter. "
        "When the box is off, the text beside it says why: try the <i>send_accumulator</i> sample.</p>"
        "<h3>Words</h3>"
        "<p><b>Suspended</b> (C++: parked at a suspension point) — <b>Point</b>: the <code>co_yield</code> "
        "or "
        "<code>co_await</code> a coroutine is at — <b>Frame</b>: the heap block holding its locals — "
        "<b>Lowered</b>: the body rewritten as the compiler does, a switch over its points.</p>");
}

} // namespace coroscope::ui
