// Each sample's Python twin (resources/samples/<name>.py) prints exactly the
// lines the C++ program prints. Skipped where python3 is not installed.

#include "samplerun.h"

#include <samplelibrary.h>

#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTest>

using namespace coroscope;
using namespace coroscope::samples;

class TestPythonTwins : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twin_data()
    {
        QTest::addColumn<QString>("name");
        for (const Sample &s : allSamples())
            QTest::newRow(qPrintable(s.info.name)) << s.info.name;
    }
    void twin()
    {
        QFETCH(QString, name);
        const Sample *s = findSample(name);
        QVERIFY(s);
        if (!s->info.noTwinReason.isEmpty())
            QSKIP(qPrintable(QStringLiteral("no Python twin: ") + s->info.noTwinReason));
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            QSKIP("python3 is not installed: the twins cannot be run here");

        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PYTHONIOENCODING"), QStringLiteral("utf-8"));
        env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
        process.setProcessEnvironment(env);
        process.start(python, {QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/samples/") + name + QStringLiteral(".py")});
        QVERIFY2(process.waitForFinished(60000), "the Python twin did not finish within a minute");
        const QString stderrText = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(stderrText));
        QStringList pythonLines = QString::fromUtf8(process.readAllStandardOutput()).split(u'\n');
        if (!pythonLines.isEmpty() && pythonLines.back().isEmpty())
            pythonLines.removeLast();

        const test::SampleRun cpp = test::runSample(*s);
        QCOMPARE(cpp.deadlocked, s->info.expectDeadlock);
        QCOMPARE(pythonLines, cpp.output);
    }
};

QTEST_GUILESS_MAIN(TestPythonTwins)
#include "tst_python_twins.moc"
