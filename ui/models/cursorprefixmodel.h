#pragma once

// Base of the tables that show the first N entries of a list fixed for the
// trace (events, printed lines, one coroutine's values), N being how many lie
// before the cursor: a cursor move is one insertion or removal at the end,
// however long the list is. The column titles are given once.

#include <QAbstractTableModel>
#include <QStringList>

namespace coroscope::ui {

class CursorPrefixModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    CursorPrefixModel(QStringList titles, QObject *parent);

    // Grows or shrinks the table to `rows` with one insertion or removal at the end.
    void setPrefixRows(int rows);
    // A reset: `prepare` changes what the rows are read from and returns how many there are.
    template<class Prepare>
    void resetPrefixRows(Prepare &&prepare)
    {
        beginResetModel();
        m_rows = prepare();
        endResetModel();
    }
    int prefixRows() const noexcept { return m_rows; }

private:
    QStringList m_titles;
    int m_rows = 0;
};

} // namespace coroscope::ui
