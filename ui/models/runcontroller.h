#pragma once

// RunController: the commands of the toolbar and the Debug menu. It owns the
// Runner that runs a program (a sample, or the user's own) in a child process
// and feeds its trace into the Session; or, for a saved trace, a read-only replay. Stepping is
// history-first: while the cursor is behind the live end, Step and Continue
// move it forward through what was already recorded, and only at the live
// end do they ask the engine to run.

#include "boxsends.h"
#include "session.h"

#include <coroscope/sourcefiles.h>

#include <coroscope/eventloop.h>
#include <coroscope/runner.h>
#include <coroscope/trace.h>

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <optional>

namespace coroscope::ui {

class RunController final : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Empty, Live, Replay };

    explicit RunController(Session *session, QObject *parent = nullptr);
    ~RunController() override;

    Session *session() const noexcept { return m_session; }
    Runner *runner() const noexcept { return m_runner; }
    Mode mode() const noexcept { return m_mode; }

    // Loads a sample and starts it, paused at its first event. False for an unknown name.
    bool loadSample(const QString &name, const QStringList &args = {});
    QString sampleName() const { return m_sample; }
    // Loads a program (an executable that links Coroscope) and starts it, paused at its first event.
    void loadProgram(const QString &executable, const QStringList &args = {}, const QString &workDir = {});
    // The same for any command: `program` is what the user opened (a .py), `builtExecutable` the
    // file its source's age is checked against (empty: none, as for a script).
    void loadLaunch(const LaunchSpec &spec, const QString &program, const QString &builtExecutable);
    QString programPath() const { return m_program; }
    // Ends any run and shows only a source file (a .cpp while it builds, or where it failed to),
    // with the Source view at `line` when given.
    void showSource(const QString &path, int line = 0);
    // The executable that runs the built-in samples (coroscope-runner): beside this one, or the build tree's.
    static QString runnerExecutable();
    // How coroscope-runner runs sample `name` (also the Compare window's C++ side).
    static LaunchSpec sampleLaunch(const QString &name, EventLoop::Clock clock, const QString &workDir = {},
                                   const QStringList &args = {});
    // Opens a saved native trace for read-only replay, the cursor at its first event.
    bool openTrace(const QString &path, QString *error = nullptr);
    QString tracePath() const { return m_tracePath; }
    bool saveTrace(const QString &path, Trace::Format format, QString *error = nullptr) const;

    // Where to look for a program's source that is not where it was built (File → Source
    // Folders…); the source shown is looked up again.
    void setSourceLocations(const QStringList &searchFolders, const QList<SourceLocator::PrefixMapping> &mappings);
    const SourceLocator &sourceLocator() const noexcept { return m_locator; }

    // How the next loaded sample runs: its loop clock and where it may read and write files.
    void setClock(EventLoop::Clock clock) { m_clock = clock; }
    EventLoop::Clock clock() const noexcept { return m_clock; }
    void setWorkDir(const QString &dir) { m_workDir = dir; }

    // Steps per second of an animated Continue; 0 runs at full speed.
    void setStepsPerSecond(int steps);
    int stepsPerSecond() const noexcept { return m_stepsPerSecond; }
    // The animation's period: one step per tick.
    int animationIntervalMs() const { return m_animation.interval(); }

    bool behindLive() const;
    bool canStepBack() const;
    bool canStepForward() const;
    bool isRunning() const; // the engine runs or an animated Continue is on
    bool isAnimating() const { return m_animation.isActive(); }
    // Nothing is on its way: the engine is not running or stopping and no animated Continue is on.
    bool settled() const;
    // The selected generator is suspended at a co_yield that receives values, at the live end.
    bool canSend(CoroId coro) const { return sendBlocker(coro).isEmpty(); }
    // Why coro cannot be sent a value now ("the generator is running: step until it yields"); empty when it can.
    QString sendBlocker(CoroId coro) const;
    // "paused", "running", "finished: completed", "deadlock: …", "replay"
    QString stateText() const;
    std::optional<RunOutcome> outcome() const;

public Q_SLOTS:
    void step();
    void stepLoop();
    void continueRun();
    void pause();
    void stepBack();
    void goLive();
    void restart();
    void send(coroscope::CoroId coro, const QString &text);

Q_SIGNALS:
    void stateChanged(); // the enabled commands or the status may have changed
    void sendResult(coroscope::CoroId coro, const QString &result);
    void sampleLoaded(const QString &name);
    void programLoaded(const QString &path);
    // A line the program wrote to stdout or stderr itself (not through coroscope::print).
    void outputLine(const QString &line, bool isError, std::size_t atEvent);
    void traceOpened(const QString &path);

private:
    enum class StepKind { Transition, LoopEntry, Breakpoint };
    bool matches(StepKind kind, std::size_t event) const;
    // An event of a library internal while the views hide them: Step does not stop there.
    bool hiddenInternal(const Event &e) const;
    // Moves through recorded history to the next event of that kind; false when there is none.
    bool advanceInHistory(StepKind kind);
    void animationTick();
    void stopAnimation();
    void onPaused(std::size_t event);

    QPointer<Session> m_session;
    void findSource();
    void showReplaySource();
    SourceLocator m_locator;
    QSet<QString> m_triedSources; // files findSource() looked for in this run

    Runner *m_runner;
    Mode m_mode = Mode::Empty;
    QString m_sample;
    QString m_program;
    QString m_builtExecutable;
    bool m_needSource = false; // a user's program: its source shows once its first site arrives
    QString m_tracePath;
    std::unique_ptr<Trace> m_replay;
    QTimer m_animation;
    int m_stepsPerSecond = 0;
    bool m_stepping = false; // a Step was asked of the live run (not Continue, not a breakpoint)
    EventLoop::Clock m_clock = EventLoop::Clock::Virtual;
    QString m_workDir;
    void sendFromBox(CoroId coro, const QString &text);
    void launch(const LaunchSpec &spec); // loads it and starts it paused at its first event
    BoxSends m_boxSends;
};

} // namespace coroscope::ui
