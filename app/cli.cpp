#include "cli.h"

#include <pythonlauncher.h>
#include <samplelibrary.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace coroscope::cli {

namespace {

struct Parser
{
    QCommandLineParser p;
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")};
    QCommandLineOption version{QStringLiteral("version"), QStringLiteral("Show the version.")};
    QCommandLineOption list{QStringLiteral("list-samples"),
                            QStringLiteral("List the sample programs (name — title), grouped by concept.")};
    QCommandLineOption sample{QStringLiteral("sample"), QStringLiteral("Run the sample <name>."), QStringLiteral("name")};
    QCommandLineOption compare{QStringLiteral("compare"),
                               QStringLiteral("Open the sample <name> and its Python twin side by side, stepped "
                                              "together (window only)."),
                               QStringLiteral("name")};
    QCommandLineOption replay{QStringLiteral("replay"),
                              QStringLiteral("Replay a native trace file: print its transitions and outputs."),
                              QStringLiteral("file")};
    QCommandLineOption headless{QStringLiteral("headless"),
                                QStringLiteral("No window: run on this thread and print to stdout.")};
    QCommandLineOption maxEvents{QStringLiteral("max-events"),
                                 QStringLiteral("Headless: stop the run once <n> events are recorded (exit code 4). "
                                                "In the window: keep at most <n> events, dropping the oldest half "
                                                "at the limit (default 10,000,000)."),
                                 QStringLiteral("n")};
    QCommandLineOption trace{QStringLiteral("trace"), QStringLiteral("Save the recorded trace to <file>."),
                             QStringLiteral("file")};
    QCommandLineOption format{QStringLiteral("format"),
                              QStringLiteral("Trace file format: native (default; .json files: chrome) or chrome "
                                             "(Chrome Trace Event JSON, for Perfetto)."),
                              QStringLiteral("format")};
    QCommandLineOption clock{QStringLiteral("clock"),
                             QStringLiteral("virtual (default: deterministic, jumps to the next timer) or real."),
                             QStringLiteral("clock")};
    QCommandLineOption verbose{QStringLiteral("verbose"),
                               QStringLiteral("Also print one line per transition, in event order.")};
    QCommandLineOption arg{QStringLiteral("arg"), QStringLiteral("A setting for the sample (repeatable)."),
                           QStringLiteral("key=value")};
    QCommandLineOption workDir{QStringLiteral("work-dir"),
                               QStringLiteral("Where samples read and write files (default: a temporary directory)."),
                               QStringLiteral("dir")};

    Parser()
    {
        p.setApplicationDescription(
            QStringLiteral("Coroscope: watch real C++20 coroutines run — generators, tasks, futures and the event loop."));
        p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        p.addOptions({help, version, list, sample, compare, replay, headless, maxEvents, trace, format, clock, verbose, arg,
                      workDir});
        // What a file manager's double-click runs (the .desktop entry's `Exec=coroscope %f`).
        p.addPositionalArgument(QStringLiteral("trace"), QStringLiteral("A native trace file to open, as --replay does."),
                                QStringLiteral("[trace]"));
        p.addPositionalArgument(
            QStringLiteral("program"),
            QStringLiteral("Or your own program: an executable that links Coroscope, a single .cpp that Coroscope "
                           "builds, or a Python program (.py, run by python3 under Coroscope's tracer); everything "
                           "after it goes to the program."),
            QStringLiteral("[PROGRAM|FILE.cpp|FILE.py [ARGS...]]"));
    }
};

const char *const kExitCodes = "\nExit codes:\n"
                               "  0  the program completed (or the listing / replay was printed)\n"
                               "  1  an exception escaped the program's main task\n"
                               "  2  bad command line, unknown sample, unreadable or unwritable file\n"
                               "  3  deadlock: the loop ran out of work with tasks parked\n"
                               "     (the deadlock sample ends this way on purpose)\n"
                               "  4  stopped at --max-events: the entry that reached the limit runs to its next\n"
                               "     suspension, then the run stops (the trace is still saved)\n"
                               "  5  your program died of a signal (a crash, abort(), an uncaught exception)\n"
                               "  6  your program exited with a non-zero code before its run ended\n"
                               "  7  the .cpp did not compile\n"
                               "\nWithout --headless the desktop window opens (when built with the UI).\n"
                               "--verbose lines read: #<coroutine id> <name>  <action> → <outcome>  @ "
                               "<file>:<line>:<col>\n";

} // namespace

