// Trace files: the native format round-trips a recorded run exactly and turns
// every kind of malformed input into an error naming the problem and its byte
// offset; the Chrome JSON export is valid and has balanced spans and flows.

#include "tracefilesamples.h"

#include <coroscope/snapshot.h>
#include <coroscope/transitions.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <limits>
#include <map>

using namespace coroscope;
using namespace coroscope::test;

namespace {

// The byte offset of a section's tag in the tiny trace (its names hold no tags).
qint64 section(const QByteArray &bytes, const char *tag)
{
    return bytes.indexOf(tag);
}

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

QByteArray replaced(QByteArray bytes, const QByteArray &from, const QByteArray &to)
{
    Q_ASSERT(from.size() == to.size() && bytes.count(from) == 1);
    return bytes.replace(from, to);
}

struct Counts
{
    std::map<QString, int> byPhase;
    std::map<QString, int> begins, ends;      // async spans by id
    std::map<qint64, QStringList> flowPhases; // by flow id
    QStringList names;
};

Counts countChrome(const QJsonArray &events)
{
    Counts c;
    for (const auto &v : events) {
        const QJsonObject o = v.toObject();
        const QString ph = o.value(u"ph").toString();
        ++c.byPhase[ph];
        c.names << ph + u' ' + o.value(u"name").toString();
        if (ph == u"b")
            ++c.begins[o.value(u"id").toString()];
        if (ph == u"e")
            ++c.ends[o.value(u"id").toString()];
        if (ph == u"s" || ph == u"f")
            c.flowPhases[o.value(u"id").toInteger()] << ph + u':' + QString::number(o.value(u"tid").toInt());
    }
    return c;
}

QJsonArray parseChrome(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("JSON error at %d: %s", error.offset, qPrintable(error.errorString()));
    return doc.object().value(u"traceEvents").toArray();
}

} // namespace

class TestTraceFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripRecordedRun()
    {
        const Trace t = recordMixedRun();
        QVERIFY(t.size() > 50);
        QVERIFY(t.coroutineCount() >= 5);
        QVERIFY(!t.timers().empty());
        QVERIFY(t.timeMarks().size() >= 2);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("run.cstrace"));
        QString error = QStringLiteral("stale");
        QVERIFY(t.save(path, Trace::Format::Native, &error));
        QCOMPARE(error, QString());
        const Trace::LoadResult loaded = Trace::load(path);
        QCOMPARE(loaded.error, QString());
        QCOMPARE(loaded.offset, -1);
        QVERIFY(loaded.trace.has_value());
        QVERIFY(*loaded.trace == t);
        // The loaded trace is a full Trace: interning finds the loaded values.
        Trace copy = *loaded.trace;
        const auto valueCount = copy.valueCount();
        QCOMPARE(copy.internValue(t.values().back()), ValueId(valueCount - 1));
        QCOMPARE(copy.valueCount(), valueCount);
    }

    // Found by fuzz_link (its seed renamed-coroutine-zero.bin): a Renamed event for coroutine 0,
    // "no coroutine", renamed the table's placeholder, which a saved file cannot hold.
    void renamingCoroutineZeroChangesNothing()
    {
        Trace t;
        TraceDelta d;
        d.coroutines.push_back(CoroutineInfo{1, CoroutineKind::Generator, QStringLiteral("three"), 0, 0, 0, false});
        d.values.push_back(QStringLiteral("renamed"));
        Event rename;
        rename.kind = EventKind::Renamed;
        rename.coro = 0;
        rename.arg = 1;
        d.events.push_back(rename);
        rename.coro = 1;
        d.events.push_back(rename);
        t.apply(d);
        QCOMPARE(t.coroutine(0).name, QString());
        QCOMPARE(t.coroutine(1).name, QStringLiteral("renamed"));
        const Trace::LoadResult back = Trace::fromNative(t.toNative());
        QVERIFY2(back.trace, qPrintable(back.error));
        QVERIFY(*back.trace == t);
    }

    void roundTripTinyIsExact()
    {
        const Trace t = tinyTrace();
        const QByteArray bytes = t.toNative();
        QCOMPARE(bytes.left(12), QByteArray("CORSCOPE\x03\x00\x00\x00", 12));
        const auto r = Trace::fromNative(bytes);
        QVERIFY(r.trace.has_value());
        QVERIFY(*r.trace == t);
        QCOMPARE(r.trace->coroutine(3).receivesValues, true);
        QCOMPARE(r.trace->coroutine(2).name, QStringLiteral("child"));
        QCOMPARE(r.trace->toNative(), bytes);
        QVERIFY(Trace::fromNative(Trace().toNative()).trace == Trace());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::addColumn<qint64>("offset");

        const QByteArray ok = tinyTrace().toNative();
        const qint64 site = section(ok, "SITE"), vals = section(ok, "VALS"), coro = section(ok, "CORO");
        const qint64 timr = section(ok, "TIMR"), evnt = section(ok, "EVNT"), mark = section(ok, "MARK");
        QCOMPARE(site, 12);
        const qint64 ev0 = evnt + 12; // tag, length, count
        auto ev = [ev0](int i) { return ev0 + 16 * i; };
        const qint64 coro1 = coro + 12;                  // kind of coroutine 1
        const qint64 coro2 = coro1 + 1 + 1 + 4 + 4 + 12; // "main"
        const qint64 timer0 = timr + 12;
        const qint64 mark0 = mark + 12;

        QTest::newRow("valid") << ok << QString() << qint64(-1);
        QTest::newRow("empty file") << QByteArray()
                                    << u"truncated file: expected 8 bytes of magic at offset 0, found 0"_s
                                    << qint64(0);
        QTest::newRow("truncated magic")
            << ok.left(5) << u"truncated file: expected 8 bytes of magic at offset 0, found 5"_s << qint64(0);
        QTest::newRow("wrong magic") << withByte(ok, 3, 'X')
                                     << u"not a Coroscope trace: wrong magic at offset 0"_s << qint64(0);
        QTest::newRow("chrome json") << tinyTrace().toChromeJson() << u"not a Coroscope trace: this is JSON"_s
                                     << qint64(0);
        QTest::newRow("truncated version")
            << ok.left(10) << u"truncated file: expected 4 bytes of version at offset 8, found 2"_s
            << qint64(8);
        QTest::newRow("unsupported version")
            << withU32(ok, 8, 4) << u"unsupported version 4 at offset 8"_s << qint64(8);
        QTest::newRow("version 0") << withU32(ok, 8, 0) << u"unsupported version 0 at offset 8"_s
                                   << qint64(8);
        QTest::newRow("version 2 still reads") << withU32(ok, 8, 2) << QString() << qint64(-1);
        QTest::newRow("version 1 still reads") << withU32(ok, 8, 1) << QString() << qint64(-1);
        // Event 5 is the Sent; its kind, aux and flags as one word: resumer 9 packed into aux:flags.
        QTest::newRow("send resumer past its table")
            << withU32(ok, ev(5), 0x00090005u)
            << u"event 5 refers to coroutine 9 past the end of the coroutine table (size 4) at offset %1"_s.arg(
                   ev(5) + 1)
            << ev(5) + 1;
        QTest::newRow("no sections")
            << ok.left(12) << u"truncated file: expected 4 bytes of section tag at offset 12, found 0"_s
            << qint64(12);
        QTest::newRow("truncated section length")
            << ok.left(18) << u"truncated file: expected 4 bytes of section length at offset 16, found 2"_s
            << qint64(16);
        QTest::newRow("truncated in a section header")
            << ok.left(vals + 6)
            << u"truncated file: expected 4 bytes of section length at offset %1, found 2"_s.arg(vals + 4)
            << vals + 4;
        QTest::newRow("truncated in a table")
            << ok.left(coro1 + 5)
            << u"section 'CORO' length %1 at offset %2 runs past the end of the file (9 bytes left)"_s
                   .arg(timr - coro - 8)
                   .arg(coro + 4)
            << coro + 4;
        QTest::newRow("truncated in event data")
            << ok.left(ev(1) + 7)
            << u"section 'EVNT' length %1 at offset %2 runs past the end of the file (%3 bytes left)"_s
                   .arg(4 + 16 * tinyEventCount)
                   .arg(evnt + 4)
                   .arg(ev(1) + 7 - evnt - 8)
            << evnt + 4;
        QTest::newRow("section length beyond file")
            << withU32(ok, site + 4, 0xfffffff0u)
            << u"section 'SITE' length 4294967280 at offset 16 runs past the end of the file (%1 bytes left)"_s
                   .arg(ok.size() - 20)
            << qint64(16);
        QTest::newRow("section out of order")
            << replaced(ok, "SITE", "VALX") << u"unexpected section 'VALX' at offset 12, expected 'SITE'"_s
            << qint64(12);
        QTest::newRow("unprintable section tag")
            << withU32(ok, vals, 0x01020304)
            << u"unexpected section 0x04030201 at offset %1, expected 'VALS'"_s.arg(vals) << vals;
        QTest::newRow("missing section")
            << ok.left(mark)
            << u"truncated file: expected 4 bytes of section tag at offset %1, found 0"_s.arg(mark) << mark;
        QTest::newRow("section with unused bytes")
            << withU32(ok, vals + 4, std::uint32_t(coro - vals - 8 + 2))
            << u"section 'VALS' has 2 unused bytes at offset %1"_s.arg(coro) << coro;
        QTest::newRow("event count cannot fit")
            << withU32(ok, evnt + 8, 1000)
            << u"event count 1000 at offset %1 cannot fit in the %2 bytes left in section 'EVNT'"_s
                   .arg(evnt + 8)
                   .arg(16 * tinyEventCount)
            << evnt + 8;
        QTest::newRow("value count absurd")
            << withU32(ok, vals + 8, 0xffffffffu)
            << u"value count 4294967295 at offset %1 cannot fit in the %2 bytes left in section 'VALS'"_s
                   .arg(vals + 8)
                   .arg(coro - vals - 12)
            << vals + 8;
        QTest::newRow("string past its section")
            << withU32(ok, vals + 12, 1000)
            << u"section 'VALS' ends early: expected 1000 bytes of value 1 at offset %1, found %2"_s
                   .arg(vals + 16)
                   .arg(coro - vals - 16)
            << vals + 16;
        QTest::newRow("invalid UTF-8 in a value")
            << replaced(ok, "hi!", "h\xffi") << u"invalid UTF-8 in value 1 at offset %1"_s.arg(vals + 17)
            << vals + 17;
        QTest::newRow("overlong UTF-8 in a name")
            << replaced(ok, "child", "\xc0\xafild")
            << u"invalid UTF-8 in coroutine 2 name at offset %1"_s.arg(coro2 + 6) << coro2 + 6;
        QTest::newRow("UTF-16 surrogate in a file name")
            << replaced(ok, "a.cpp", "\xed\xa0\x80pp") << u"invalid UTF-8 in site 1 file at offset 28"_s
            << qint64(28);
        QTest::newRow("truncated UTF-8 sequence")
            << replaced(ok, "a.cpp", "a.cp\xe2") << u"invalid UTF-8 in site 1 file at offset 32"_s
            << qint64(32);
        QTest::newRow("coroutine of unknown kind")
            << withByte(ok, coro1, 5) << u"coroutine 1 has unknown kind 5 at offset %1"_s.arg(coro1) << coro1;
        QTest::newRow("coroutine with unknown flags")
            << withByte(ok, coro1 + 1, 2)
            << u"coroutine 1 has unknown flags 0x02 at offset %1"_s.arg(coro1 + 1) << coro1 + 1;
        QTest::newRow("coroutine site past its table")
            << withU32(ok, coro1 + 10, 2)
            << u"coroutine 1 refers to site 2 past the end of the site table (size 2) at offset %1"_s.arg(
                   coro1 + 10)
            << coro1 + 10;
        QTest::newRow("coroutine parent past its table")
            << withU32(ok, coro1 + 18, 4)
            << u"coroutine 1 refers to coroutine 4 past the end of the coroutine table (size 4) at offset %1"_s
                   .arg(coro1 + 18)
            << coro1 + 18;
        QTest::newRow("timer owner past its table")
            << withU32(ok, timer0 + 8, 9)
            << u"timer 0 refers to coroutine 9 past the end of the coroutine table (size 4) at offset %1"_s
                   .arg(timer0 + 8)
            << timer0 + 8;
        QTest::newRow("timer description past its table")
            << withU32(ok, timer0 + 12, 3)
            << u"timer 0 refers to value 3 past the end of the value table (size 3) at offset %1"_s.arg(
                   timer0 + 12)
            << timer0 + 12;
        QTest::newRow("event of unknown kind")
            << withByte(ok, ev(0), char(EventKind::KindCount))
            << u"event 0 has unknown kind %1 at offset %2"_s.arg(int(EventKind::KindCount)).arg(ev(0))
            << ev(0);
        QTest::newRow("event kind 255") << withByte(ok, ev(2), char(0xff))
                                        << u"event 2 has unknown kind 255 at offset %1"_s.arg(ev(2)) << ev(2);
        QTest::newRow("event coroutine past its table")
            << withU32(ok, ev(2) + 4, 4)
            << u"event 2 refers to coroutine 4 past the end of the coroutine table (size 4) at offset %1"_s
                   .arg(ev(2) + 4)
            << ev(2) + 4;
        QTest::newRow("event site past its table")
            << withU32(ok, ev(4) + 8, 7)
            << u"event 4 refers to site 7 past the end of the site table (size 2) at offset %1"_s.arg(ev(4) +
                                                                                                      8)
            << ev(4) + 8;
        QTest::newRow("event value past its table")
            << withU32(ok, ev(12) + 12, 3)
            << u"event 12 refers to value 3 past the end of the value table (size 3) at offset %1"_s.arg(
                   ev(12) + 12)
            << ev(12) + 12;
        QTest::newRow("inline integer values are always valid")
            << withU32(ok, ev(12) + 12, Trace::inlineInt(-123456)) << QString() << qint64(-1);
        QTest::newRow("zero ids are always valid")
            << withU32(withU32(withU32(ok, ev(12) + 12, 0), ev(12) + 4, 0), ev(10) + 12, 0) << QString()
            << qint64(-1);
        QTest::newRow("resumer past its table")
            << withU32(ok, ev(11) + 12, 5)
            << u"event 11 refers to coroutine 5 past the end of the coroutine table (size 4) at offset %1"_s
                   .arg(ev(11) + 12)
            << ev(11) + 12;
        QTest::newRow("await target past its table")
            << withU32(ok, ev(10) + 12, 4)
            << u"event 10 refers to coroutine 4 past the end of the coroutine table (size 4) at offset %1"_s
                   .arg(ev(10) + 12)
            << ev(10) + 12;
        QTest::newRow("sleep description past its table")
            << withU32(ok, ev(14) + 12, 3)
            << u"event 14 refers to value 3 past the end of the value table (size 3) at offset %1"_s.arg(
                   ev(14) + 12)
            << ev(14) + 12;
        QTest::newRow("unknown await kind")
            << withByte(ok, ev(10) + 1, 8)
            << u"event 10 has unknown await kind 8 at offset %1"_s.arg(ev(10) + 1) << ev(10) + 1;
        QTest::newRow("timer index past its table")
            << withU32(ok, ev(13) + 12, 1)
            << u"event 13 refers to timer 1 past the end of the timer table (size 1) at offset %1"_s.arg(
                   ev(13) + 12)
            << ev(13) + 12;
        QTest::newRow("time marks not increasing")
            << withU32(ok, mark0 + 20, 0)
            << u"time marks not increasing: mark 1 is at event 0, not after event 0, at offset %1"_s.arg(
                   mark0 + 20)
            << mark0 + 20;
        QTest::newRow("time mark past the events")
            << withU32(ok, mark0 + 20, tinyEventCount + 1)
            << u"time mark 1 refers to event %1 past the %2 events at offset %3"_s.arg(tinyEventCount + 1)
                   .arg(tinyEventCount)
                   .arg(mark0 + 20)
            << mark0 + 20;
        QTest::newRow("time mark at the end is valid")
            << withU32(ok, mark0 + 20, tinyEventCount) << QString() << qint64(-1);
        QTest::newRow("trailing garbage")
            << ok + QByteArray("xyz")
            << u"trailing garbage: 3 bytes after the last section at offset %1"_s.arg(ok.size())
            << qint64(ok.size());
        QTest::newRow("a second file appended")
            << ok + ok << u"trailing garbage: %1 bytes after the last section at offset %1"_s.arg(ok.size())
            << qint64(ok.size());
    }

    void malformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        QFETCH(qint64, offset);
        const Trace::LoadResult r = Trace::fromNative(bytes);
        QCOMPARE(r.error, error.isEmpty() ? QString() : r.error);
        if (!error.isEmpty())
            QVERIFY2(r.error.startsWith(error), qPrintable(r.error));
        QCOMPARE(r.offset, offset);
        QCOMPARE(r.trace.has_value(), error.isEmpty());
    }

    void truncationAtEveryByteFails()
    {
        const QByteArray bytes = recordGeneratorRun().toNative();
        QVERIFY(bytes.size() > 200);
        for (qsizetype n = 0; n < bytes.size(); ++n) {
            const Trace::LoadResult r = Trace::fromNative(bytes.left(n));
            QVERIFY2(!r.trace && !r.error.isEmpty(), qPrintable(QString::number(n)));
            QVERIFY2(r.offset >= 0 && r.offset <= n,
                     qPrintable(QStringLiteral("%1: %2").arg(n).arg(r.error)));
        }
        QVERIFY(Trace::fromNative(bytes).trace.has_value());
    }

    void randomByteFlipsNeverCrash()
    {
        const QByteArray original = recordGeneratorRun().toNative();
        QRandomGenerator random(20240611);
        int loaded = 0, rejected = 0;
        for (int round = 0; round < 4000; ++round) {
            QByteArray bytes = original;
            const int flips = 1 + int(random.bounded(3));
            for (int k = 0; k < flips; ++k)
                bytes[random.bounded(bytes.size())] ^= char(1 + random.bounded(255));
            const Trace::LoadResult r = Trace::fromNative(bytes);
            if (r.trace) {
                ++loaded;
                // Whatever loads is consistent: it re-saves to a trace that loads equal,
                // and the exporter can walk it.
                QVERIFY(Trace::fromNative(r.trace->toNative()).trace == r.trace);
                QVERIFY(!r.trace->toChromeJson().isEmpty());
            } else {
                ++rejected;
                QVERIFY(!r.error.isEmpty());
                QVERIFY(r.offset >= 0 && r.offset <= bytes.size());
            }
        }
        QVERIFY(loaded > 0);   // flips inside strings and times are harmless …
        QVERIFY(rejected > 0); // … flips in the structure are caught
    }

    void saveToUnwritablePath()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString blocker = dir.filePath(QStringLiteral("file"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        // A regular file in place of a directory: not writable, even for root.
        const QString path = blocker + QStringLiteral("/run.cstrace");
        for (const auto format : {Trace::Format::Native, Trace::Format::Chrome}) {
            QString error;
            QVERIFY(!tinyTrace().save(path, format, &error));
            QVERIFY2(
                error.startsWith(QStringLiteral("cannot save the trace to ") + path + QStringLiteral(": ")),
                qPrintable(error));
            QVERIFY(error.size() > path.size() + 26); // the system's reason follows
        }
        QVERIFY(!tinyTrace().save(path, Trace::Format::Native)); // no error pointer: still fails cleanly
    }

    void loadMissingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing.cstrace"));
        const Trace::LoadResult r = Trace::load(path);
        QVERIFY(!r.trace);
        QVERIFY2(r.error.startsWith(QStringLiteral("cannot open ") + path + QStringLiteral(": ")),
                 qPrintable(r.error));
        QCOMPARE(r.offset, -1);
    }

    void loadRejectsFileOver4GiB()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.cstrace"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(tinyTrace().toNative());
        if (!f.resize((4ll << 30) + 1)) // sparse: no disk space is used
            QSKIP("the file system cannot hold a sparse 4 GiB file");
        f.close();
        const Trace::LoadResult r = Trace::load(path);
        QVERIFY(!r.trace);
        QCOMPARE(r.error, QStringLiteral("file too large: 4294967297 bytes, the limit is 4 GiB"));
        QCOMPARE(r.offset, 4ll << 30);
    }

    void chromeJsonOfTinyTrace()
    {
        const Trace t = tinyTrace();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.json"));
        QVERIFY(t.save(path, Trace::Format::Chrome));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        QCOMPARE(json, t.toChromeJson());
        const QJsonArray events = parseChrome(json);
        const Counts c = countChrome(events);
        QCOMPARE(c.byPhase.at(u"M"_s), 2 + 2 * 3);
        QCOMPARE(c.byPhase.at(u"b"_s), 6);
        QCOMPARE(c.byPhase.at(u"e"_s), 6);
        QCOMPARE(c.byPhase.at(u"i"_s), 5);
        QCOMPARE(c.byPhase.at(u"s"_s), 4);
        QCOMPARE(c.byPhase.at(u"f"_s), 4);
        const std::map<QString, int> perId{{u"0x1"_s, 2}, {u"0x2"_s, 2}, {u"0x3"_s, 2}};
        QCOMPARE(c.begins, perId);
        QCOMPARE(c.ends, perId);
        // next() and send(): main (tid 1) resumes gen (tid 3); await: main → child's
        // start (tid 2); resume: child's return → main.
        QCOMPARE(c.flowPhases, (std::map<qint64, QStringList>{{1, {u"s:1"_s, u"f:3"_s}},
                                                               {2, {u"s:1"_s, u"f:3"_s}},
                                                               {3, {u"s:1"_s, u"f:2"_s}},
                                                               {4, {u"s:2"_s, u"f:1"_s}}}));
        const QStringList expected{u"M process_name"_s,
                                   u"M thread_name"_s,
                                   u"M thread_name"_s,
                                   u"M thread_sort_index"_s,
                                   u"M thread_name"_s,
                                   u"M thread_sort_index"_s,
                                   u"M thread_name"_s,
                                   u"M thread_sort_index"_s,
                                   u"s next()"_s,
                                   u"f next()"_s,
                                   u"i yield 0"_s,
                                   u"i send 5"_s,
                                   u"s send()"_s,
                                   u"f send()"_s,
                                   u"i yield 5"_s,
                                   u"s await"_s,
                                   u"f await"_s,
                                   u"i print hi!"_s,
                                   u"s resume"_s,
                                   u"f resume"_s,
                                   u"i warning: leaked frame"_s,
                                   u"b main (task)"_s,
                                   u"e main (task)"_s,
                                   u"b gen (generator)"_s,
                                   u"e gen (generator)"_s,
                                   u"b gen (generator)"_s,
                                   u"e gen (generator)"_s,
                                   u"b child (task)"_s,
                                   u"e child (task)"_s,
                                   u"b child (task)"_s,
                                   u"e child (task)"_s,
                                   u"b main (task)"_s,
                                   u"e main (task)"_s};
        QCOMPARE(c.names, expected);
        // The same arrows as v2 flows on the spans (what Perfetto draws between async slices):
        // main's first span → child's first; child's second → main's second.
        QStringList bound;
        for (const auto &v : events) {
            const QJsonObject o = v.toObject();
            if (o.value(u"ph").toString() != u"b")
                continue;
            QString text = o.value(u"name").toString();
            if (o.contains(u"bind_id"))
                text += u" #"_s + QString::number(o.value(u"bind_id").toInteger() - (1ll << 32));
            if (o.value(u"flow_in").toBool())
                text += u" in"_s;
            if (o.value(u"flow_out").toBool())
                text += u" out"_s;
            bound << text;
        }
        QCOMPARE(bound,
                 QStringList({u"main (task) #0 out"_s, u"gen (generator)"_s, u"gen (generator)"_s,
                              u"child (task) #0 in"_s, u"child (task) #1 out"_s, u"main (task) #1 in"_s}));
        QStringList threads;
        for (const auto &v : events) {
            const QJsonObject o = v.toObject();
            if (o.value(u"name").toString() == u"thread_name")
                threads << o.value(u"args").toObject().value(u"name").toString();
        }
        QCOMPARE(threads, QStringList({u"event loop"_s, u"#1 main (task)"_s, u"#2 child (task)"_s,
                                       u"#3 gen (generator)"_s}));
        // Loop time, spread 1 ns apart within an instant: the print is event 12,
        // the child's resumption (event 16) comes after the clock moved to 1 ms.
        auto tsOf = [&events](const QString &ph, const QString &name, int nth = 0) {
            for (const auto &v : events) {
                const QJsonObject o = v.toObject();
                if (o.value(u"ph").toString() == ph && o.value(u"name").toString() == name && nth-- == 0)
                    return o.value(u"ts").toDouble();
            }
            return -1.0;
        };
        QCOMPARE(tsOf(u"i"_s, u"print hi!"_s), 0.012);
        QCOMPARE(tsOf(u"b"_s, u"child (task)"_s, 1), 1000.001);
        QCOMPARE(tsOf(u"e"_s, u"child (task)"_s, 1), 1000.002);
    }

    void chromeJsonOfRecordedRun()
    {
        const Trace t = recordMixedRun();
        const QJsonArray events = parseChrome(t.toChromeJson());
        QVERIFY(!events.isEmpty());
        const Counts c = countChrome(events);
        int runs = 0, instants = 0;
        for (const Event &e : t.events()) {
            runs += isResumption(e) && e.coro != 0;
            instants += e.kind == EventKind::Yielded || e.kind == EventKind::Sent ||
                        e.kind == EventKind::Output || e.kind == EventKind::Warning;
        }
        QCOMPARE(c.byPhase.at(u"b"_s), runs);
        QCOMPARE(c.begins, c.ends);
        QCOMPARE(c.byPhase.at(u"i"_s), instants);
        QVERIFY(c.byPhase.at(u"s"_s) >= 4); // the gather and the directly awaited task at least
        for (const auto &[id, phases] : c.flowPhases) {
            QCOMPARE(phases.size(), 2);
            QVERIFY(phases[0].startsWith(u"s:"_s) && phases[1].startsWith(u"f:"_s));
            QVERIFY(phases[0].mid(2) != phases[1].mid(2)); // an arrow joins two coroutines
        }
        QVERIFY(c.names.contains(u"b test::accumulate (generator)"_s));
        QVERIFY(c.names.contains(u"i send 5"_s));
        QVERIFY(c.names.contains(u"i print worker 2"_s));
    }

    // Loaded traces may hold any times: the spreading of events saturates.
    void chromeJsonWithExtremeLoopTimes()
    {
        Trace t;
        t.addCoroutine(CoroutineInfo{0, CoroutineKind::Task, u"t"_s, 0, 0, 0, false});
        t.addTimeMark(std::numeric_limits<std::int64_t>::max(), 0);
        t.append(Event{EventKind::Started, 0, 0, 1, 0, 0});
        t.append(Event{EventKind::Returned, 0, 0, 1, 0, 0});
        t.addTimeMark(-5, 0);
        t.append(Event{EventKind::Output, 0, 0, 1, 0, 0});
        const QByteArray json = t.toChromeJson();
        QCOMPARE(parseChrome(json).size(), 4 + 3); // metadata, then b, e and the print
        // The print's loop time went backwards (a second loop): it stays after the span.
        QCOMPARE(json.count("\"ts\":9223372036854775.807"), 3);
        QVERIFY(json.contains(
            "\"ph\":\"i\",\"name\":\"print \",\"pid\":1,\"tid\":1,\"ts\":9223372036854775.807"));
    }

    void seedCorpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("generator") << u"generator_send.cstrace"_s << QStringList{u"test::accumulate"_s};
        QTest::newRow("gather") << u"tasks_gather.cstrace"_s
                                << QStringList{u"test::fanOut"_s, u"test::worker"_s,      u"test::worker"_s,
                                               u"test::worker"_s, u"coroscope::gather"_s, u"future@25"_s};
        QTest::newRow("mixed") << u"mixed.cstrace"_s
                               << QStringList{u"test::mixedMain"_s, u"test::accumulate"_s,  u"test::worker"_s,
                                              u"test::worker"_s,    u"coroscope::gather"_s, u"future@25"_s,
                                              u"test::failing"_s,   u"future@118"_s};
    }

    // A version-1 file recorded a send as Sent (the value) + Resumed. It reads
    // with the Sent marked unpacked, and means what today's recording of the
    // same program means: the same transitions and the same final state.
    void readsVersion1Sends()
    {
        const QString dir = QStringLiteral(COROSCOPE_TEST_DATA "/data/traces/");
        const Trace::LoadResult v1 = Trace::load(dir + u"generator_send_v1.cstrace"_s);
        QVERIFY2(v1.trace.has_value(), qPrintable(v1.error));
        // Today's seed file of the same run.
        const Trace::LoadResult v2 = Trace::load(dir + u"generator_send.cstrace"_s);
        QVERIFY2(v2.trace.has_value(), qPrintable(v2.error));
        const Trace &now = *v2.trace;
        int sends = 0;
        for (std::size_t i = 0; i < v1.trace->size(); ++i) {
            const Event &e = (*v1.trace)[i];
            if (e.kind != EventKind::Sent)
                continue;
            ++sends;
            QVERIFY(!isResumption(e));
            QVERIFY(i + 1 < v1.trace->size());
            const Event &next = (*v1.trace)[i + 1];
            QCOMPARE(next.kind, EventKind::Resumed);
            QCOMPARE(resumeKindOf(next), ResumeKind::Send);
        }
        QCOMPARE(sends, 3);
        QCOMPARE(v1.trace->size(), now.size() + 3);
        for (const Event &e : now.events())
            QVERIFY(e.kind != EventKind::Resumed || resumeKindOf(e) != ResumeKind::Send);

        auto transitions = [](const Trace &t) {
            QStringList out;
            // Without the " @ file:line:col" tail: the two files need not be recorded from the same lines.
            for (const Transition &x : TransitionBuilder::all(t))
                out << TransitionBuilder::format(t, x).section(u" @ "_s, 0, 0);
            return out;
        };
        QCOMPARE(transitions(*v1.trace), transitions(now));
        QVERIFY(transitions(now).join(u'\n').contains(u"send(5)"_s));
        const Snapshot a = SnapshotIndex::fold(*v1.trace, v1.trace->size());
        const Snapshot b = SnapshotIndex::fold(now, now.size());
        QCOMPARE(a.coroutines.size(), b.coroutines.size());
        for (std::size_t c = 1; c < a.coroutines.size(); ++c) {
            QCOMPARE(a.coroutines[c].resumes, b.coroutines[c].resumes);
            QCOMPARE(a.coroutines[c].state, b.coroutines[c].state);
            QCOMPARE(a.coroutines[c].lastValue, b.coroutines[c].lastValue);
        }
    }

    // Real traces kept for the fuzzer and as a format-stability check: they
    // must keep loading, and re-save byte for byte but for the version word
    // (they are version 2 files, which tst_sourcefiles reads as such).
    // COROSCOPE_WRITE_SEED_CORPUS=1 re-records them (only when the format
    // version changes).
    void seedCorpus()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, names);
        const QString path = QStringLiteral(COROSCOPE_TEST_DATA "/data/traces/") + file;
        if (qEnvironmentVariableIsSet("COROSCOPE_WRITE_SEED_CORPUS")) {
            const Trace t = file.startsWith(u"generator") ? recordGeneratorRun()
                            : file.startsWith(u"tasks")   ? recordGatherRun()
                                                          : recordMixedRun();
            QVERIFY(t.save(path, Trace::Format::Native));
        }
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.size() < 20 * 1024);
        const Trace::LoadResult r = Trace::load(path);
        QVERIFY2(r.trace.has_value(), qPrintable(r.error));
        const QByteArray resaved = r.trace->toNative();
        QCOMPARE(resaved.left(8), bytes.left(8));
        QCOMPARE(qFromLittleEndian<quint32>(resaved.constData() + 8), 3u);
        QCOMPARE(resaved.mid(12), bytes.mid(12));
        QStringList actual;
        for (const CoroutineInfo &c : r.trace->coroutines())
            actual << c.name;
        QCOMPARE(actual, names);
        QVERIFY(!parseChrome(r.trace->toChromeJson()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTraceFile)
#include "tst_tracefile.moc"
