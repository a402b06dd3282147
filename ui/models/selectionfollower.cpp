#include "selectionfollower.h"

#include "session.h"

namespace coroscope::ui {

SelectionFollower::SelectionFollower(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    connect(session, &Session::cursorChanged, this, &SelectionFollower::follow);
}

CoroId SelectionFollower::actor() const
{
    const Trace &trace = m_session->trace();
    const std::size_t cursor = m_session->cursor();
    if (!m_session->hasTrace() || cursor == 0 || cursor > trace.size())
        return 0;
    const Event &e = trace[cursor - 1];
    const CoroId id = e.coro;
    if (id == 0 || id > trace.coroutineCount())
        return 0;
    // A future has no body and no state machine: what acted is whoever settles or awaits it.
    if (trace.coroutine(id).kind == CoroutineKind::Future)
        return 0;
    return id;
}

void SelectionFollower::setPinned(bool pinned)
{
    if (pinned == m_pinned)
        return;
    m_pinned = pinned;
    Q_EMIT pinnedChanged(pinned);
    follow();
}

void SelectionFollower::follow()
{
    // Pinned to nothing (a new run cleared the selection) is not worth keeping.
    if (m_pinned && m_session->selected() != 0)
        return;
    if (const CoroId id = actor())
        m_session->select(id);
}

} // namespace coroscope::ui
