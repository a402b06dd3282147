#include "nativereader.h"

#include <QtEndian>
#include <algorithm>
#include <cstring>

namespace coroscope::native {

Reader::Reader(const QByteArray &bytes) : m_data(bytes.constData()), m_size(bytes.size()), m_end(bytes.size())
{}

bool Reader::fail(qint64 offset, const QString &message)
{
    if (m_error.isEmpty()) {
        m_error = message;
        m_errorOffset = offset;
    }
    m_pos = m_end; // nothing more is read once something is wrong
    return false;
}

bool Reader::bytes(const char *&out, qint64 n, const char *what)
{
    if (!ok())
        return false;
    if (n > left()) {
        const QString expected = QStringLiteral("expected %1 bytes of %2 at offset %3, found %4")
                                     .arg(n)
                                     .arg(QLatin1StringView(what))
                                     .arg(m_pos)
                                     .arg(left());
        if (!m_inSection)
            return fail(m_pos, QStringLiteral("truncated file: ") + expected);
        return fail(m_pos,
                    QStringLiteral("section %1 ends early: ").arg(tagText(m_section.data())) + expected);
    }
    out = m_data + m_pos;
    m_pos += n;
    return true;
}

template<class T>
bool Reader::get(T &v, const char *what)
{
    const char *p = nullptr;
    if (!bytes(p, qint64(sizeof(T)), what))
        return false;
    v = qFromLittleEndian<T>(p);
    return true;
}
template bool Reader::get(std::uint8_t &, const char *);
template bool Reader::get(std::uint16_t &, const char *);
template bool Reader::get(std::uint32_t &, const char *);
template bool Reader::get(std::int32_t &, const char *);
template bool Reader::get(std::int64_t &, const char *);
template bool Reader::get(std::uint64_t &, const char *);

bool Reader::string(QString &s, const char *what, std::uint32_t index, qint64 maxBytes)
{
    const qint64 at = m_pos;
    std::uint32_t n = 0;
    if (!get(n, "string length"))
        return false;
    if (qint64(n) > maxBytes)
        return fail(at, QStringLiteral("%1 is %2 bytes at offset %3, over the limit of %4 bytes")
                            .arg(QString::fromLatin1(what).arg(index))
                            .arg(n)
                            .arg(at)
                            .arg(maxBytes));
    const char *p = nullptr;
    if (qint64(n) > left()) // named only when it is needed: strings are many
        return bytes(p, qint64(n), QString::fromLatin1(what).arg(index).toLatin1().constData());
    bytes(p, qint64(n), "string");
    if (const qint64 bad = invalidUtf8At(p, n); bad >= 0)
        return fail(m_pos - n + bad, QStringLiteral("invalid UTF-8 in %1 at offset %2")
                                         .arg(QString::fromLatin1(what).arg(index))
                                         .arg(m_pos - n + bad));
    s = QString::fromUtf8(p, qsizetype(n));
    return true;
}

bool Reader::count(std::uint32_t &n, qint64 minEntryBytes, const char *what)
{
    const qint64 at = m_pos;
    if (!get(n, what))
        return false;
    if (qint64(n) > left() / minEntryBytes)
        return fail(at, QStringLiteral("%1 %2 at offset %3 cannot fit in the %4 bytes left in section %5")
                            .arg(QLatin1StringView(what))
                            .arg(n)
                            .arg(at)
                            .arg(left())
                            .arg(tagText(m_section.data())));
    return true;
}

bool Reader::beginSection(const Tag &expected)
{
    const qint64 at = m_pos;
    const char *tag = nullptr;
    std::uint32_t length = 0;
    if (!bytes(tag, 4, "section tag"))
        return false;
    if (std::memcmp(tag, expected.data(), 4) != 0)
        return fail(at, QStringLiteral("unexpected section %1 at offset %2, expected %3")
                            .arg(tagText(tag))
                            .arg(at)
                            .arg(tagText(expected.data())));
    if (!get(length, "section length"))
        return false;
    if (qint64(length) > left())
        return fail(
            at + 4,
            QStringLiteral("section %1 length %2 at offset %3 runs past the end of the file (%4 bytes left)")
                .arg(tagText(tag))
                .arg(length)
                .arg(at + 4)
                .arg(left()));
    std::copy_n(tag, 4, m_section.begin());
    m_inSection = true;
    m_end = m_pos + length;
    return true;
}

bool Reader::endSection()
{
    if (!ok())
        return false;
    if (m_pos != m_end)
        return fail(m_pos, QStringLiteral("section %1 has %2 unused bytes at offset %3")
                               .arg(tagText(m_section.data()))
                               .arg(m_end - m_pos)
                               .arg(m_pos));
    m_end = m_size;
    m_inSection = false;
    return true;
}

QString tagText(const char *tag)
{
    const bool printable = std::all_of(tag, tag + 4, [](char c) { return c >= 0x20 && c < 0x7f; });
    if (printable)
        return u'\'' + QString::fromLatin1(tag, 4) + u'\'';
    return QStringLiteral("0x%1").arg(qFromBigEndian<quint32>(tag), 8, 16, QLatin1Char('0'));
}

qint64 invalidUtf8At(const char *data, qint64 size)
{
    const auto *s = reinterpret_cast<const unsigned char *>(data);
    qint64 i = 0;
    while (i < size) {
        const unsigned c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned min = 0, cp = 0;
        if ((c & 0xe0) == 0xc0) {
            extra = 1, min = 0x80, cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2, min = 0x800, cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return i;
        }
        if (size - i <= extra)
            return i;
        for (int k = 1; k <= extra; ++k) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        // Overlong forms, UTF-16 surrogates and code points past Unicode are not UTF-8.
        if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return i;
        i += extra + 1;
    }
    return -1;
}

} // namespace coroscope::native
