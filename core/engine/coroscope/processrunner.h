#pragma once

// ProcessRunner: runs each program in a child process and drives it over a
// socket pair (linkprotocol.h). The window never runs program code: a crash,
// an exit() or a body that never suspends ends the child, never the window,
// and every event that arrived stays. The child is started with the link's
// descriptor in its environment and dies with the window (PR_SET_PDEATHSIG).

#include <coroscope/linkprotocol.h>
#include <coroscope/runner.h>

#include <QElapsedTimer>
#include <QHash>
#include <QTimer>

class QProcess;
class QSocketNotifier;

namespace coroscope {

class ProcessRunner final : public Runner
{
    Q_OBJECT
public:
    // How long Stop waits for the program to stop on its own before it is killed: a program
    // that shows no sign of life (no events, no heartbeat) for kStopGraceMs, or one that has
    // not stopped after kStopPatienceMs although it is alive (the window was behind reading).
    static constexpr int kStopGraceMs = 400;
    static constexpr int kStopPatienceMs = 3000;

    explicit ProcessRunner(QObject *parent = nullptr);
    ~ProcessRunner() override;

    void load(const LaunchSpec &spec) override;
    void start() override;
    void step() override;
    void stepLoop() override;
    void continueRun() override;
    void pause() override;
    void stop() override;
    void restart() override;
    void setBreakpoints(const QSet<Breakpoint> &breakpoints) override;
    void send(CoroId coro, const QString &text) override;
    void setMaxEvents(std::size_t n) override { m_maxEvents = n; }

    const Trace &trace() const noexcept override { return m_trace; }
    State state() const noexcept override { return m_state; }
    const LaunchSpec &program() const noexcept override { return m_spec; }
    std::optional<std::size_t> pausedAt() const noexcept override { return m_pausedAt; }
    const std::optional<Outcome> &outcome() const noexcept override { return m_outcome; }
    bool isNotYielding() const noexcept override { return m_notYielding; }

    // The child's process id while it runs (0 otherwise), for tests and the status bar.
    qint64 childPid() const;

    // "crashed: SIGSEGV after event 1,234, in fetch#3": how a child that died reads.
    static QString describeEnd(const Trace &trace, const RunOutcome &outcome, CoroId running);

private:
    void launch(link::Mode mode);
    void command(link::Mode mode);
    void kill();
    void send(const link::Message &message);
    void readLink(bool drain);
    void handle(link::Message &&message);
    void receive(link::Batch &&batch);
    void linkBroken(const QString &why);
    void processEnded(int exitCode, bool crashed);
    void finish(const RunOutcome &outcome);
    void readOutput(bool isError);
    void watch();
    void setState(State s);

    LaunchSpec m_spec;
    QHash<QString, QString> m_resolvedFiles; // recorded site path → resolveRecordedPath()
    QProcess *m_process = nullptr;
    QSocketNotifier *m_notifier = nullptr;
    int m_fd = -1;
    link::FrameReader m_reader;
    Trace m_trace;
    QSet<Breakpoint> m_breakpoints;
    std::size_t m_maxEvents = kDefaultMaxEvents;
    link::Mode m_startMode = link::Mode::PauseNext;
    std::uint64_t m_token = 0;
    State m_state = State::Empty;
    std::optional<std::size_t> m_pausedAt;
    std::optional<Outcome> m_outcome;
    std::optional<Outcome> m_childOutcome; // what the child said when its recording ended
    bool m_hello = false;
    bool m_recordingEnded = false;
    bool m_stopRequested = false;
    QString m_linkError;
    link::Crash m_crash;
    QByteArray m_partialOut[2]; // stdout, stderr: the unfinished last line
    QTimer m_stopTimer;
    QElapsedTimer m_stopping; // since Stop was asked
    QTimer m_watchdog;
    std::uint64_t m_lastBeat = ~0ull;
    bool m_waiting = false;
    QElapsedTimer m_sinceBeatMoved;
    bool m_notYielding = false;
};

} // namespace coroscope
