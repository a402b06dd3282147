#include "appicon.h"

namespace coroscope::ui {

QIcon appIcon()
{
    QIcon icon;
    // PNGs rather than the SVG: the SVG icon engine is a separate package (qt6-svg).
    for (const int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/hicolor/%1x%1/coroscope.png").arg(size), QSize(size, size));
    return icon;
}

QString appId()
{
    return QStringLiteral(COROSCOPE_APP_ID);
}

} // namespace coroscope::ui
