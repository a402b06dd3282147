// The coroscope command line, driven through runCli with string streams
// (and once as the built executable).

#include <cli.h>
#include <samplelibrary.h>

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;
using namespace Qt::StringLiterals;

namespace {

struct Result
{
    int code = -1;
    QString out;
    QString err;
};

Result run(QStringList args)
{
    args.prepend(u"coroscope"_s);
    Result r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = cli::runCli(args, out, err);
    out.flush();
    err.flush();
    return r;
}

QStringList lines(const QString &text)
{
    return text.split(u'\n', Qt::SkipEmptyParts);
}

const QStringList kAccumulatorOutput{
    u"primed, total = 0"_s,       u"sent 10 -> total 10"_s, u"sent 20 -> total 30"_s,
    u"sent 5 -> total 35"_s,      u"sent 7 -> total 42"_s,  u"finished, average = 10.5"_s,
};

// The number of the first source line of send_accumulator.cpp containing `text`.
QString lineOf(const QString &text)
{
    QFile f(QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/samples/send_accumulator.cpp"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QStringList src = QString::fromUtf8(f.readAll()).split(u'\n');
    for (qsizetype i = 0; i < src.size(); ++i)
        if (src[i].contains(text))
            return QString::number(i + 1);
    return {};
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listSamples()
    {
        const Result r = run({u"--list-samples"_s});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.err, QString());
        const QStringList got = lines(r.out);
        QCOMPARE(got.size(), qsizetype(samples::allSamples().size()));
        static const QRegularExpression shape(u"^[a-z_0-9]+ *  — .+$"_s);
        for (const QString &l : got)
            QVERIFY2(shape.match(l).hasMatch(), qPrintable(l));
        const auto it = std::find_if(got.begin(), got.end(), [](const QString &l) {
            return l.startsWith(u"send_accumulator "_s);
        });
        QVERIFY(it != got.end());
        QVERIFY(it->endsWith(u"  — Accumulator fed by send()"_s));
    }

    void headlessPrintsExactlyTheProgramOutput()
    {
        const Result r = run({u"--sample"_s, u"send_accumulator"_s, u"--headless"_s});
        QCOMPARE(r.err, QString());
        QCOMPARE(r.code, 0);
        QCOMPARE(lines(r.out), kAccumulatorOutput);
        QVERIFY(r.out.endsWith(u'\n'));
    }

    void verboseAddsTransitionLines()
    {
        const Result r = run({u"--sample"_s, u"send_accumulator"_s, u"--headless"_s, u"--verbose"_s});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.err, QString());
        const QStringList got = lines(r.out);
        static const QRegularExpression transition(u"^#\\d+ \\S+  \\S.* → \\S.*?(  @ [^ :]+:\\d+:\\d+)?$"_s);
        QStringList program;
        int transitions = 0;
        for (const QString &l : got) {
            if (l.startsWith(u'#')) {
                QVERIFY2(transition.match(l).hasMatch(), qPrintable(l));
                ++transitions;
            } else {
                program << l;
            }
        }
        QCOMPARE(program, kAccumulatorOutput);
        // The whole listing, in event order (a send's transition ends at its yield, before main
        // prints about it). Columns differ between compilers (g++: the operand, clang: the keyword).
        QStringList noColumns;
        static const QRegularExpression column(u"(\\.cpp:\\d+):\\d+$"_s);
        for (QString l : got)
            noColumns << l.replace(column, u"\\1"_s);
        const QString yieldAt = u"  @ send_accumulator.cpp:"_s + lineOf(u"= co_yield total;"_s);
        const QString returnAt = u"  @ send_accumulator.cpp:"_s + lineOf(u"co_return count"_s);
        const QStringList expected{
            u"#2 accumulator  next() → yield 0"_s + yieldAt,
            u"primed, total = 0"_s,
            u"#2 accumulator  send(10) → yield 10"_s + yieldAt,
            u"sent 10 -> total 10"_s,
            u"#2 accumulator  send(20) → yield 30"_s + yieldAt,
            u"sent 20 -> total 30"_s,
            u"#2 accumulator  send(5) → yield 35"_s + yieldAt,
            u"sent 5 -> total 35"_s,
            u"#2 accumulator  send(7) → yield 42"_s + yieldAt,
            u"sent 7 -> total 42"_s,
            u"#2 accumulator  next() → return 10.5"_s + returnAt,
            u"finished, average = 10.5"_s,
            u"#1 main  start → return None"_s,
        };
        QCOMPARE(noColumns, expected);
    }

