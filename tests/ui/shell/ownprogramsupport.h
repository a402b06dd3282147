#pragma once

// What the own-program tests share: finding a line, pressing a key in the
// window, waiting for the child to pause, and the back-and-forward round.

#include "mainwindow.h"
#include "runcontroller.h"
#include "session.h"

#include <coroscope/processrunner.h>

#include <QFile>
#include <QTest>

namespace ownprogram {

using coroscope::Runner;
using coroscope::RunOutcome;

// Writes `bytes` to `path` (a test's program); false when it cannot.
inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline int lineOf(const QString &text, const QString &needle)
{
    const QStringList lines = text.split(u'\n');
    for (int i = 0; i < lines.size(); ++i)
        if (lines[i].contains(needle))
            return i + 1;
    return 0;
}

inline void press(coroscope::ui::MainWindow &w, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QTest::keyClick(&w, key, mods);
}

inline bool waitPaused(coroscope::ui::MainWindow &w, int ms = 10000)
{
    return QTest::qWaitFor([&w] { return w.controller()->runner()->state() == Runner::State::Paused; }, ms);
}

// Shift+F10 steps back through history, F10 forward to the live end again; then, without
// breakpoints, F5 runs the program to its end.
inline void backAndForwardThenToTheEnd(coroscope::ui::MainWindow &w)
{
    const std::size_t live = w.session()->cursor();
    press(w, Qt::Key_F10, Qt::ShiftModifier);
    QVERIFY(w.session()->cursor() < live);
    QVERIFY(w.controller()->behindLive());
    while (w.controller()->behindLive())
        press(w, Qt::Key_F10);
    QCOMPARE(w.session()->cursor(), live);

    w.session()->setBreakpoints({});
    press(w, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(w.controller()->runner()->state(), Runner::State::Finished, 10000);
    QCOMPARE(w.controller()->outcome()->kind, RunOutcome::Kind::Completed);
}

} // namespace ownprogram
