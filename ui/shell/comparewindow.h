#pragma once

// Compare: a sample and its Python twin stepped together. Both run to their
// end in child processes (TwinRun); then one step (F10) moves both to the
// next aligned row of their transitions. The table shows the C++ step beside
// the Python one, with the rows where the runs diverge marked ≠; below, each
// side's source with its current line lit and its coroutines as they stand at
// that step. F8 jumps to the next place they differ.

#include <QWidget>

class QAction;
class QKeyEvent;
class QLabel;
class QTableView;

namespace coroscope::ui {

class CompareModel;
class CoroutinesPanel;
class Session;
class SourcePanel;
class TwinRun;

class CompareWindow final : public QWidget
{
    Q_OBJECT
public:
    explicit CompareWindow(QWidget *parent = nullptr);
    ~CompareWindow() override;

    // Records `sample` and its twin and shows them from their first step; false (and a message
    // in the window) when the sample has no twin or the tracer is missing.
    bool openSample(const QString &sample);

    TwinRun *twinRun() const noexcept { return m_run; }
    CompareModel *model() const noexcept { return m_model; }
    QTableView *table() const noexcept { return m_table; }
    Session *session(int side) const noexcept { return m_sessions[side]; }
    SourcePanel *sourcePanel(int side) const noexcept { return m_sources[side]; }
    QLabel *statusLabel() const noexcept { return m_status; }
    int currentRow() const;
    void setCurrentRow(int row);

    QAction *stepAction() const noexcept { return m_step; }
    QAction *stepBackAction() const noexcept { return m_stepBack; }
    QAction *nextDifferenceAction() const noexcept { return m_nextDifference; }
    QAction *previousDifferenceAction() const noexcept { return m_previousDifference; }

Q_SIGNALS:
    void shown(); // both runs recorded and on screen (or failed: see statusLabel())

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QAction *actionFor(const QKeyEvent *event) const;
    void runReady();
    void runFailed(const QString &message);
    void showRow(int row);
    void jumpToDifference(int direction);
    void updateActions();

    TwinRun *m_run;
    CompareModel *m_model;
    Session *m_sessions[2];
    SourcePanel *m_sources[2];
    CoroutinesPanel *m_coroutines[2];
    QLabel *m_titles[2];
    QLabel *m_header;
    QLabel *m_status;
    QTableView *m_table;
    QAction *m_step;
    QAction *m_stepBack;
    QAction *m_first;
    QAction *m_nextDifference;
    QAction *m_previousDifference;
    QAction *m_again;
};

} // namespace coroscope::ui
