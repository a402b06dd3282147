#pragma once

// The State machine dock: the selected coroutine's suspension points as
// states and its transitions as labelled, counted edges (tab "Graph"), and the
// same machine as the switch-on-state resume function the compiler makes of
// the coroutine (tab "Lowered"). The current state is lit in both.

#include <coroscope/statemachine.h>

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTimer;

namespace coroscope::ui {

class GraphView;
class Session;

class StateMachineView : public QWidget
{
    Q_OBJECT
public:
    explicit StateMachineView(Session *session, QWidget *parent = nullptr);

    // What is shown now (after refresh()).
    const StateMachine &machine() const noexcept { return m_machine; }
    const LoweredForm &lowered() const noexcept { return m_lowered; }
    CoroId coroutine() const noexcept { return m_machine.coroutine; }

    GraphView *graphView() const noexcept { return m_graph; }
    QPlainTextEdit *loweredView() const noexcept { return m_text; }
    QTabWidget *tabs() const noexcept { return m_tabs; }

public Q_SLOTS:
    // Recomputes from the session now (otherwise coalesced, and skipped while hidden).
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();
    void updateGraph(const QStringList &sourceLines);
    void updateLowered(const QStringList &sourceLines);
    QStringList sourceLinesFor(CoroId id) const;

    Session *m_session;
    QLabel *m_header;
    QTabWidget *m_tabs;
    GraphView *m_graph;
    QPlainTextEdit *m_text;
    QTimer *m_timer;
    bool m_dirty = true;
    StateMachine m_machine;
    LoweredForm m_lowered;
};

} // namespace coroscope::ui
