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
      m_edit(new QLineEdit(this)), m_button(new QToolButton(this)), m_note(new QLabel(this))
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
    layout->addWidget(m_note, 1);
    m_note->setObjectName(QStringLiteral("sendNote"));
    m_note->setForegroundRole(QPalette::PlaceholderText);
    // The note takes the toolbar's spare width, so a wide window says the whole reason; at
    // 1024 px it keeps this much and elides, the whole text in its tool tip.
    m_note->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("the generator is running: step until it yie")));
    m_note->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    connect(m_button, &QToolButton::clicked, this, &SendBox::send);
    connect(m_edit, &QLineEdit::returnPressed, this, &SendBox::send);
    connect(session, &Session::selectionChanged, this, &SendBox::updateState);
    connect(controller, &RunController::stateChanged, this, &SendBox::updateState);
    connect(controller, &RunController::sendResult, this, [this](CoroId coro, const QString &result) {
        const QString who = coroutineLabel(m_session->trace(), coro);
        if (sendTookPlace(result))
            m_lastResult = QStringLiteral("sent %1 to %2: %3").arg(m_lastSent, who, result);
        else
            m_lastResult = QStringLiteral("not sent: ") + QString(result).remove(QStringLiteral("cannot send now: "));
        m_resultFor = coro;
        // The reply is about that generator: keep it in view, even when the send stepped the
        // program on to another coroutine's event first (see RunController::send).
        m_session->select(coro);
        m_edit->setToolTip(m_lastResult);
        updateState();
        Q_EMIT resultShown(m_lastResult);
    });
    connect(controller, &RunController::sampleLoaded, this, &SendBox::forget);
    connect(controller, &RunController::traceOpened, this, &SendBox::forget);
    updateState();
}

bool SendBox::canSend() const
{
    return m_controller->canSend(m_session->selected());
}

bool SendBox::sendTookPlace(const QString &reply)
{
    return reply.startsWith(QStringLiteral("yielded ")) || reply == QStringLiteral("finished")
           || reply.startsWith(QStringLiteral("raised "));
}

void SendBox::send()
{
    if (!canSend() || m_edit->text().trimmed().isEmpty())
        return;
    m_lastSent = m_edit->text().trimmed();
    m_controller->send(m_session->selected(), m_lastSent);
    m_edit->selectAll();
}

void SendBox::forget()
{
    m_edit->clear();
    m_edit->setToolTip(QString());
    m_lastResult.clear();
    m_lastSent.clear();
    m_resultFor = 0;
    updateState();
}

void SendBox::updateState()
{
    const CoroId id = m_session->selected();
    const QString why = m_controller->sendBlocker(id);
    const bool can = why.isEmpty();
    m_target->setText(can ? QStringLiteral("Send to %1:").arg(coroutineLabel(m_session->trace(), id))
                          : QStringLiteral("Send:"));
    m_edit->setEnabled(can);
    m_button->setEnabled(can);
    m_edit->setPlaceholderText(can ? QStringLiteral("value, Enter") : QStringLiteral("—"));
    QString note = why;
    if (can)
        note = m_resultFor == id && !m_lastResult.isEmpty() ? m_lastResult
                                                            : QStringLiteral("Python's gen.send(value): Enter sends");
    m_note->setToolTip(note);
    m_target->setToolTip(note);
    showNote();
}

void SendBox::showNote()
{
    const QString note = m_note->toolTip();
    m_note->setText(m_note->fontMetrics().elidedText(note, Qt::ElideRight, m_note->contentsRect().width()));
}

void SendBox::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    showNote();
}

} // namespace coroscope::ui