    // The warnings core derives (deadlock, orphan, leaked frame) and those the
    // recorder wrote, after the transitions: one line per coroutine and warning.
    // A replay of the saved trace prints the same.
    void verbosePrintsTheWarnings_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QStringList>("warnings");
        const QString parked = u"destroyed while suspended — Its frame was destroyed while it was suspended: it "
                               u"never finished, and the code after its suspension point never ran."_s;
        const QString deadlock = u"deadlock — It waits, directly or through others, for something that can only "
                                 u"happen after it resumes: nothing can ever wake it."_s;
        QTest::newRow("deadlock") << u"deadlock"_s
                                  << QStringList{u"warning: main#1: "_s + parked, u"warning: main#1: "_s + deadlock,
                                                 u"warning: alice#4: "_s + parked, u"warning: alice#4: "_s + deadlock,
                                                 u"warning: bob#5: "_s + parked, u"warning: bob#5: "_s + deadlock};
        QTest::newRow("exception never retrieved")
            << u"exception_propagation"_s
            << QStringList{u"warning: forgotten#2: exception never retrieved — It raised, and nobody awaited it or "
                           u"read its result before it was destroyed: the exception was lost."_s};
        QTest::newRow("none") << u"send_accumulator"_s << QStringList{};
    }

    void verbosePrintsTheWarnings()
    {
        QFETCH(QString, sample);
        QFETCH(QStringList, warnings);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"run.cstrace"_s);
        const Result live = run({u"--sample"_s, sample, u"--headless"_s, u"--verbose"_s, u"--trace"_s, path});
        const QStringList got = lines(live.out);
        QStringList printed;
        for (const QString &l : got)
            if (l.startsWith(u"warning: "_s))
                printed << l;
        QCOMPARE(printed, warnings);
        // They come last, after every transition.
        QCOMPARE(got.mid(got.size() - warnings.size()), warnings);
        const Result quiet = run({u"--sample"_s, sample, u"--headless"_s});
        QVERIFY(!quiet.out.contains(u"warning: "_s));
        const Result replay = run({u"--replay"_s, path, u"--headless"_s});
        QCOMPARE(replay.code, 0);
        QCOMPARE(lines(replay.out), got);
    }

    void traceThenReplayPrintsTheSameTransitions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"run.cstrace"_s);
        const Result live =
            run({u"--sample"_s, u"send_accumulator"_s, u"--headless"_s, u"--verbose"_s, u"--trace"_s, path});
        QCOMPARE(live.code, 0);
        QCOMPARE(live.err, QString());
        QVERIFY(QFile::exists(path));
        const Result replay = run({u"--replay"_s, path, u"--headless"_s});
        QCOMPARE(replay.err, QString());
        QCOMPARE(replay.code, 0);
        QCOMPARE(lines(replay.out), lines(live.out));
        // A bare path is a replay too: what a double-clicked trace runs.
        const Result bare = run({path, u"--headless"_s});
        QCOMPARE(bare.err, QString());
        QCOMPARE(bare.code, 0);
        QCOMPARE(lines(bare.out), lines(live.out));

        // Chrome JSON is written too (and is not replayable).
        const QString json = dir.filePath(u"run.json"_s);
        QCOMPARE(run({u"--sample"_s, u"send_accumulator"_s, u"--headless"_s, u"--trace"_s, json}).code, 0);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().trimmed().startsWith('{'));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("errStart");
        QTest::newRow("deadlock") << QStringList{u"--sample"_s, u"deadlock"_s, u"--headless"_s} << 3
                                  << u"coroscope: deadlock (as this sample intends): "_s;
        // The entry that reaches the limit runs on to its next suspension (here: spawning 1000 tasks).
        QTest::newRow("max-events") << QStringList{u"--sample"_s, u"many_tasks"_s, u"--headless"_s,
                                                   u"--max-events"_s, u"50"_s}
                                    << 4 << u"coroscope: stopped at --max-events 50 ("_s;
    }
    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, errStart);
        const Result r = run(args);
        QCOMPARE(r.code, code);
        QCOMPARE(lines(r.err).size(), 1);
        QVERIFY2(r.err.startsWith(errStart), qPrintable(r.err));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString garbage = m_dir.filePath(u"garbage.cstrace"_s);
        QFile g(garbage);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("this is not a trace\n");
        g.close();
        QTest::newRow("bad option") << QStringList{u"--frobnicate"_s} << u"coroscope: Unknown option 'frobnicate'."_s;
        QTest::newRow("compare unknown sample") << QStringList{u"--compare"_s, u"nope"_s}
                                                << u"coroscope: unknown sample 'nope' (--list-samples shows them)"_s;
        QTest::newRow("compare without twin") << QStringList{u"--compare"_s, u"qt_signal_await"_s}
                                              << u"coroscope: qt_signal_await has no Python twin: "_s;
        QTest::newRow("compare headless") << QStringList{u"--compare"_s, u"send_accumulator"_s, u"--headless"_s}
                                          << u"coroscope: --compare opens the window; it cannot be used with --headless"_s;
        QTest::newRow("unknown sample") << QStringList{u"--sample"_s, u"nope"_s, u"--headless"_s}
                                        << u"coroscope: unknown sample 'nope' (--list-samples shows them)"_s;
        QTest::newRow("unwritable trace")
            << QStringList{u"--sample"_s, u"send_accumulator"_s, u"--headless"_s, u"--trace"_s,
                           u"/nonexistent-dir/run.cstrace"_s}
            << u"coroscope: cannot write trace file /nonexistent-dir/run.cstrace: "_s;
        QTest::newRow("garbage replay") << QStringList{u"--replay"_s, garbage, u"--headless"_s}
                                        << u"coroscope: cannot replay "_s + garbage + u": "_s;
        QTest::newRow("missing replay") << QStringList{u"--replay"_s, m_dir.filePath(u"none"_s), u"--headless"_s}
                                        << u"coroscope: cannot replay "_s + m_dir.filePath(u"none"_s) + u": "_s;
        QTest::newRow("bad format") << QStringList{u"--sample"_s, u"send_accumulator"_s, u"--headless"_s,
                                                   u"--format"_s, u"xml"_s}
                                    << u"coroscope: unknown trace format 'xml' (native or chrome)"_s;
        QTest::newRow("bad max-events") << QStringList{u"--headless"_s, u"--max-events"_s, u"-3"_s}
                                        << u"coroscope: --max-events takes a positive number, not '-3'"_s;
        QTest::newRow("bad arg") << QStringList{u"--headless"_s, u"--arg"_s, u"tasks"_s}
                                 << u"coroscope: --arg takes key=value, not 'tasks'"_s;
        QTest::newRow("stray argument") << QStringList{u"--headless"_s, u"extra"_s}
                                        << u"coroscope: unexpected argument 'extra': no such trace file"_s;
        QTest::newRow("a folder, not a trace") << QStringList{m_dir.path()}
                                               << u"coroscope: unexpected argument '"_s + m_dir.path()
                                                      + u"': no such trace file"_s;
        QTest::newRow("two traces") << QStringList{garbage, garbage}
                                    << u"coroscope: unexpected argument '"_s + garbage + u"'"_s;
        QTest::newRow("trace and sample")
            << QStringList{garbage, u"--sample"_s, u"deadlock"_s}
            << u"coroscope: a trace file ('"_s + garbage + u"') cannot be opened together with --sample or --replay"_s;
        QTest::newRow("bare garbage") << QStringList{garbage, u"--headless"_s}
                                      << u"coroscope: cannot replay "_s + garbage + u": "_s;
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QCOMPARE(r.out, QString());
        QCOMPARE(lines(r.err).size(), 1);
        QVERIFY2(r.err.startsWith(message), qPrintable(r.err));
        QVERIFY(r.err.endsWith(u'\n'));
    }

    // `coroscope FILE`, the .desktop entry's Exec line: the window replays FILE.
    void aBareTracePathOpensTheWindowOnIt()
    {
        const QString path = m_dir.filePath(u"bare.cstrace"_s);
        QCOMPARE(run({u"--sample"_s, u"send_accumulator"_s, u"--headless"_s, u"--trace"_s, path}).code, 0);
        const cli::CliParse parsed = cli::parseCli({u"coroscope"_s, path});
        QVERIFY2(parsed.options, qPrintable(parsed.error));
        QCOMPARE(parsed.options->action, cli::CliOptions::Action::Replay);
        QCOMPARE(parsed.options->replayFile, path);
        QVERIFY(parsed.options->wantsGui());
        QVERIFY(parsed.options->sample.isEmpty());
    }

    void helpListsExitCodes()
    {
        const Result r = run({u"--help"_s});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(u"--max-events <n>"_s));
        QVERIFY(r.out.contains(u"  3  deadlock"_s));
        QVERIFY(r.out.contains(u"[trace]"_s));
    }

    void theExecutableListsSamples()
    {
        QProcess p;
        p.start(QStringLiteral(COROSCOPE_EXECUTABLE), {u"--list-samples"_s});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY(out.contains(u"\nsend_accumulator "_s) || out.startsWith(u"send_accumulator "_s));
        QCOMPARE(lines(out).size(), qsizetype(samples::allSamples().size()));
        QCOMPARE(p.readAllStandardError(), QByteArray());
    }

    // The built executable, as a file manager starts it: `coroscope FILE`, no option. The window
    // opens on the trace (grabbed and closed through COROSCOPE_SCREENSHOT); a file that is not a
    // trace is refused with a message and exit code 2.
    void theExecutableOpensABareTracePath_data()
    {
        QTest::addColumn<bool>("valid");
        QTest::newRow("trace") << true;
        QTest::newRow("garbage") << false;
    }
    void theExecutableOpensABareTracePath()
    {
#ifndef COROSCOPE_HAVE_UI
        QSKIP("built without the desktop UI");
#endif
        QFETCH(bool, valid);
        const QString path = m_dir.filePath(valid ? u"double-clicked.cstrace"_s : u"not-a-trace.cstrace"_s);
        if (valid) {
            QCOMPARE(run({u"--sample"_s, u"send_accumulator"_s, u"--headless"_s, u"--trace"_s, path}).code, 0);
        } else {
            QFile g(path);
            QVERIFY(g.open(QIODevice::WriteOnly));
            g.write("CORSCOPE but nothing after the magic\n");
        }
        const QString shot = m_dir.filePath(u"shot.png"_s);
        QFile::remove(shot);
        QTemporaryDir config;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"XDG_CONFIG_HOME"_s, config.path());
        env.insert(u"COROSCOPE_SCREENSHOT"_s, shot);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(COROSCOPE_EXECUTABLE), {path});
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        if (valid) {
            QCOMPARE(p.exitCode(), 0);
            QVERIFY2(!err.contains(u"coroscope:"_s), qPrintable(err));
            QVERIFY(QFile::exists(shot));
        } else {
            QCOMPARE(p.exitCode(), 2);
            QVERIFY2(err.contains(u"coroscope: "_s), qPrintable(err));
            QVERIFY(!QFile::exists(shot));
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
