// toText / fromText: how values read in every view, and how the Send box parses
// them; and the Recorder's inline-integer value ids.

#include <coroscope/recorder.h>
#include <coroscope/valuetext.h>

#include <QPoint>
#include <QTest>

#include <climits>
#include <cmath>
#include <limits>

using namespace coroscope;
using namespace Qt::StringLiterals;

class Holder : public QObject
{
    Q_OBJECT

public:
    enum Color : int { Red, Green, Blue }; // a fixed underlying type makes Color(7) a valid value
    Q_ENUM(Color)
};

namespace vt {
enum class Plain { A, B, C };

struct Money
{
    int cents = 0;
};
// Found by argument-dependent lookup from inside coroscope::toText.
QString coroscopeText(const Money &m)
{
    return QStringLiteral("$%1.%2").arg(m.cents / 100).arg(m.cents % 100, 2, 10, QLatin1Char('0'));
}

struct Opaque
{
    int hidden = 0;
};
} // namespace vt

class TestValueText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void toText_data();
    void toText();
    void fromText_data();
    void fromText();
    void recorderValueIds_data();
    void recorderValueIds();
    void recorderUnsignedValueIds();
};

void TestValueText::toText_data()
{
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");

    auto row = [](const char *name, const QString &actual, const char16_t *expected) {
        QTest::newRow(name) << actual << QString::fromUtf16(expected);
    };
    row("int", coroscope::toText(42), u"42");
    row("negative int", coroscope::toText(-7), u"-7");
    row("long long max", coroscope::toText(LLONG_MAX), u"9223372036854775807");
    row("unsigned", coroscope::toText(4000000000u), u"4000000000");
    row("double 3.0", coroscope::toText(3.0), u"3.0");
    row("double 0.1", coroscope::toText(0.1), u"0.1");
    row("double 2.5", coroscope::toText(2.5), u"2.5");
    row("double 1/3", coroscope::toText(1.0 / 3), u"0.3333333333333333");
    row("double -0.0", coroscope::toText(-0.0), u"-0.0");
    row("double 1e20", coroscope::toText(1e20), u"1e+20");
    row("double 1e-7", coroscope::toText(1e-7), u"1e-07");
    row("double inf", coroscope::toText(std::numeric_limits<double>::infinity()), u"inf");
    row("double nan", coroscope::toText(std::nan("")), u"nan");
    row("QString", coroscope::toText(u"hi there"_s), u"\"hi there\"");
    row("std::string", coroscope::toText(std::string("abc")), u"\"abc\"");
    row("const char *", coroscope::toText(static_cast<const char *>("c")), u"\"c\"");
    row("null const char *", coroscope::toText(static_cast<const char *>(nullptr)), u"nullptr");
    row("char", coroscope::toText('x'), u"'x'");
    row("bool true", coroscope::toText(true), u"true");
    row("bool false", coroscope::toText(false), u"false");
    row("Q_ENUM key", coroscope::toText(Holder::Green), u"Green");
    row("Q_ENUM value without a key", coroscope::toText(Holder::Color(7)), u"Holder::Color(7)");
    row("plain enum", coroscope::toText(vt::Plain::C), u"vt::Plain(2)");
    row("optional with a value", coroscope::toText(std::optional<int>(5)), u"5");
    row("empty optional", coroscope::toText(std::optional<int>()), u"None");
    row("monostate", coroscope::toText(std::monostate{}), u"None");
    row("pair", coroscope::toText(std::pair<int, QString>(1, u"a"_s)), u"(1, \"a\")");
    row("tuple", coroscope::toText(std::tuple<int, double, bool>(1, 2.5, true)), u"(1, 2.5, true)");
    row("empty tuple", coroscope::toText(std::tuple<>()), u"()");
    row("vector", coroscope::toText(std::vector<int>{1, 2, 3}), u"[1, 2, 3]");
    row("empty vector", coroscope::toText(std::vector<int>{}), u"[]");
    row("nested", coroscope::toText(std::vector<std::pair<int, std::optional<double>>>{{1, 0.5}, {2, {}}}),
        u"[(1, 0.5), (2, None)]");
    row("QDebug streamable", coroscope::toText(QPoint(3, -4)), u"QPoint(3,-4)");
    row("ADL overload", coroscope::toText(vt::Money{150}), u"$1.50");
    row("ADL overload inside a vector", coroscope::toText(std::vector<vt::Money>{{5}, {1234}}), u"[$0.05, $12.34]");
    row("unprintable struct", coroscope::toText(vt::Opaque{}), u"<vt::Opaque>");
}

void TestValueText::toText()
{
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
}

template <class T>
static QString parsed(const QString &text)
{
    const std::optional<T> v = coroscope::fromText<T>(text);
    return v ? coroscope::toText(*v) : QStringLiteral("nullopt");
}

