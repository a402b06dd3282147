#include "guimain.h"

#include "appicon.h"
#include "mainwindow.h"
#include "runcontroller.h"
#include "session.h"

#include <samplelibrary.h>

#include <QApplication>
#include <QDockWidget>
#include <QDeadlineTimer>
#include <QPixmap>
#include <QThread>
#include <QTextStream>

namespace coroscope::ui {

namespace {
void waitSettled(MainWindow &w, int timeoutMs)
{
    RunController *c = w.controller();
    QDeadlineTimer deadline(timeoutMs);
    while ((!c->settled() || w.isBuilding() || c->runner()->state() == Runner::State::Running) && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    QCoreApplication::processEvents();
}
void selectByName(MainWindow &window, const QString &name)
{
    Session *session = window.session();
    if (name.isEmpty() || !session->hasTrace())
        return;
    for (const CoroutineInfo &c : session->trace().coroutines())
        if (c.name == name) {
            session->select(c.id);
            return;
        }
}
} // namespace

bool prepareMainWindow(MainWindow &window, const GuiOptions &options, QString *error)
{
    const QString last = window.restoreSettings();
    if (options.resetLayout)
        window.resetLayout();
    if (options.size.isValid())
        window.resize(options.size);
    window.controller()->setClock(options.clock);
    window.controller()->setWorkDir(options.workDir);
    if (options.maxEvents)
        window.controller()->runner()->setMaxEvents(options.maxEvents);
    if (!options.tracePath.isEmpty())
        return window.openTraceFile(options.tracePath, error);
    if (!options.program.isEmpty()) {
        window.openProgram(options.program, options.programArgs, options.workDir);
        return true;
    }
    QString sample = options.sample;
    if (sample.isEmpty())
        sample = samples::findSample(last) ? last : samples::defaultSampleName();
    if (!window.openSample(sample, options.sampleArgs)) {
        if (error)
            *error = QStringLiteral("no sample named \"%1\"").arg(sample);
        return false;
    }
    return true;
}

void stepAndSettle(MainWindow &window, int count, int timeoutMs)
{
    RunController *c = window.controller();
    waitSettled(window, timeoutMs);
    for (int i = 0; i < count; ++i) {
        c->step();
        waitSettled(window, timeoutMs);
    }
}

int runMainWindow(QApplication &app, const GuiOptions &options)
{
    if (QCoreApplication::organizationName().isEmpty())
        QCoreApplication::setOrganizationName(QStringLiteral("Coroscope"));
    if (QCoreApplication::applicationName().isEmpty())
        QCoreApplication::setApplicationName(QStringLiteral("coroscope"));
    app.setWindowIcon(appIcon());
    // Wayland's app id and the taskbar's grouping: the installed .desktop file.
    QGuiApplication::setDesktopFileName(appId());

    MainWindow window;
    QString error;
    if (!prepareMainWindow(window, options, &error)) {
        QTextStream(stderr) << "coroscope: " << error << '\n';
        if (!options.screenshot.isEmpty())
            return 2;
    }
    window.show();
    if (!options.compare.isEmpty())
        window.compareWithTwin(options.compare);
    if (options.screenshot.isEmpty()) {
        if (options.steps > 0)
            stepAndSettle(window, options.steps);
        return app.exec();
    }
    stepAndSettle(window, options.steps);
    selectByName(window, options.select);
    for (const QString &name : options.raise)
        if (QDockWidget *d = window.dock(name))
            d->raise();
    // Let the views finish their coalesced refreshes and layouts.
    for (int i = 0; i < 10; ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 30);
        QThread::msleep(20);
    }
    const bool saved = window.grab().save(options.screenshot);
    if (!saved)
        QTextStream(stderr) << "coroscope: cannot write " << options.screenshot << '\n';
    window.controller()->pause();
    return saved ? 0 : 1;
}

} // namespace coroscope::ui
