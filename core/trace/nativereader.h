#pragma once

// Bounds-checked little-endian reading of untrusted bytes. Every failure
// records the first problem (text and byte offset) and makes later reads fail
// too, so parsing code can read a record and check once.

#include "nativeformat.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <limits>

namespace coroscope::native {

class Reader
{
public:
    explicit Reader(const QByteArray &bytes);

    qint64 pos() const noexcept { return m_pos; }
    qint64 size() const noexcept { return m_size; }
    qint64 left() const noexcept { return m_end - m_pos; }
    bool ok() const noexcept { return m_error.isEmpty(); }
    const QString &error() const noexcept { return m_error; }
    qint64 errorOffset() const noexcept { return m_errorOffset; }

    // Records a problem (only the first one counts); always returns false.
    bool fail(qint64 offset, const QString &message);

    bool bytes(const char *&out, qint64 n, const char *what);
    bool u8(std::uint8_t &v, const char *what) { return get(v, what); }
    bool u16(std::uint16_t &v, const char *what) { return get(v, what); }
    bool u32(std::uint32_t &v, const char *what) { return get(v, what); }
    bool i32(std::int32_t &v, const char *what) { return get(v, what); }
    bool i64(std::int64_t &v, const char *what) { return get(v, what); }
    bool u64(std::uint64_t &v, const char *what) { return get(v, what); }
    // u32 length + UTF-8; messages name the string as what.arg(index) ("value %1").
    // A length over maxBytes is an error before anything is read.
    bool string(QString &s, const char *what, std::uint32_t index,
                qint64 maxBytes = std::numeric_limits<std::uint32_t>::max());
    // A table size, checked against what is left before anything is allocated.
    bool count(std::uint32_t &n, qint64 minEntryBytes, const char *what);

    // Sections: reads the header, checks the tag and length, and limits reads
    // to the payload until endSection(), which insists it was all consumed.
    bool beginSection(const Tag &expected);
    bool endSection();

private:
    template<class T>
    bool get(T &v, const char *what);

    const char *m_data;
    qint64 m_size;
    qint64 m_pos = 0;
    qint64 m_end;
    Tag m_section{};
    bool m_inSection = false;
    QString m_error;
    qint64 m_errorOffset = -1;
};

QString tagText(const char *tag);
// The offset of the first byte that is not valid UTF-8, or -1.
qint64 invalidUtf8At(const char *data, qint64 size);

} // namespace coroscope::native
