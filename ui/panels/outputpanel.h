#pragma once

// The Output dock: what the program printed up to the cursor; a click on a
// line moves the cursor to the event that printed it.

#include <QWidget>

class QTreeView;

namespace coroscope::ui {

class OutputModel;
class Session;

class OutputPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit OutputPanel(Session *session, QWidget *parent = nullptr);
    OutputModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

private:
    Session *m_session;
    OutputModel *m_model;
    QTreeView *m_view;
};

} // namespace coroscope::ui
