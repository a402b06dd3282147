#pragma once

// What the program printed up to the cursor, one row per line, each linked
// to the event that printed it.

#include "cursorprefixmodel.h"

namespace coroscope::ui {

class Session;

class OutputModel final : public CursorPrefixModel
{
    Q_OBJECT
public:
    enum Column { EventColumn, CoroutineColumn, TextColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, EventRole };

    explicit OutputModel(Session *session, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Everything shown, one line per row (for copying).
    QString text() const;

private:
    int printedRows() const;

    Session *m_session;
};

} // namespace coroscope::ui
