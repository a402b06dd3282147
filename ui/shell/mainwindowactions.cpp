// MainWindow: menus, the toolbar and the file dialogs.

#include "mainwindow.h"

#include "glyphicon.h"
#include "opensampledialog.h"
#include "gettingstarted.h"
#include "runcontroller.h"
#include "selectionfollower.h"
#include "sendbox.h"
#include "session.h"
#include "sourceview.h"
#include "speedcontrol.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

namespace coroscope::ui {

namespace {
QAction *makeAction(QObject *parent, const QString &text, const QIcon &icon, const QKeySequence &key,
                    const QString &tip)
{
    auto *a = new QAction(icon, text, parent);
    if (!key.isEmpty()) {
        a->setShortcut(key);
        // Floating docks are windows of their own: the debugger keys work there too.
        a->setShortcutContext(Qt::ApplicationShortcut);
    }
    const QString keyText = key.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText));
    a->setToolTip(QStringLiteral("<b>%1</b>%2<br>%3").arg(QString(text).remove(u'&').remove(QStringLiteral("…")),
                                                          keyText, tip));
    a->setStatusTip(tip);
    return a;
}
} // namespace

void MainWindow::createActions()
{
    m_reportError = [this](const QString &title, const QString &text) { QMessageBox::warning(this, title, text); };
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Open | QMessageBox::Cancel, QMessageBox::Cancel)
               == QMessageBox::Open;
    };
    QStyle *st = style();
    m_openSample = makeAction(this, QStringLiteral("Open &Sample…"), glyphIcon(Glyph::Sample), QKeySequence::Open,
                              QStringLiteral("Pick a sample program by concept"));
    m_openTrace = makeAction(this, QStringLiteral("Open &Trace…"), st->standardIcon(QStyle::SP_DirOpenIcon),
                             QKeySequence(QStringLiteral("Ctrl+Shift+O")),
                             QStringLiteral("Replay a saved trace, read-only"));
    m_openProgram = makeAction(this, QStringLiteral("Open &Program…"), st->standardIcon(QStyle::SP_FileIcon),
                               QKeySequence(QStringLiteral("Ctrl+Shift+P")),
                               QStringLiteral("Run your own program: an executable that links Coroscope, or a .cpp"));
    m_saveTrace = makeAction(this, QStringLiteral("Save T&race…"), st->standardIcon(QStyle::SP_DialogSaveButton),
                             QKeySequence::Save, QStringLiteral("Save the recorded trace (native format, reopens for replay)"));
    m_exportChrome = makeAction(this, QStringLiteral("&Export Chrome Trace…"), QIcon(),
                                QKeySequence(QStringLiteral("Ctrl+E")),
                                QStringLiteral("Export Chrome Trace Event JSON for Perfetto or chrome://tracing"));
    m_sourceFolders = makeAction(this, QStringLiteral("Source &Folders…"), QIcon(), QKeySequence(),
                                 QStringLiteral("Where to look for a program's source that moved"));
    auto *quit = makeAction(this, QStringLiteral("&Quit"), QIcon(), QKeySequence::Quit, QStringLiteral("Quit"));

    m_continue = makeAction(this, QStringLiteral("&Continue"), glyphIcon(Glyph::Continue), QKeySequence(Qt::Key_F5),
                            QStringLiteral("Run to a breakpoint or the end, at the chosen speed"));
    m_pause = makeAction(this, QStringLiteral("&Pause"), glyphIcon(Glyph::Pause), QKeySequence(Qt::Key_F6),
                         QStringLiteral("Pause the running program at its next transition"));
    m_step = makeAction(this, QStringLiteral("&Step"), glyphIcon(Glyph::Step), QKeySequence(Qt::Key_F10),
                        QStringLiteral("One transition: a resume, a yield, an await, a return…"));
    m_stepLoop = makeAction(this, QStringLiteral("Step &Loop: Next Ready Entry"), glyphIcon(Glyph::StepLoop),
                            QKeySequence(Qt::Key_F11),
                            QStringLiteral("Run until the event loop takes its next entry off the ready queue "
                                           "(asyncio's loop runs one callback): stops just before it runs"));
    m_stepBack = makeAction(this, QStringLiteral("Step &Back"), glyphIcon(Glyph::StepBack),
                            QKeySequence(Qt::SHIFT | Qt::Key_F10),
                            QStringLiteral("Back one transition through the recorded history"));
    m_live = makeAction(this, QStringLiteral("Back to Li&ve"), glyphIcon(Glyph::Live),
                        QKeySequence(Qt::CTRL | Qt::Key_F10), QStringLiteral("Jump from history to the live end"));
    m_restart = makeAction(this, QStringLiteral("&Restart"), glyphIcon(Glyph::Restart),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5),
                           QStringLiteral("Run the program again from its first event"));
    m_resetLayout = makeAction(this, QStringLiteral("&Reset Layout"), QIcon(), QKeySequence(),
                               QStringLiteral("Put every dock back where it started"));
    m_pin = makeAction(this, QStringLiteral("&Pin Selection"), glyphIcon(Glyph::Pin),
                       QKeySequence(Qt::CTRL | Qt::Key_T),
                       QStringLiteral("Off: the window follows the run, selecting the coroutine that just acted "
                                      "after every step. On: the selected coroutine stays selected"));
    m_pin->setCheckable(true);
    m_pin->setObjectName(QStringLiteral("pinSelection"));
    m_toggleBreakpoint = makeAction(this, QStringLiteral("Toggle &Breakpoint"), QIcon(), QKeySequence(Qt::Key_F9),
                                    QStringLiteral("A breakpoint on the Source's current line (or its next "
                                                   "suspension point): Continue (F5) stops there"));
    auto *gettingStarted = makeAction(this, QStringLiteral("&Getting Started"), QIcon(),
                                      QKeySequence(Qt::Key_F1),
                                      QStringLiteral("The three keys, what a transition is, sending a value, "
                                                     "and the Timeline's marks and colours"));
    auto *about = makeAction(this, QStringLiteral("&About Coroscope"), QIcon(), QKeySequence(),
                             QStringLiteral("About Coroscope"));

    connect(m_openSample, &QAction::triggered, this, &MainWindow::chooseSample);
    connect(m_openTrace, &QAction::triggered, this, &MainWindow::chooseTrace);
    connect(m_openProgram, &QAction::triggered, this, &MainWindow::chooseProgram);
    connect(m_sourceFolders, &QAction::triggered, this, &MainWindow::chooseSourceFolders);
    connect(m_saveTrace, &QAction::triggered, this, [this] { saveTraceAs(false); });
    connect(m_exportChrome, &QAction::triggered, this, [this] { saveTraceAs(true); });
    connect(quit, &QAction::triggered, this, &QWidget::close);
    connect(m_continue, &QAction::triggered, m_controller, &RunController::continueRun);
    connect(m_pause, &QAction::triggered, m_controller, &RunController::pause);
    connect(m_step, &QAction::triggered, m_controller, &RunController::step);
    connect(m_stepLoop, &QAction::triggered, m_controller, &RunController::stepLoop);
    connect(m_stepBack, &QAction::triggered, m_controller, &RunController::stepBack);
    connect(m_live, &QAction::triggered, m_controller, &RunController::goLive);
    connect(m_restart, &QAction::triggered, this, &MainWindow::restartRun);
    connect(m_resetLayout, &QAction::triggered, this, &MainWindow::resetLayout);
    connect(m_pin, &QAction::toggled, m_follower, &SelectionFollower::setPinned);
    connect(m_toggleBreakpoint, &QAction::triggered, this, &MainWindow::toggleBreakpointAtCaret);
    connect(gettingStarted, &QAction::triggered, this, &MainWindow::showGettingStarted);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, QStringLiteral("About Coroscope"),
                           QStringLiteral("<h3>Coroscope %1</h3><p>Watch real C++20 coroutines run: generators, "
                                          "tasks, futures and the event loop, one transition at a time.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addActions({m_openSample, m_openProgram});
    m_recentPrograms = file->addMenu(QStringLiteral("Recent P&rograms"));
    updateRecentPrograms();
    file->addAction(m_openTrace);
    file->addAction(m_sourceFolders);
    file->addSeparator();
    file->addActions({m_saveTrace, m_exportChrome});
    file->addSeparator();
    file->addAction(quit);
    QMenu *debug = menuBar()->addMenu(QStringLiteral("&Debug"));
    debug->addActions({m_continue, m_pause});
    debug->addSeparator();
    debug->addActions({m_step, m_stepLoop, m_stepBack, m_live});
    debug->addSeparator();
    debug->addAction(m_toggleBreakpoint);
    debug->addAction(m_pin);
    debug->addSeparator();
    debug->addAction(m_restart);
    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    for (QDockWidget *d : m_docks)
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    view->addAction(m_resetLayout);
    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(gettingStarted);
    help->addAction(about);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(QStringLiteral("Controls"));
    bar->setObjectName(QStringLiteral("controlsToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    bar->setIconSize(QSize(20, 20));
    bar->addAction(m_openSample);
    bar->addSeparator();
    bar->addActions({m_restart, m_stepBack, m_step, m_stepLoop, m_continue, m_pause, m_live});
    bar->addSeparator();
    bar->addAction(m_pin);
    bar->addSeparator();
    m_speed = new SpeedControl(m_controller, bar);
    bar->addWidget(m_speed);
    bar->addSeparator();
    m_sendBox = new SendBox(m_session, m_controller, bar);
    bar->addWidget(m_sendBox);
}

void MainWindow::updateActions()
{
    const bool live = m_controller->mode() == RunController::Mode::Live;
    const bool hasTrace = m_session->hasTrace() && !m_session->trace().empty();
    const bool running = m_controller->isRunning();
    m_step->setEnabled(m_controller->canStepForward());
    m_stepLoop->setEnabled(m_controller->canStepForward());
    m_continue->setEnabled(!running && m_controller->canStepForward());
    m_pause->setEnabled(running);
    m_stepBack->setEnabled(m_controller->canStepBack());
    m_live->setEnabled(m_controller->behindLive());
    m_restart->setEnabled(live || m_controller->mode() == RunController::Mode::Replay || !m_cppPath.isEmpty());
    m_saveTrace->setEnabled(hasTrace);
    m_exportChrome->setEnabled(hasTrace);
}

void MainWindow::chooseSample()
{
    OpenSampleDialog dialog(m_controller->sampleName(), this);
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedSample().isEmpty())
        openSample(dialog.selectedSample());
}

void MainWindow::chooseTrace()
{
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Open Trace"), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
        traceFileFilter() + QStringLiteral(";;All files (*)"));
    if (!path.isEmpty())
        openTraceOrReport(path);
}

