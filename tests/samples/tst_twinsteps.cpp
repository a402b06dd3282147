// Each sample against its Python twin, step by step: the C++ sample runs
// in-process (as tests/samples does), the twin under the Python tracer
// (coroscope_run.py --trace), and their normalised transition sequences
// (twinSteps: coroutine, action, outcome, printed lines; the normalisation is
// documented in core/analysis/coroscope/twincomparison.h) must be equal except
// where twins/<sample>.diff says, hunk by hunk, which steps differ and why.
// The list must be exact: a difference it does not name fails, and so does
// one it names that is gone.
//
// COROSCOPE_WRITE_TWIN_DIFFERENCES=1 writes the differences found into a
// list whose "why:" lines say TODO, which this test refuses until each says why.

#include "samplerun.h"
#include "transitions.h"

#include <samplelibrary.h>

#include <coroscope/twincomparison.h>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;
using namespace coroscope::samples;
using namespace Qt::StringLiterals;

namespace {

std::optional<Trace> recordTwin(const QString &name, const QString &traceFile, QString *error)
{
    QProcess process;
    process.setProcessEnvironment(test::pythonTestEnvironment());
    process.start(QStringLiteral(COROSCOPE_PYTHON),
                  {QStringLiteral(COROSCOPE_RUN_SCRIPT), u"--trace"_s, traceFile,
                   QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/samples/") + name + u".py"_s});
    if (!process.waitForFinished(120000)) {
        *error = u"the twin did not finish within two minutes"_s;
        return std::nullopt;
    }
    Trace::LoadResult loaded = Trace::load(traceFile);
    if (!loaded.trace)
        *error = u"no trace: "_s + QString::fromUtf8(process.readAllStandardError());
    return std::move(loaded.trace);
}

// The committed list without its explanations; `whys` counts the hunks that have one.
QString committedDifferences(const QString &path, int *hunks, int *whys, QStringList *todo)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QString out;
    bool explained = true;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u"@ "_s)) {
            ++*hunks;
            explained = false;
        }
        if (line.startsWith(u"why: "_s)) {
            if (line.contains(u"TODO"_s))
                *todo << line;
            else if (!explained)
                ++*whys;
            explained = true;
            continue;
        }
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        out += line + u'\n';
    }
    return out;
}

} // namespace

class TestTwinSteps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twin_data()
    {
        QTest::addColumn<QString>("name");
        for (const Sample &s : allSamples()) {
            if (s.info.noTwinReason.isEmpty())
                QTest::newRow(qPrintable(s.info.name)) << s.info.name;
        }
    }

    void twin()
    {
        QFETCH(QString, name);
        const Sample *sample = findSample(name);
        QVERIFY(sample);
        const test::SampleRun cpp = test::runSample(*sample);
        QTemporaryDir dir;
        QString error;
        const std::optional<Trace> python = recordTwin(name, dir.filePath(u"twin.cstrace"_s), &error);
        QVERIFY2(python, qPrintable(error));

        const std::vector<TwinStep> cppSteps = twinSteps(cpp.trace);
        const std::vector<TwinStep> pySteps = twinSteps(*python);
        QVERIFY(!cppSteps.empty());
        const QString found = twinDifferences(cppSteps, pySteps, alignTwins(cppSteps, pySteps));

        const QString path = QStringLiteral(TWIN_DIFFERENCES "/") + name + u".diff"_s;
        if (qEnvironmentVariableIsSet("COROSCOPE_WRITE_TWIN_DIFFERENCES") && !found.isEmpty()) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Text));
            QString text = u"# "_s + name + u": where the Python twin's steps differ from the C++ sample's.\n"_s;
            bool first = true;
            for (const QString &line : found.split(u'\n', Qt::SkipEmptyParts)) {
                if (line.startsWith(u"@ "_s) && !std::exchange(first, false))
                    text += u"why: TODO\n\n"_s;
                text += line + u'\n';
            }
            out.write((text + u"why: TODO\n"_s).toUtf8());
        }
        int hunks = 0, whys = 0;
        QStringList todo;
        const QString committed = committedDifferences(path, &hunks, &whys, &todo);
        QVERIFY2(todo.isEmpty(), qPrintable(path + u" has hunks not explained yet"_s));
        QCOMPARE(whys, hunks); // every difference says why
        QCOMPARE(found, committed);
    }
};

QTEST_GUILESS_MAIN(TestTwinSteps)
#include "tst_twinsteps.moc"
