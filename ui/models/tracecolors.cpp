#include "tracecolors.h"

namespace coroscope::ui {

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor stateColor(CoroutineState state, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    switch (state) {
    case CoroutineState::Running:
        return dark ? QColor(0x6c, 0xd9, 0x7e) : QColor(0x1a, 0x7f, 0x37);
    case CoroutineState::Parked:
        return dark ? QColor(0x79, 0xb8, 0xff) : QColor(0x09, 0x5c, 0xc0);
    case CoroutineState::Failed:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
    case CoroutineState::Cancelled:
        return dark ? QColor(0xf0, 0xb0, 0x5a) : QColor(0xb3, 0x5c, 0x00);
    case CoroutineState::Done:
    case CoroutineState::Destroyed:
    case CoroutineState::Absent:
        return palette.color(QPalette::Disabled, QPalette::Text);
    case CoroutineState::Created:
        break;
    }
    return palette.color(QPalette::Text);
}

QColor warningColor(const QPalette &palette)
{
    return isDarkPalette(palette) ? QColor(0xf2, 0xcc, 0x60) : QColor(0x9a, 0x67, 0x00);
}

QColor inColor(const QPalette &palette)
{
    return isDarkPalette(palette) ? QColor(0xd2, 0xa8, 0xff) : QColor(0x82, 0x50, 0xdf);
}

QColor outColor(const QPalette &palette)
{
    return stateColor(CoroutineState::Running, palette);
}

} // namespace coroscope::ui
