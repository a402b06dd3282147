#include "outputmodel.h"

#include "session.h"
#include "tracecolors.h"

namespace coroscope::ui {

OutputModel::OutputModel(Session *session, QObject *parent)
    : CursorPrefixModel({QStringLiteral("Event"), QStringLiteral("From"), QStringLiteral("Printed")}, parent),
      m_session(session)
{
    Q_ASSERT(columnCount() == ColumnCount);
    connect(session, &Session::traceReset, this,
            [this] { resetPrefixRows([this] { return printedRows(); }); });
    connect(session, &Session::cursorChanged, this, [this] { setPrefixRows(printedRows()); });
    setPrefixRows(printedRows());
}

int OutputModel::printedRows() const
{
    return int(SnapshotIndex::countBefore(m_session->index().outputEvents(), m_session->cursor()));
}

QString OutputModel::text() const
{
    QStringList lines;
    for (int i = 0; i < prefixRows(); ++i)
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

} // namespace coroscope::ui
