#pragma once

// The main window: every dock reads the Session; the toolbar and the Debug
// menu drive the RunController. The layout, the last sample and the run speed
// are remembered between launches (QSettings).

#include <QMainWindow>

#include <functional>

class QAction;
class QDockWidget;
class QLabel;

namespace coroscope {
class CppBuilder;
}

namespace coroscope::ui {

class CompareWindow;
class CoroutinesPanel;
class EventLogPanel;
class EventLoopPanel;
class OutputPanel;
class RunController;
class SampleBrowser;
class SelectionFollower;
class SendBox;
class Session;
class SourceView;
class SpeedControl;
class ValuesPanel;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session; }
    RunController *controller() const { return m_controller; }

    // Docks by name: "samples", "source", "coroutines", "stateMachine", "values",
    // "eventLoop", "awaitGraph", "timeline", "output", "log".
    QDockWidget *dock(const QString &name) const;
    QList<QDockWidget *> docks() const { return m_docks; }
    CoroutinesPanel *coroutinesPanel() const { return m_coroutines; }
    ValuesPanel *valuesPanel() const { return m_values; }
    EventLoopPanel *eventLoopPanel() const { return m_eventLoop; }
    OutputPanel *outputPanel() const { return m_output; }
    EventLogPanel *eventLogPanel() const { return m_log; }
    SampleBrowser *sampleBrowser() const { return m_samples; }
    SendBox *sendBox() const { return m_sendBox; }
    SpeedControl *speedControl() const { return m_speed; }
    SourceView *sourceView() const { return m_source; }
    SelectionFollower *follower() const { return m_follower; }
    QAction *pinAction() const { return m_pin; }
    QWidget *dockContent(const QString &name) const;

    // Loads a sample (paused at its first event) and remembers it as the last one.
    bool openSample(const QString &name, const QStringList &args = {});
    bool openTraceFile(const QString &path, QString *error = nullptr);
    // File → Open Trace… once the file is chosen: a file that cannot be read goes to the error
    // reporter, byte offset and all, and the run that was open stays exactly as it was.
    bool openTraceOrReport(const QString &path);
    // Your own program: an executable that links Coroscope, or a single .cpp,
    // which is built first (its output streams into the Output view; a compile
    // error shows there and in the Source view, and nothing is launched).
    void openProgram(const QString &path, const QStringList &args = {}, const QString &workDir = {});
    bool isBuilding() const;
    // A sample's Python twin, written from the catalogue to the cache folder and opened as a
    // program. False (and a message) for an unknown sample or one without a twin.
    bool openPythonTwin(const QString &name);
    // The sample and its Python twin stepped side by side in the Compare window (one, reused).
    // False (and the reason in that window) for a sample without a twin.
    bool compareWithTwin(const QString &name);
    CompareWindow *compareWindow() const { return m_compare; }
    // Errors a person must acknowledge (a trace that cannot be opened or saved): a warning dialog
    // by default. Tests install their own so that no modal dialog blocks them.
    using ErrorReporter = std::function<void(const QString &title, const QString &text)>;
    void setErrorReporter(ErrorReporter reporter) { m_reportError = std::move(reporter); }
    // Questions a person must answer before something is thrown away (a run with history):
    // a question dialog by default; tests install their own.
    using Confirmer = std::function<bool(const QString &title, const QString &text)>;
    void setConfirmer(Confirmer confirm) { m_confirm = std::move(confirm); }
    // Enter or a double-click in the Samples list: asks first when a run with history or a replay would go.
    void activateSample(const QString &name);
    // The trace file dialogs' filter: both extensions the app writes and reads.
    static QString traceFileFilter();
    // Restores the window layout and run speed; returns the last sample ("" when none).
    QString restoreSettings();
    void saveSettings() const;
    void resetLayout();
    // "Event 12 / 40 · Clock 50 ms · paused": the current event's number (the Log's #) and the last one's
    QString statusText() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    void createDocks();
    void createActions();
    void createToolBar();
    void createStatusBar();
    void defaultLayout();
    void applyDockSizes();
    void updateActions();
    void updateStatus();
    void chooseSample();
    void chooseTrace();
    void chooseProgram();
    void chooseSourceFolders();
    void applySourceLocations(); // from the settings
    void restartRun();
    void rememberProgram(const QString &path);
    void updateRecentPrograms();
    void saveTraceAs(bool chrome);
    void toggleBreakpointAtCaret();
    void showWhatIsOpen(); // in the Samples dock
    void showGettingStarted();
    QDockWidget *addDock(const QString &name, const QString &title, QWidget *content);

    Session *m_session;
    RunController *m_controller;
    CompareWindow *m_compare = nullptr;
    SelectionFollower *m_follower;
    SourceView *m_source = nullptr;
    QList<QDockWidget *> m_docks;
    SampleBrowser *m_samples = nullptr;
    CoroutinesPanel *m_coroutines = nullptr;
    ValuesPanel *m_values = nullptr;
    EventLoopPanel *m_eventLoop = nullptr;
    OutputPanel *m_output = nullptr;
    EventLogPanel *m_log = nullptr;
    SendBox *m_sendBox = nullptr;
    SpeedControl *m_speed = nullptr;
    QLabel *m_eventStatus = nullptr;
    QLabel *m_clockStatus = nullptr;
    QLabel *m_runStatus = nullptr;
    QByteArray m_defaultState;
    ErrorReporter m_reportError;
    Confirmer m_confirm;
    bool m_sizeOnShow = true; // the default layout's dock sizes are still to be applied
    // The docks keep the default layout's proportions through window resizes until the person
    // drags a separator or a remembered layout is restored (QMainWindow alone gives every pixel
    // gained or lost to one area, so shrinking and growing back left the graphs short).
    bool m_defaultSizes = true;

    QAction *m_openSample = nullptr;
    QAction *m_openTrace = nullptr;
    QAction *m_openProgram = nullptr;
    QAction *m_sourceFolders = nullptr;
    QMenu *m_recentPrograms = nullptr;
    CppBuilder *m_builder = nullptr;
    QString m_cppPath; // the open program's .cpp: Restart rebuilds it
    QStringList m_programArgs;
    QString m_programWorkDir;
    QAction *m_saveTrace = nullptr;
    QAction *m_exportChrome = nullptr;
    QAction *m_step = nullptr;
    QAction *m_stepLoop = nullptr;
    QAction *m_continue = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_stepBack = nullptr;
    QAction *m_live = nullptr;
    QAction *m_restart = nullptr;
    QAction *m_resetLayout = nullptr;
    QAction *m_pin = nullptr;
    QAction *m_toggleBreakpoint = nullptr;
};

} // namespace coroscope::ui
