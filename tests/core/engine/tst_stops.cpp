// Which sites a breakpoint stops at: full paths, bare names (the samples and
// older sessions), and the relative paths a program compiled through ccache's
// base_dir records on its side of the link.

#include <coroscope/stops.h>

#include <QTest>

using namespace coroscope;
using namespace Qt::StringLiterals;

class TestStops : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void breakpointMatches_data()
    {
        QTest::addColumn<QString>("breakpoint");
        QTest::addColumn<QString>("site");
        QTest::addColumn<int>("siteLine");
        QTest::addColumn<bool>("matches");
        QTest::newRow("same full path") << u"/home/me/src/main.cpp"_s << u"/home/me/src/main.cpp"_s << 12 << true;
        QTest::newRow("another line") << u"/home/me/src/main.cpp"_s << u"/home/me/src/main.cpp"_s << 13 << false;
        QTest::newRow("same name, other folder") << u"/home/me/src/main.cpp"_s << u"/home/me/old/main.cpp"_s << 12 << false;
        QTest::newRow("bare name") << u"main.cpp"_s << u"/home/me/src/main.cpp"_s << 12 << true;
        QTest::newRow("bare name, other file") << u"main.cpp"_s << u"/home/me/src/xmain.cpp"_s << 12 << false;
        QTest::newRow("relative as ccache leaves it") << u"/home/me/src/main.cpp"_s << u"../../src/main.cpp"_s << 12 << true;
        QTest::newRow("relative with dot") << u"/home/me/src/main.cpp"_s << u"./src/main.cpp"_s << 12 << true;
        QTest::newRow("relative, other folder") << u"/home/me/src/main.cpp"_s << u"../../lib/main.cpp"_s << 12 << false;
        QTest::newRow("relative, not at a folder boundary") << u"/home/me/xsrc/main.cpp"_s << u"../src/main.cpp"_s << 12 << false;
        QTest::newRow("relative, nothing left") << u"/home/me/src/main.cpp"_s << u"../../"_s << 12 << false;
        QTest::newRow("empty site") << u"/home/me/src/main.cpp"_s << QString() << 12 << false;
    }

    void breakpointMatches()
    {
        QFETCH(QString, breakpoint);
        QFETCH(QString, site);
        QFETCH(int, siteLine);
        QFETCH(bool, matches);
        Site s;
        s.file = site;
        s.line = siteLine;
        QCOMPARE(coroscope::breakpointMatches(Breakpoint{breakpoint, 12}, s), matches);
    }
};

QTEST_GUILESS_MAIN(TestStops)
#include "tst_stops.moc"
