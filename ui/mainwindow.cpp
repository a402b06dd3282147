#include "mainwindow.h"

#include "coroutinespanel.h"
#include "eventlogpanel.h"
#include "eventlooppanel.h"
#include "outputpanel.h"
#include "runcontroller.h"
#include "samplebrowser.h"
#include "sendbox.h"
#include "session.h"
#include "speedcontrol.h"
#include "uitext.h"
#include "valuespanel.h"

#include <samplelibrary.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

#if __has_include("sourceview.h")
#include "sourceview.h"
#define COROSCOPE_HAVE_SOURCEVIEW 1
#endif
#if __has_include("statemachineview.h")
#include "statemachineview.h"
#define COROSCOPE_HAVE_STATEMACHINEVIEW 1
#endif
#if __has_include("awaitgraphview.h")
#include "awaitgraphview.h"
#define COROSCOPE_HAVE_AWAITGRAPHVIEW 1
#endif
#if __has_include("timelineview.h")
#include "timelineview.h"
#define COROSCOPE_HAVE_TIMELINEVIEW 1
#endif

namespace coroscope::ui {

namespace {
constexpr int kLayoutVersion = 1;

[[maybe_unused]] QWidget *placeholder(const QString &what, QWidget *parent)
{
    auto *label = new QLabel(QStringLiteral("<i>%1 — not built yet</i>").arg(what), parent);
    label->setAlignment(Qt::AlignCenter);
    return label;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_session(new Session(this)), m_controller(new RunController(m_session, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Coroscope"));
    setDockNestingEnabled(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks);
    // Docks only: the central area is an empty, hidden placeholder.
    auto *central = new QWidget(this);
    central->hide();
    setCentralWidget(central);
    createDocks();
    createActions();
    createToolBar();
    createStatusBar();
    resize(1280, 800);
    defaultLayout();
    m_defaultState = saveState(kLayoutVersion);

    connect(m_controller, &RunController::stateChanged, this, &MainWindow::updateActions);
    connect(m_controller, &RunController::stateChanged, this, &MainWindow::updateStatus);
    connect(m_session, &Session::cursorChanged, this, &MainWindow::updateStatus);
    connect(m_samples, &SampleBrowser::sampleActivated, this, [this](const QString &name) { openSample(name); });
    connect(m_sendBox, &SendBox::resultShown, this, [this](const QString &text) {
        statusBar()->showMessage(QStringLiteral("Sent — ") + text, 8000);
    });
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
#ifdef COROSCOPE_HAVE_SOURCEVIEW
    addDock(QStringLiteral("source"), QStringLiteral("Source"), new SourceView(m_session, this));
#else
    addDock(QStringLiteral("source"), QStringLiteral("Source"), placeholder(QStringLiteral("Source"), this));
#endif
    m_coroutines = new CoroutinesPanel(m_session, this);
    addDock(QStringLiteral("coroutines"), QStringLiteral("Coroutines"), m_coroutines);
#ifdef COROSCOPE_HAVE_STATEMACHINEVIEW
    addDock(QStringLiteral("stateMachine"), QStringLiteral("State machine"), new StateMachineView(m_session, this));
#else
    addDock(QStringLiteral("stateMachine"), QStringLiteral("State machine"),
            placeholder(QStringLiteral("State machine"), this));
#endif
    m_values = new ValuesPanel(m_session, this);
    addDock(QStringLiteral("values"), QStringLiteral("Values"), m_values);
    m_eventLoop = new EventLoopPanel(m_session, this);
    addDock(QStringLiteral("eventLoop"), QStringLiteral("Event loop"), m_eventLoop);
#ifdef COROSCOPE_HAVE_AWAITGRAPHVIEW
    addDock(QStringLiteral("awaitGraph"), QStringLiteral("Await graph"), new AwaitGraphView(m_session, this));
#else
    addDock(QStringLiteral("awaitGraph"), QStringLiteral("Await graph"),
            placeholder(QStringLiteral("Await graph"), this));
#endif
#ifdef COROSCOPE_HAVE_TIMELINEVIEW
    addDock(QStringLiteral("timeline"), QStringLiteral("Timeline"), new TimelineView(m_session, this));
#else
    addDock(QStringLiteral("timeline"), QStringLiteral("Timeline"), placeholder(QStringLiteral("Timeline"), this));
#endif
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
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    // Left: the samples. Top: source | state machine over values. Bottom: coroutines (with the
    // timeline, the log and the output as tabs) | the event loop.
    addDockWidget(Qt::LeftDockWidgetArea, dock(QStringLiteral("samples")));
    addDockWidget(Qt::TopDockWidgetArea, dock(QStringLiteral("source")));
    splitDockWidget(dock(QStringLiteral("source")), dock(QStringLiteral("stateMachine")), Qt::Horizontal);
    splitDockWidget(dock(QStringLiteral("stateMachine")), dock(QStringLiteral("values")), Qt::Vertical);
    tabifyDockWidget(dock(QStringLiteral("stateMachine")), dock(QStringLiteral("awaitGraph")));
    addDockWidget(Qt::BottomDockWidgetArea, dock(QStringLiteral("coroutines")));
    splitDockWidget(dock(QStringLiteral("coroutines")), dock(QStringLiteral("eventLoop")), Qt::Horizontal);
    tabifyDockWidget(dock(QStringLiteral("coroutines")), dock(QStringLiteral("timeline")));
    tabifyDockWidget(dock(QStringLiteral("timeline")), dock(QStringLiteral("log")));
    tabifyDockWidget(dock(QStringLiteral("log")), dock(QStringLiteral("output")));
    dock(QStringLiteral("coroutines"))->raise();
    dock(QStringLiteral("stateMachine"))->raise();

    const int w = width();
    resizeDocks({dock(QStringLiteral("samples"))}, {w * 17 / 100}, Qt::Horizontal);
    resizeDocks({dock(QStringLiteral("source")), dock(QStringLiteral("stateMachine"))}, {w * 45 / 100, w * 38 / 100},
                Qt::Horizontal);
    resizeDocks({dock(QStringLiteral("coroutines")), dock(QStringLiteral("eventLoop"))}, {w * 52 / 100, w * 31 / 100},
                Qt::Horizontal);
    resizeDocks({dock(QStringLiteral("stateMachine")), dock(QStringLiteral("values"))}, {260, 160}, Qt::Vertical);
    resizeDocks({dock(QStringLiteral("source")), dock(QStringLiteral("coroutines"))}, {430, 250}, Qt::Vertical);
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState, kLayoutVersion);
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
    QString event = QStringLiteral("Event %1 / %2").arg(m_session->cursor()).arg(n);
    if (m_controller->behindLive())
        event += QStringLiteral(" (history)");
    m_eventStatus->setText(event);
    m_clockStatus->setText(QStringLiteral("Clock %1").arg(clockText(m_session->snapshot().loopTimeNs)));
    const QString state = m_controller->stateText();
    m_runStatus->setText(state);
    const auto outcome = m_controller->outcome();
    const QPalette pal = QApplication::palette();
    QColor color = pal.color(QPalette::WindowText);
    if (outcome && outcome->kind == Engine::Outcome::Kind::Completed)
        color = stateColor(CoroutineState::Running, pal);
    else if (outcome)
        color = stateColor(CoroutineState::Failed, pal);
    else if (m_controller->isRunning())
        color = stateColor(CoroutineState::Parked, pal);
    m_runStatus->setStyleSheet(QStringLiteral("color: %1; font-weight: bold").arg(color.name()));
    m_runStatus->setToolTip(outcome ? outcome->what : QString());

    QString title = QStringLiteral("Coroscope");
    if (!m_controller->sampleName().isEmpty())
        title = m_controller->sampleName() + QStringLiteral(" — Coroscope");
    else if (!m_controller->tracePath().isEmpty())
        title = QFileInfo(m_controller->tracePath()).fileName() + QStringLiteral(" (replay) — Coroscope");
    setWindowTitle(title);
}

bool MainWindow::openSample(const QString &name, const QStringList &args)
{
    if (!m_controller->loadSample(name, args)) {
        statusBar()->showMessage(QStringLiteral("No sample named \"%1\"").arg(name), 8000);
        return false;
    }
    m_samples->setCurrentSample(name);
    QSettings().setValue(QStringLiteral("session/lastSample"), name);
    updateStatus();
    return true;
}

bool MainWindow::openTraceFile(const QString &path, QString *error)
{
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
    if (!state.isEmpty())
        restoreState(state, kLayoutVersion);
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