QString MainWindow::traceFileFilter()
{
    // .cstrace is what the README and the headless runner write; .coroscope is read as well.
    return QStringLiteral("Coroscope traces (*.cstrace *.coroscope)");
}

void MainWindow::toggleBreakpointAtCaret()
{
    if (m_session->sourceFileName().isEmpty()) {
        statusBar()->showMessage(QStringLiteral("No source is shown: nothing to put a breakpoint on"), 8000);
        return;
    }
    m_source->toggleBreakpoint(m_source->textCursor().blockNumber() + 1);
}

void MainWindow::showGettingStarted()
{
    GettingStarted dialog(this);
    dialog.exec();
}

bool MainWindow::openTraceOrReport(const QString &path)
{
    QString error;
    if (openTraceFile(path, &error))
        return true;
    // The controller checks the whole file before it lets go of the open run: nothing was lost.
    const QString kept = m_controller->mode() == RunController::Mode::Empty
                             ? QString()
                             : QStringLiteral("\n\nThe run that was open is still shown.");
    m_reportError(QStringLiteral("Open Trace"),
                  QStringLiteral("Cannot open %1:\n%2").arg(QFileInfo(path).fileName(), error) + kept);
    return false;
}

void MainWindow::saveTraceAs(bool chrome)
{
    const QString base = m_controller->sampleName().isEmpty() ? QStringLiteral("trace") : m_controller->sampleName();
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, chrome ? QStringLiteral("Export Chrome Trace") : QStringLiteral("Save Trace"),
        dir + u'/' + base + (chrome ? QStringLiteral(".json") : QStringLiteral(".cstrace")),
        chrome ? QStringLiteral("Chrome Trace Event JSON (*.json)") : traceFileFilter());
    if (path.isEmpty())
        return;
    QString error;
    if (!m_controller->saveTrace(path, chrome ? Trace::Format::Chrome : Trace::Format::Native, &error)) {
        m_reportError(chrome ? QStringLiteral("Export Chrome Trace") : QStringLiteral("Save Trace"),
                      QStringLiteral("Cannot save %1:\n%2").arg(path, error));
        return;
    }
    statusBar()->showMessage(QStringLiteral("Saved %1").arg(QFileInfo(path).fileName()), 6000);
}

} // namespace coroscope::ui
