#include "timermodel.h"

#include "session.h"
#include "tracecolors.h"

namespace coroscope::ui {

TimerModel::TimerModel(Session *session, QObject *parent) : AnimatedListModel(parent), m_session(session)
{
    connect(session, &Session::traceReset, this, [this] {
        m_now = m_session->snapshot().loopTimeNs;
        resetTo(m_rows, m_session->snapshot().timers);
    });
    connect(session, &Session::cursorChanged, this, &TimerModel::update);
    m_now = m_session->snapshot().loopTimeNs;
    resetTo(m_rows, m_session->snapshot().timers);
}

void TimerModel::update()
{
    const Trace &trace = m_session->trace();
    const auto key = [&trace](std::uint32_t i) {
        return std::pair(i < trace.timers().size() ? trace.timer(i).dueNs : 0, i);
    };
    morph(m_rows, m_session->snapshot().timers, [&key](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
    const std::int64_t now = m_session->snapshot().loopTimeNs;
    if (now != m_now) {
        m_now = now;
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, InColumn), index(int(m_rows.size()) - 1, InColumn));
    }
}

int TimerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TimerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::uint32_t timer = m_rows[std::size_t(index.row())];
    const Trace &trace = m_session->trace();
    const TimerInfo info = timer < trace.timers().size() ? trace.timer(timer) : TimerInfo{};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case DueColumn:
            return clockText(info.dueNs);
        case InColumn:
            return clockText(std::max<std::int64_t>(0, info.dueNs - m_now));
        case OwnerColumn:
            return info.owner ? coroutineLabel(trace, info.owner) : QStringLiteral("—");
        case DescriptionColumn:
            return trace.valueText(info.description);
        }
        return {};
    case SortRole:
        if (index.column() == DueColumn || index.column() == InColumn)
            return qlonglong(info.dueNs);
        return data(index, Qt::DisplayRole);
    case Qt::TextAlignmentRole:
        if (index.column() == DueColumn || index.column() == InColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("Timer %1: fires at loop time %2").arg(timer).arg(clockText(info.dueNs));
    case CoroIdRole:
        return info.owner;
    case TimerRole:
        return timer;
    case AppearedRole:
        return appeared(index.row());
    default:
        return {};
    }
}

QVariant TimerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return AnimatedListModel::headerData(section, orientation, role);
    static const char *const titles[] = {"Due", "In", "Owner", "Description"};
    static_assert(std::size(titles) == ColumnCount);
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

} // namespace coroscope::ui
