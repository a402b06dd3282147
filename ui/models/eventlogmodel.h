#pragma once

// The event log: every recorded event up to the cursor, oldest first, the
// current event last. Rows are read from the trace on demand, so a cursor
// move is one insertion or removal at the end however long the trace is.

#include "cursorprefixmodel.h"

namespace coroscope::ui {

class Session;

class EventLogModel final : public CursorPrefixModel
{
    Q_OBJECT
public:
    enum Column { EventColumn, TimeColumn, CoroutineColumn, KindColumn, DetailColumn, SiteColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        EventRole,
        KindRole,   // EventKind as int
        CoroIdRole,
        StepRole,   // a transition a person follows (Step stops there), not the loop's bookkeeping
        FilterTextRole, // the searchable text of the row
    };

    explicit EventLogModel(Session *session, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void update();

    Session *m_session;
};

} // namespace coroscope::ui
