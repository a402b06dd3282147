// Embedded source files: a saved trace carries the text of the files its sites
// name (the SRCS section of version 3), older files still load without it,
// malformed SRCS sections are errors with an offset, and SourceLocator finds
// a file's text from the trace, the disk, a prefix mapping or a search folder.

#include "tracefilesamples.h"

#include <coroscope/sourcefiles.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace coroscope;
using namespace coroscope::test;

namespace {

QByteArray withU32(QByteArray bytes, qint64 at, std::uint32_t v)
{
    qToLittleEndian(v, bytes.data() + at);
    return bytes;
}

QByteArray withByte(QByteArray bytes, qint64 at, char v)
{
    bytes[at] = v;
    return bytes;
}

QByteArray u32(std::uint32_t v)
{
    char buf[4];
    qToLittleEndian(v, buf);
    return QByteArray(buf, 4);
}

QByteArray str(const QByteArray &utf8)
{
    return u32(std::uint32_t(utf8.size())) + utf8;
}

// A SRCS section spelled out by hand, to say what the writer never would.
QByteArray srcsSection(const QList<std::pair<QByteArray, QByteArray>> &entries)
{
    QByteArray payload = u32(std::uint32_t(entries.size()));
    for (const auto &[path, text] : entries)
        payload += str(path) + str(text);
    return QByteArray("SRCS") + u32(std::uint32_t(payload.size())) + payload;
}

// The tiny trace with two sources; the SRCS layout the rows below compute offsets from.
Trace tinyWithSources()
{
    Trace t = tinyTrace();
    t.setSourceText(u"b/c.cpp"_s, u"x\u00e9y"_s);
    t.setSourceText(u"a.cpp"_s, u"// one\n"_s);
    return t;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

quint32 versionOf(const QByteArray &bytes)
{
    return qFromLittleEndian<quint32>(bytes.constData() + 8);
}

} // namespace

class TestSourceFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sourceTable()
    {
        Trace t = tinyTrace();
        QVERIFY(t.sourceTexts().isEmpty());
        QCOMPARE(t.sourceText(u"a.cpp"_s), QString());
        const Trace before = t;
        QVERIFY(t.setSourceText(u"a.cpp"_s, u"text"_s));
        QCOMPARE(t.sourceText(u"a.cpp"_s), u"text"_s);
        QCOMPARE(t.sourceText(u"./a.cpp"_s), QString()); // paths are keys, not files
        QVERIFY(!(t == before));
        QVERIFY(t.setSourceText(u"a.cpp"_s, u"new"_s));
        QCOMPARE(t.sourceTexts(), (QHash<QString, QString>{{u"a.cpp"_s, u"new"_s}}));
        // Deltas carry the events and tables, not the sources.
        Trace copy;
        copy.apply(t.deltaSince(Trace().cursor()));
        QVERIFY(copy.sourceTexts().isEmpty());
        QVERIFY(copy == before);
        t.clear();
        QVERIFY(t.sourceTexts().isEmpty());
        QVERIFY(t == Trace());
    }

    void sourceTextLimit()
    {
        Trace t;
        QVERIFY(t.setSourceText(u"max"_s, QString(Trace::kMaxSourceTextBytes, u'x')));
        QVERIFY(!t.setSourceText(u"over"_s, QString(Trace::kMaxSourceTextBytes + 1, u'x')));
        // Three UTF-8 bytes each: a third of the limit in characters is the whole limit.
        QVERIFY(!t.setSourceText(u"wide"_s, QString(Trace::kMaxSourceTextBytes / 3 + 1, QChar(0x20ac))));
        QCOMPARE(t.sourceTexts().keys(), QStringList{u"max"_s});
        const auto r = Trace::fromNative(t.toNative());
        QVERIFY2(r.trace.has_value(), qPrintable(r.error));
        QCOMPARE(r.trace->sourceText(u"max"_s).size(), Trace::kMaxSourceTextBytes);
    }

