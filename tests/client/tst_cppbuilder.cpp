// CppBuilder: the pure rules (package folder, cache folder, target name,
// diagnostics) with exact values, then real builds of one .cpp with the real
// CMake and compiler against the build tree's package: a compile error, the
// fixed file built and run, and a second build that compiles nothing.

#include <cppbuilder.h>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;
using namespace Qt::StringLiterals;

namespace {

// The program the builds use. Line 14 holds the mistake in the broken version.
QByteArray program(bool broken)
{
    QByteArray s = "// A user's Coroscope program: a traced generator, summed.\n" // 1
                   "#include <coroscope/coroscope.h>\n"                           // 2
                   "\n"                                                           // 3
                   "#include <cstdio>\n"                                          // 4
                   "\n"                                                           // 5
                   "coroscope::Generator<int> upTo(int n)\n"                      // 6
                   "{\n"                                                          // 7
                   "    for (int i = 1; i <= n; ++i)\n"                           // 8
                   "        co_yield i;\n"                                        // 9
                   "}\n"                                                          // 10
                   "\n"                                                           // 11
                   "int main()\n"                                                 // 12
                   "{\n"                                                          // 13
                   "    int sum = @;\n"                                           // 14
                   "    coroscope::Recorder rec;\n"                               // 15
                   "    for (int v : upTo(4))\n"                                  // 16
                   "        sum += v;\n"                                          // 17
                   "    std::printf(\"sum=%d events=%d\\n\", sum, int(rec.trace().size() > 0));\n" // 18
                   "    return 0;\n"                                              // 19
                   "}\n";                                                         // 20
    s.replace("@", broken ? "undeclared_start" : "0");
    return s;
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

struct Run
{
    bool done = false;
    CppBuildResult result;
    QList<QPair<QString, bool>> lines;
    int linesBeforeFinished = -1;
    qint64 ms = 0;
};

} // namespace

class TestCppBuilder : public QObject
{
    Q_OBJECT

private:
    // Builds `path` and waits (the event loop runs) for finished().
    Run buildAndWait(const QString &path)
    {
        Run run;
        CppBuilder builder;
        connect(&builder, &CppBuilder::outputLine, this,
                [&run](const QString &line, bool isError) { run.lines.append({line, isError}); });
        connect(&builder, &CppBuilder::finished, this, [&run](const CppBuildResult &r) {
            run.linesBeforeFinished = int(run.lines.size());
            run.result = r;
            run.done = true;
        });
        QElapsedTimer timer;
        timer.start();
        builder.build(path);
        // Never synchronous, even for a build that cannot start.
        [&] { QVERIFY(builder.isBuilding()); }();
        [&] { QVERIFY(!run.done); }();
        // QTRY_* returns from the function on failure: wrapped so that the
        // partial Run still comes back.
        [&] { QTRY_VERIFY_WITH_TIMEOUT(run.done, 240000); }();
        run.ms = timer.elapsed();
        [&] { QVERIFY(!builder.isBuilding()); }();
        return run;
    }

    static QString joined(const Run &run)
    {
        QStringList out;
        for (const auto &[line, isError] : run.lines)
            out << line;
        return out.join(u'\n');
    }

