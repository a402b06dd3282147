// The sample library: every sample's metadata and embedded source, its printed
// output against tests/samples/golden/<name>.out, and its golden trace summary
// against tests/samples/golden/<name>.summary (see traceSummary()).
//
// After an intended change to a sample or to what the core records, rewrite
// the golden files instead of comparing, then review the diff:
//     COROSCOPE_UPDATE_GOLDEN=1 ctest --test-dir <build> -R samples.samples

#include "samplerun.h"

#include <sampleprograms.h>

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;
using namespace coroscope::samples;

class TestSamples : public QObject
{
    Q_OBJECT

private:
    static QString sampleFile(const QString &fileName)
    {
        return QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/samples/") + fileName;
    }
    static QString goldenFile(const QString &fileName)
    {
        return QStringLiteral(COROSCOPE_TEST_DATA "/golden/") + fileName;
    }
    static QString readText(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    static bool updatingGolden() { return qEnvironmentVariableIntValue("COROSCOPE_UPDATE_GOLDEN") == 1; }
    // Compares `actual` with the golden file, or rewrites the file when updating.
    static bool checkGolden(const QString &fileName, const QString &actual)
    {
        const QString path = goldenFile(fileName);
        if (updatingGolden()) {
            QDir().mkpath(QFileInfo(path).absolutePath());
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return false;
            f.write(actual.toUtf8());
            qInfo("rewrote %s", qPrintable(path));
            return true;
        }
        const QString expected = readText(path);
        if (expected.isEmpty())
            qWarning("missing golden file %s (run with COROSCOPE_UPDATE_GOLDEN=1)", qPrintable(path));
        if (expected != actual) {
            // QCOMPARE on the line lists shows the first line that differs.
            const QStringList e = expected.split(u'\n'), a = actual.split(u'\n');
            for (qsizetype i = 0; i < std::min(e.size(), a.size()); ++i) {
                if (e[i] != a[i]) {
                    qWarning("%s line %lld:\n  expected: %s\n  actual:   %s", qPrintable(fileName), qlonglong(i + 1),
                             qPrintable(e[i]), qPrintable(a[i]));
                    break;
                }
            }
        }
        return expected == actual;
    }

private Q_SLOTS:
    void theIssueSamplesInOrder()
    {
        QStringList names;
        for (const Sample &s : allSamples())
            names << s.info.name;
        const QStringList expected = {
            QStringLiteral("lazy_file_reader"), QStringLiteral("hand_written_iterator"),
            QStringLiteral("send_accumulator"), QStringLiteral("generator_return_value"),
            QStringLiteral("yield_from_delegation"), QStringLiteral("lazy_pipeline"),
            QStringLiteral("throw_and_close"), QStringLiteral("custom_awaitable"),
            QStringLiteral("future_handoff"), QStringLiteral("async_ticker"),
            QStringLiteral("gather_fanout"), QStringLiteral("producer_consumer"),
            QStringLiteral("cancellation_and_timeout"), QStringLiteral("exception_propagation"),
            QStringLiteral("qt_signal_await"), QStringLiteral("qt_tcp_echo"),
            QStringLiteral("deadlock"), QStringLiteral("many_tasks")};
        QCOMPARE(names, expected);
        QCOMPARE(defaultSampleName(), QStringLiteral("send_accumulator"));
        QVERIFY(findSample(defaultSampleName()));
        QCOMPARE(findSample(QStringLiteral("no_such_sample")), nullptr);
    }

    void optionsValue()
    {
        SampleOptions o;
        o.args = QStringList{QStringLiteral("tasks=250"), QStringLiteral("mode=fast"), QStringLiteral("tasks=9")};
        QCOMPARE(o.value(QStringLiteral("tasks")), QStringLiteral("250")); // the first one wins
        QCOMPARE(o.value(QStringLiteral("mode")), QStringLiteral("fast"));
        QCOMPARE(o.value(QStringLiteral("task"), QStringLiteral("none")), QStringLiteral("none"));
    }

    void eachSample_data()
    {
        QTest::addColumn<QString>("name");
        for (const Sample &s : allSamples())
            QTest::newRow(qPrintable(s.info.name)) << s.info.name;
    }

    // (a) metadata complete; the embedded texts are the files on disk.
    void metadata_data() { eachSample_data(); }
    void metadata()
    {
        QFETCH(QString, name);
        const Sample *s = findSample(name);
        QVERIFY(s);
        const SampleInfo &i = s->info;
        QVERIFY(!i.title.isEmpty());
        QVERIFY(!i.explanation.isEmpty());
        const QStringList groups{QStringLiteral("Generators"), QStringLiteral("Async"), QStringLiteral("Qt"),
                                 QStringLiteral("Pitfalls"), QStringLiteral("Scale")};
        QVERIFY2(groups.contains(i.group), qPrintable(i.group));
        QVERIFY(samples::findSampleMain(name)); // every catalogue entry has its program
        QCOMPARE(i.expectDeadlock, name == u"deadlock");

        const QString source = s->source();
        QVERIFY(!source.isEmpty());
        QCOMPARE(source, readText(sampleFile(name + QStringLiteral(".cpp"))));
        const QString lines = QString::number(source.count(u'\n') + 1);

        QVERIFY(!i.keyPoints.isEmpty());
        const QRegularExpression keyPoint(QStringLiteral("^%1\\.cpp:(\\d+) — \\S.*$").arg(name));
        for (const QString &k : i.keyPoints) {
            const auto m = keyPoint.match(k);
            QVERIFY2(m.hasMatch(), qPrintable(k));
            const int line = m.captured(1).toInt();
            QVERIFY2(line >= 1 && line <= lines.toInt(), qPrintable(k));
        }

        const bool twinOnDisk = QFile::exists(sampleFile(name + QStringLiteral(".py")));
        QCOMPARE(i.noTwinReason.isEmpty(), twinOnDisk);
        QCOMPARE(i.noTwinReason.isEmpty(), !name.startsWith(u"qt_"));
        if (twinOnDisk) {
            QVERIFY(!s->pythonSource().isEmpty());
            QCOMPARE(s->pythonSource(), readText(sampleFile(name + QStringLiteral(".py"))));
        } else {
            QVERIFY(s->pythonSource().isEmpty());
        }
    }

    // (b) + (c) runs to its end on the virtual clock: printed lines and trace summary are golden.
    void run_data() { eachSample_data(); }
    void run()
    {
        QFETCH(QString, name);
        const Sample *s = findSample(name);
        QVERIFY(s);
        const test::SampleRun r = test::runSample(*s);
        QCOMPARE(r.deadlocked, s->info.expectDeadlock);
        if (!s->info.expectDeadlock)
            QCOMPARE(r.error, QString());
        else
            QVERIFY2(r.error.contains(QStringLiteral("alice #")) && r.error.contains(QStringLiteral("bob #")),
                     qPrintable(r.error));
        QCOMPARE(r.leakedFrames, QStringList());
        QVERIFY(!r.output.isEmpty());
        QVERIFY(checkGolden(name + QStringLiteral(".out"), r.output.join(u'\n') + u'\n'));
        QVERIFY(checkGolden(name + QStringLiteral(".summary"), r.summary));
    }

    void deadlockSaysWhoWaitsOnWhom()
    {
        const test::SampleRun r = test::runSample(*findSample(QStringLiteral("deadlock")));
        QVERIFY(r.deadlocked);
        QVERIFY2(r.error.contains(QStringLiteral("main #1 awaits alice #")), qPrintable(r.error));
        QVERIFY2(QRegularExpression(QStringLiteral("alice #\\d+ awaits future@\\d+ #\\d+")).match(r.error).hasMatch(),
                 qPrintable(r.error));
        QVERIFY2(QRegularExpression(QStringLiteral("bob #\\d+ awaits future@\\d+ #\\d+")).match(r.error).hasMatch(),
                 qPrintable(r.error));
    }

    void lazyFileReaderWritesIntoWorkDir()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SampleOptions o;
        o.workDir = dir.path();
        const test::SampleRun r = test::runSample(*findSample(QStringLiteral("lazy_file_reader")), o);
        QCOMPARE(r.error, QString());
        QFile input(dir.filePath(QStringLiteral("tyger.txt")));
        QVERIFY(input.open(QIODevice::ReadOnly));
        QCOMPARE(input.readAll().count('\n'), 4);
        QCOMPARE(r.output.value(3), QStringLiteral("1 TYGER TYGER, BURNING BRIGHT,"));
    }

    void manyTasksTakesATaskCount()
    {
        SampleOptions o;
        o.args = QStringList{QStringLiteral("tasks=25")};
        const test::SampleRun r = test::runSample(*findSample(QStringLiteral("many_tasks")), o);
        QCOMPARE(r.error, QString());
        QCOMPARE(r.output, (QStringList{QStringLiteral("spawned 25 relay tasks"),
                                        QStringLiteral("the token came back after 25 hops")}));
        QCOMPARE(r.leakedFrames, QStringList());
    }
};

QTEST_GUILESS_MAIN(TestSamples)
#include "tst_samples.moc"
