#pragma once

// The `coroscope` command line: parsing, and everything that runs without a
// display (listing samples, running one headless, replaying a trace file).
// Library coroscope_cli, so tests drive it with string streams.

#include <coroscope/eventloop.h>
#include <coroscope/trace.h>

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <optional>

namespace coroscope::cli {

// Exit codes (documented in --help).
enum ExitCode : int {
    ExitCompleted = 0, // the program completed (or the listing / replay was printed)
    ExitFailed = 1,    // an exception escaped the program's main task
    ExitUsage = 2,     // bad command line, unknown sample, unreadable or unwritable file
    ExitDeadlock = 3,  // the loop ran out of work with tasks parked (the deadlock sample does this on purpose)
    ExitLimit = 4,     // stopped at --max-events
    ExitCrashed = 5,   // the program (run in a child process) died of a signal
    ExitExited = 6,    // the program exited with a non-zero code before its run ended
    ExitBuildFailed = 7, // a .cpp did not compile
};

struct CliOptions
{
    enum class Action { Run, Replay, ListSamples, Help, Version };
    Action action = Action::Run;
    bool headless = false;
    QString sample; // empty: the default sample
    QString compare; // a sample to open with its Python twin in the Compare window
    QString replayFile;
    QString traceFile;
    Trace::Format traceFormat = Trace::Format::Native;
    EventLoop::Clock clock = EventLoop::Clock::Virtual;
    std::size_t maxEvents = 0; // 0: no limit
    bool verbose = false;
    QStringList sampleArgs; // "key=value"
    QString workDir;        // empty: each sample uses a temporary directory
    // A program of the user's: an executable that links Coroscope, or a single .cpp to build.
    QString program;
    QStringList programArgs;

    // Whether this asks for the desktop UI (running or replaying without --headless).
    bool wantsGui() const { return !headless && (action == Action::Run || action == Action::Replay); }
};

struct CliParse
{
    std::optional<CliOptions> options;
    QString error; // one line, when options is empty
};

// `args` as QCoreApplication::arguments(): args[0] is the program.
CliParse parseCli(const QStringList &args);
QString helpText();

// Parses and runs headless. Program output (and with --verbose the
// transitions) goes to `out`; notes and errors, one line each, to `err`.
int runCli(const QStringList &args, QTextStream &out, QTextStream &err);
int runCli(const CliOptions &options, QTextStream &out, QTextStream &err);

// The pieces, for the GUI and tests.
int listSamples(QTextStream &out);
int runSampleHeadless(const CliOptions &options, QTextStream &out, QTextStream &err);
int replayTrace(const QString &path, QTextStream &out, QTextStream &err);
// A user's program (or .cpp) in a child process, run to its end, printed as a sample is.
int runProgramHeadless(const CliOptions &options, QTextStream &out, QTextStream &err);
// Builds a .cpp with CMake against the Coroscope package; the executable, or empty after printing why.
QString buildCpp(const QString &cppPath, QTextStream &err);

} // namespace coroscope::cli
