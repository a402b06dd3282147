#include "eventlogfiltermodel.h"

#include "eventlogmodel.h"

#include <algorithm>

namespace coroscope::ui {

EventLogFilterModel::EventLogFilterModel(QObject *parent) : QAbstractProxyModel(parent) {}

void EventLogFilterModel::setFilterText(const QString &text)
{
    const QString t = text.trimmed();
    if (t == m_text)
        return;
    beginResetModel();
    m_text = t;
    refilter();
    endResetModel();
}

void EventLogFilterModel::setShowBookkeeping(bool show)
{
    if (show == m_showBookkeeping)
        return;
    beginResetModel();
    m_showBookkeeping = show;
    refilter();
    endResetModel();
}

bool EventLogFilterModel::accepts(int sourceRow) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0);
    if (!m_showBookkeeping && !i.data(EventLogModel::StepRole).toBool())
        return false;
    return m_text.isEmpty() || i.data(EventLogModel::FilterTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

int EventLogFilterModel::scanTo(int sourceRows)
{
    for (; m_scanned < sourceRows; ++m_scanned)
        if (accepts(m_scanned))
            m_matches.push_back(m_scanned);
    return int(std::lower_bound(m_matches.begin(), m_matches.end(), sourceRows) - m_matches.begin());
}

void EventLogFilterModel::refilter()
{
    m_matches.clear();
    m_matches.shrink_to_fit();
    m_scanned = 0;
    m_sourceRows = sourceModel() ? sourceModel()->rowCount() : 0;
    m_rows = filtering() ? scanTo(m_sourceRows) : m_sourceRows;
}

void EventLogFilterModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        auto reset = [this] { beginResetModel(); };
        auto rebuild = [this] {
            refilter();
            endResetModel();
        };
        using M = QAbstractItemModel;
        m_connections = {
            connect(source, &M::rowsAboutToBeInserted, this, &EventLogFilterModel::sourceRowsAboutToBeInserted),
            connect(source, &M::rowsInserted, this, &EventLogFilterModel::sourceRowsInserted),
            connect(source, &M::rowsAboutToBeRemoved, this, &EventLogFilterModel::sourceRowsAboutToBeRemoved),
            connect(source, &M::rowsRemoved, this, &EventLogFilterModel::sourceRowsRemoved),
            connect(source, &M::dataChanged, this, &EventLogFilterModel::sourceDataChanged),
            connect(source, &M::headerDataChanged, this, &M::headerDataChanged),
            // Anything but rows appended or removed is rare in the event log: start over.
            connect(source, &M::modelAboutToBeReset, this, reset),
            connect(source, &M::modelReset, this, rebuild),
            connect(source, &M::layoutAboutToBeChanged, this, reset),
            connect(source, &M::layoutChanged, this, rebuild),
            connect(source, &M::rowsAboutToBeMoved, this, reset),
            connect(source, &M::rowsMoved, this, rebuild),
            connect(source, &M::columnsAboutToBeInserted, this, reset),
            connect(source, &M::columnsInserted, this, rebuild),
            connect(source, &M::columnsAboutToBeRemoved, this, reset),
            connect(source, &M::columnsRemoved, this, rebuild),
            connect(source, &M::columnsAboutToBeMoved, this, reset),
            connect(source, &M::columnsMoved, this, rebuild),
            // QAbstractProxyModel forgets a destroyed source; so does the mapping.
            connect(source, &QObject::destroyed, this,
                    [this] {
                        beginResetModel();
                        m_matches.clear();
                        m_scanned = m_sourceRows = m_rows = 0;
                        endResetModel();
                    }),
        };
    }
    refilter();
    endResetModel();
}

void EventLogFilterModel::sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (!filtering()) {
        beginInsertRows({}, first, last);
        m_pending = Pending::Identity;
    } else if (first != m_sourceRows) { // not appended: the rows after it shift
        beginResetModel();
        m_pending = Pending::Reset;
    } else {
        m_pending = Pending::Nothing; // appended: scanned once they exist
    }
}

