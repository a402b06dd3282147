#pragma once

// The Coroutines dock: the coroutine table with a filter, selection synced
// with the Session (the other docks follow the selected coroutine).

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace coroscope::ui {

class CoroutineFilterModel;
class CoroutineModel;
class FlatTableView;
class Session;

class CoroutinesPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit CoroutinesPanel(Session *session, QWidget *parent = nullptr);

    CoroutineModel *model() const { return m_model; }
    CoroutineFilterModel *filterModel() const { return m_filter; }
    FlatTableView *view() const { return m_view; }
    QLineEdit *filterBox() const { return m_filterBox; }

private:
    void showSelection();
    void updateSummary();

    Session *m_session;
    CoroutineModel *m_model;
    CoroutineFilterModel *m_filter;
    FlatTableView *m_view;
    QLineEdit *m_filterBox;
    QCheckBox *m_liveOnly;
    QCheckBox *m_warningsOnly;
    QLabel *m_summary;
    QLabel *m_runEnd; // a crash or an exit, over the table
    bool m_syncing = false;
};

} // namespace coroscope::ui
