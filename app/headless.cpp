// Headless runs: a sample on this thread under a Recorder and an EventLoop
// (no Engine: nothing to pause), and replays of saved traces. Both print the
// same way: the program's output lines and, with --verbose / for a replay,
// one line per transition, in event order.

#include "cli.h"

#include <coroscope/coroscope.h>
#include <coroscope/runprogram.h>
#include <coroscope/tracetext.h>
#include <coroscope/transitions.h>
#include <coroscope/warnings.h>

#include <coroscope/processrunner.h>
#include <coroscope/sourcefiles.h>

#include <cppbuilder.h>
#include <pythonlauncher.h>
#include <sampleprograms.h>

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>

namespace coroscope::cli {

namespace {

class EventPrinter final : public RecorderObserver
{
public:
    EventPrinter(QTextStream &out, bool transitions, std::size_t maxEvents)
        : m_out(out), m_transitions(transitions), m_maxEvents(maxEvents)
    {
    }

    void eventRecorded(const Recorder &recorder, std::size_t index) override
    {
        print(recorder.trace(), index);
        if (m_maxEvents && recorder.trace().size() >= m_maxEvents && !m_limitReached) {
            m_limitReached = true;
            if (EventLoop *loop = EventLoop::current())
                loop->requestStop();
        }
    }
    void loopWaiting(const Recorder &) override { m_out.flush(); }