QString helpText()
{
    Parser parser;
    return parser.p.helpText() + QString::fromUtf8(kExitCodes);
}

namespace {
bool isTraceFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(8) == QByteArrayLiteral("CORSCOPE");
}

// Where the user's program starts in the arguments: the first word that is not
// an option (or an option's value) and names a .cpp, a .py or an executable. Its own
// arguments follow it and are not Coroscope's to parse.
qsizetype programIndex(const QStringList &args)
{
    static const QStringList withValue = {QStringLiteral("sample"), QStringLiteral("compare"), QStringLiteral("replay"), QStringLiteral("max-events"),
                                          QStringLiteral("trace"), QStringLiteral("format"), QStringLiteral("clock"),
                                          QStringLiteral("arg"), QStringLiteral("work-dir")};
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--"))
            return i + 1 < args.size() ? i + 1 : -1;
        if (a.startsWith(QLatin1Char('-'))) {
            QString name = a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1);
            if (!name.contains(u'=') && withValue.contains(name))
                ++i;
            continue;
        }
        const QFileInfo info(a);
        if (a.endsWith(QLatin1String(".cpp")) || PythonLauncher::isPythonFile(a)
            || (info.isFile() && info.isExecutable() && !isTraceFile(a)))
            return i;
        return -1;
    }
    return -1;
}
} // namespace

CliParse parseCli(const QStringList &allArgs)
{
    Parser parser;
    QCommandLineParser &p = parser.p;
    auto fail = [](const QString &e) { return CliParse{std::nullopt, e}; };
    QStringList args = allArgs;
    QString program;
    QStringList programArgs;
    if (const qsizetype at = programIndex(allArgs); at > 0) {
        program = allArgs[at];
        programArgs = allArgs.mid(at + 1);
        args = allArgs.mid(0, at);
        if (args.size() > 1 && args.constLast() == QLatin1String("--"))
            args.removeLast();
    }
    if (!p.parse(args))
        return fail(p.errorText());
    const QStringList positional = p.positionalArguments();
    if (positional.size() > 1)
        return fail(QStringLiteral("unexpected argument '%1'").arg(positional[1]));
    QString bareTrace;
    if (!positional.isEmpty()) {
        bareTrace = positional.constFirst();
        if (!QFileInfo(bareTrace).isFile())
            return fail(QStringLiteral("unexpected argument '%1': no such trace file").arg(bareTrace));
        if (p.isSet(parser.replay) || p.isSet(parser.sample))
            return fail(QStringLiteral("a trace file ('%1') cannot be opened together with --sample or --replay")
                            .arg(bareTrace));
    }

    CliOptions o;
    if (p.isSet(parser.help))
        o.action = CliOptions::Action::Help;
    else if (p.isSet(parser.version))
        o.action = CliOptions::Action::Version;
    else if (p.isSet(parser.list))
        o.action = CliOptions::Action::ListSamples;
    else if (p.isSet(parser.replay) || !bareTrace.isEmpty())
        o.action = CliOptions::Action::Replay;
    if (p.isSet(parser.replay) && p.isSet(parser.sample))
        return fail(QStringLiteral("--sample and --replay cannot be used together"));
    o.headless = p.isSet(parser.headless);
    o.sample = p.value(parser.sample);
    o.compare = p.value(parser.compare);
    if (!o.compare.isEmpty()) {
        const samples::Sample *twin = samples::findSample(o.compare);
        if (!twin)
            return fail(QStringLiteral("unknown sample '%1' (--list-samples shows them)").arg(o.compare));
        if (!twin->info.noTwinReason.isEmpty())
            return fail(QStringLiteral("%1 has no Python twin: %2").arg(o.compare, twin->info.noTwinReason));
        if (o.headless)
            return fail(QStringLiteral("--compare opens the window; it cannot be used with --headless"));
        if (o.sample.isEmpty())
            o.sample = o.compare; // the main window shows the sample too
    }
    o.replayFile = bareTrace.isEmpty() ? p.value(parser.replay) : bareTrace;
    o.traceFile = p.value(parser.trace);
    o.verbose = p.isSet(parser.verbose);
    o.sampleArgs = p.values(parser.arg);
    o.workDir = p.value(parser.workDir);
    if (!program.isEmpty()) {
        if ((program.endsWith(QLatin1String(".cpp")) || PythonLauncher::isPythonFile(program))
            && !QFileInfo(program).isFile())
            return fail(QStringLiteral("no such file '%1'").arg(program));
        if (p.isSet(parser.sample) || p.isSet(parser.replay) || !bareTrace.isEmpty())
            return fail(QStringLiteral("a program ('%1') cannot be opened together with --sample or a trace").arg(program));
        o.program = QFileInfo(program).absoluteFilePath();
        o.programArgs = programArgs;
    }
    for (const QString &a : std::as_const(o.sampleArgs)) {
        if (a.indexOf(u'=') <= 0)
            return fail(QStringLiteral("--arg takes key=value, not '%1'").arg(a));
    }
    if (p.isSet(parser.maxEvents)) {
        bool ok = false;
        const qulonglong n = p.value(parser.maxEvents).toULongLong(&ok);
        if (!ok || n == 0)
            return fail(QStringLiteral("--max-events takes a positive number, not '%1'").arg(p.value(parser.maxEvents)));
        o.maxEvents = std::size_t(n);
    }
    if (p.isSet(parser.format)) {
        const QString f = p.value(parser.format);
        if (f == u"native")
            o.traceFormat = Trace::Format::Native;
        else if (f == u"chrome")
            o.traceFormat = Trace::Format::Chrome;
        else
            return fail(QStringLiteral("unknown trace format '%1' (native or chrome)").arg(f));
    } else if (o.traceFile.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) {
        o.traceFormat = Trace::Format::Chrome;
    }
    if (p.isSet(parser.clock)) {
        const QString c = p.value(parser.clock);
        if (c == u"virtual")
            o.clock = EventLoop::Clock::Virtual;
        else if (c == u"real")
            o.clock = EventLoop::Clock::Real;
        else
            return fail(QStringLiteral("unknown clock '%1' (virtual or real)").arg(c));
    }
    return CliParse{o, {}};
}

