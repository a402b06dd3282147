#pragma once

// Runner: the one thing the window talks to about a live run (GammaRay's
// probe/client split). It loads a program, runs it paused at recorded events
// on command, and keeps the window's copy of the trace, which only grows.
// ProcessRunner runs every program in a child process.

#include <coroscope/outcome.h>
#include <coroscope/stops.h>
#include <coroscope/trace.h>

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace coroscope {

// What to run: an executable that links Coroscope (a user's program, or the
// runner that holds the built-in samples), with its arguments.
struct LaunchSpec
{
    QString executable;
    QStringList arguments;
    QString workDir; // empty: the window's current folder
    QString name;    // shown in the title and the status bar
    friend bool operator==(const LaunchSpec &, const LaunchSpec &) = default;
};

class Runner : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Empty,    // nothing loaded
        Loaded,   // ready to start
        Running,  // the program runs (or is about to pause)
        Paused,   // blocked at event pausedAt()
        Stopping, // asked to stop; waiting for it to
        Finished, // the run ended: see outcome()
    };
    Q_ENUM(State)
    using Outcome = RunOutcome;

    static constexpr std::size_t kDefaultMaxEvents = 10'000'000;
    // A run that records nothing for this long while not waiting on purpose does not suspend.
    static constexpr int kNotYieldingMs = 1000;

    using QObject::QObject;

    // Replaces the program; a run in progress ends at once, unreported.
    virtual void load(const LaunchSpec &spec) = 0;
    // Starts the loaded program paused at its first event; from Finished, runs it again.
    virtual void start() = 0;
    virtual void step() = 0;        // to the next step event (isStepEvent)
    virtual void stepLoop() = 0;    // until the next ready entry is about to run (a Dequeued)
    virtual void continueRun() = 0; // to a breakpoint or the end
    virtual void pause() = 0;       // at the next step event
    virtual void stop() = 0;        // ends the run: finished(Aborted)
    virtual void restart() = 0;     // ends the run unreported and starts it again, paused at its first event
    virtual void setBreakpoints(const QSet<Breakpoint> &breakpoints) = 0;
    // Parses `text` and sends it into generator `coro` at the pause point; sendResult() answers.
    virtual void send(CoroId coro, const QString &text) = 0;
    // The history limit (Recorder::setHistoryLimit), from the next start. 0 = none.
    virtual void setMaxEvents(std::size_t n) = 0;

    virtual const Trace &trace() const noexcept = 0;
    virtual State state() const noexcept = 0;
    virtual const LaunchSpec &program() const noexcept = 0;
    virtual std::optional<std::size_t> pausedAt() const noexcept = 0;
    virtual const std::optional<Outcome> &outcome() const noexcept = 0;
    virtual bool isNotYielding() const noexcept = 0;

Q_SIGNALS:
    void started(); // a new run began; trace() was cleared
    void stateChanged(coroscope::Runner::State state);
    void traceGrew(std::size_t size);
    void paused(std::size_t eventIndex);
    void finished(const coroscope::RunOutcome &outcome);
    void sendResult(coroscope::CoroId coro, const QString &result);
    void notYieldingChanged(bool notYielding);
    // What the program wrote to stdout or stderr itself, a line at a time,
    // with the trace's size when it arrived (where it goes in the Output view).
    void outputLine(const QString &line, bool isError, std::size_t atEvent);
};

} // namespace coroscope

