// coroscope-link-bench: what running programs in a child process costs.
//   - streaming: the many_tasks sample at full speed (Continue, no limit) in
//     the child through ProcessRunner, as events per second received by the
//     window's side, against the same program recorded in-process (runProgram
//     under a plain Recorder) in the same run; the event counts must match.
//   - memory: the window side's resident memory holding that trace.
//   - step: F10's round trip through the child (Runner::step() until
//     paused()) at 10,000 coroutines, p50 and p95 over many steps.
// Prints "key value unit" lines. Not a test: nothing here asserts a time.
//
//   coroscope-link-bench [--tasks N] [--steps N]

#include <coroscope/processrunner.h>
#include <coroscope/runprogram.h>

#include <sampleprograms.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace coroscope;

namespace {

void figure(const char *key, double value, const char *unit)
{
    std::printf("%-34s %14.3f %s\n", key, value, unit);
    std::fflush(stdout);
}

// A line of /proc/self/status in kB ("VmRSS:", "VmHWM:"); 0 when absent.
long statusKb(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qsizetype(std::strlen(key))).trimmed().split(' ').value(0).toLong();
    return 0;
}

QString runnerPath()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/../app/coroscope-runner");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int tasks = 400000;
    int steps = 400;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--tasks"))
            tasks = args[++i].toInt();
        else if (args[i] == QLatin1String("--steps"))
            steps = args[++i].toInt();
    }
    const samples::Sample *sample = samples::findSample(QStringLiteral("many_tasks"));
    samples::SampleOptions options;
    options.args = {QStringLiteral("tasks=%1").arg(tasks)};

    // Through the child, at full speed, everything received by the window's side. First, so that
    // the window side's resident memory is the trace it received and nothing else.
    std::size_t childEvents = 0;
    double childSeconds = 0;
    {
        ProcessRunner runner;
        runner.setMaxEvents(0);
        QEventLoop wait;
        QObject::connect(&runner, &Runner::finished, &wait, &QEventLoop::quit);
        runner.load(LaunchSpec{runnerPath(), {QStringLiteral("many_tasks"), QStringLiteral("--arg"), options.args[0]},
                               {}, QStringLiteral("many_tasks")});
        QElapsedTimer t;
        t.start();
        runner.continueRun();
        wait.exec();
        childSeconds = double(t.nsecsElapsed()) / 1e9;
        childEvents = runner.trace().size();
        figure("window_rss_with_trace", double(statusKb("VmRSS:")) / 1024.0, "MB");
        figure("window_trace_bytes", double(runner.trace().bytesResident()) / 1048576.0, "MB");
    }
    figure("window_peak_rss", double(statusKb("VmHWM:")) / 1024.0, "MB");

    // In-process: the same program, the same recorder, no child.
    std::size_t inProcessEvents = 0;
    double inProcessSeconds = 0;
    {
        Recorder recorder;
        QElapsedTimer t;
        t.start();
        runProgram(recorder, [sample, &options] { return samples::findSampleMain(sample->info.name)(options); }, EventLoop::Clock::Virtual);
        inProcessSeconds = double(t.nsecsElapsed()) / 1e9;
        inProcessEvents = recorder.trace().size();
    }
    figure("inprocess_events", double(inProcessEvents), "events");
    figure("inprocess_rate", double(inProcessEvents) / inProcessSeconds, "events/s");

    figure("child_events", double(childEvents), "events");
    figure("child_events_lost", double(inProcessEvents) - double(childEvents), "events");
    figure("child_rate", double(childEvents) / childSeconds, "events/s");
    figure("child_rate_vs_inprocess", (double(childEvents) / childSeconds) / (double(inProcessEvents) / inProcessSeconds),
           "ratio");

    // Step round trips at 10,000 coroutines.
    {
        ProcessRunner runner;
        QEventLoop wait;
        QObject::connect(&runner, &Runner::paused, &wait, &QEventLoop::quit);
        runner.load(LaunchSpec{runnerPath(), {QStringLiteral("many_tasks"), QStringLiteral("--arg"), QStringLiteral("tasks=10000")},
                               {}, QStringLiteral("many_tasks")});
        runner.start();
        wait.exec();
        // Into the run: every task created.
        while (runner.trace().coroutineCount() < 10000 && runner.state() == Runner::State::Paused) {
            runner.stepLoop();
            wait.exec();
        }
        std::vector<double> ms;
        for (int i = 0; i < steps && runner.state() == Runner::State::Paused; ++i) {
            QElapsedTimer t;
            t.start();
            runner.step();
            wait.exec();
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::sort(ms.begin(), ms.end());
        figure("child_coroutines", double(runner.trace().coroutineCount()), "coroutines");
        if (!ms.empty()) {
            figure("child_step_p50", ms[ms.size() / 2], "ms");
            figure("child_step_p95", ms[ms.size() * 95 / 100], "ms");
        }
    }
    return 0;
}
