// The trace file type the installed MIME package declares
// (resources/desktop/*.mime.xml), read by the same shared-mime-info machinery
// a file manager uses (here Qt's): a native trace is a Coroscope trace by its
// "CORSCOPE" magic whatever its name, and by its .cstrace or .coroscope name;
// other files are not.

#include <QDir>
#include <QFile>
#include <QMimeDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <cli.h>

using namespace coroscope;
using namespace Qt::StringLiterals;

namespace {
const QString kType = u"application/x-coroscope-trace"_s;
const QString kPackage =
    QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/desktop/io.github.coroscope.Coroscope.mime.xml");
} // namespace

class TestTraceFileType : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;  // XDG data dir holding only mime/packages/<ours>
    QTemporaryDir m_files; // the files whose type is asked

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_files.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

    QString recordedTrace(const QString &name)
    {
        const QString path = m_files.filePath(name);
        QString out, err;
        QTextStream o(&out), e(&err);
        const int code = cli::runCli({u"coroscope"_s, u"--sample"_s, u"send_accumulator"_s, u"--headless"_s,
                                      u"--trace"_s, path, u"--format"_s, u"native"_s},
                                     o, e);
        return code == 0 ? path : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Before the first QMimeDatabase: it reads the package from the data dirs once.
        QVERIFY(QDir(m_data.path()).mkpath(u"mime/packages"_s));
        QVERIFY(QFile::copy(kPackage, m_data.filePath(u"mime/packages/io.github.coroscope.Coroscope.xml"_s)));
        qputenv("XDG_DATA_DIRS", QFile::encodeName(m_data.path()) + ":/usr/local/share:/usr/share");
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_data.path()));
        QVERIFY(QMimeDatabase().mimeTypeForName(kType).isValid());
    }

    void theTypeIsDeclared()
    {
        const QMimeType t = QMimeDatabase().mimeTypeForName(kType);
        QCOMPARE(t.comment(), u"Coroscope trace"_s);
        QCOMPARE(t.globPatterns(), (QStringList{u"*.cstrace"_s, u"*.coroscope"_s}));
        QCOMPARE(t.preferredSuffix(), u"cstrace"_s);
    }

    void filesGetTheirType_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("isTrace");
        QTest::newRow("recorded .cstrace") << recordedTrace(u"run.cstrace"_s) << true;
        QTest::newRow("recorded .coroscope") << recordedTrace(u"run.coroscope"_s) << true;
        // Renamed, or saved without an extension: the magic bytes still tell.
        QTest::newRow("recorded, no extension") << recordedTrace(u"run"_s) << true;
        QTest::newRow("recorded .dat") << recordedTrace(u"run.dat"_s) << true;
        QTest::newRow("Chrome JSON") << write(u"run.json"_s, "{\"traceEvents\": []}\n") << false;
        QTest::newRow("text") << write(u"notes"_s, "CORSCOP is not the magic\n") << false;
        QTest::newRow("magic further in") << write(u"late"_s, "xxCORSCOPE") << false;
    }
    void filesGetTheirType()
    {
        QFETCH(QString, path);
        QFETCH(bool, isTrace);
        QVERIFY(!path.isEmpty());
        const QMimeType byFile = QMimeDatabase().mimeTypeForFile(path);
        QCOMPARE(byFile.name() == kType, isTrace);
        // What the content alone says (a file manager's sniffing).
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QMimeDatabase().mimeTypeForData(&f).name() == kType, isTrace);
    }
};

QTEST_GUILESS_MAIN(TestTraceFileType)
#include "tst_tracefiletype.moc"
