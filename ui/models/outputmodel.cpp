#include "outputmodel.h"

#include "session.h"
#include "tracecolors.h"

namespace coroscope::ui {

OutputModel::OutputModel(Session *session, QObject *parent) : QAbstractTableModel(parent), m_session(session)
{
    connect(session, &Session::traceReset, this, [this] {
        beginResetModel();
        m_rows = int(SnapshotIndex::countBefore(m_session->index().outputEvents(), m_session->cursor()));
        endResetModel();
    });
    connect(session, &Session::cursorChanged, this, &OutputModel::update);
    m_rows = int(SnapshotIndex::countBefore(m_session->index().outputEvents(), m_session->cursor()));
}

void OutputModel::update()
{
    const int rows = int(SnapshotIndex::countBefore(m_session->index().outputEvents(), m_session->cursor()));
    if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    } else if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
}

int OutputModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int OutputModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString OutputModel::text() const
{
    QStringList lines;
    for (int i = 0; i < m_rows; ++i)
        lines << index(i, TextColumn).data().toString();
    return lines.join(u'\n');
}

QVariant OutputModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::uint32_t eventIndex = m_session->index().outputEvents()[std::size_t(index.row())];
    const Trace &trace = m_session->trace();
    const Event &e = trace[eventIndex];
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case EventColumn: // numbered as the Log numbers it
            return qulonglong(m_session->runEventNumber(eventIndex));
        case CoroutineColumn:
            return e.coro ? coroutineLabel(trace, e.coro) : QString();
        case TextColumn:
            return trace.valueText(e.arg);
        }
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("Printed at event %1 — click to move the cursor there")
            .arg(m_session->runEventNumber(eventIndex));
    case Qt::TextAlignmentRole:
        if (index.column() == EventColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case EventRole:
        return eventIndex;
    default:
        return {};
    }
}

QVariant OutputModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[] = {"Event", "From", "Printed"};
    static_assert(std::size(titles) == ColumnCount);
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

} // namespace coroscope::ui
