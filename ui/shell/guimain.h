#pragma once

// The desktop app's entry: what the command line asks of the window, and the
// function app/main.cpp calls to run it.

#include <coroscope/eventloop.h>

#include <QSize>
#include <QString>
#include <QStringList>

class QApplication;

namespace coroscope::ui {

class MainWindow;

struct GuiOptions
{
    QString sample;         // run this sample (default: the last one, else the library's default)
    QStringList sampleArgs; // `key=value` settings for the sample
    QString compare;        // also open this sample and its Python twin in the Compare window
    QString tracePath;      // replay this native trace instead
    QString program;        // or run this program of the user's (an executable or a .cpp)
    QStringList programArgs;
    EventLoop::Clock clock = EventLoop::Clock::Virtual;
    std::size_t maxEvents = 0; // 0: the engine's default limit
    QString workDir;
    int steps = 0;          // Step this many times once loaded
    QString screenshot;     // save a grab of the window here after the steps, then quit
    QSize size;             // the window size (default: remembered, else 1280×800)
    bool resetLayout = false;
    QString select;         // select the first coroutine of this name after the steps (screenshots)
    QStringList raise;      // bring these docks to the front of their tab groups ("awaitGraph", …)
};

// Sets up the window as asked; returns false (with a message on stderr) when a sample
// or trace cannot be opened.
bool prepareMainWindow(MainWindow &window, const GuiOptions &options, QString *error = nullptr);
// Steps `count` times, waiting for each step to settle (the engine paused or finished).
void stepAndSettle(MainWindow &window, int count, int timeoutMs = 10000);
// Shows the window and runs the application (or takes the screenshot and quits).
int runMainWindow(QApplication &app, const GuiOptions &options);

} // namespace coroscope::ui
