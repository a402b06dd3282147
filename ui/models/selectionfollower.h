#pragma once

// SelectionFollower: the window follows the run, like a debugger's "follow
// the current thread". Whenever the cursor moves (a step, a breakpoint hit, a
// pause, the end, a step back, a click on an event), the coroutine that acted
// in the current event becomes the selected one, so the State machine, the
// Values and the Await graph show it. Pinned, the selection stays where the
// user put it.

#include <QObject>
#include <coroscope/event.h>

namespace coroscope::ui {

class Session;

class SelectionFollower final : public QObject
{
    Q_OBJECT
public:
    explicit SelectionFollower(Session *session, QObject *parent = nullptr);

    bool isPinned() const noexcept { return m_pinned; }
    // The coroutine that acted in the current event: the event's own coroutine, or
    // for the loop's bookkeeping (a ready entry, a timer) the one it is about; 0 for none.
    CoroId actor() const;

public Q_SLOTS:
    void setPinned(bool pinned);
    // Selects the actor now (unless pinned or there is none).
    void follow();

Q_SIGNALS:
    void pinnedChanged(bool pinned);

private:
    Session *m_session;
    bool m_pinned = false;
};

} // namespace coroscope::ui