    QTemporaryDir m_cache;
    QTemporaryDir m_src;
    QString m_cpp;
    QDateTime m_exeTime;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cache.isValid());
        QVERIFY(m_src.isValid());
        // Nothing of the user's own cache is read or written.
        qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
        qunsetenv("COROSCOPE_PACKAGE_DIR");
        m_cpp = m_src.filePath(u"sum_generator.cpp"_s);
    }

    void packageDirFor_data()
    {
        QTest::addColumn<QString>("env");
        QTest::addColumn<QString>("appDir"); // relative to a scratch root
        QTest::addColumn<QStringList>("packages"); // folders holding a CoroscopeConfig.cmake
        QTest::addColumn<QString>("expected"); // relative to the scratch root; empty: none

        // The build tree is <root>/build, its package <root>/build/package.
        QTest::newRow("env override wins") << u"/opt/coroscope/cmake"_s << u"build/app"_s
                                           << QStringList{u"build/package"_s} << u"/opt/coroscope/cmake"_s;
        QTest::newRow("run from the build tree")
            << QString() << u"build/app"_s << QStringList{u"build/package"_s, u"build/lib/cmake/Coroscope"_s}
            << u"build/package"_s;
        QTest::newRow("installed, lib") << QString() << u"prefix/bin"_s
                                        << QStringList{u"build/package"_s, u"prefix/lib/cmake/Coroscope"_s}
                                        << u"prefix/lib/cmake/Coroscope"_s;
        QTest::newRow("installed, multiarch lib")
            << QString() << u"prefix/bin"_s << QStringList{u"prefix/lib/x86_64-linux-gnu/cmake/Coroscope"_s}
            << u"prefix/lib/x86_64-linux-gnu/cmake/Coroscope"_s;
        QTest::newRow("installed binary, nothing installed: the build tree")
            << QString() << u"prefix/bin"_s << QStringList{u"build/package"_s} << u"build/package"_s;
        QTest::newRow("build tree without its package") << QString() << u"build/app"_s << QStringList{}
                                                        << QString();
        QTest::newRow("nothing anywhere") << QString() << u"prefix/bin"_s << QStringList{} << QString();
    }

    void packageDirFor()
    {
        QFETCH(QString, env);
        QFETCH(QString, appDir);
        QFETCH(QStringList, packages);
        QFETCH(QString, expected);
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QVERIFY(QDir(root.path()).mkpath(appDir));
        for (const QString &p : std::as_const(packages)) {
            QVERIFY(QDir(root.path()).mkpath(p));
            QVERIFY(writeFile(root.filePath(p + u"/CoroscopeConfig.cmake"_s), "# found\n"));
        }
        const QString got = CppBuilder::packageDirFor(env, root.filePath(appDir), root.filePath(u"build"_s),
                                                      root.filePath(u"build/package"_s));
        if (expected.isEmpty() || expected.startsWith(u'/'))
            QCOMPARE(got, expected);
        else
            QCOMPARE(got, root.filePath(expected));
    }

    void packageDirOfThisTest()
    {
        // This test runs from the build tree, which has no install next to it.
        QCOMPARE(CppBuilder::packageDir(), QStringLiteral(COROSCOPE_BUILD_PACKAGE_DIR));
        QVERIFY(QFileInfo::exists(CppBuilder::packageDir() + u"/CoroscopeConfig.cmake"_s));
        qputenv("COROSCOPE_PACKAGE_DIR", "/somewhere/else");
        QCOMPARE(CppBuilder::packageDir(), u"/somewhere/else"_s);
        qunsetenv("COROSCOPE_PACKAGE_DIR");
    }

    void cacheDirFor_data()
    {
        QTest::addColumn<QString>("xdg");
        QTest::addColumn<QString>("cpp");
        QTest::addColumn<QString>("expected"); // ~ is the home folder
        QTest::newRow("XDG_CACHE_HOME") << u"/var/cache/ada"_s << u"/home/ada/hello.cpp"_s
                                        << u"/var/cache/ada/coroscope/cpp/d1805854f2b4594e"_s;
        QTest::newRow("a space and a reserved name")
            << u"/var/cache/ada/"_s << u"/home/ada/my code/test.cpp"_s
            << u"/var/cache/ada/coroscope/cpp/4949a02bb82867b7"_s;
        QTest::newRow("unset: ~/.cache") << QString() << u"/home/ada/hello.cpp"_s
                                         << u"~/.cache/coroscope/cpp/d1805854f2b4594e"_s;
        QTest::newRow("relative: ignored") << u"cache"_s << u"/home/ada/hello.cpp"_s
                                           << u"~/.cache/coroscope/cpp/d1805854f2b4594e"_s;
    }

    void cacheDirFor()
    {
        QFETCH(QString, xdg);
        QFETCH(QString, cpp);
        QFETCH(QString, expected);
        const QByteArray saved = qgetenv("XDG_CACHE_HOME");
        qputenv("XDG_CACHE_HOME", xdg.toUtf8());
        const QString got = CppBuilder::cacheDirFor(cpp);
        qputenv("XDG_CACHE_HOME", saved);
        expected.replace(u"~"_s, QDir::homePath());
        QCOMPARE(got, expected);
    }

    void targetNameFor_data()
    {
        QTest::addColumn<QString>("cpp");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"/src/hello.cpp"_s << u"hello"_s;
        QTest::newRow("two dots") << u"/src/hello.v2.cpp"_s << u"hello.v2"_s;
        QTest::newRow("spaces and umlauts") << u"/src/my prögram.cc"_s << u"my_pr_gram"_s;
        QTest::newRow("reserved by CMake") << u"/src/test.cpp"_s << u"test_program"_s;
        QTest::newRow("no base name") << u"/src/.cpp"_s << u"program"_s;
    }

    void targetNameFor()
    {
        QFETCH(QString, cpp);
        QFETCH(QString, expected);
        QCOMPARE(CppBuilder::targetNameFor(cpp), expected);
    }

    void parseDiagnostic_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("lineNo");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("severity");
        QTest::addColumn<QString>("message");
        QTest::newRow("gcc error") << u"/src/a.cpp:14:15: error: 'x' was not declared in this scope"_s
                                   << u"/src/a.cpp"_s << 14 << 15 << u"error"_s
                                   << u"'x' was not declared in this scope"_s;
        QTest::newRow("clang warning") << u"/src/a.cpp:3:9: warning: unused variable 'y' [-Wunused-variable]"_s
                                       << u"/src/a.cpp"_s << 3 << 9 << u"warning"_s
                                       << u"unused variable 'y' [-Wunused-variable]"_s;
        QTest::newRow("note, relative path") << u"../inc/b.h:7:1: note: declared here"_s << u"/build/inc/b.h"_s
                                             << 7 << 1 << u"note"_s << u"declared here"_s;
        QTest::newRow("fatal error is an error")
            << u"/src/a.cpp:2:10: fatal error: nope.h: No such file or directory"_s << u"/src/a.cpp"_s << 2 << 10
            << u"error"_s << u"nope.h: No such file or directory"_s;
        QTest::newRow("no column") << u"/src/a.cpp:5: error: bad"_s << u"/src/a.cpp"_s << 5 << 0 << u"error"_s
                                   << u"bad"_s;
        QTest::newRow("context, not a diagnostic") << u"/src/a.cpp: In function 'int main()':"_s << QString()
                                                   << 0 << 0 << QString() << QString();
        QTest::newRow("ninja's progress") << u"[1/2] Building CXX object CMakeFiles/a.dir/src/a.cpp.o"_s
                                          << QString() << 0 << 0 << QString() << QString();
    }

    void parseDiagnostic()
    {
        QFETCH(QString, line);
        QFETCH(QString, file);
        QFETCH(int, lineNo);
        QFETCH(int, column);
        QFETCH(QString, severity);
        QFETCH(QString, message);
        const Diagnostic d = CppBuilder::parseDiagnostic(line, u"/build/out"_s);
        QCOMPARE(d.file, file);
        QCOMPARE(d.line, lineNo);
        QCOMPARE(d.column, column);
        QCOMPARE(d.severity, severity);
        QCOMPARE(d.message, message);
    }

    void missingFile()
    {
        const Run run = buildAndWait(m_src.filePath(u"absent.cpp"_s));
        QVERIFY(run.done);
        QCOMPARE(run.result.ok, false);
        QCOMPARE(run.result.error, u"There is no file "_s + m_src.filePath(u"absent.cpp"_s) + u'.');
        QCOMPARE(run.result.executable, QString());
    }

    // The next three run in order on the same file and cache folder.
    void compileError()
    {
        QVERIFY(writeFile(m_cpp, program(true)));
        const Run run = buildAndWait(m_cpp);
        QVERIFY(run.done);
        qInfo("cold build (configure + compile, error): %lld ms", run.ms);
        QVERIFY2(!run.result.ok, qPrintable(joined(run)));
        QCOMPARE(run.result.error, u"The build of "_s + m_cpp + u" failed with 1 error."_s);
        QCOMPARE(run.result.executable, QString());

        QList<Diagnostic> errors;
        for (const Diagnostic &d : run.result.diagnostics)
            if (d.severity == u"error"_s)
                errors.append(d);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0].file, m_cpp);
        QCOMPARE(errors[0].line, 14);
        QCOMPARE(errors[0].column, 15);
        QVERIFY2(errors[0].message.contains(u"undeclared_start"_s), qPrintable(errors[0].message));

        // Streamed while CMake ran, and the error line marked as one.
        QVERIFY(run.linesBeforeFinished > 0);
        QCOMPARE(run.linesBeforeFinished, run.lines.size());
        const QString errorLine = m_cpp + u":14:15: error: "_s;
        bool marked = false;
        for (const auto &[line, isError] : run.lines)
            marked = marked || (line.startsWith(errorLine) && isError);
        QVERIFY2(marked, qPrintable(joined(run)));

        const QString dir = CppBuilder::cacheDirFor(m_cpp);
        QVERIFY(dir.startsWith(m_cache.path() + u"/coroscope/cpp/"_s));
        QVERIFY(QFileInfo::exists(dir + u"/CMakeLists.txt"_s));
        QVERIFY(!QFileInfo::exists(dir + u"/build/sum_generator"_s));
    }

    void fixedFileBuildsAndRuns()
    {
        QVERIFY(writeFile(m_cpp, program(false)));
        const Run run = buildAndWait(m_cpp);
        QVERIFY(run.done);
        qInfo("rebuild after the fix (compile + link): %lld ms", run.ms);
        QVERIFY2(run.result.ok, qPrintable(run.result.error + u'\n' + joined(run)));
        QCOMPARE(run.result.error, QString());
        QCOMPARE(run.result.executable, CppBuilder::cacheDirFor(m_cpp) + u"/build/sum_generator"_s);
        QVERIFY(QFileInfo(run.result.executable).isExecutable());
        QVERIFY(joined(run).contains(u"Building CXX object"_s));

        QProcess exe;
        exe.start(run.result.executable, {});
        QVERIFY(exe.waitForFinished(60000));
        QCOMPARE(exe.exitStatus(), QProcess::NormalExit);
        QCOMPARE(exe.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(exe.readAllStandardOutput()), u"sum=10 events=1\n"_s);
        m_exeTime = QFileInfo(run.result.executable).lastModified();
    }

    void unchangedFileIsNotRebuilt()
    {
        QVERIFY(m_exeTime.isValid());
        const Run run = buildAndWait(m_cpp);
        QVERIFY(run.done);
        qInfo("build without changes: %lld ms", run.ms);
        QVERIFY2(run.result.ok, qPrintable(run.result.error + u'\n' + joined(run)));
        QVERIFY2(!joined(run).contains(u"Building CXX object"_s), qPrintable(joined(run)));
        QVERIFY2(!joined(run).contains(u"Re-running CMake"_s), qPrintable(joined(run)));
        QCOMPARE(QFileInfo(run.result.executable).lastModified(), m_exeTime);
    }

    void cancel()
    {
        // Touched, so that there is a compile to interrupt.
        QVERIFY(writeFile(m_cpp, program(false) + "// edited\n"));
        CppBuilder builder;
        bool done = false;
        CppBuildResult result;
        connect(&builder, &CppBuilder::finished, this, [&](const CppBuildResult &r) {
            result = r;
            done = true;
        });
        builder.build(m_cpp);
        QVERIFY(builder.isBuilding());
        builder.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        QVERIFY(!builder.isBuilding());
        QCOMPARE(result.ok, false);
        QCOMPARE(result.error, u"The build of "_s + m_cpp + u" was cancelled."_s);
    }
};

QTEST_GUILESS_MAIN(TestCppBuilder)
#include "tst_cppbuilder.moc"
