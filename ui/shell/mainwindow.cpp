#include "mainwindow.h"

#include "appicon.h"
#include "awaitgraphview.h"
#include "coroutinespanel.h"
#include "eventlogpanel.h"
#include "eventlooppanel.h"
#include "outputpanel.h"
#include "runcontroller.h"
#include "samplebrowser.h"
#include "selectionfollower.h"
#include "sendbox.h"
#include "session.h"
#include "sourcepanel.h"
#include "sourceview.h"
#include "speedcontrol.h"
#include "statemachineview.h"
#include "timelineview.h"
#include "tracecolors.h"
#include "valuespanel.h"

#include <samplelibrary.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QStatusBar>
#include <algorithm>

namespace coroscope::ui {

namespace {
// 2: no side dock areas (a saved v1 layout crept); 3: the graphs the full height of the top area.
constexpr int kLayoutVersion = 3;
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_session(new Session(this)), m_controller(new RunController(m_session, this)),
      m_follower(new SelectionFollower(m_session, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Coroscope"));
    setWindowIcon(appIcon());
    setDockNestingEnabled(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks);
    // Docks only: the central area is an empty, hidden placeholder.
    auto *central = new QWidget(this);
    central->hide();
    setCentralWidget(central);
    createDocks();
    applySourceLocations();
    createActions();
    createToolBar();
    createStatusBar();
    resize(1280, 800);
    defaultLayout();
    m_defaultState = saveState(kLayoutVersion);

    connect(m_controller, &RunController::stateChanged, this, &MainWindow::updateActions);
    connect(m_controller, &RunController::stateChanged, this, &MainWindow::updateStatus);
    connect(m_session, &Session::cursorChanged, this, &MainWindow::updateStatus);
    connect(m_samples, &SampleBrowser::sampleActivated, this, &MainWindow::activateSample);
    connect(m_samples, &SampleBrowser::openClicked, this, [this](const QString &name) { openSample(name); });
    connect(m_samples, &SampleBrowser::openPythonClicked, this, &MainWindow::openPythonTwin);
    connect(m_samples, &SampleBrowser::compareClicked, this, &MainWindow::compareWithTwin);
    connect(m_controller, &RunController::sampleLoaded, this, &MainWindow::showWhatIsOpen);
    connect(m_controller, &RunController::traceOpened, this, &MainWindow::showWhatIsOpen);
    connect(m_source, &SourceView::note, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_sendBox, &SendBox::resultShown, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(const QString &name, const QString &title, QWidget *content)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name + QStringLiteral("Dock"));
    content->setParent(dock);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                      | QDockWidget::DockWidgetFloatable);
    m_docks << dock;
    return dock;
}

void MainWindow::createDocks()
{
    m_samples = new SampleBrowser(this);
    addDock(QStringLiteral("samples"), QStringLiteral("Samples"), m_samples);
    auto *sourcePanel = new SourcePanel(m_session, this);
    m_source = sourcePanel->view();
    addDock(QStringLiteral("source"), QStringLiteral("Source"), sourcePanel);
    m_coroutines = new CoroutinesPanel(m_session, this);
    addDock(QStringLiteral("coroutines"), QStringLiteral("Coroutines"), m_coroutines);
    addDock(QStringLiteral("stateMachine"), QStringLiteral("State machine"), new StateMachineView(m_session, this));
    m_values = new ValuesPanel(m_session, this);
    addDock(QStringLiteral("values"), QStringLiteral("Values"), m_values);
    m_eventLoop = new EventLoopPanel(m_session, this);
    addDock(QStringLiteral("eventLoop"), QStringLiteral("Event loop"), m_eventLoop);
    addDock(QStringLiteral("awaitGraph"), QStringLiteral("Await graph"), new AwaitGraphView(m_session, this));
    addDock(QStringLiteral("timeline"), QStringLiteral("Timeline"), new TimelineView(m_session, this));
    m_output = new OutputPanel(m_session, this);
    addDock(QStringLiteral("output"), QStringLiteral("Output"), m_output);
    m_log = new EventLogPanel(m_session, this);
    addDock(QStringLiteral("log"), QStringLiteral("Log"), m_log);
}

QDockWidget *MainWindow::dock(const QString &name) const
{
    const QString objectName = name + QStringLiteral("Dock");
    for (QDockWidget *d : m_docks)
        if (d->objectName() == objectName)
            return d;
    return nullptr;
}

QWidget *MainWindow::dockContent(const QString &name) const
{
    QDockWidget *d = dock(name);
    return d ? d->widget() : nullptr;
}

void MainWindow::defaultLayout()
{
    for (QDockWidget *d : m_docks) {
        d->setFloating(false);
        d->show();
    }
    // No side areas: the top and the bottom area then span the whole width, and nothing creeps.
    // (With the central widget hidden, a left area takes every pixel a relayout frees, so a side
    // column grew by a few pixels at each step.)
    // Top: samples | source | state machine (await graph as a tab), the graphs the whole height
    // of the top area so that a sample's machine shows without scrolling.
    // Bottom: coroutines (timeline, log and output as tabs) | values (event loop as a tab).
    addDockWidget(Qt::TopDockWidgetArea, dock(QStringLiteral("samples")));
    splitDockWidget(dock(QStringLiteral("samples")), dock(QStringLiteral("source")), Qt::Horizontal);
    splitDockWidget(dock(QStringLiteral("source")), dock(QStringLiteral("stateMachine")), Qt::Horizontal);
    tabifyDockWidget(dock(QStringLiteral("stateMachine")), dock(QStringLiteral("awaitGraph")));
    addDockWidget(Qt::BottomDockWidgetArea, dock(QStringLiteral("coroutines")));
    splitDockWidget(dock(QStringLiteral("coroutines")), dock(QStringLiteral("values")), Qt::Horizontal);
    tabifyDockWidget(dock(QStringLiteral("values")), dock(QStringLiteral("eventLoop")));
    tabifyDockWidget(dock(QStringLiteral("coroutines")), dock(QStringLiteral("timeline")));
    tabifyDockWidget(dock(QStringLiteral("timeline")), dock(QStringLiteral("log")));
    tabifyDockWidget(dock(QStringLiteral("log")), dock(QStringLiteral("output")));
    dock(QStringLiteral("coroutines"))->raise();
    dock(QStringLiteral("stateMachine"))->raise();
    dock(QStringLiteral("values"))->raise();

    applyDockSizes();
}

void MainWindow::applyDockSizes()
{
    const QFontMetrics fm = fontMetrics();
    const int w = width();
    const int h = height();
    // The samples list fits its usual title (long ones elide, with a tooltip); the source a
    // line of code or nearly half of the rest on a wide screen; the graphs take what is left.
    const int samples = std::clamp(fm.horizontalAdvance(QStringLiteral("Lazy pipeline over an infinite source")) + 40,
                                   200, w * 19 / 100);
    const int source = std::clamp(std::max(fm.horizontalAdvance(u'0') * 70, (w - samples) * 45 / 100), 420,
                                  (w - samples) / 2);
    resizeDocks({dock(QStringLiteral("samples")), dock(QStringLiteral("source")), dock(QStringLiteral("stateMachine"))},
                {samples, source, w - samples - source}, Qt::Horizontal);
    const int coroutines = w * 60 / 100;
    resizeDocks({dock(QStringLiteral("coroutines")), dock(QStringLiteral("values"))}, {coroutines, w - coroutines},
                Qt::Horizontal);
    resizeDocks({dock(QStringLiteral("source")), dock(QStringLiteral("coroutines"))}, {h * 58 / 100, h * 42 / 100},
                Qt::Vertical);
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState, kLayoutVersion);
    m_sizeOnShow = true;
    m_defaultSizes = true;
    if (isVisible())
        applyDockSizes();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // Dock sizes set before the first show are squeezed by the first layout pass: set them again
    // once the window has its real size, unless a remembered layout was restored.
    if (m_sizeOnShow) {
        m_sizeOnShow = false;
        QMetaObject::invokeMethod(this, &MainWindow::applyDockSizes, Qt::QueuedConnection);
    }
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    if (m_defaultSizes && !m_sizeOnShow && isVisible())
        applyDockSizes();
}

bool MainWindow::event(QEvent *event)
{
    // A press under the split cursor QMainWindow shows over a separator between docks.
    if (event->type() == QEvent::MouseButtonPress
        && (cursor().shape() == Qt::SplitHCursor || cursor().shape() == Qt::SplitVCursor))
        m_defaultSizes = false;
    return QMainWindow::event(event);
}

void MainWindow::createStatusBar()
{
    m_eventStatus = new QLabel(this);
    m_clockStatus = new QLabel(this);
    m_runStatus = new QLabel(this);
    m_eventStatus->setObjectName(QStringLiteral("eventStatus"));
    m_clockStatus->setObjectName(QStringLiteral("clockStatus"));
    m_runStatus->setObjectName(QStringLiteral("runStatus"));
    for (QLabel *l : {m_eventStatus, m_clockStatus, m_runStatus}) {
        l->setContentsMargins(8, 0, 8, 0);
        statusBar()->addPermanentWidget(l);
    }
}

QString MainWindow::statusText() const
{
    return QStringList{m_eventStatus->text(), m_clockStatus->text(), m_runStatus->text()}.join(QStringLiteral(" · "));
}

void MainWindow::updateStatus()
{
    const std::size_t n = m_session->trace().size();
    // The current event and the last one, numbered as the Log numbers them (from 0, in the run:
    // once the oldest history is dropped, the kept events do not start at 0).
    QString event = n == 0 || m_session->cursor() == 0
                        ? QStringLiteral("No events")
                        : QStringLiteral("Event %1 / %2")
                              .arg(m_session->runEventNumber(m_session->cursor() - 1))
                              .arg(m_session->runEventNumber(n - 1));
    const std::size_t dropped = m_session->trace().droppedEvents();
    if (dropped)
        event += QStringLiteral(" (the first %1 dropped at the event limit)").arg(dropped);
    if (m_controller->behindLive())
        event += QStringLiteral(" (history)");
    m_eventStatus->setText(event);
    m_clockStatus->setText(QStringLiteral("Clock %1").arg(clockText(m_session->snapshot().loopTimeNs)));
    const QString state = m_controller->stateText();
    m_runStatus->setText(state);
    const auto outcome = m_controller->outcome();
    const QPalette pal = QApplication::palette();
    QColor color = pal.color(QPalette::WindowText);
    if (outcome && outcome->kind == RunOutcome::Kind::Completed)
        color = stateColor(CoroutineState::Running, pal);
    else if (outcome || m_controller->runner()->isNotYielding())
        color = stateColor(CoroutineState::Failed, pal);
    else if (m_controller->isRunning())
        color = stateColor(CoroutineState::Parked, pal);
    m_runStatus->setStyleSheet(QStringLiteral("color: %1; font-weight: bold").arg(color.name()));
    m_runStatus->setToolTip(outcome ? outcome->what : QString());

    QString title = QStringLiteral("Coroscope");
    if (!m_controller->sampleName().isEmpty())
        title = m_controller->sampleName() + QStringLiteral(" — Coroscope");
    else if (!m_controller->programPath().isEmpty())
        title = QFileInfo(m_cppPath.isEmpty() ? m_controller->programPath() : m_cppPath).fileName() +
                QStringLiteral(" — Coroscope");
    else if (!m_controller->tracePath().isEmpty())
        title = QFileInfo(m_controller->tracePath()).fileName() + QStringLiteral(" (replay) — Coroscope");
    setWindowTitle(title);
}

bool MainWindow::openSample(const QString &name, const QStringList &args)
{
    m_cppPath.clear();
    if (!m_controller->loadSample(name, args)) {
        statusBar()->showMessage(QStringLiteral("No sample named \"%1\"").arg(name), 8000);
        return false;
    }
    m_samples->setCurrentSample(name);
    QSettings().setValue(QStringLiteral("session/lastSample"), name);
    updateStatus();
    return true;
}

void MainWindow::showWhatIsOpen()
{
    if (m_controller->mode() == RunController::Mode::Replay) {
        // The sample a replay was recorded from is the one whose source it shows.
        const QString source = QFileInfo(m_session->sourceFileName()).fileName();
        m_samples->showOpenTrace(QFileInfo(m_controller->tracePath()).fileName(),
                                 source.endsWith(QStringLiteral(".cpp")) ? source.chopped(4) : QString());
    } else {
        m_samples->showOpenSample(m_controller->sampleName());
    }
}

void MainWindow::activateSample(const QString &name)
{
    // Enter or a double-click in the list is easy to do by accident: a run with history or a
    // replay is not thrown away without asking (the Open button does not ask).
    const bool replay = m_controller->mode() == RunController::Mode::Replay;
    const bool history = m_controller->mode() == RunController::Mode::Live && m_session->trace().size() > 1;
    if (replay || history) {
        const QString what = replay ? QStringLiteral("The replay of %1 will be closed.")
                                          .arg(QFileInfo(m_controller->tracePath()).fileName())
                                    : QStringLiteral("The run of %1 and its %2 recorded events will be discarded.")
                                          .arg(m_controller->sampleName().isEmpty()
                                                   ? QFileInfo(m_controller->programPath()).fileName()
                                                   : m_controller->sampleName())
                                          .arg(QLocale().toString(qulonglong(m_session->trace().size())));
        if (!m_confirm(QStringLiteral("Open Sample"), QStringLiteral("Open %1?\n\n%2").arg(name, what))) {
            showWhatIsOpen();
            return;
        }
    }
    openSample(name);
}

bool MainWindow::openTraceFile(const QString &path, QString *error)
{
    m_cppPath.clear();
    QString why;
    if (!m_controller->openTrace(path, &why)) {
        if (error)
            *error = why;
        statusBar()->showMessage(QStringLiteral("Cannot open %1: %2").arg(QFileInfo(path).fileName(), why), 10000);
        return false;
    }
    updateStatus();
    return true;
}

QString MainWindow::restoreSettings()
{
    QSettings s;
    const QByteArray geometry = s.value(QStringLiteral("window/geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = s.value(QStringLiteral("window/state")).toByteArray();
    if (!state.isEmpty()) {
        m_sizeOnShow = !restoreState(state, kLayoutVersion);
        m_defaultSizes = m_sizeOnShow;
    }
    if (s.contains(QStringLiteral("run/stepsPerSecond")))
        m_speed->setStepsPerSecond(s.value(QStringLiteral("run/stepsPerSecond")).toInt());
    return s.value(QStringLiteral("session/lastSample")).toString();
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState(kLayoutVersion));
    s.setValue(QStringLiteral("run/stepsPerSecond"), m_controller->stepsPerSecond());
    if (!m_controller->sampleName().isEmpty())
        s.setValue(QStringLiteral("session/lastSample"), m_controller->sampleName());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace coroscope::ui
