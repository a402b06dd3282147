#pragma once

// What the Send box has to remember about a live run to send into a
// generator at the right moment: a send waiting for the generator to hand
// control back, the send awaiting its answer, and which resumptions were the
// box's own. A box send runs nested in the hook the program is paused in and
// returns there; a resumption by the program's own code (also recorded with
// resumer 0 when plain main calls send) has not returned when it pauses.

#include <coroscope/trace.h>

#include <QString>

#include <optional>
#include <vector>

namespace coroscope::ui {

class Session;

class BoxSends
{
public:
    struct Pending
    {
        CoroId coro = 0;
        QString text;
    };

    // A new run or a replay: nothing pending or remembered (event numbers start again).
    void forget();

    // A send that waits for one step, until the generator has handed control back.
    void setPending(Pending pending) { m_pending = std::move(pending); }
    std::optional<Pending> takePending() { return std::exchange(m_pending, std::nullopt); }

    // The box sent into `coro` when the run held `eventNumber` events; answered() finds the
    // resumption it caused (the coroutine's first one since) once the child replies.
    void issued(CoroId coro, std::size_t eventNumber) { m_awaitingReply = std::pair{coro, eventNumber}; }
    void answered(const Trace &trace, CoroId coro);

    // Paused at the generator's own yield event, its frame has not handed control back yet,
    // unless the box resumed it: then that send has returned.
    bool stillInside(const Trace &trace, CoroId coro) const;

private:
    std::optional<Pending> m_pending;
    std::vector<std::size_t> m_boxResumptions; // event numbers (droppedEvents() + index)
    std::optional<std::pair<CoroId, std::size_t>> m_awaitingReply;
};

// Why the Send box cannot send into `coro` of a paused live run now (it is not a generator,
// its yield receives nothing, it is not parked at a yield …); empty when it can.
QString generatorSendBlocker(const Session &session, CoroId coro);

} // namespace coroscope::ui
