#pragma once

// The desktop window's entry as app/main.cpp calls it: the command line's
// options become GuiOptions. Header-only so that coroscope_ui does not depend
// on the command-line library; only the executable includes it.
//
// Screenshots for the docs (not on the command line's help):
//   COROSCOPE_STEPS=N COROSCOPE_SCREENSHOT=shot.png coroscope --sample NAME
// steps N times, saves a grab of the window and quits; COROSCOPE_PALETTE=dark uses a dark palette; COROSCOPE_WINDOW_SIZE=1280x800
// sets the window size and ignores the remembered layout; COROSCOPE_SELECT=NAME selects
// that coroutine before the grab; COROSCOPE_RAISE=awaitGraph,timeline brings those docks
// to the front of their tab groups.

#include "guimain.h"

#include <cli.h>

#include <QApplication>
#include <QPalette>

namespace coroscope::ui {

// COROSCOPE_PALETTE=dark: a dark palette, to look at the views as a user of a
// dark desktop theme sees them (the views take their colours from the palette).
inline QPalette darkScreenshotPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    for (const auto role : {QPalette::Window, QPalette::Button, QPalette::AlternateBase})
        p.setColor(role, window);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(role, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x7a, 0x7d, 0x82));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x7a, 0x7d, 0x82));
    return p;
}

inline int runGui(QApplication &app, const cli::CliOptions &options)
{
    if (qEnvironmentVariable("COROSCOPE_PALETTE") == u"dark")
        QApplication::setPalette(darkScreenshotPalette());
    GuiOptions gui;
    gui.sample = options.sample;
    gui.compare = options.compare;
    gui.sampleArgs = options.sampleArgs;
    gui.program = options.program;
    gui.programArgs = options.programArgs;
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
