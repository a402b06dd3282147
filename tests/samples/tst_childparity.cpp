// Parity: every sample run in a child process (coroscope-runner, driven by
// ProcessRunner as the window drives it) gives the golden output and trace
// summary that the in-process run gives (tests/samples/golden/).

#include "samplerun.h"

#include <coroscope/processrunner.h>

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace coroscope;
using namespace Qt::StringLiterals;

class TestChildParity : public QObject
{
    Q_OBJECT

    static QString golden(const QString &fileName)
    {
        QFile f(QStringLiteral(COROSCOPE_TEST_DATA "/golden/") + fileName);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private Q_SLOTS:
    void sampleThroughTheChild_data()
    {
        QTest::addColumn<QString>("name");
        for (const samples::Sample &s : samples::allSamples())
            QTest::newRow(qPrintable(s.info.name)) << s.info.name;
    }
    void sampleThroughTheChild()
    {
        QFETCH(QString, name);
        const samples::Sample *sample = samples::findSample(name);
        ProcessRunner runner;
        QSignalSpy finished(&runner, &Runner::finished);
        runner.load(LaunchSpec{QStringLiteral(RUNNER), {name}, {}, name});
        runner.continueRun();
        QVERIFY(finished.wait(60000));
        const RunOutcome o = *runner.outcome();
        QCOMPARE(o.kind, sample->info.expectDeadlock ? RunOutcome::Kind::Deadlock : RunOutcome::Kind::Completed);
        const Trace &trace = runner.trace();
        QStringList output;
        for (const Event &e : trace.events())
            if (e.kind == EventKind::Output)
                output << trace.valueText(e.arg);
        QCOMPARE(output.join(u'\n') + u'\n', golden(name + u".out"_s));
        QCOMPARE(test::traceSummary(trace, sample->info.group == u"Qt"), golden(name + u".summary"_s));
    }
};

QTEST_GUILESS_MAIN(TestChildParity)
#include "tst_childparity.moc"
