#include "viewstyle.h"

#include "tracecolors.h"

namespace coroscope::ui {

QColor mixColors(const QColor &a, const QColor &b, qreal t)
{
    const QColor x = a.toRgb(), y = b.toRgb();
    return QColor::fromRgbF(float(x.redF() * t + y.redF() * (1 - t)), float(x.greenF() * t + y.greenF() * (1 - t)),
                            float(x.blueF() * t + y.blueF() * (1 - t)));
}

QColor stateFill(CoroutineState state, const QPalette &palette)
{
    return mixColors(stateColor(state, palette), palette.color(QPalette::Base), isDarkPalette(palette) ? 0.30 : 0.18);
}

QColor alarmColor(const QPalette &palette)
{
    return stateColor(CoroutineState::Failed, palette);
}

QColor parkedMarkColor(const QPalette &palette)
{
    return stateColor(CoroutineState::Parked, palette);
}

QColor dimColor(const QPalette &palette)
{
    return mixColors(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

} // namespace coroscope::ui
