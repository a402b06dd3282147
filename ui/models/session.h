#pragma once

// Session: what every view reads. It owns the snapshot index over the trace
// being shown (a live run's GUI-side copy or a loaded file), the cursor (how
// many events are folded) and the selected coroutine. Views connect to its
// signals and read snapshot() — never the running program.

#include <coroscope/stops.h>
#include <coroscope/snapshot.h>
#include <coroscope/trace.h>

#include <QObject>
#include <QSet>
#include <QString>

namespace coroscope::ui {

class Session final : public QObject
{
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);

    // The trace to show (not owned; it must outlive the session or be replaced first).
    void setTrace(const Trace *trace);
    // The trace got more events: index them and, when following live, move the cursor to the end.
    // When its oldest events were dropped meanwhile, the views are reset and the
    // cursor stays on the same event of the run (or the oldest one kept).
    void traceGrew();
    // The run's event number of trace index i (they differ once history is dropped).
    std::size_t runEventNumber(std::size_t index) const noexcept { return m_dropped + index; }

    const Trace &trace() const;
    bool hasTrace() const noexcept { return m_trace != nullptr; }
    const SnapshotIndex &index() const noexcept { return m_index; }
    const Snapshot &snapshot() const noexcept { return m_snapshot; }

    // Number of events folded: 0 .. trace().size(). The current event is cursor() - 1.
    std::size_t cursor() const noexcept { return m_snapshot.eventCount; }
    void setCursor(std::size_t eventCount);
    // Moves the cursor so that event `index` is the current one.
    void showEvent(std::size_t index) { setCursor(index + 1); }
    bool atEnd() const;

    // Following live: every traceGrew() moves the cursor to the end. Stepping back turns it off.
    bool followsLive() const noexcept { return m_followLive; }
    void setFollowLive(bool follow);

    CoroId selected() const noexcept { return m_selected; }
    void select(CoroId id);

    // The program's source, as shown by the Source view (sample .cpp text), and the one sentence
    // over it when the file moved, is gone, or is newer than the program. One sourceChanged().
    void setSource(const QString &fileName, const QString &text, const QString &note = {});
    QString sourceFileName() const { return m_sourceFileName; }
    QString sourceText() const { return m_sourceText; }
    // A line to show when no coroutine's is current (a compile error's); 0 = none. setSource() clears it.
    void setSourceLine(int line);
    int sourceLine() const noexcept { return m_sourceLine; }
    QString sourceNote() const { return m_sourceNote; }

    // How a live run ended when the program did not end it itself ("crashed: SIGSEGV after
    // event 11, in fetch#3", "exited with code 3 …"); empty while it runs or after a normal end.
    void setRunEnd(const QString &text);
    QString runEnd() const { return m_runEnd; }

    // Breakpoints (source lines, toggled in the Source view's gutter); the run controller hands them to the engine.
    QSet<Breakpoint> breakpoints() const { return m_breakpoints; }
    bool hasBreakpoint(const QString &file, int line) const { return m_breakpoints.contains(Breakpoint{file, line}); }
    void setBreakpoints(const QSet<Breakpoint> &breakpoints);
    void toggleBreakpoint(const QString &file, int line);

    // Read-only replay of a loaded trace (no live program behind it).
    bool isReplay() const noexcept { return m_replay; }
    void setReplay(bool replay) { m_replay = replay; }

    // What a program in a child process wrote itself (printf, std::cout, a
    // crash's last words), a line at a time; `atEvent` is the trace's size when
    // it arrived, which places it among the printed lines.
    struct ProcessLine
    {
        std::size_t atEvent = 0;
        bool isError = false;
        QString text;
    };
    void appendProcessLine(ProcessLine line);
    void clearProcessLines();
    const std::vector<ProcessLine> &processLines() const noexcept { return m_processLines; }

    // Library internals (coroscope::gather, Queue's helpers: isLibraryInternal) are
    // hidden from the Coroutines table and the Await graph unless this is on.
    bool showsInternals() const noexcept { return m_showInternals; }
    void setShowInternals(bool show);

Q_SIGNALS:
    void traceReset();                  // a different trace, or its oldest events dropped: rebuild everything
    void traceGrown();                  // traceGrew() indexed new events (emitted before any cursor move)
    void cursorChanged(std::size_t eventCount);
    void selectionChanged(CoroId id);
    void followLiveChanged(bool follow);
    void sourceChanged();
    void breakpointsChanged();
    void showInternalsChanged(bool show);
    void processLinesChanged();
    void runEndChanged();

private:
    void historyDropped(std::size_t shift);
    std::vector<ProcessLine> m_processLines;

    const Trace *m_trace = nullptr;
    std::size_t m_dropped = 0; // the trace's droppedEvents() as indexed
    SnapshotIndex m_index;
    Snapshot m_snapshot;
    CoroId m_selected = 0;
    bool m_followLive = true;
    bool m_replay = false;
    bool m_showInternals = false;
    QString m_sourceFileName;
    QString m_sourceText;
    QString m_sourceNote;
    QString m_runEnd;
    int m_sourceLine = 0;
    QSet<Breakpoint> m_breakpoints;
};

} // namespace coroscope::ui
