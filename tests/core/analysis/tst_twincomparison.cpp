// The twin comparison's rules one by one: each normalisation (one data row
// per rule, documented in twincomparison.h) and the alignment of two step
// sequences into rows, with the difference text the committed lists hold.

#include <coroscope/twincomparison.h>

#include <QTest>

using namespace coroscope;
using namespace Qt::StringLiterals;

namespace {

std::vector<TwinStep> steps(const QStringList &texts)
{
    std::vector<TwinStep> out;
    for (const QString &t : texts)
        out.push_back(TwinStep{out.size(), 0, t});
    return out;
}

QString rowsText(const std::vector<TwinRow> &rows)
{
    QStringList out;
    for (const TwinRow &r : rows)
        out << u"%1:%2%3"_s.arg(r.cpp).arg(r.python).arg(r.equal ? u""_s : u"!"_s);
    return out.join(u' ');
}

} // namespace

class TestTwinComparison : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalise_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ids dropped") << u"main  start → await fetch#3"_s << u"main  start → await fetch"_s;
        QTest::newRow("snake and camel") << u"x  wakeup → await read_lines#2"_s << u"x  wakeup → await readlines"_s;
        QTest::newRow("qualname") << u"x  start → await Outer.inner#4"_s << u"x  start → await inner"_s;
        QTest::newRow("future line") << u"main  start → await future@26#2"_s << u"main  start → await future"_s;
        QTest::newRow("double quotes") << u"r  next() → yield \"an old pond\""_s << u"r  next() → yield 'an old pond'"_s;
        QTest::newRow("object repr") << u"g  next() → yield <coroutine object fetch at 0x7f24>"_s
                                     << u"g  next() → yield <object>"_s;
        QTest::newRow("exception class") << u"w  throw ValueError: bad input → yield 1"_s << u"w  throw bad input → yield 1"_s;
        QTest::newRow("raise class") << u"w  next() → raise KeyError: 'k'"_s << u"w  next() → raise 'k'"_s;
        QTest::newRow("sleep seconds") << u"t  start → asyncio.sleep(0.02)"_s << u"t  start → sleep(20 ms)"_s;
        QTest::newRow("sleep zero") << u"t  start → asyncio.sleep(0)"_s << u"t  start → sleep(0)"_s;
        QTest::newRow("scalars kept") << u"a  send(10) → yield 10.5"_s << u"a  send(10) → yield 10.5"_s;
        QTest::newRow("print kept") << u"print: sent 10 -> total 10"_s << u"print: sent 10 -> total 10"_s;
    }
    void normalise()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(normaliseTwinText(text), expected);
    }

    void align_data()
    {
        QTest::addColumn<QStringList>("cpp");
        QTest::addColumn<QStringList>("python");
        QTest::addColumn<QString>("rows");
        QTest::addColumn<QString>("differences");
        QTest::newRow("equal") << QStringList{u"a"_s, u"b"_s} << QStringList{u"a"_s, u"b"_s} << u"0:0 1:1"_s << QString();
        QTest::newRow("changed") << QStringList{u"a"_s, u"b"_s, u"c"_s} << QStringList{u"a"_s, u"x"_s, u"c"_s}
                                 << u"0:0 1:1! 2:2"_s << u"@ step 2\n- b\n+ x\n"_s;
        QTest::newRow("python has more") << QStringList{u"a"_s, u"c"_s} << QStringList{u"a"_s, u"b1"_s, u"b2"_s, u"c"_s}
                                         << u"0:0 -1:1! -1:2! 1:3"_s << u"@ step 2\n+ b1\n+ b2\n"_s;
        QTest::newRow("cpp has more at the end") << QStringList{u"a"_s, u"b"_s} << QStringList{u"a"_s}
                                                 << u"0:0 1:-1!"_s << u"@ step 2\n- b\n"_s;
        QTest::newRow("moved step") << QStringList{u"await"_s, u"child"_s, u"end"_s}
                                    << QStringList{u"child"_s, u"await"_s, u"end"_s}
                                    << u"0:-1! 1:0 -1:1! 2:2"_s << u"@ step 1\n- await\n@ step 3\n+ await\n"_s;
        QTest::newRow("two stretches") << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s}
                                       << QStringList{u"a"_s, u"B"_s, u"c"_s, u"D"_s}
                                       << u"0:0 1:1! 2:2 3:3!"_s << u"@ step 2\n- b\n+ B\n@ step 4\n- d\n+ D\n"_s;
        QTest::newRow("python empty") << QStringList{u"a"_s} << QStringList{} << u"0:-1!"_s << u"@ step 1\n- a\n"_s;
    }
    void align()
    {
        QFETCH(QStringList, cpp);
        QFETCH(QStringList, python);
        QFETCH(QString, rows);
        QFETCH(QString, differences);
        const auto c = steps(cpp), p = steps(python);
        const auto aligned = alignTwins(c, p);
        QCOMPARE(rowsText(aligned), rows);
        QCOMPARE(twinDifferences(c, p, aligned), differences);
        // One place per hunk, at the hunk's step.
        QStringList places;
        for (const std::size_t r : differenceStarts(aligned))
            places << u"@ step %1"_s.arg(r + 1);
        QStringList hunks;
        for (const QString &line : differences.split(u'\n'))
            if (line.startsWith(u"@ "_s))
                hunks << line;
        QCOMPARE(places, hunks);
    }
};

QTEST_GUILESS_MAIN(TestTwinComparison)
#include "tst_twincomparison.moc"