    // One event: its output line, then the transitions it ended.
    void print(const Trace &trace, std::size_t index)
    {
        const Event &e = trace[index];
        if (e.kind == EventKind::Output) {
            m_out << trace.valueText(e.arg) << u'\n';
            m_out.flush();
        }
        if (m_transitions) {
            for (const Transition &t : m_builder.feed(trace, index + 1))
                m_out << TransitionBuilder::format(trace, t) << u'\n';
        }
    }
    bool limitReached() const noexcept { return m_limitReached; }

private:
    QTextStream &m_out;
    TransitionBuilder m_builder;
    bool m_transitions;
    std::size_t m_maxEvents;
    bool m_limitReached = false;
};

// After the transitions: every warning of the run, one line per coroutine and
// warning, in coroutine order ("warning: alice#4: deadlock — It waits, …").
void printWarnings(const Trace &trace, QTextStream &out)
{
    const std::vector<std::uint16_t> warnings = runWarnings(trace);
    for (CoroId id = 1; id < warnings.size(); ++id)
        for (const WarningKind w : warningList(warnings[id]))
            out << QStringLiteral("warning: ") << coroutineLabel(trace, id) << QStringLiteral(": ") << warningTitle(w)
                << QStringLiteral(" — ") << warningExplanation(w) << u'\n';
}

int fail(QTextStream &err, const QString &line, int code)
{
    err << QStringLiteral("coroscope: ") << line << u'\n';
    err.flush();
    return code;
}

} // namespace

int runSampleHeadless(const CliOptions &o, QTextStream &out, QTextStream &err)
{
    const QString name = o.sample.isEmpty() ? samples::defaultSampleName() : o.sample;
    const samples::Sample *sample = samples::findSample(name);
    if (!sample)
        return fail(err, QStringLiteral("unknown sample '%1' (--list-samples shows them)").arg(name), ExitUsage);
    if (!o.traceFile.isEmpty()) {
        // Fail before running rather than after: the file is written at the end.
        QFile probe(o.traceFile);
        if (!probe.open(QIODevice::WriteOnly))
            return fail(err, QStringLiteral("cannot write trace file %1: %2").arg(o.traceFile, probe.errorString()),
                        ExitUsage);
    }
    samples::SampleOptions options;
    options.args = o.sampleArgs;
    options.workDir = o.workDir;

    Recorder recorder;
    recorder.setEchoOutput(false); // printed by the observer, to `out`
    EventPrinter printer(out, o.verbose, o.maxEvents);
    recorder.setObserver(&printer);
    int code = ExitCompleted;
    QString note;
    {
        // The loop's teardown and the leaked frames are recorded too; the printer still listens.
        const RunOutcome outcome =
            runProgram(recorder, [sample, &options] { return samples::findSampleMain(sample->info.name)(options); }, o.clock);
        switch (outcome.kind) {
        case RunOutcome::Kind::Completed:
            break;
        case RunOutcome::Kind::Aborted:
            code = ExitLimit;
            note = QStringLiteral("stopped at --max-events %1 (%2 events recorded)")
                       .arg(o.maxEvents)
                       .arg(recorder.trace().size());
            break;
        case RunOutcome::Kind::Deadlock:
            code = ExitDeadlock;
            note = QStringLiteral("deadlock%1: %2")
                       .arg(sample->info.expectDeadlock ? QStringLiteral(" (as this sample intends)") : QString(),
                            outcome.what);
            break;
        case RunOutcome::Kind::Failed:
            code = ExitFailed;
            note = QStringLiteral("%1 failed: %2").arg(name, outcome.what);
            break;
        case RunOutcome::Kind::Crashed: // only a child process crashes
        case RunOutcome::Kind::Exited:
            break;
        }
    }
    recorder.setObserver(nullptr);
    if (o.verbose)
        printWarnings(recorder.trace(), out);
    out.flush();
    if (!note.isEmpty())
        fail(err, note, code);
    if (!o.traceFile.isEmpty()) {
        QString error;
        Trace withSources = recorder.trace();
        embedSources(withSources);
        if (!withSources.save(o.traceFile, o.traceFormat, &error))
            return fail(err, QStringLiteral("cannot write trace file %1: %2").arg(o.traceFile, error), ExitUsage);
    }
    return code;
}

int replayTrace(const QString &path, QTextStream &out, QTextStream &err)
{
    const Trace::LoadResult loaded = Trace::load(path);
    if (!loaded.trace) {
        const QString where = loaded.offset >= 0 ? QStringLiteral(" (at byte %1)").arg(loaded.offset) : QString();
        return fail(err, QStringLiteral("cannot replay %1: %2%3").arg(path, loaded.error, where), ExitUsage);
    }
    const Trace &trace = *loaded.trace;
    EventPrinter printer(out, true, 0);
    for (std::size_t i = 0; i < trace.size(); ++i)
        printer.print(trace, i);
    printWarnings(trace, out);
    out.flush();
    return ExitCompleted;
}

QString buildCpp(const QString &cppPath, QTextStream &err)
{
    CppBuilder builder;
    std::optional<CppBuildResult> result;
    QEventLoop wait;
    QObject::connect(&builder, &CppBuilder::outputLine, &wait, [&err](const QString &line, bool) {
        err << line << u'\n';
        err.flush();
    });
    QObject::connect(&builder, &CppBuilder::finished, &wait, [&result, &wait](const CppBuildResult &r) {
        result = r;
        wait.quit();
    });
    builder.build(cppPath);
    wait.exec();
    if (result && result->ok)
        return result->executable;
    fail(err,
         QStringLiteral("%1 did not build%2").arg(cppPath, result && !result->error.isEmpty() ? QStringLiteral(": ") + result->error : QString()),
         ExitBuildFailed);
    return {};
}

int runProgramHeadless(const CliOptions &o, QTextStream &out, QTextStream &err)
{
    QString executable = o.program;
    if (executable.endsWith(QLatin1String(".cpp"))) {
        executable = buildCpp(o.program, err);
        if (executable.isEmpty())
            return ExitBuildFailed;
    }
    ProcessRunner runner;
    if (o.maxEvents)
        runner.setMaxEvents(o.maxEvents);
    EventPrinter printer(out, o.verbose, 0);
    std::size_t printed = 0;
    QEventLoop wait;
    QObject::connect(&runner, &Runner::traceGrew, &wait, [&](std::size_t size) {
        const Trace &trace = runner.trace();
        if (size < printed)
            printed = 0; // a history drop restated the trace
        for (; printed < trace.size(); ++printed)
            printer.print(trace, printed);
        if (o.maxEvents && trace.droppedEvents() + trace.size() >= o.maxEvents)
            runner.stop();
    });
    QObject::connect(&runner, &Runner::outputLine, &wait, [&out, &err](const QString &line, bool isError) {
        QTextStream &to = isError ? err : out;
        to << line << u'\n';
        to.flush();
    });
    QObject::connect(&runner, &Runner::finished, &wait, [&wait] { wait.quit(); });
    LaunchSpec spec{executable, o.programArgs, o.workDir, QFileInfo(executable).fileName()};
    if (PythonLauncher::isPythonFile(o.program)) {
        QString error;
        const auto command = PythonLauncher::command(o.program, o.programArgs, o.clock == EventLoop::Clock::Real, &error);
        if (!command)
            return fail(err, error, ExitUsage);
        spec = LaunchSpec{command->interpreter, command->arguments, o.workDir, QFileInfo(o.program).fileName()};
    }
    runner.load(spec);
    runner.continueRun();
    wait.exec();
    const RunOutcome outcome = runner.outcome().value_or(RunOutcome{});
    if (o.verbose)
        printWarnings(runner.trace(), out);
    out.flush();
    int code = ExitCompleted;
    switch (outcome.kind) {
    case RunOutcome::Kind::Completed:
        if (!outcome.what.isEmpty())
            fail(err, outcome.what, code); // "recorded nothing"
        break;
    case RunOutcome::Kind::Failed:
        code = fail(err, QStringLiteral("failed: %1").arg(outcome.what), ExitFailed);
        break;
    case RunOutcome::Kind::Deadlock:
        code = fail(err, QStringLiteral("deadlock: %1").arg(outcome.what), ExitDeadlock);
        break;
    case RunOutcome::Kind::Aborted:
        code = fail(err, QStringLiteral("stopped at --max-events %1").arg(o.maxEvents), ExitLimit);
        break;
    case RunOutcome::Kind::Crashed:
        code = fail(err, outcome.what, ExitCrashed);
        break;
    case RunOutcome::Kind::Exited:
        code = fail(err, outcome.what, ExitExited);
        break;
    }
    if (!o.traceFile.isEmpty()) {
        QString error;
        Trace withSources = runner.trace();
        embedSources(withSources);
        if (!withSources.save(o.traceFile, o.traceFormat, &error))
            return fail(err, QStringLiteral("cannot write trace file %1: %2").arg(o.traceFile, error), ExitUsage);
    }
    return code;
}

} // namespace coroscope::cli
