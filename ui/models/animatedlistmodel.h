#pragma once

// Base of the Event loop dock's tables: a list that changes as the cursor
// moves is morphed into its new content with precise row removals and
// insertions (both lists are sorted by the same key), and each row remembers
// when it appeared so a delegate can fade a highlight on new rows.
//
// Column 0 of a derived model must be the entry's own data, never its row
// number: views and QAbstractItemModelTester rely on the rows around an
// insertion or removal keeping their data while it happens. A column that
// shows the position is refreshed with dataChanged from the row morph()
// returns.

#include <QAbstractTableModel>
#include <algorithm>
#include <limits>
#include <vector>

namespace coroscope::ui {

class AnimatedListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // The time a row appeared (AnimatedListModel::clockMs()), 0 for rows that were there from the start.
    static constexpr int AppearedRole = Qt::UserRole + 100;
    static qint64 clockMs();

    using QAbstractTableModel::QAbstractTableModel;

protected:
    // Turns `shown` into `next`; both sorted by `less`, keys unique. Returns the first
    // row that was there before and whose position changed (shown.size() when none).
    // `next` is any random-access container of T (the Snapshot keeps some in deques).
    template <class T, class Next, class Less>
    std::size_t morph(std::vector<T> &shown, const Next &next, Less less);
    template <class T, class Next>
    void resetTo(std::vector<T> &shown, const Next &next);
    qint64 appeared(int row) const { return m_appeared[std::size_t(row)]; }

private:
    std::vector<qint64> m_appeared;
};

template <class T, class Next>
void AnimatedListModel::resetTo(std::vector<T> &shown, const Next &next)
{
    beginResetModel();
    shown.assign(next.begin(), next.end());
    m_appeared.assign(shown.size(), 0);
    endResetModel();
}

template <class T, class Next, class Less>
std::size_t AnimatedListModel::morph(std::vector<T> &shown, const Next &next, Less less)
{
    const qint64 now = clockMs();
    std::size_t pos = 0, j = 0;
    std::size_t firstShifted = std::numeric_limits<std::size_t>::max();
    while (pos < shown.size() || j < next.size()) {
        const bool haveOld = pos < shown.size(), haveNew = j < next.size();
        if (haveOld && haveNew && !less(shown[pos], next[j]) && !less(next[j], shown[pos])) {
            ++pos;
            ++j;
        } else if (!haveNew || (haveOld && less(shown[pos], next[j]))) {
            std::size_t end = pos;
            while (end < shown.size() && (!haveNew || less(shown[end], next[j])))
                ++end;
            firstShifted = std::min(firstShifted, pos);
            beginRemoveRows({}, int(pos), int(end - 1));
            shown.erase(shown.begin() + qsizetype(pos), shown.begin() + qsizetype(end));
            m_appeared.erase(m_appeared.begin() + qsizetype(pos), m_appeared.begin() + qsizetype(end));
            endRemoveRows();
        } else {
            std::size_t k = j;
            while (k < next.size() && (!haveOld || less(next[k], shown[pos])))
                ++k;
            beginInsertRows({}, int(pos), int(pos + (k - j) - 1));
            shown.insert(shown.begin() + qsizetype(pos), next.begin() + qsizetype(j), next.begin() + qsizetype(k));
            m_appeared.insert(m_appeared.begin() + qsizetype(pos), k - j, now);
            endInsertRows();
            pos += k - j;
            j = k;
            if (pos < shown.size())
                firstShifted = std::min(firstShifted, pos);
        }
    }
    return std::min(firstShifted, shown.size());
}

} // namespace coroscope::ui
