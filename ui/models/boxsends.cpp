#include "boxsends.h"

#include "session.h"

#include <algorithm>

namespace coroscope::ui {

void BoxSends::forget()
{
    m_pending.reset();
    m_boxResumptions.clear();
    m_awaitingReply.reset();
}

void BoxSends::answered(const Trace &trace, CoroId coro)
{
    const auto from = std::exchange(m_awaitingReply, std::nullopt);
    if (!from || from->first != coro)
        return;
    for (std::size_t n = std::max(from->second, trace.droppedEvents()); n < trace.droppedEvents() + trace.size(); ++n) {
        const Event &e = trace[n - trace.droppedEvents()];
        if (e.coro == coro && isResumption(e)) {
            m_boxResumptions.push_back(n);
            return;
        }
    }
}

bool BoxSends::stillInside(const Trace &trace, CoroId coro) const
{
    // A send now would raise "generator already executing": the next event is outside it.
    if (trace.size() == 0 || trace[trace.size() - 1].coro != coro)
        return false;
    for (std::size_t i = trace.size(); i-- > 0;) {
        const Event &e = trace[i];
        if (e.coro == coro && isResumption(e)) {
            const std::size_t number = trace.droppedEvents() + i;
            return resumerOf(e) != 0
                   || std::find(m_boxResumptions.cbegin(), m_boxResumptions.cend(), number) == m_boxResumptions.cend();
        }
    }
    return true;
}

QString generatorSendBlocker(const Session &session, CoroId coro)
{
    const Trace &trace = session.trace();
    if (coro == 0 || coro > trace.coroutineCount())
        return QStringLiteral("select a generator to send to");
    const CoroutineInfo &info = trace.coroutine(coro);
    if (info.kind != CoroutineKind::Generator) {
        const QString kind = nameOf(info.kind);
        const bool vowel = QStringLiteral("aeiou").contains(kind.left(1));
        return QStringLiteral("%1 is %2 %3: send() is for generators")
            .arg(info.name, vowel ? QStringLiteral("an") : QStringLiteral("a"), kind);
    }
    if (!info.receivesValues)
        return QStringLiteral("%1's co_yield receives nothing (Send = void): next() only").arg(info.name);
    const CoroutineSnapshot &c = session.snapshot().coroutine(coro);
    switch (c.state) {
    case CoroutineState::Created:
        return QStringLiteral("the generator has not started: next() it to its first yield");
    case CoroutineState::Running:
        return QStringLiteral("the generator is running: step until it yields");
    case CoroutineState::Parked:
        break;
    default:
        return QStringLiteral("the generator is %1: nothing to send to").arg(nameOf(c.state));
    }
    if (c.lastValueKind != std::uint8_t(EventKind::Yielded))
        return QStringLiteral("the generator is suspended, but not at a co_yield");
    return {};
}

} // namespace coroscope::ui
