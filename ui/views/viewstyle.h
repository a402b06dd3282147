#pragma once

// Fill and accent colours the graph, source and timeline views share, all
// derived from the palette (and uitext.h's state colours) so every view reads
// in light and dark themes alike.

#include <coroscope/snapshot.h>

#include <QColor>
#include <QPalette>

namespace coroscope::ui {

// `a` over `b` with weight t (0 = b, 1 = a).
QColor mixColors(const QColor &a, const QColor &b, qreal t);
// A soft background for a coroutine in `state`: its state colour over Base.
QColor stateFill(CoroutineState state, const QPalette &palette);
// The colour of an await cycle (a deadlock) and of breakpoints.
QColor alarmColor(const QPalette &palette);
// Marks for points other coroutines are parked at.
QColor parkedMarkColor(const QPalette &palette);
// A dim line or text colour that still reads on Base.
QColor dimColor(const QPalette &palette);

} // namespace coroscope::ui
