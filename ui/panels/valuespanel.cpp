#include "valuespanel.h"

#include "session.h"
#include "tracecolors.h"
#include "valuesmodel.h"
#include "viewsetup.h"

#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace coroscope::ui {

ValuesPanel::ValuesPanel(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new ValuesModel(session, this)), m_headline(new QLabel(this)),
      m_view(new QTreeView(this))
{
    m_view->setObjectName(QStringLiteral("valuesView"));
    m_view->setModel(m_model);
    setUpTable(m_view);
    elideMiddle(m_view, ValuesModel::SiteColumn); // the line number stays in a narrow dock
    setColumnSamples(m_view, {QStringLiteral("00000"), QStringLiteral("← out"), QStringLiteral("return"),
                              QStringLiteral("1234567890")});
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::RichText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kDockMargin, kDockMargin, kDockMargin, kDockMargin);
    layout->setSpacing(kDockSpacing);
    layout->addWidget(m_headline);
    layout->addWidget(m_view, 1);

    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex &i) {
        m_session->setFollowLive(false);
        m_session->showEvent(i.data(ValuesModel::EventRole).toULongLong());
    });
    connect(session, &Session::selectionChanged, this, &ValuesPanel::updateHeadline);
    connect(session, &Session::cursorChanged, this, &ValuesPanel::updateHeadline);
    connect(m_model, &QAbstractItemModel::rowsInserted, m_view, &QTreeView::scrollToBottom);
    updateHeadline();
}

QString ValuesPanel::headline() const
{
    return m_headline->text();
}

void ValuesPanel::updateHeadline()
{
    const CoroId id = m_session->selected();
    const Trace &trace = m_session->trace();
    if (id == 0 || id > trace.coroutineCount()) {
        m_headline->setText(QStringLiteral("<i>Select a coroutine to see the values that went in and came out.</i>"));
        return;
    }
    const CoroutineInfo &info = trace.coroutine(id);
    const CoroutineSnapshot &c = m_session->snapshot().coroutine(id);
    QString text = QStringLiteral("<b>%1</b> · %2 · <span style=\"color:%3\">%4</span>")
                       .arg(coroutineLabel(trace, id).toHtmlEscaped(), nameOf(info.kind),
                            stateColor(c.state, palette()).name(), nameOf(c.state));
    if (c.state == CoroutineState::Parked && c.site)
        text += QStringLiteral(" at ") + siteText(trace, c.site).toHtmlEscaped();
    if (info.receivesValues)
        text += QStringLiteral(" · receives values (send)");
    m_headline->setText(text);
}

} // namespace coroscope::ui
