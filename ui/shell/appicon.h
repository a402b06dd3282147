#pragma once

// Coroscope's own icon, compiled in (resources/icons/ under :/icons/) so that
// the window has it whether or not the app is installed, and the freedesktop
// application id the installed .desktop file, icon and metainfo are named after.

#include <QIcon>
#include <QString>

namespace coroscope::ui {

// Every size drawn from resources/icons/coroscope.svg, 16 to 256 px.
QIcon appIcon();
// "io.github.coroscope.Coroscope"
QString appId();

} // namespace coroscope::ui