    void roundTripIsExactAndSorted()
    {
        const Trace t = tinyWithSources();
        const QByteArray bytes = t.toNative();
        QCOMPARE(versionOf(bytes), 3u);
        const qint64 srcs = bytes.indexOf("SRCS");
        QCOMPARE(srcs, bytes.indexOf("MARK") + 8 + 4 + 2 * 20); // right after MARK's two marks
        const QByteArray expected = QByteArray("SRCS") + u32(43) + u32(2) + str("a.cpp") + str("// one\n") +
                                    str("b/c.cpp") + str("x\xc3\xa9y");
        QCOMPARE(bytes.mid(srcs), expected);
        // Inserted in the other order, saved the same.
        Trace other = tinyTrace();
        other.setSourceText(u"a.cpp"_s, u"// one\n"_s);
        other.setSourceText(u"b/c.cpp"_s, u"x\u00e9y"_s);
        QCOMPARE(other.toNative(), bytes);
        const auto r = Trace::fromNative(bytes);
        QVERIFY2(r.trace.has_value(), qPrintable(r.error));
        QVERIFY(*r.trace == t);
        QCOMPARE(r.trace->sourceText(u"b/c.cpp"_s), u"x\u00e9y"_s);
        QCOMPARE(r.trace->toNative(), bytes);
        // Without sources there is no SRCS section: the sections of version 2.
        QVERIFY(!tinyTrace().toNative().contains("SRCS"));
        QCOMPARE(tinyTrace().toNative(), bytes.left(srcs));
    }

