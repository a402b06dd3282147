#pragma once

// The ready queue at the cursor, front (runs next) first, with why each entry is there.

#include "animatedlistmodel.h"

#include <coroscope/snapshot.h>

namespace coroscope::ui {

class Session;

class ReadyQueueModel final : public AnimatedListModel
{
    Q_OBJECT
public:
    // The target comes first, the position second: see AnimatedListModel. The view shows "#" first.
    enum Column { TargetColumn, PositionColumn, ReasonColumn, DescriptionColumn, SinceColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, CoroIdRole, EventRole, AppearedRole = AnimatedListModel::AppearedRole };

    explicit ReadyQueueModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const std::deque<ReadyEntrySnapshot> &current() const;

    Session *m_session;
    std::vector<ReadyEntrySnapshot> m_rows;
};

} // namespace coroscope::ui
