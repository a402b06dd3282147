#pragma once

// The desktop window's entry as app/main.cpp calls it: the command line's
// options become GuiOptions. Header-only so that coroscope_ui does not depend
// on the command-line library; only the executable includes it.
//
// Screenshots for the docs (not on the command line's help):
//   COROSCOPE_STEPS=N COROSCOPE_SCREENSHOT=shot.png coroscope --sample NAME
// steps N times, saves a grab of the window and quits; COROSCOPE_WINDOW_SIZE=1280x800
// sets the window size and ignores the remembered layout; COROSCOPE_SELECT=NAME selects
// that coroutine before the grab; COROSCOPE_RAISE=awaitGraph,timeline brings those docks
// to the front of their tab groups.

#include "guimain.h"

#include <cli.h>

#include <QApplication>

namespace coroscope::ui {

inline int runGui(QApplication &app, const cli::CliOptions &options)
{
    GuiOptions gui;
    gui.sample = options.sample;
    gui.sampleArgs = options.sampleArgs;
    if (options.action == cli::CliOptions::Action::Replay)
        gui.tracePath = options.replayFile;
    gui.clock = options.clock;
    gui.maxEvents = options.maxEvents;
    gui.workDir = options.workDir;
    gui.steps = qEnvironmentVariableIntValue("COROSCOPE_STEPS");
    gui.screenshot = qEnvironmentVariable("COROSCOPE_SCREENSHOT");
    gui.select = qEnvironmentVariable("COROSCOPE_SELECT");
    gui.raise = qEnvironmentVariable("COROSCOPE_RAISE").split(u',', Qt::SkipEmptyParts);
    const QStringList size = qEnvironmentVariable("COROSCOPE_WINDOW_SIZE").split(u'x');
    if (size.size() == 2) {
        gui.size = QSize(size[0].toInt(), size[1].toInt());
        gui.resetLayout = true;
    }
    return runMainWindow(app, gui);
}

} // namespace coroscope::ui
