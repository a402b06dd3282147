#pragma once

// The Values dock: the in/out lane of the selected coroutine up to the cursor.
// Every value sent in (send, throw) and every value that came out (yield,
// return, raise), each with its event number and the site it is pinned to.

#include "cursorprefixmodel.h"

#include <coroscope/event.h>
#include <vector>

namespace coroscope::ui {

class Session;

class ValuesModel final : public CursorPrefixModel
{
    Q_OBJECT
public:
    enum Column { EventColumn, DirectionColumn, ActionColumn, ValueColumn, SiteColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        EventRole,   // the event index (Session::showEvent moves the cursor there)
        IsInputRole, // true for values going in
    };

    explicit ValuesModel(Session *session, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    CoroId coroutine() const noexcept { return m_coro; }
    std::size_t eventAt(int row) const { return m_events[std::size_t(row)]; }
    static bool isValueEvent(const Event &e);
    static bool isInput(const Event &e);

private:
    void rebuild();
    void update();
    void scan();

    Session *m_session;
    CoroId m_coro = 0;
    std::vector<std::uint32_t> m_events; // value events of m_coro found so far, in order
    std::size_t m_scanned = 0;           // entries of SnapshotIndex::eventsOf(m_coro) looked at
};

} // namespace coroscope::ui
