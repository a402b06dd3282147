#include "outputmodel.h"

#include "session.h"
#include "tracecolors.h"

#include <QPalette>

namespace coroscope::ui {

OutputModel::OutputModel(Session *session, QObject *parent)
    : CursorPrefixModel({QStringLiteral("Event"), QStringLiteral("From"), QStringLiteral("Printed")}, parent),
      m_session(session)
{
    Q_ASSERT(columnCount() == ColumnCount);
    connect(session, &Session::traceReset, this, [this] {
        resetPrefixRows([this] {
            m_mergedOutputs = m_mergedLines = ~std::size_t(0);
            return printedRows();
        });
    });
    connect(session, &Session::cursorChanged, this, [this] { setPrefixRows(printedRows()); });
    connect(session, &Session::processLinesChanged, this, [this] {
        if (m_session->processLines().empty())
            resetPrefixRows([this] { return printedRows(); });
        else
            setPrefixRows(printedRows());
    });
    setPrefixRows(printedRows());
}

int OutputModel::printedRows() const
{
    const std::size_t cursor = m_session->cursor();
    const std::size_t printed = SnapshotIndex::countBefore(m_session->index().outputEvents(), cursor);
    const auto &lines = m_session->processLines();
    if (lines.empty())
        return int(printed);
    std::size_t shown = 0; // a line that came after event k - 1 shows from cursor k on
    while (shown < lines.size() && lines[shown].atEvent <= cursor)
        ++shown;
    return int(printed + shown);
}

void OutputModel::merge() const
{
    const auto &outputs = m_session->index().outputEvents();
    const auto &lines = m_session->processLines();
    if (m_mergedOutputs == outputs.size() && m_mergedLines == lines.size())
        return;
    m_merged.clear();
    std::size_t o = 0;
    for (std::size_t l = 0; l <= lines.size(); ++l) {
        const std::size_t until = l < lines.size() ? lines[l].atEvent : ~std::size_t(0);
        for (; o < outputs.size() && outputs[o] < until; ++o)
            m_merged.push_back(outputs[o]);
        if (l < lines.size())
            m_merged.push_back(kProcess | std::uint32_t(l));
    }
    m_mergedOutputs = outputs.size();
    m_mergedLines = lines.size();
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
    const auto &lines = m_session->processLines();
    std::uint32_t eventIndex = 0;
    if (lines.empty()) {
        eventIndex = m_session->index().outputEvents()[std::size_t(index.row())];
    } else {
        merge();
        const std::uint32_t entry = m_merged[std::size_t(index.row())];
        if (entry & kProcess) {
            const Session::ProcessLine &line = lines[entry & ~kProcess];
            switch (role) {
            case Qt::DisplayRole:
            case SortRole:
                if (index.column() == EventColumn)
                    return line.atEvent ? QVariant(qulonglong(m_session->runEventNumber(line.atEvent - 1))) : QVariant();
                if (index.column() == CoroutineColumn)
                    return line.isError ? QStringLiteral("stderr") : QStringLiteral("stdout");
                return line.text;
            case Qt::ToolTipRole:
                return QStringLiteral("Written to %1 by the program itself (not through coroscope::print)")
                    .arg(line.isError ? QStringLiteral("stderr") : QStringLiteral("stdout"));
            case Qt::ForegroundRole:
                if (line.isError)
                    return stateColor(CoroutineState::Failed, QPalette());
                return {};
            case EventRole:
                return line.atEvent ? QVariant(std::uint32_t(line.atEvent - 1)) : QVariant();
            default:
                return {};
            }
        }
        eventIndex = entry;
    }
    const Trace &trace = m_session->trace();
    const Event &e = trace[eventIndex];
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case EventColumn: // numbered as the Log numbers it
            return qulonglong(m_session->runEventNumber(eventIndex));
        case CoroutineColumn:
            return e.coro ? coroutineLabel(trace, e.coro) : QStringLiteral("—"); // plain code, no coroutine
        case TextColumn:
            return trace.valueText(e.arg);
        }
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("Printed at event %1%2 — click to move the cursor there")
            .arg(m_session->runEventNumber(eventIndex))
            .arg(e.coro ? QString() : QStringLiteral(" by code outside any coroutine (main)"));
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
