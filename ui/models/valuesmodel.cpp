#include "valuesmodel.h"

#include "session.h"
#include "tracecolors.h"

#include <QApplication>

namespace coroscope::ui {

ValuesModel::ValuesModel(Session *session, QObject *parent)
    : CursorPrefixModel({QStringLiteral("Event"), QStringLiteral("Dir"), QStringLiteral("Action"),
                         QStringLiteral("Value"), QStringLiteral("Site")},
                        parent),
      m_session(session)
{
    Q_ASSERT(columnCount() == ColumnCount);
    connect(session, &Session::traceReset, this, &ValuesModel::rebuild);
    connect(session, &Session::selectionChanged, this, &ValuesModel::rebuild);
    connect(session, &Session::cursorChanged, this, &ValuesModel::update);
    rebuild();
}

bool ValuesModel::isValueEvent(const Event &e)
{
    switch (e.kind) {
    case EventKind::Sent:
    case EventKind::Yielded:
    case EventKind::Returned:
    case EventKind::Threw:
    case EventKind::StateChanged:
        return true;
    case EventKind::Resumed: // close() goes in like throw: GeneratorExit raised at the parked point
        return ResumeKind(e.aux) == ResumeKind::Close;
    default:
        return false;
    }
}

bool ValuesModel::isInput(const Event &e)
{
    return e.kind == EventKind::Sent || e.kind == EventKind::Resumed
        || (e.kind == EventKind::Threw && ThrowKind(e.aux) == ThrowKind::ThrownIn);
}

void ValuesModel::scan()
{
    if (!m_coro || !m_session->hasTrace())
        return;
    const auto &all = m_session->index().eventsOf(m_coro);
    const Trace &trace = m_session->trace();
    for (; m_scanned < all.size(); ++m_scanned) {
        if (isValueEvent(trace[all[m_scanned]]))
            m_events.push_back(all[m_scanned]);
    }
}

void ValuesModel::rebuild()
{
    resetPrefixRows([this] {
        m_coro = m_session->selected();
        m_events.clear();
        m_scanned = 0;
        scan();
        return int(SnapshotIndex::countBefore(m_events, m_session->cursor()));
    });
}

void ValuesModel::update()
{
    scan();
    setPrefixRows(int(SnapshotIndex::countBefore(m_events, m_session->cursor())));
}

static QString actionText(const Event &e)
{
    switch (e.kind) {
    case EventKind::Sent:
        return QStringLiteral("send");
    case EventKind::Yielded:
        return QStringLiteral("yield");
    case EventKind::Returned:
        return QStringLiteral("return");
    case EventKind::Threw:
        return ThrowKind(e.aux) == ThrowKind::ThrownIn ? QStringLiteral("throw") : QStringLiteral("raise");
    case EventKind::StateChanged:
        return QStringLiteral("state");
    case EventKind::Resumed:
        return QStringLiteral("close()");
    default:
        return nameOf(e.kind);
    }
}

QVariant ValuesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::uint32_t eventIndex = m_events[std::size_t(index.row())];
    const Trace &trace = m_session->trace();
    const Event &e = trace[eventIndex];
    const bool in = isInput(e);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EventColumn: // numbered as the Log numbers it
            return qulonglong(m_session->runEventNumber(eventIndex));
        case DirectionColumn:
            return in ? QStringLiteral("→ in") : QStringLiteral("← out");
        case ActionColumn:
            return actionText(e);
        case ValueColumn: {
            if (e.kind == EventKind::Resumed)
                return QStringLiteral("GeneratorExit");
            const QString v = trace.valueText(e.arg);
            return v.isEmpty() && e.kind == EventKind::Returned ? QStringLiteral("(nothing)") : v;
        }
        case SiteColumn:
            return siteText(trace, e.site);
        }
        return {};
    case SortRole:
        return index.column() == EventColumn ? QVariant(eventIndex) : data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == SiteColumn)
            return siteToolTip(trace, e.site);
        if (index.column() == ValueColumn)
            return data(index, Qt::DisplayRole);
        return QStringLiteral("Event %1 — click to move the cursor there").arg(m_session->runEventNumber(eventIndex));
    case Qt::ForegroundRole:
        if (index.column() == DirectionColumn || index.column() == ActionColumn)
            return in ? inColor(QApplication::palette()) : outColor(QApplication::palette());
        if (e.kind == EventKind::Threw && index.column() == ValueColumn)
            return stateColor(CoroutineState::Failed, QApplication::palette());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == EventColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case EventRole:
        return eventIndex;
    case IsInputRole:
        return in;
    default:
        return {};
    }
}

} // namespace coroscope::ui
