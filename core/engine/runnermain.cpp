#include <coroscope/runnermain.h>

#include <coroscope/runprogram.h>

#include <QCoreApplication>
#include <cstdio>

namespace coroscope {

int runnerMain(int argc, char **argv, const ProgramFinder &find)
{
    // Qt programs (QTimer, signals, sockets) need the application's event dispatcher.
    QCoreApplication app(argc, argv);
    RunnerRequest request;
    EventLoop::Clock clock = EventLoop::Clock::Virtual;
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--clock") && hasValue)
            clock = args[++i] == QLatin1String("real") ? EventLoop::Clock::Real : EventLoop::Clock::Virtual;
        else if (a == QLatin1String("--workdir") && hasValue)
            request.workDir = args[++i];
        else if (a == QLatin1String("--arg") && hasValue)
            request.args.push_back(args[++i]);
        else if (request.name.isEmpty() && !a.startsWith(QLatin1Char('-')))
            request.name = a;
        else {
            std::fprintf(stderr, "usage: %s NAME [--clock virtual|real] [--workdir DIR] [--arg key=value]...\n",
                         argv[0]);
            return 2;
        }
    }
    const auto program = find(request);
    if (!program) {
        std::fprintf(stderr, "no program named '%s'\n", qPrintable(request.name));
        return 2;
    }
    Recorder recorder;
    const RunOutcome outcome = runProgram(recorder, program, clock);
    switch (outcome.kind) {
    case RunOutcome::Kind::Completed:
        return 0;
    case RunOutcome::Kind::Deadlock:
        return 3;
    case RunOutcome::Kind::Aborted:
        return 4;
    default:
        return 1;
    }
}

} // namespace coroscope
