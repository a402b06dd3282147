#include "outputpanel.h"

#include "outputmodel.h"
#include "session.h"
#include "viewsetup.h"

#include <QFontDatabase>
#include <QTreeView>
#include <QVBoxLayout>

namespace coroscope::ui {

OutputPanel::OutputPanel(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new OutputModel(session, this)), m_view(new QTreeView(this))
{
    m_view->setObjectName(QStringLiteral("outputView"));
    m_view->setModel(m_model);
    setUpTable(m_view);
    m_view->setAlternatingRowColors(false);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(m_view->font().pointSizeF());
    m_view->setFont(mono);
    // From: a coroutine's name and number ("producer#2", "consumer#3").
    setColumnSamples(m_view, {QStringLiteral("00000"), QStringLiteral("producer#12")});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kDockMargin, kDockMargin, kDockMargin, kDockMargin);
    layout->addWidget(m_view);
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex &i) {
        m_session->setFollowLive(false);
        m_session->showEvent(i.data(OutputModel::EventRole).toULongLong());
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, m_view, &QTreeView::scrollToBottom);
}

} // namespace coroscope::ui
