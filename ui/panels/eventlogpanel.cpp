#include "eventlogpanel.h"

#include "eventlogfiltermodel.h"
#include "eventlogmodel.h"
#include "flattableview.h"
#include "session.h"
#include "viewsetup.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace coroscope::ui {

EventLogPanel::EventLogPanel(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new EventLogModel(session, this)),
      m_filter(new EventLogFilterModel(this)), m_view(new FlatTableView(this)),
      m_filterBox(makeFilterBox(QStringLiteral("Filter events: coroutine, kind, value, site…"), this)),
      m_bookkeeping(new QCheckBox(QStringLiteral("Loop bookkeeping"), this))
{
    m_filter->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("eventLogView"));
    m_view->setModel(m_filter);
    setColumnSamples(m_view, m_view->header(),
                     {QStringLiteral("000000"), QStringLiteral("1000 ms"), QStringLiteral("accumulator#12"),
                      QStringLiteral("timer_scheduled"), QStringLiteral("enqueue fetch#12 (spawn) xxxxx")});
    m_bookkeeping->setChecked(true);
    m_bookkeeping->setToolTip(QStringLiteral("Show the loop's own events too: enqueue, dequeue, timers, idle"));

    auto *bar = new QHBoxLayout;
    bar->setSpacing(kDockSpacing * 2);
    bar->addWidget(m_filterBox, 1);
    bar->addWidget(m_bookkeeping);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kDockMargin, kDockMargin, kDockMargin, kDockMargin);
    layout->setSpacing(kDockSpacing);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_filterBox, &QLineEdit::textChanged, m_filter, &EventLogFilterModel::setFilterText);
    connect(m_bookkeeping, &QCheckBox::toggled, m_filter, &EventLogFilterModel::setShowBookkeeping);
    connect(m_view, &FlatTableView::clicked, this, [this](const QModelIndex &i) {
        m_session->setFollowLive(false);
        m_session->showEvent(i.data(EventLogModel::EventRole).toULongLong());
    });
    // Keep the current event in sight; coalesced, a long run inserts in batches.
    auto *scroll = new QTimer(this);
    scroll->setSingleShot(true);
    scroll->setInterval(0);
    connect(scroll, &QTimer::timeout, m_view, &FlatTableView::scrollToBottom);
    connect(session, &Session::cursorChanged, scroll, qOverload<>(&QTimer::start));
    connect(m_filter, &QAbstractItemModel::modelReset, scroll, qOverload<>(&QTimer::start)); // a new filter
}

} // namespace coroscope::ui