void EventLogFilterModel::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    const Pending pending = std::exchange(m_pending, Pending::Nothing);
    if (pending == Pending::Identity) {
        m_sourceRows += count;
        m_rows += count;
        endInsertRows();
    } else if (pending == Pending::Reset) {
        refilter();
        endResetModel();
    } else {
        // Rows scanned before (the cursor was here already) are not scanned again.
        m_sourceRows += count;
        const int rows = scanTo(m_sourceRows);
        if (rows > m_rows) {
            beginInsertRows({}, m_rows, rows - 1);
            m_rows = rows;
            endInsertRows();
        }
    }
}

void EventLogFilterModel::sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (!filtering()) {
        beginRemoveRows({}, first, last);
        m_pending = Pending::Identity;
    } else if (last == m_sourceRows - 1) { // the cursor moved back: fewer of the matches show
        m_pendingRows = int(std::lower_bound(m_matches.begin(), m_matches.begin() + m_rows, first) - m_matches.begin());
        if (m_pendingRows < m_rows) {
            beginRemoveRows({}, m_pendingRows, m_rows - 1);
            m_pending = Pending::Truncate;
        } else {
            m_pending = Pending::Nothing;
        }
    } else {
        beginResetModel();
        m_pending = Pending::Reset;
    }
}

void EventLogFilterModel::sourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    switch (std::exchange(m_pending, Pending::Nothing)) {
    case Pending::Identity:
        m_sourceRows -= count;
        m_rows -= count;
        endRemoveRows();
        break;
    case Pending::Truncate:
        m_sourceRows = first;
        m_rows = m_pendingRows;
        endRemoveRows();
        break;
    case Pending::Reset:
        refilter();
        endResetModel();
        break;
    case Pending::Nothing:
        m_sourceRows = first; // the matches past it stay known for when the cursor comes back
        break;
    }
}

void EventLogFilterModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                            const QList<int> &roles)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    const int top = topLeft.row();
    const int bottom = std::min(bottomRight.row(), m_sourceRows - 1);
    if (top > bottom)
        return;
    if (!filtering()) {
        Q_EMIT dataChanged(index(top, topLeft.column()), index(bottom, bottomRight.column()), roles);
        return;
    }
    const bool textChanged = roles.isEmpty() || roles.contains(Qt::DisplayRole)
        || roles.contains(EventLogModel::FilterTextRole) || roles.contains(EventLogModel::StepRole);
    if (textChanged) {
        for (int r = top; r <= bottom; ++r) {
            if (accepts(r) != std::binary_search(m_matches.begin(), m_matches.end(), r)) {
                beginResetModel();
                refilter();
                endResetModel();
                return;
            }
        }
    }
    const auto end = m_matches.begin() + m_rows;
    const auto a = std::lower_bound(m_matches.begin(), end, top);
    const auto b = std::upper_bound(a, end, bottom);
    if (a != b)
        Q_EMIT dataChanged(index(int(a - m_matches.begin()), topLeft.column()),
                           index(int(b - m_matches.begin()) - 1, bottomRight.column()), roles);
}

QModelIndex EventLogFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.row() >= m_rows)
        return {};
    const int row = filtering() ? m_matches[std::size_t(proxyIndex.row())] : proxyIndex.row();
    return sourceModel()->index(row, proxyIndex.column());
}

QModelIndex EventLogFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.parent().isValid() || sourceIndex.row() >= m_sourceRows)
        return {};
    if (!filtering())
        return index(sourceIndex.row(), sourceIndex.column());
    const auto end = m_matches.begin() + m_rows;
    const auto it = std::lower_bound(m_matches.begin(), end, sourceIndex.row());
    if (it == end || *it != sourceIndex.row())
        return {};
    return index(int(it - m_matches.begin()), sourceIndex.column());
}

QModelIndex EventLogFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_rows || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex EventLogFilterModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex EventLogFilterModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int EventLogFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventLogFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool EventLogFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && m_rows > 0 && columnCount() > 0;
}

QVariant EventLogFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Column titles do not depend on the rows (the base class maps them through row 0, absent when nothing matches).
    if (orientation == Qt::Horizontal && sourceModel())
        return sourceModel()->headerData(section, orientation, role);
    return QAbstractProxyModel::headerData(section, orientation, role);
}

} // namespace coroscope::ui
