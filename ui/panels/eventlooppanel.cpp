#include "eventlooppanel.h"

#include "externalwaitmodel.h"
#include "fadedelegate.h"
#include "flattableview.h"
#include "readyqueuemodel.h"
#include "session.h"
#include "timermodel.h"
#include "tracecolors.h"
#include "viewsetup.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace coroscope::ui {

namespace {
QWidget *section(QLabel *caption, QAbstractItemView *view, QWidget *parent)
{
    auto *w = new QWidget(parent);
    auto *layout = new QVBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(caption);
    layout->addWidget(view, 1);
    view->setItemDelegate(new FadeDelegate(view));
    // At least the header and a row: a scroll area's own minimum (room for both scroll bars),
    // three times over, kept the bottom dock area tall and the graphs above it short.
    view->setMinimumHeight(view->fontMetrics().height() * 2 + 12);
    return w;
}
} // namespace

EventLoopPanel::EventLoopPanel(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_ready(new ReadyQueueModel(session, this)),
      m_timers(new TimerModel(session, this)), m_externals(new ExternalWaitModel(session, this)),
      m_clock(new QLabel(this)), m_readyCaption(makeCaption({}, this)), m_timerCaption(makeCaption({}, this)),
      m_externalCaption(makeCaption({}, this))
{
    auto *readyView = new FlatTableView(this);
    readyView->setObjectName(QStringLiteral("readyView"));
    readyView->setModel(m_ready);
    setColumnSamples(readyView, readyView->header(),
                     {QStringLiteral("producer#12"), QStringLiteral("00"), QStringLiteral("wakeup"),
                      QStringLiteral("call_soon(x)")});
    readyView->header()->moveSection(ReadyQueueModel::PositionColumn, 0); // "#" reads first
    auto *timerView = new FlatTableView(this);
    timerView->setObjectName(QStringLiteral("timerView"));
    timerView->setModel(m_timers);
    setColumnSamples(timerView, timerView->header(),
                     {QStringLiteral("1000 ms"), QStringLiteral("1000 ms"), QStringLiteral("producer#12")});
    auto *externalView = new FlatTableView(this);
    externalView->setObjectName(QStringLiteral("externalView"));
    externalView->setModel(m_externals);
    setColumnSamples(externalView, externalView->header(),
                     {QStringLiteral("producer#12"), QStringLiteral("QTimer::timeout()"),
                      QStringLiteral("qt_signal.cpp:00")});

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(section(m_readyCaption, readyView, splitter));
    splitter->addWidget(section(m_timerCaption, timerView, splitter));
    splitter->addWidget(section(m_externalCaption, externalView, splitter));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kDockMargin, kDockMargin, kDockMargin, kDockMargin);
    layout->setSpacing(kDockSpacing);
    layout->addWidget(m_clock);
    layout->addWidget(splitter, 1);

    connect(session, &Session::cursorChanged, this, &EventLoopPanel::updateHeader);
    connect(session, &Session::traceReset, this, &EventLoopPanel::updateHeader);
    updateHeader();
}

QString EventLoopPanel::clockText() const
{
    return m_clock->text();
}

void EventLoopPanel::updateHeader()
{
    const Snapshot &s = m_session->snapshot();
    QString state;
    const Trace &trace = m_session->trace();
    const std::size_t cursor = m_session->cursor();
    // A Step Loop stop: the entry has left the queue and its coroutine has not resumed yet.
    const Event *taken = cursor > 0 && cursor <= trace.size() && trace[cursor - 1].kind == EventKind::Dequeued
                                 && trace[cursor - 1].aux != 1
                             ? &trace[cursor - 1]
                             : nullptr;
    if (taken)
        state = QStringLiteral(" · runs next: <b>%1</b>, just taken off the ready queue")
                    .arg(taken->coro ? coroutineLabel(trace, taken->coro).toHtmlEscaped() : QStringLiteral("a callback"));
    else if (s.deadlocked)
        state = QStringLiteral(" · <b>deadlocked</b>");
    else if (s.finished)
        state = QStringLiteral(" · finished");
    else if (const CoroId now = s.runningNow())
        state = QStringLiteral(" · running <b>%1</b>").arg(coroutineLabel(m_session->trace(), now).toHtmlEscaped());
    m_clock->setText(QStringLiteral("Loop clock <b>%1</b>%2").arg(coroscope::clockText(s.loopTimeNs), state));
    m_readyCaption->setText(QStringLiteral("Ready queue (%1) — the front runs next").arg(s.ready.size()));
    m_timerCaption->setText(QStringLiteral("Timers (%1) — by due time").arg(s.timers.size()));
    m_externalCaption->setText(QStringLiteral("External waits (%1) — Qt signals, sockets").arg(s.externals.size()));
}

} // namespace coroscope::ui
