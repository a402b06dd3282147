#include "sourcepanel.h"

#include "session.h"
#include "sourceview.h"

#include <QLabel>
#include <QVBoxLayout>

namespace coroscope::ui {

SourcePanel::SourcePanel(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_banner(new QLabel(this)), m_view(new SourceView(session, this))
{
    m_banner->setObjectName(QStringLiteral("sourceNote"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setMargin(6);
    // The tool tip colours: a note beside the text, readable in light and dark palettes alike.
    m_banner->setAutoFillBackground(true);
    QPalette palette = m_banner->palette();
    palette.setColor(QPalette::Window, palette.color(QPalette::ToolTipBase));
    palette.setColor(QPalette::WindowText, palette.color(QPalette::ToolTipText));
    m_banner->setPalette(palette);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);
    connect(m_session, &Session::sourceChanged, this, &SourcePanel::showNote);
    showNote();
}

void SourcePanel::showNote()
{
    const QString note = m_session->sourceNote();
    m_banner->setText(note);
    m_banner->setVisible(!note.isEmpty());
}

} // namespace coroscope::ui
