#pragma once

// The toolbar's icons, painted as vector glyphs at whatever size and device
// pixel ratio is asked (crisp on high-DPI screens), in the palette's text
// colour so that they read in light and dark themes, greyed when disabled.

#include <QIcon>

namespace coroscope::ui {

enum class Glyph { Step, StepBack, StepLoop, Continue, Pause, Restart, Live, Send, Sample, Pin };

QIcon glyphIcon(Glyph glyph);

} // namespace coroscope::ui
