#pragma once

// What the program printed up to the cursor, one row per line, each linked
// to the event that printed it.

#include <QAbstractTableModel>

namespace coroscope::ui {

class Session;

class OutputModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { EventColumn, CoroutineColumn, TextColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, EventRole };

    explicit OutputModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Everything shown, one line per row (for copying).
    QString text() const;

private:
    void update();

    Session *m_session;
    int m_rows = 0;
};

} // namespace coroscope::ui
