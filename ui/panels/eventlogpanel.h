#pragma once

// The Log dock: every event up to the cursor with a filter; the current event
// is the last row (bold); a click moves the cursor to that event. Millions of
// rows: the view (FlatTableView) and the filter cost what is on screen and
// what the cursor moved over, never the whole log.

#include <QWidget>

class QCheckBox;
class QLineEdit;

namespace coroscope::ui {

class EventLogFilterModel;
class EventLogModel;
class FlatTableView;
class Session;

class EventLogPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPanel(Session *session, QWidget *parent = nullptr);
    EventLogModel *model() const { return m_model; }
    EventLogFilterModel *filterModel() const { return m_filter; }
    FlatTableView *view() const { return m_view; }
    QLineEdit *filterBox() const { return m_filterBox; }

private:
    Session *m_session;
    EventLogModel *m_model;
    EventLogFilterModel *m_filter;
    FlatTableView *m_view;
    QLineEdit *m_filterBox;
    QCheckBox *m_bookkeeping;
};

} // namespace coroscope::ui
