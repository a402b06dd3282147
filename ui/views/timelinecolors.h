#pragma once

// The Timeline's colours, shared by its painting and its legend so the two
// always agree.

#include "tracecolors.h"
#include "viewstyle.h"

namespace coroscope::ui {

struct TimelineColors
{
    QColor base, text, dim, grid, running, parked, awaiting, busy, created, out, in, alarm, warning,
        highlight;
    explicit TimelineColors(const QPalette &pal)
        : base(pal.color(QPalette::Base)), text(pal.color(QPalette::Text)), dim(dimColor(pal)),
          grid(mixColors(text, base, 0.10)), running(stateColor(CoroutineState::Running, pal)),
          parked(mixColors(stateColor(CoroutineState::Parked, pal), base, 0.40)),
          awaiting(mixColors(stateColor(CoroutineState::Parked, pal), base, 0.60)),
          busy(mixColors(running, base, 0.55)), created(dim), out(outColor(pal)), in(inColor(pal)),
          alarm(alarmColor(pal)), warning(warningColor(pal)), highlight(pal.color(QPalette::Highlight))
    {}
};

} // namespace coroscope::ui
