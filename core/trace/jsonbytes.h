#pragma once

// Appending JSON to a QByteArray without temporaries: the Chrome export writes
// hundreds of bytes per event, so numbers and strings go straight into the buffer.

#include <QByteArray>
#include <QString>
#include <charconv>
#include <cstdint>

namespace coroscope::json {

// The JSON-escaped UTF-8 of s, without the quotes.
inline QByteArray escaped(const QString &s)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = s.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

inline QByteArray quoted(const QString &s)
{
    return '"' + escaped(s) + '"';
}

template<class Int>
void appendNumber(QByteArray &out, Int v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, qsizetype(r.ptr - buf));
}

// ns as microseconds with three decimals, the unit of "ts".
inline void appendMicros(QByteArray &out, std::int64_t ns)
{
    appendNumber(out, ns / 1000);
    const auto frac = int(ns % 1000);
    const char digits[4] = {'.', char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10)};
    out.append(digits, 4);
}

} // namespace coroscope::json