int listSamples(QTextStream &out)
{
    const auto &all = samples::allSamples();
    // Groups in the order they first appear; the catalog's (teaching) order inside each.
    QStringList groups;
    qsizetype width = 0;
    for (const auto &s : all) {
        if (!groups.contains(s.info.group))
            groups << s.info.group;
        width = std::max(width, s.info.name.size());
    }
    for (const QString &g : std::as_const(groups)) {
        for (const auto &s : all) {
            if (s.info.group == g)
                out << s.info.name.leftJustified(width) << QStringLiteral("  — ") << s.info.title << u'\n';
        }
    }
    out.flush();
    return ExitCompleted;
}

int runCli(const CliOptions &o, QTextStream &out, QTextStream &err)
{
    switch (o.action) {
    case CliOptions::Action::Help:
        out << helpText();
        out.flush();
        return ExitCompleted;
    case CliOptions::Action::Version:
        out << QStringLiteral("coroscope %1\n").arg(QStringLiteral(COROSCOPE_VERSION));
        out.flush();
        return ExitCompleted;
    case CliOptions::Action::ListSamples:
        return listSamples(out);
    case CliOptions::Action::Replay:
        return replayTrace(o.replayFile, out, err);
    case CliOptions::Action::Run:
        break;
    }
    if (!o.program.isEmpty())
        return runProgramHeadless(o, out, err);
    return runSampleHeadless(o, out, err);
}

int runCli(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const CliParse parsed = parseCli(args);
    if (!parsed.options) {
        err << QStringLiteral("coroscope: ") << parsed.error << QStringLiteral(" (see --help)\n");
        err.flush();
        return ExitUsage;
    }
    return runCli(*parsed.options, out, err);
}

} // namespace coroscope::cli
