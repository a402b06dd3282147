#pragma once

// TransitionBuilder folds trace events into transitions: one per stretch of a
// coroutine's life from a resumption to the next suspension (a yield, an
// await, a sleep, an external wait) or to its end (return, raise, cancelled,
// closed). They are what `--verbose` and `--replay` print, and what the UI's
// log and state machine show:
//
//   #3 accumulator  send(10) → yield 15  @ send_accumulator.cpp:14:22
//
// `#3` is the coroutine's id (the same id the outcomes use in `await fetch#4`),
// then its name, the protocol action that resumed it, the outcome, and the
// site it is parked at now (file = last path component). The `@ …` part is
// left out when the outcome has no site (a raise, a return from a void body).

#include <coroscope/trace.h>

#include <QString>
#include <cstddef>
#include <vector>

namespace coroscope {

// "name#id" (or "#id" for an id the trace does not know): how every text names a coroutine.
QString nameAndId(const Trace &trace, CoroId id);
// The protocol action an Awaiting event ends a stretch with: "await fetch#3",
// "await anext(ticker#2)", or the sleep / external wait's own description.
QString awaitLabel(const Trace &trace, const Event &e);

struct Transition
{
    CoroId coro = 0;
    std::size_t firstEvent = 0; // the resumption, or the Sent / thrown-in event that led to it
    std::size_t lastEvent = 0;  // the suspension or the end
    // How it was resumed: `next()`, `anext()`, `send(10)`, `throw ValueError`, `close()`,
    // `start`, `loop` (after sleep(0)), `wakeup` (what it awaited finished), `timer`,
    // `external` (a Qt signal, a QCoro task …), `cancel`.
    QString action;
    // What it did: `yield 5`, `await fetch#4`, `await anext(ticks#6)`, `sleep(100 ms)`,
    // `sleep(0)`, `wait <description>`, `return 7`, `raise <what>`, `cancelled`,
    // `closed` (close()), `destroyed` (its frame was destroyed while it ran).
    QString outcome;
    SiteId fromSite = 0; // where it was parked before; 0 = it had not started
    SiteId toSite = 0;   // where it is parked now (or returned from); 0 = unknown / finished without a site
    friend bool operator==(const Transition &, const Transition &) = default;
};

class TransitionBuilder
{
public:
    // Folds events processed() .. upTo-1 of `trace` (upTo is clamped to its
    // size) and returns the transitions that ended in that range, in the
    // order of their last events. Feed the same trace, growing, every time.
    std::vector<Transition> feed(const Trace &trace, std::size_t upTo);
    std::size_t processed() const noexcept { return m_next; }
    void reset();

    // `#<coroutine id> <name>  <action> → <outcome>  @ <file>:<line>:<col>`
    static QString format(const Trace &trace, const Transition &t);
    // Every transition of a whole trace.
    static std::vector<Transition> all(const Trace &trace);

private:
    struct CoroState
    {
        bool open = false;
        bool hasPending = false;
        bool cancelRequested = false;
        EnqueueReason lastEnqueue = EnqueueReason::Wakeup;
        std::size_t first = 0;
        std::size_t pendingFirst = 0;
        SiteId from = 0;
        QString action;
        QString pendingAction;
    };
    CoroState *state(const Trace &trace, CoroId id);
    void begin(const Trace &trace, CoroState &s, const Event &e, std::size_t index);
    static QString resumeAction(const Trace &trace, CoroState &s, const Event &e);

    std::vector<CoroState> m_states;
    std::size_t m_next = 0;
};

} // namespace coroscope
