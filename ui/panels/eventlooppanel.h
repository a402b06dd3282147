#pragma once

// The Event loop dock: the loop clock, the ready queue (front runs next),
// pending timers by due time and the external waits, new rows flashing in.

#include <QWidget>

class QLabel;
class QTreeView;

namespace coroscope::ui {

class ExternalWaitModel;
class ReadyQueueModel;
class Session;
class TimerModel;

class EventLoopPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit EventLoopPanel(Session *session, QWidget *parent = nullptr);

    ReadyQueueModel *readyModel() const { return m_ready; }
    TimerModel *timerModel() const { return m_timers; }
    ExternalWaitModel *externalModel() const { return m_externals; }
    QString clockText() const;

private:
    void updateHeader();

    Session *m_session;
    ReadyQueueModel *m_ready;
    TimerModel *m_timers;
    ExternalWaitModel *m_externals;
    QLabel *m_clock;
    QLabel *m_readyCaption;
    QLabel *m_timerCaption;
    QLabel *m_externalCaption;
};

} // namespace coroscope::ui
