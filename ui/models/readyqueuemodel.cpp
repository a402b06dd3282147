#include "readyqueuemodel.h"

#include "session.h"
#include "tracecolors.h"

namespace coroscope::ui {

namespace {
// Entries join at the back in event order and leave at the front: the queue is sorted by enqueuedAt.
bool byEnqueue(const ReadyEntrySnapshot &a, const ReadyEntrySnapshot &b)
{
    return a.enqueuedAt < b.enqueuedAt;
}
} // namespace

ReadyQueueModel::ReadyQueueModel(Session *session, QObject *parent) : AnimatedListModel(parent), m_session(session)
{
    connect(session, &Session::traceReset, this, [this] { resetTo(m_rows, current()); });
    connect(session, &Session::cursorChanged, this, [this] {
        // Positions count from the front: every row after a removal (or an insertion before it) moves.
        const std::size_t shifted = morph(m_rows, current(), byEnqueue);
        if (shifted < m_rows.size())
            Q_EMIT dataChanged(index(int(shifted), PositionColumn), index(int(m_rows.size()) - 1, PositionColumn),
                               {Qt::DisplayRole, SortRole});
    });
    resetTo(m_rows, current());
}

const std::deque<ReadyEntrySnapshot> &ReadyQueueModel::current() const
{
    return m_session->snapshot().ready;
}

int ReadyQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReadyQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReadyQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReadyEntrySnapshot &r = m_rows[std::size_t(index.row())];
    const Trace &trace = m_session->trace();
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case PositionColumn:
            return index.row() + 1;
        case TargetColumn:
            return r.target ? coroutineLabel(trace, r.target) : QStringLiteral("callback");
        case ReasonColumn:
            return nameOf(r.reason);
        case DescriptionColumn:
            return trace.valueText(r.description);
        case SinceColumn: // numbered as the Log numbers it
            return qulonglong(m_session->runEventNumber(r.enqueuedAt));
        }
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("Enqueued at event %1 (%2); entries run first in, first out")
            .arg(m_session->runEventNumber(r.enqueuedAt))
            .arg(nameOf(r.reason));
    case Qt::TextAlignmentRole:
        if (index.column() == PositionColumn || index.column() == SinceColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case CoroIdRole:
        return r.target;
    case EventRole:
        return r.enqueuedAt;
    case AppearedRole:
        return appeared(index.row());
    default:
        return {};
    }
}

QVariant ReadyQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        static const char *const tips[] = {
            "Position in the queue: 1 runs next (first in, first out)",
            "The coroutine this entry resumes",
            "Why it was queued: spawned, woken by what it awaited, a timer, a callback…",
            "What the entry carries",
            "The event at which the entry joined the queue (the Log's # column)"};
        static_assert(std::size(tips) == ColumnCount);
        return section >= 0 && section < ColumnCount ? QString::fromLatin1(tips[section]) : QVariant();
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return AnimatedListModel::headerData(section, orientation, role);
    static const char *const titles[] = {"Runs", "#", "Reason", "Description", "Queued at event"};
    static_assert(std::size(titles) == ColumnCount);
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

} // namespace coroscope::ui
