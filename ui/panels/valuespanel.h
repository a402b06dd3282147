#pragma once

// The Values dock: which coroutine is selected and its in/out lane; a click
// on a value moves the cursor to the event that carried it.

#include <QWidget>

class QLabel;
class QTreeView;

namespace coroscope::ui {

class Session;
class ValuesModel;

class ValuesPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ValuesPanel(Session *session, QWidget *parent = nullptr);

    ValuesModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QString headline() const;

private:
    void updateHeadline();

    Session *m_session;
    ValuesModel *m_model;
    QLabel *m_headline;
    QTreeView *m_view;
};

} // namespace coroscope::ui
