#pragma once

// How trace data reads as text, wherever it is shown: sites, coroutine
// labels, what a coroutine awaits, one-line event summaries and warnings.
// The UI's tables, the headless runner and the exports share it so that they
// say the same thing the same way.

#include <QList>
#include <QString>
#include <coroscope/snapshot.h>
#include <coroscope/trace.h>

namespace coroscope {

// "send_accumulator.cpp:17"; empty for the unknown site.
QString siteText(const Trace &trace, SiteId site);
// "accumulator() — /path/send_accumulator.cpp:17:22" for tool tips.
QString siteToolTip(const Trace &trace, SiteId site);
// "fetch#4", the label the transitions use too; "#4" when the trace does not describe it.
QString coroutineLabel(const Trace &trace, CoroId id);
// What a parked coroutine waits for: "fetch#4", "sleep(50 ms)", "anext(ticks#6)", "QCoro::…"; empty when not
// waiting.
QString awaitingText(const Trace &trace, const CoroutineSnapshot &c);
// One line for the event log: "yield 15", "send(10)", "enqueue fetch#4 (spawn)".
QString eventSummary(const Trace &trace, const Event &e);
// "12 ms" — the loop clock.
QString clockText(std::int64_t ns);

QString warningTitle(WarningKind w);
QString warningExplanation(WarningKind w);
QList<WarningKind> warningList(std::uint16_t bits);

} // namespace coroscope