void TestValueText::fromText_data()
{
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const QString &actual, const char16_t *expected) {
        QTest::newRow(name) << actual << QString::fromUtf16(expected);
    };
    row("int", parsed<int>(u"42"_s), u"42");
    row("int, spaces trimmed", parsed<int>(u"  -7 "_s), u"-7");
    row("int, trailing junk", parsed<int>(u"4x"_s), u"nullopt");
    row("int, empty", parsed<int>(QString()), u"nullopt");
    row("int, out of range", parsed<int>(u"3000000000"_s), u"nullopt");
    row("short, out of range", parsed<short>(u"40000"_s), u"nullopt");
    row("long long", parsed<long long>(u"-9000000000"_s), u"-9000000000");
    row("unsigned", parsed<unsigned>(u"4000000000"_s), u"4000000000");
    row("unsigned, negative", parsed<unsigned>(u"-1"_s), u"nullopt");
    row("unsigned char, out of range", parsed<unsigned char>(u"256"_s), u"nullopt");
    row("double", parsed<double>(u"2.5"_s), u"2.5");
    row("double, integer text", parsed<double>(u"3"_s), u"3.0");
    row("double, exponent", parsed<double>(u"1e3"_s), u"1000.0");
    row("double, not a number", parsed<double>(u"abc"_s), u"nullopt");
    row("bool true", parsed<bool>(u"true"_s), u"true");
    row("bool True", parsed<bool>(u"True"_s), u"true");
    row("bool 0", parsed<bool>(u"0"_s), u"false");
    row("bool yes", parsed<bool>(u"yes"_s), u"nullopt");
    row("QString quoted", parsed<QString>(u"\"hi\""_s), u"\"hi\"");
    row("QString bare", parsed<QString>(u" hi "_s), u"\"hi\"");
    row("QString lone quote", parsed<QString>(u"\""_s), u"\"\"\"");
    row("std::string", parsed<std::string>(u"\"a b\""_s), u"\"a b\"");
    row("unparsable type", parsed<vt::Opaque>(u"x"_s), u"nullopt");
}

void TestValueText::fromText()
{
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
}

void TestValueText::recorderValueIds_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<bool>("isInline");
    QTest::newRow("0") << qint64(0) << true;
    QTest::newRow("1") << qint64(1) << true;
    QTest::newRow("-1") << qint64(-1) << true;
    QTest::newRow("-123456") << qint64(-123456) << true;
    QTest::newRow("2^30 - 1") << qint64((1 << 30) - 1) << true;
    QTest::newRow("-2^30") << -qint64(1 << 30) << true;
    QTest::newRow("2^30") << qint64(1 << 30) << false;
    QTest::newRow("-2^30 - 1") << -qint64(1 << 30) - 1 << false;
    QTest::newRow("INT_MAX") << qint64(INT_MAX) << false;
    QTest::newRow("INT_MIN") << qint64(INT_MIN) << false;
    QTest::newRow("LLONG_MAX") << qint64(LLONG_MAX) << false;
    QTest::newRow("LLONG_MIN") << qint64(LLONG_MIN) << false;
}

void TestValueText::recorderValueIds()
{
    QFETCH(qint64, value);
    QFETCH(bool, isInline);
    Recorder rec;
    const std::size_t before = rec.trace().valueCount();
    const ValueId id = rec.value(value);
    QCOMPARE(bool(id & Trace::kInlineIntBit), isInline);
    QCOMPARE(rec.trace().valueText(id), QString::number(value));
    QCOMPARE(rec.trace().valueCount(), before + (isInline ? 0 : 1));
    // Through an int as well, where it fits.
    if (value >= INT_MIN && value <= INT_MAX) {
        const ValueId viaInt = rec.value(int(value));
        QCOMPARE(rec.trace().valueText(viaInt), QString::number(value));
        QCOMPARE(viaInt, id); // interned once
    }
}

void TestValueText::recorderUnsignedValueIds()
{
    Recorder rec;
    const ValueId small = rec.value(5u);
    QVERIFY(small & Trace::kInlineIntBit);
    QCOMPARE(rec.trace().valueText(small), u"5"_s);
    // Unsigned values at or above 2^30 would wrap as inline ints: interned instead.
    for (unsigned long long v : {1ull << 30, 3000000000ull, ~0ull}) {
        const ValueId id = rec.value(v);
        QVERIFY(!(id & Trace::kInlineIntBit));
        QCOMPARE(rec.trace().valueText(id), QString::number(v));
    }
    // Non-integers are interned text.
    QCOMPARE(rec.trace().valueText(rec.value(true)), u"true"_s);
    QCOMPARE(rec.trace().valueText(rec.value('z')), u"'z'"_s);
    QCOMPARE(rec.trace().valueText(rec.value(u"s"_s)), u"\"s\""_s);
}

QTEST_GUILESS_MAIN(TestValueText)
#include "tst_valuetext.moc"
