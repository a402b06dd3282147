#pragma once

// The Send box: types a value and sends it into the selected generator, when
// that generator is suspended at a co_yield that receives values. Beside it, in
// place: why it is off ("the generator is running: step until it yields"), or
// what the last send did ("sent 5 to accumulator: yielded 15", "not sent: …").
// The typed text belongs to one program: opening another clears it.

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
    QLabel *note() const { return m_note; }
    QString lastResult() const { return m_lastResult; }
    bool canSend() const;
    // Whether a generator's reply to a send means the value went in ("yielded 15", "finished", "raised …").
    static bool sendTookPlace(const QString &reply);

public Q_SLOTS:
    void send();

Q_SIGNALS:
    void resultShown(const QString &text);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateState();
    void showNote(); // the note's text, elided to the width it has now
    void forget();

    Session *m_session;
    RunController *m_controller;
    QLabel *m_target;
    QLineEdit *m_edit;
    QToolButton *m_button;
    QLabel *m_note;
    QString m_lastResult;
    QString m_lastSent; // the text of the send awaiting its reply
    CoroId m_resultFor = 0;
};

} // namespace coroscope::ui
