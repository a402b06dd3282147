#pragma once

// Coroutines waiting for something outside the loop at the cursor: a Qt
// signal, a socket, a QCoro task. The loop sleeps on these when nothing is ready.

#include "animatedlistmodel.h"

#include <coroscope/snapshot.h>

namespace coroscope::ui {

class Session;

class ExternalWaitModel final : public AnimatedListModel
{
    Q_OBJECT
public:
    enum Column { CoroutineColumn, WaitingForColumn, SiteColumn, SinceColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, CoroIdRole, EventRole, AppearedRole = AnimatedListModel::AppearedRole };

    explicit ExternalWaitModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Session *m_session;
    std::vector<ExternalWaitSnapshot> m_rows;
};

} // namespace coroscope::ui