    // The story of the feature: record, embed, save, lose the file, replay.
    void embeddedSourceOutlivesItsFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"src/main.cpp"_s);
        // CRLF, a tab, non-ASCII and no final newline: all kept exactly.
        const QString text = u"#include <x>\r\n\tint main() { return 0; } // \u00e9\u20ac\U0001F600"_s;
        QVERIFY(writeFile(file, text.toUtf8()));
        const QString missing = dir.filePath(u"src/missing.cpp"_s);

        Trace t;
        const SiteId site = t.internSite(Site{file, u"main"_s, 1, 1});
        t.internSite(Site{file, u"main"_s, 2, 1}); // the same file twice
        t.internSite(Site{missing, u"gone"_s, 1, 1});
        t.addCoroutine(CoroutineInfo{0, CoroutineKind::Task, u"main"_s, site, 64, 0, false});
        t.append(Event{EventKind::Created, 0, 0, 1, site, 0});
        QCOMPARE(embedSources(t), 1); // the missing file is skipped…
        QCOMPARE(t.sourceTexts().keys(), QStringList{file});
        QCOMPARE(embedSources(t), 0); // … and nothing is read twice

        const QString path = dir.filePath(u"run.cstrace"_s);
        QString error;
        QVERIFY2(t.save(path, Trace::Format::Native, &error), qPrintable(error));
        QVERIFY(QFile::remove(file));
        const Trace::LoadResult r = Trace::load(path);
        QVERIFY2(r.trace.has_value(), qPrintable(r.error));
        QVERIFY(*r.trace == t);
        QCOMPARE(r.trace->sourceText(file), text);
        QCOMPARE(r.trace->sourceText(missing), QString());

        SourceLocator locator;
        locator.setEmbeddedSources(r.trace->sourceTexts());
        QCOMPARE(locator.locate(file), (SourceLocator::Result{text, SourceLocator::Origin::Embedded, file}));
        QCOMPARE(locator.locate(missing).origin, SourceLocator::Origin::None);
    }

    void embedSkipsWhatItCannotUse()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString big = dir.filePath(u"big.cpp"_s);
        const QString limit = dir.filePath(u"limit.cpp"_s);
        const QString empty = dir.filePath(u"empty.cpp"_s);
        QVERIFY(writeFile(big, QByteArray(kMaxSourceFileBytes + 1, 'x')));
        QVERIFY(writeFile(limit, QByteArray(kMaxSourceFileBytes, 'y')));
        QVERIFY(writeFile(empty, QByteArray()));
        QVERIFY(!readSourceFile(big));
        QCOMPARE(qint64(readSourceFile(limit).value_or(QString()).size()), kMaxSourceFileBytes);
        QVERIFY(readSourceFile(empty).has_value());
        QVERIFY(!readSourceFile(dir.path())); // a folder
        QVERIFY(!readSourceFile(QString()));
        QVERIFY(!readSourceFile(dir.filePath(u"none.cpp"_s)));

        Trace t;
        for (const QString &f : {big, limit, empty, dir.path(), QString()})
            t.internSite(Site{f, u"f"_s, 1, 1});
        QCOMPARE(embedSources(t), 2);
        QCOMPARE(t.sourceTexts().keys().size(), 2);
        QVERIFY(t.sourceTexts().contains(empty)); // an empty file is still its text
        QVERIFY(t.sourceTexts().contains(limit));

        // A reader of one's own: asked once per file not embedded yet, never for the unknown site.
        QStringList asked;
        const int n = embedSources(t, [&asked](const QString &path) -> std::optional<QString> {
            asked << path;
            return path == QString() ? u"?"_s : u"read"_s;
        });
        QCOMPARE(n, 2);
        QCOMPARE(asked, (QStringList{big, dir.path()}));
        QCOMPARE(t.sourceText(big), u"read"_s);
    }

    // Files from before sources: they load, with none.
    void olderVersionsLoadWithoutSources_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<quint32>("version");
        QTest::newRow("v1 generator") << u"generator_send_v1.cstrace"_s << 1u;
        QTest::newRow("v2 generator") << u"generator_send.cstrace"_s << 2u;
        QTest::newRow("v2 gather") << u"tasks_gather.cstrace"_s << 2u;
        QTest::newRow("v2 mixed") << u"mixed.cstrace"_s << 2u;
    }

    void olderVersionsLoadWithoutSources()
    {
        QFETCH(QString, file);
        QFETCH(quint32, version);
        const QString path = QStringLiteral(COROSCOPE_TEST_DATA "/data/traces/") + file;
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray bytes = f.readAll();
        QCOMPARE(versionOf(bytes), version);
        const Trace::LoadResult r = Trace::load(path);
        QVERIFY2(r.trace.has_value(), qPrintable(r.error));
        QVERIFY(r.trace->size() > 0);
        QVERIFY(r.trace->sourceTexts().isEmpty());
        QVERIFY(!r.trace->toNative().contains("SRCS"));
        // Sources added to an old trace save as version 3 and load back.
        Trace t = *r.trace;
        QVERIFY(t.setSourceText(t.site(1).file, u"text"_s));
        const auto again = Trace::fromNative(t.toNative());
        QVERIFY2(again.trace.has_value(), qPrintable(again.error));
        QCOMPARE(again.trace->sourceText(t.site(1).file), u"text"_s);
    }

    void malformedSources_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::addColumn<qint64>("offset");

        const QByteArray ok = tinyWithSources().toNative();
        const QByteArray bare = tinyTrace().toNative();
        const qint64 s = ok.indexOf("SRCS");
        QCOMPARE(s, bare.size());
        QCOMPARE(ok.size(), s + 51);
        // tag, length 43, count 2, "a.cpp" at s+12, "// one\n" at s+21, "b/c.cpp" at s+32, "xéy" at s+43.

        QTest::newRow("valid") << ok << QString() << qint64(-1);
        QTest::newRow("no sources") << bare << QString() << qint64(-1);
        QTest::newRow("empty SRCS section") << bare + srcsSection({}) << QString() << qint64(-1);
        QTest::newRow("empty path and text") << bare + srcsSection({{"", ""}}) << QString() << qint64(-1);
        QTest::newRow("truncated in a source")
            << ok.left(s + 30)
            << u"section 'SRCS' length 43 at offset %1 runs past the end of the file (22 bytes left)"_s.arg(s + 4)
            << s + 4;
        QTest::newRow("truncated section length")
            << ok.left(s + 6)
            << u"truncated file: expected 4 bytes of section length at offset %1, found 2"_s.arg(s + 4) << s + 4;
        QTest::newRow("half a tag is garbage")
            << ok.left(s + 2) << u"trailing garbage: 2 bytes after the last section at offset %1"_s.arg(s) << s;
        QTest::newRow("source count cannot fit")
            << withU32(ok, s + 8, 1000)
            << u"source count 1000 at offset %1 cannot fit in the 39 bytes left in section 'SRCS'"_s.arg(s + 8)
            << s + 8;
        QTest::newRow("source count absurd")
            << withU32(ok, s + 8, 0xffffffffu)
            << u"source count 4294967295 at offset %1 cannot fit in the 39 bytes left in section 'SRCS'"_s.arg(
                   s + 8)
            << s + 8;
        QTest::newRow("source count short")
            << withU32(ok, s + 8, 1) << u"section 'SRCS' has 19 unused bytes at offset %1"_s.arg(s + 32)
            << s + 32;
        QTest::newRow("source text over 16 MiB")
            << withU32(ok, s + 21, (16u << 20) + 1)
            << u"source 0 text is 16777217 bytes at offset %1, over the limit of 16777216 bytes"_s.arg(s + 21)
            << s + 21;
        QTest::newRow("source text past its section")
            << withU32(ok, s + 21, 1000)
            << u"section 'SRCS' ends early: expected 1000 bytes of source 0 text at offset %1, found 26"_s.arg(
                   s + 25)
            << s + 25;
        QTest::newRow("source path past its section")
            << withU32(ok, s + 32, 0x7fffffffu)
            << u"section 'SRCS' ends early: expected 2147483647 bytes of source 1 path at offset %1, found 15"_s
                   .arg(s + 36)
            << s + 36;
        QTest::newRow("invalid UTF-8 in a source text")
            << withByte(ok, s + 27, char(0xff)) << u"invalid UTF-8 in source 0 text at offset %1"_s.arg(s + 27)
            << s + 27;
        QTest::newRow("truncated UTF-8 in a source text")
            << withByte(ok, s + 50, char(0xc3)) << u"invalid UTF-8 in source 1 text at offset %1"_s.arg(s + 50)
            << s + 50;
        QTest::newRow("invalid UTF-8 in a source path")
            << withByte(ok, s + 37, char(0x80)) << u"invalid UTF-8 in source 1 path at offset %1"_s.arg(s + 37)
            << s + 37;
        QTest::newRow("source paths out of order")
            << withByte(ok, s + 36, '0')
            << u"source 1 path at offset %1 is not after the path of source 0"_s.arg(s + 32) << s + 32;
        QTest::newRow("source path twice")
            << bare + srcsSection({{"a.cpp", "1"}, {"a.cpp", "2"}})
            << u"source 1 path at offset %1 is not after the path of source 0"_s.arg(s + 12 + 9 + 5) << s + 26;
        QTest::newRow("unused bytes in SRCS")
            << withU32(ok + "zz", s + 4, 45) << u"section 'SRCS' has 2 unused bytes at offset %1"_s.arg(s + 51)
            << s + 51;
        QTest::newRow("SRCS in a version 2 file")
            << withU32(ok, 8, 2)
            << u"section 'SRCS' at offset %1 in a version 2 file (sources came in version 3)"_s.arg(s) << s;
        QTest::newRow("SRCS in a version 1 file")
            << withU32(ok, 8, 1)
            << u"section 'SRCS' at offset %1 in a version 1 file (sources came in version 3)"_s.arg(s) << s;
        QTest::newRow("SRCS twice")
            << ok + ok.mid(s) << u"trailing garbage: 51 bytes after the last section at offset %1"_s.arg(s + 51)
            << s + 51;
        QTest::newRow("garbage after SRCS")
            << ok + "xyz" << u"trailing garbage: 3 bytes after the last section at offset %1"_s.arg(s + 51)
            << s + 51;
        const qint64 mark = ok.indexOf("MARK");
        QTest::newRow("SRCS in place of MARK")
            << bare.left(mark) + srcsSection({{"a", "b"}})
            << u"unexpected section 'SRCS' at offset %1, expected 'MARK'"_s.arg(mark) << mark;
    }

    void malformedSources()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        QFETCH(qint64, offset);
        const Trace::LoadResult r = Trace::fromNative(bytes);
        QCOMPARE(r.error, error);
        QCOMPARE(r.offset, offset);
        QCOMPARE(r.trace.has_value(), error.isEmpty());
        if (r.trace)
            QVERIFY(Trace::fromNative(r.trace->toNative()).trace == r.trace);
    }

    void truncationAndFlipsNeverCrash()
    {
        const QByteArray original = tinyWithSources().toNative();
        const qint64 s = original.indexOf("SRCS");
        // Cut right before SRCS, the file is whole: the section is optional.
        QVERIFY(Trace::fromNative(original.left(s)).trace == tinyTrace());
        for (qsizetype n = 0; n < original.size(); ++n) {
            if (n == s)
                continue;
            const Trace::LoadResult r = Trace::fromNative(original.left(n));
            QVERIFY2(!r.trace && !r.error.isEmpty() && r.offset >= 0 && r.offset <= n,
                     qPrintable(QStringLiteral("%1: %2").arg(n).arg(r.error)));
        }
        QRandomGenerator random(20250101);
        int loaded = 0, rejected = 0;
        for (int round = 0; round < 3000; ++round) {
            QByteArray bytes = original;
            for (int k = 1 + int(random.bounded(3)); k > 0; --k) // in the SRCS section
                bytes[s + random.bounded(original.size() - s)] ^= char(1 + random.bounded(255));
            const Trace::LoadResult r = Trace::fromNative(bytes);
            if (r.trace) {
                ++loaded;
                QVERIFY(Trace::fromNative(r.trace->toNative()).trace == r.trace);
            } else {
                ++rejected;
                QVERIFY(!r.error.isEmpty());
                QVERIFY(r.offset >= s && r.offset <= bytes.size());
            }
        }
        QVERIFY(loaded > 0);
        QVERIFY(rejected > 0);
    }

    // The fuzzer's seed with a SRCS section (tests/fuzz/corpus): it must stay
    // a valid version 3 file, or the fuzzer starts from nothing there.
    void fuzzSeedWithSources()
    {
        QFile f(QStringLiteral(COROSCOPE_SOURCE_DIR "/tests/fuzz/corpus/generator_send_sources.cstrace"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QByteArray bytes = f.readAll();
        QCOMPARE(versionOf(bytes), 3u);
        const Trace::LoadResult r = Trace::fromNative(bytes);
        QVERIFY2(r.trace.has_value(), qPrintable(r.error));
        QCOMPARE(r.trace->sourceTexts().size(), 2);
        QVERIFY(r.trace->sourceText(r.trace->site(1).file).contains(u"accumulate()"_s));
        QCOMPARE(r.trace->toNative(), bytes);
    }

    // '@' in a path stands for the temporary folder the files live in.
    void locate_data()
    {
        QTest::addColumn<QString>("recorded");
        QTest::addColumn<QStringList>("embedded"); // path, text
        QTest::addColumn<QStringList>("mappings"); // from, to, from, to …
        QTest::addColumn<QStringList>("folders");
        QTest::addColumn<SourceLocator::Origin>("origin");
        QTest::addColumn<QString>("resolved");
        QTest::addColumn<QString>("text");
        using O = SourceLocator::Origin;
        const QStringList none;
        const QString ci = u"/nonexistent-ci/build/src/core/b.cpp"_s;
        const QStringList both{u"@/search1"_s, u"@/search2"_s};

        QTest::newRow("embedded before disk")
            << u"@/disk/src/a.cpp"_s << QStringList{u"@/disk/src/a.cpp"_s, u"embedded a"_s} << none << none
            << O::Embedded << u"@/disk/src/a.cpp"_s << u"embedded a"_s;
        QTest::newRow("embedded even when the file is gone")
            << ci << QStringList{ci, u"embedded b"_s} << QStringList{u"/nonexistent-ci/build"_s, u"@/checkout"_s}
            << both << O::Embedded << ci << u"embedded b"_s;
        QTest::newRow("disk") << u"@/disk/src/a.cpp"_s << QStringList{u"@/other.cpp"_s, u"x"_s} << none << none
                              << O::Disk << u"@/disk/src/a.cpp"_s << u"disk a"_s;
        QTest::newRow("disk before a mapping")
            << u"@/disk/src/a.cpp"_s << none << QStringList{u"@/disk"_s, u"@/checkout"_s} << none << O::Disk
            << u"@/disk/src/a.cpp"_s << u"disk a"_s;
        QTest::newRow("mapped") << ci << none << QStringList{u"/nonexistent-ci/build"_s, u"@/checkout"_s} << none
                                << O::Mapped << u"@/checkout/src/core/b.cpp"_s << u"checkout b"_s;
        QTest::newRow("mapped, both with slashes")
            << ci << none << QStringList{u"/nonexistent-ci/build/"_s, u"@/checkout/"_s} << none << O::Mapped
            << u"@/checkout/src/core/b.cpp"_s << u"checkout b"_s;
        QTest::newRow("mapped before searched")
            << ci << none << QStringList{u"/nonexistent-ci/build"_s, u"@/checkout"_s} << both << O::Mapped
            << u"@/checkout/src/core/b.cpp"_s << u"checkout b"_s;
        QTest::newRow("first matching mapping wins")
            << ci << none
            << QStringList{u"/nonexistent-ci/other"_s, u"@/disk"_s, u"/nonexistent-ci/build"_s, u"@/checkout"_s,
                           u"/nonexistent-ci"_s, u"@/disk"_s}
            << none << O::Mapped << u"@/checkout/src/core/b.cpp"_s << u"checkout b"_s;
        QTest::newRow("first match wins even without its file")
            << ci << none
            << QStringList{u"/nonexistent-ci"_s, u"@/disk"_s, u"/nonexistent-ci/build"_s, u"@/checkout"_s} << none
            << O::None << QString() << QString();
        QTest::newRow("a mapping matches whole components")
            << ci << none << QStringList{u"/nonexistent-ci/bui"_s, u"@/checkout/"_s} << none << O::None
            << QString() << QString();
        QTest::newRow("mapped, then searched when the mapped file is missing")
            << ci << none << QStringList{u"/nonexistent-ci"_s, u"@/disk"_s} << both << O::Searched
            << u"@/search2/core/b.cpp"_s << u"core b"_s;
        QTest::newRow("searched: the longest shared tail")
            << ci << none << none << both << O::Searched << u"@/search2/core/b.cpp"_s << u"core b"_s;
        QTest::newRow("searched: deep in a folder")
            << u"/nonexistent-ci/x/deep/d.cpp"_s << none << none << both << O::Searched
            << u"@/search1/one/two/deep/d.cpp"_s << u"deep d"_s;
        QTest::newRow("searched: a tie goes to the earlier folder")
            << u"/nonexistent-ci/c.cpp"_s << none << none << both << O::Searched << u"@/search1/lib/c.cpp"_s
            << u"c one"_s;
        QTest::newRow("searched: the other folder first")
            << u"/nonexistent-ci/c.cpp"_s << none << none << QStringList{u"@/search2"_s, u"@/search1"_s}
            << O::Searched << u"@/search2/c.cpp"_s << u"c two"_s;
        QTest::newRow("searched: a Windows path")
            << u"C:\\ci\\src\\core\\b.cpp"_s << none << none << both << O::Searched << u"@/search2/core/b.cpp"_s
            << u"core b"_s;
        QTest::newRow("searched: a relative path")
            << u"core/b.cpp"_s << none << none << QStringList{u"@/search1"_s, u"@/nowhere"_s, u"@/search2"_s}
            << O::Searched << u"@/search2/core/b.cpp"_s << u"core b"_s;
        QTest::newRow("searched: a folder is not a file")
            << u"/nonexistent-ci/lib"_s << none << none << both << O::None << QString() << QString();
        QTest::newRow("not found") << u"/nonexistent-ci/nothing.cpp"_s << none << none << both << O::None
                                   << QString() << QString();
        QTest::newRow("empty path") << QString() << none << none << both << O::None << QString() << QString();
    }

    void locate()
    {
        QFETCH(QString, recorded);
        QFETCH(QStringList, embedded);
        QFETCH(QStringList, mappings);
        QFETCH(QStringList, folders);
        QFETCH(SourceLocator::Origin, origin);
        QFETCH(QString, resolved);
        QFETCH(QString, text);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = dir.path();
        const std::pair<const char *, const char *> files[] = {
            {"disk/src/a.cpp", "disk a"},          {"checkout/src/core/b.cpp", "checkout b"},
            {"search1/other/b.cpp", "other b"},    {"search2/core/b.cpp", "core b"},
            {"search2/zzz/b.cpp", "zzz b"},        {"search1/lib/c.cpp", "c one"},
            {"search2/c.cpp", "c two"},            {"search1/one/two/deep/d.cpp", "deep d"},
            {"search2/d.cpp", "shallow d"},
        };
        for (const auto &[path, content] : files)
            QVERIFY(writeFile(root + u'/' + QLatin1StringView(path), content));
        QVERIFY(QDir(root).mkpath(u"search1/lib/lib"_s)); // named like the file looked for, but a folder
        auto at = [&root](QString s) { return s.replace(u'@', root); };

        SourceLocator locator;
        QHash<QString, QString> texts;
        for (qsizetype i = 0; i + 1 < embedded.size(); i += 2)
            texts.insert(at(embedded[i]), embedded[i + 1]);
        locator.setEmbeddedSources(texts);
        QList<SourceLocator::PrefixMapping> pairs;
        for (qsizetype i = 0; i + 1 < mappings.size(); i += 2)
            pairs.append({at(mappings[i]), at(mappings[i + 1])});
        locator.setPrefixMappings(pairs);
        QStringList searchFolders;
        for (const QString &f : std::as_const(folders))
            searchFolders << at(f);
        locator.setSearchFolders(searchFolders);

        const SourceLocator::Result r = locator.locate(at(recorded));
        QCOMPARE(r.origin, origin);
        QCOMPARE(r.resolvedPath, at(resolved));
        QCOMPARE(r.text, text);
        QCOMPARE(r.found(), origin != SourceLocator::Origin::None);
    }

    void newerThanCompares()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString source = dir.filePath(u"a.cpp"_s), executable = dir.filePath(u"app"_s);
        QVERIFY(writeFile(source, "s"));
        QVERIFY(writeFile(executable, "e"));
        auto touch = [](const QString &path, const QDateTime &when) {
            QFile f(path);
            return f.open(QIODevice::ReadWrite) && f.setFileTime(when, QFileDevice::FileModificationTime);
        };
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000000);
        QVERIFY(touch(executable, t0));
        QVERIFY(touch(source, t0.addSecs(60)));
        QVERIFY(newerThan(source, executable));
        QVERIFY(!newerThan(executable, source));
        QVERIFY(touch(source, t0));
        QVERIFY(!newerThan(source, executable)); // the same time is not newer
        QVERIFY(!newerThan(dir.filePath(u"missing.cpp"_s), executable));
        QVERIFY(!newerThan(source, dir.filePath(u"missing"_s)));
    }

    void relativePathsResolveAboveTheExecutable_data()
    {
        QTest::addColumn<QString>("recorded");
        QTest::addColumn<QString>("expected"); // relative to the scratch root; "=" for unchanged
        // The tree: root/src/main.cpp, root/build/default/bin/app.
        QTest::newRow("as ccache's base_dir leaves it") << u"../../src/main.cpp"_s << u"src/main.cpp"_s;
        QTest::newRow("one folder deeper") << u"../../../src/main.cpp"_s << u"src/main.cpp"_s;
        QTest::newRow("plain relative") << u"src/main.cpp"_s << u"src/main.cpp"_s;
        QTest::newRow("dot first") << u"./../../src/main.cpp"_s << u"src/main.cpp"_s;
        QTest::newRow("missing") << u"../../src/other.cpp"_s << u"="_s;
        QTest::newRow("a folder is not a source") << u"../../src"_s << u"="_s;
        QTest::newRow("absolute stays") << u"/nowhere/main.cpp"_s << u"="_s;
        QTest::newRow("empty") << QString() << u"="_s;
    }

    void relativePathsResolveAboveTheExecutable()
    {
        QFETCH(QString, recorded);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(u"src"_s));
        QVERIFY(QDir(dir.path()).mkpath(u"build/default/bin"_s));
        QVERIFY(writeFile(dir.filePath(u"src/main.cpp"_s), "int main() {}"));
        const QString executable = dir.filePath(u"build/default/bin/app"_s);
        QVERIFY(writeFile(executable, "e"));
        const QString want = expected == u"="_s ? recorded : QDir::cleanPath(dir.filePath(expected));
        QCOMPARE(resolveRecordedPath(recorded, executable), want);
    }
};

QTEST_GUILESS_MAIN(TestSourceFiles)
#include "tst_sourcefiles.moc"
