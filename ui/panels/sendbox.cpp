#include "sendbox.h"

#include "glyphicon.h"
#include "runcontroller.h"
#include "session.h"
#include "tracecolors.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace coroscope::ui {

SendBox::SendBox(Session *session, RunController *controller, QWidget *parent)
    : QWidget(parent), m_session(session), m_controller(controller), m_target(new QLabel(this)),
      m_edit(new QLineEdit(this)), m_button(new QToolButton(this))
{
    m_edit->setObjectName(QStringLiteral("sendEdit"));
    m_edit->setPlaceholderText(QStringLiteral("value"));
    m_edit->setClearButtonEnabled(true);
    // Narrow enough for the toolbar to keep every control on screen at 1024 px.
    m_edit->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("000000")) + 24);
    m_edit->setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("000000000000")) + 24);
    m_button->setIcon(glyphIcon(Glyph::Send));
    m_button->setText(QStringLiteral("Send"));
    m_button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_button->setAutoRaise(true);
    m_button->setToolTip(QStringLiteral("Send the value into the selected generator (Python's gen.send(value))"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(m_target);
    layout->addWidget(m_edit);
    layout->addWidget(m_button);

    // Stay packed: the toolbar would give its spare width to the target caption.
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);

    connect(m_button, &QToolButton::clicked, this, &SendBox::send);
    connect(m_edit, &QLineEdit::returnPressed, this, &SendBox::send);
    connect(session, &Session::selectionChanged, this, &SendBox::updateState);
    connect(controller, &RunController::stateChanged, this, &SendBox::updateState);
    connect(controller, &RunController::sendResult, this, [this](CoroId coro, const QString &result) {
        m_lastResult = coroutineLabel(m_session->trace(), coro) + QStringLiteral(": ") + result;
        m_edit->setToolTip(m_lastResult);
        Q_EMIT resultShown(m_lastResult);
    });
    updateState();
}

bool SendBox::canSend() const
{
    return m_controller->canSend(m_session->selected());
}

void SendBox::send()
{
    if (!canSend() || m_edit->text().trimmed().isEmpty())
        return;
    m_controller->send(m_session->selected(), m_edit->text().trimmed());
    m_edit->selectAll();
}

void SendBox::updateState()
{
    const bool can = canSend();
    const CoroId id = m_session->selected();
    m_target->setText(can ? QStringLiteral("Send to %1:").arg(coroutineLabel(m_session->trace(), id))
                          : QStringLiteral("Send:"));
    m_edit->setEnabled(can);
    m_button->setEnabled(can);
    const QString why = QStringLiteral("Enabled when the selected generator is parked at a co_yield that "
                                       "receives values, at the live end of the run");
    m_target->setToolTip(can ? QString() : why);
    m_edit->setPlaceholderText(can ? QStringLiteral("value, Enter") : QStringLiteral("—"));
}

} // namespace coroscope::ui
