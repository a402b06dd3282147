// The link protocol: frames round-trip in any pieces, and a malformed,
// truncated or foreign stream gives a clear error, never a crash.

#include <coroscope/deltacodec.h>
#include <coroscope/linkprotocol.h>
#include <coroscope/recorder.h>
#include <coroscope/generator.h>

#include <QFile>
#include <QTest>
#include <QtEndian>

using namespace coroscope;
using namespace Qt::StringLiterals;

namespace {
Generator<int> three()
{
    co_yield 1;
    co_yield 2;
    co_yield 3;
}

// A real recorded trace, for deltas.
Trace recorded()
{
    Recorder r;
    auto g = three();
    while (g.next()) {
    }
    return r.trace();
}

QByteArray frame(std::uint8_t type, const QByteArray &payload)
{
    QByteArray f(4, '\0');
    qToLittleEndian(std::uint32_t(payload.size() + 1), f.data());
    f.append(char(type));
    f.append(payload);
    return f;
}
} // namespace

class TestLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framesRoundTripInAnyPieces_data()
    {
        QTest::addColumn<int>("piece");
        QTest::newRow("whole") << 1;
        QTest::newRow("1 byte") << 1;
        QTest::newRow("7 bytes") << 7;
        QTest::newRow("4096 bytes") << 4096;
    }
    void framesRoundTripInAnyPieces()
    {
        QFETCH(int, piece);
        const Trace source = recorded();
        link::Batch batch;
        batch.token = 7;
        batch.pausedAt = 3;
        appendDelta(batch.delta, source.deltaSince(Trace().cursor()));
        batch.replies = {link::SendReply{2, u"yielded 15"_s}};
        batch.finished = true;
        batch.outcome = RunOutcome{RunOutcome::Kind::Failed, u"boom"_s, 0, 0};
        QByteArray stream = link::encode(link::Hello{link::kProtocolVersion, 4242, u"/bin/prog"_s});
        stream += link::encode(batch);
        stream += link::encode(link::Start{link::Mode::Continue, 9, 1000, {Breakpoint{u"/src/main.cpp"_s, 12}}});
        stream += link::encode(link::Send{3, u"20"_s});

        // The fuzzer's seed (tests/fuzz/link-corpus) is this stream: COROSCOPE_WRITE_LINK_SEED=path.
        if (const QString seed = qEnvironmentVariable("COROSCOPE_WRITE_LINK_SEED"); !seed.isEmpty()) {
            QFile f(seed);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(stream);
        }
        link::FrameReader reader;
        std::vector<link::Message> got;
        const qsizetype step = QTest::currentDataTag() == QByteArray("whole") ? stream.size() : piece;
        for (qsizetype at = 0; at < stream.size(); at += step) {
            reader.append(stream.mid(at, step));
            link::Message m;
            while (reader.next(m) == link::FrameReader::Status::Message)
                got.push_back(m);
        }
        QCOMPARE(reader.error(), QString());
        QCOMPARE(got.size(), std::size_t(4));
        const auto &hello = std::get<link::Hello>(got[0]);
        QCOMPARE(hello.pid, 4242);
        QCOMPARE(hello.executable, u"/bin/prog"_s);
        const auto &b = std::get<link::Batch>(got[1]);
        QCOMPARE(b.token, 7u);
        QCOMPARE(b.pausedAt, std::optional<std::uint64_t>(3));
        QCOMPARE(b.replies.size(), std::size_t(1));
        QCOMPARE(b.replies[0].text, u"yielded 15"_s);
        QVERIFY(b.finished);
        QCOMPARE(b.outcome->what, u"boom"_s);
        // The delta reads back into a trace equal to the one recorded.
        Trace copy;
        const DeltaReadResult read = readDelta(b.delta, copy);
        QCOMPARE(read.error, QString());
        copy.apply(*read.delta);
        QVERIFY(copy == source);
        const auto &start = std::get<link::Start>(got[2]);
        QCOMPARE(start.mode, link::Mode::Continue);
        QCOMPARE(start.breakpoints.size(), 1);
        QCOMPARE(start.breakpoints[0].file, u"/src/main.cpp"_s);
        QCOMPARE(std::get<link::Send>(got[3]).text, u"20"_s);
    }

    void badStreamsAreRejected_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QByteArray hello = link::encode(link::Hello{link::kProtocolVersion, 1, u"x"_s});
        QByteArray skew = hello;
        qToLittleEndian(std::uint32_t(7), skew.data() + 13);
        QTest::newRow("other version") << skew << link::versionMismatch(7);
        QByteArray magic = hello;
        magic[6] = 'X';
        QTest::newRow("wrong magic") << magic << u"not a Coroscope link: wrong magic"_s;
        QByteArray huge(4, '\xff');
        QTest::newRow("huge length") << huge << u"bad frame length 4294967295 (the limit is 536870912 bytes)"_s;
        QTest::newRow("unknown type") << frame(99, {}) << u"unknown frame type 99"_s;
        QTest::newRow("left over") << frame(3, QByteArray(12, '\0')) << u"3 bytes left over at the end of a frame of type 3"_s;
        QTest::newRow("short beat") << frame(3, QByteArray(4, '\0')) << u""_s; // any error text
        QTest::newRow("bad mode") << frame(33, QByteArray(9, '\x09')) << u"unknown run mode 9"_s;
    }
    void badStreamsAreRejected()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        link::FrameReader reader;
        reader.append(bytes);
        link::Message m;
        QCOMPARE(reader.next(m), link::FrameReader::Status::Error);
        QVERIFY(!reader.error().isEmpty());
        if (!error.isEmpty())
            QCOMPARE(reader.error(), error);
        QCOMPARE(reader.next(m), link::FrameReader::Status::Error); // stays broken
    }

    void truncatedFrameWaitsForMore()
    {
        const QByteArray hello = link::encode(link::Hello{link::kProtocolVersion, 1, u"x"_s});
        link::FrameReader reader;
        reader.append(hello.left(hello.size() - 1));
        link::Message m;
        QCOMPARE(reader.next(m), link::FrameReader::Status::NeedMore);
        QCOMPARE(reader.pending(), hello.size() - 1);
    }

    void deltaReferencesAreChecked()
    {
        // An event naming a coroutine the window never heard of is refused with its offset.
        TraceDelta d;
        d.events.push_back(Event{EventKind::Started, 0, 0, 5, 0, 0});
        QByteArray bytes;
        appendDelta(bytes, d);
        const DeltaReadResult read = readDelta(bytes, Trace());
        QVERIFY(!read.delta);
        QVERIFY2(read.error.contains(u"event 0 refers to coroutine 5 past the end of the coroutine table"_s),
                 qPrintable(read.error));
        // A delta that does not start where the trace ends is refused too.
        TraceDelta late;
        late.firstEvent = 10;
        QByteArray lateBytes;
        appendDelta(lateBytes, late);
        QVERIFY(!readDelta(lateBytes, Trace()).delta);
    }
};

QTEST_GUILESS_MAIN(TestLink)
#include "tst_link.moc"
