#pragma once

// The Send box: types a value and sends it into the selected generator, when
// that generator is parked at a co_yield that receives values. The result
// ("yielded 15", "finished", "raised …") shows next to it.

#include <coroscope/event.h>

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace coroscope::ui {

class RunController;
class Session;

class SendBox final : public QWidget
{
    Q_OBJECT
public:
    SendBox(Session *session, RunController *controller, QWidget *parent = nullptr);

    QLineEdit *edit() const { return m_edit; }
    QToolButton *button() const { return m_button; }
    QString lastResult() const { return m_lastResult; }
    bool canSend() const;

public Q_SLOTS:
    void send();

Q_SIGNALS:
    void resultShown(const QString &text);

private:
    void updateState();

    Session *m_session;
    RunController *m_controller;
    QLabel *m_target;
    QLineEdit *m_edit;
    QToolButton *m_button;
    QString m_lastResult;
};

} // namespace coroscope::ui
