#pragma once

// Pending timers at the cursor, by due time (then creation order, as they fire).

#include "animatedlistmodel.h"

#include <cstdint>

namespace coroscope::ui {

class Session;

class TimerModel final : public AnimatedListModel
{
    Q_OBJECT
public:
    enum Column { DueColumn, InColumn, OwnerColumn, DescriptionColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, CoroIdRole, TimerRole, AppearedRole = AnimatedListModel::AppearedRole };

    explicit TimerModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void update();

    Session *m_session;
    std::vector<std::uint32_t> m_rows; // trace timer indexes
    std::int64_t m_now = 0;            // the loop clock the "In" column counts from
};

} // namespace coroscope::ui
