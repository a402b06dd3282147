#pragma once

// The Log dock: every event up to the cursor with a filter; the current event
// is the last row (bold); a click moves the cursor to that event.

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QTreeView;

namespace coroscope::ui {

class EventLogFilterModel;
class EventLogModel;
class Session;

class EventLogPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPanel(Session *session, QWidget *parent = nullptr);
    EventLogModel *model() const { return m_model; }
    EventLogFilterModel *filterModel() const { return m_filter; }
    QTreeView *view() const { return m_view; }
    QLineEdit *filterBox() const { return m_filterBox; }

private:
    Session *m_session;
    EventLogModel *m_model;
    EventLogFilterModel *m_filter;
    QTreeView *m_view;
    QLineEdit *m_filterBox;
    QCheckBox *m_bookkeeping;
};

} // namespace coroscope::ui
