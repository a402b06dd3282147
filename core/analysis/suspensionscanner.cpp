#include <coroscope/suspensionscanner.h>

namespace coroscope {

namespace {

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// The end of a quoted literal starting at `i` (the quote), escapes honoured; an
// unterminated literal ends at the line's end, as the compiler would reject it there.
qsizetype skipQuoted(const QString &text, qsizetype i)
{
    const QChar quote = text[i];
    for (++i; i < text.size(); ++i) {
        if (text[i] == u'\\')
            ++i;
        else if (text[i] == quote || text[i] == u'\n')
            return i + 1;
    }
    return i;
}

// R"delim( … )delim": `i` is at the opening quote.
qsizetype skipRaw(const QString &text, qsizetype i)
{
    const qsizetype open = text.indexOf(u'(', i);
    if (open < 0)
        return text.size();
    const QString close = u')' + text.mid(i + 1, open - i - 1) + u'"';
    const qsizetype end = text.indexOf(close, open + 1);
    return end < 0 ? text.size() : end + close.size();
}

bool startsRaw(const QString &text, qsizetype quote)
{
    // R"…", u8R"…", LR"…", uR"…", UR"…": an R right before the quote, not ending a longer identifier.
    if (quote < 1 || text[quote - 1] != u'R')
        return false;
    qsizetype p = quote - 1;
    while (p > 0 && isIdentifierChar(text[p - 1]))
        --p;
    const QStringView prefix = QStringView(text).mid(p, quote - p);
    return prefix == u"R" || prefix == u"u8R" || prefix == u"uR" || prefix == u"UR" || prefix == u"LR";
}

// 1'000 or 0xFF'FF: a quote inside a number is a digit separator, not a character literal (u'x' is one).
bool isDigitSeparator(const QString &text, qsizetype quote)
{
    qsizetype p = quote;
    while (p > 0 && isIdentifierChar(text[p - 1]))
        --p;
    return p < quote && text[p].isDigit();
}

} // namespace

std::vector<SuspensionScanner::Point> SuspensionScanner::scan(const QString &text)
{
    std::vector<Point> points;
    int line = 1;
    qsizetype lineStart = 0;
    auto advanceTo = [&](qsizetype from, qsizetype to) {
        for (qsizetype k = from; k < to && k < text.size(); ++k)
            if (text[k] == u'\n') {
                ++line;
                lineStart = k + 1;
            }
    };
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        qsizetype next = i + 1;
        if (c == u'/' && i + 1 < text.size() && text[i + 1] == u'/') {
            next = text.indexOf(u'\n', i);
            next = next < 0 ? text.size() : next;
        } else if (c == u'/' && i + 1 < text.size() && text[i + 1] == u'*') {
            const qsizetype end = text.indexOf(QStringLiteral("*/"), i + 2);
            next = end < 0 ? text.size() : end + 2;
        } else if (c == u'"') {
            next = startsRaw(text, i) ? skipRaw(text, i) : skipQuoted(text, i);
        } else if (c == u'\'') {
            next = isDigitSeparator(text, i) ? i + 1 : skipQuoted(text, i);
        } else if (isIdentifierChar(c)) {
            next = i;
            while (next < text.size() && isIdentifierChar(text[next]))
                ++next;
            const QStringView word = QStringView(text).mid(i, next - i);
            if (word == u"co_await" || word == u"co_yield")
                points.push_back(Point{line, int(i - lineStart) + 1, word == u"co_yield"});
        }
        advanceTo(i, next);
        i = next;
    }
    return points;
}

} // namespace coroscope
