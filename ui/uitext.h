#pragma once

// How trace data reads in every table: sites, coroutine labels, values,
// one-line event summaries, warnings and state colours. Shared so that the
// Coroutines, Values, Event loop and Log docks say the same thing the same way.

#include <coroscope/snapshot.h>
#include <coroscope/trace.h>

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>

namespace coroscope::ui {

// "send_accumulator.cpp:17"; empty for the unknown site.
QString siteText(const Trace &trace, SiteId site);
// "accumulator() — /path/send_accumulator.cpp:17:22" for tool tips.
QString siteToolTip(const Trace &trace, SiteId site);
// "fetch#4", the label the transitions use too; "#4" when the trace does not describe it.
QString coroutineLabel(const Trace &trace, CoroId id);
// What a parked coroutine waits for: "fetch#4", "sleep(50 ms)", "anext(ticks#6)", "QCoro::…"; empty when not waiting.
QString awaitingText(const Trace &trace, const CoroutineSnapshot &c);
// One line for the event log: "yield 15", "send(10)", "enqueue fetch#4 (spawn)".
QString eventSummary(const Trace &trace, const Event &e);
// "12 ms" — the loop clock.
QString clockText(std::int64_t ns);

QString warningTitle(WarningKind w);
QString warningExplanation(WarningKind w);
QList<WarningKind> warningList(std::uint16_t bits);

bool isDarkPalette(const QPalette &palette);
// A foreground colour per state that reads on the palette's base colour.
QColor stateColor(CoroutineState state, const QPalette &palette);
QColor warningColor(const QPalette &palette);
// The colour of "values going in" (send, throw) and "values coming out" (yield, return).
QColor inColor(const QPalette &palette);
QColor outColor(const QPalette &palette);

} // namespace coroscope::ui
