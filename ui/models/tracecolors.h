#pragma once

// The colours trace data is shown in: per state, warnings, and values going
// in and out. The words are core's (coroscope/tracetext.h).

#include <QColor>
#include <QPalette>
#include <coroscope/snapshot.h>
#include <coroscope/tracetext.h>

namespace coroscope::ui {

bool isDarkPalette(const QPalette &palette);
// A foreground colour per state that reads on the palette's base colour.
QColor stateColor(CoroutineState state, const QPalette &palette);
QColor warningColor(const QPalette &palette);
// The colour of "values going in" (send, throw) and "values coming out" (yield, return).
QColor inColor(const QPalette &palette);
QColor outColor(const QPalette &palette);

} // namespace coroscope::ui
