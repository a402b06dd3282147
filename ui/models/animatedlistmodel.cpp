#include "animatedlistmodel.h"

#include <QElapsedTimer>

namespace coroscope::ui {

qint64 AnimatedListModel::clockMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed() + 1; // never 0: 0 means "always there"
}

} // namespace coroscope::ui
