// Trace::save and Trace::load: files on disk. The formats themselves live in
// nativewriter.cpp / nativeformat.cpp (native) and chromeformat.cpp (Chrome JSON).

#include "nativeformat.h"

#include <QFile>
#include <QSaveFile>
#include <coroscope/trace.h>

namespace coroscope {

bool Trace::save(const QString &path, Format format, QString *error) const
{
    auto failed = [error, &path](const QString &why) {
        if (error)
            *error = QStringLiteral("cannot save the trace to %1: %2").arg(path, why);
        return false;
    };
    // A file starts at the run's first event: with the oldest history gone,
    // a reader would fold the kept events from an empty state and show a false story.
    if (m_dropped)
        return failed(QStringLiteral("the oldest %1 events of this run were dropped at the event limit, "
                                     "so what is left does not start at the beginning of the run")
                          .arg(m_dropped));
    const QByteArray bytes = format == Format::Native ? toNative() : toChromeJson();
    if (format == Format::Native && bytes.size() > native::kMaxFileSize)
        return failed(
            QStringLiteral("it is %1 bytes, over the 4 GiB limit of the native format").arg(bytes.size()));
    // QSaveFile: an existing file is only replaced once the new one is complete.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    if (file.write(bytes) != bytes.size())
        return failed(file.errorString());
    if (!file.commit())
        return failed(file.errorString());
    if (error)
        error->clear();
    return true;
}

Trace::LoadResult Trace::load(const QString &path)
{
    LoadResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return result;
    }
    // Checked before reading, so a huge file is never pulled into memory.
    if (file.size() > native::kMaxFileSize) {
        result.error = QStringLiteral("file too large: %1 bytes, the limit is 4 GiB").arg(file.size());
        result.offset = native::kMaxFileSize;
        return result;
    }
    const QByteArray bytes = file.readAll();
    if (!file.isSequential() && bytes.size() != file.size()) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        result.offset = bytes.size();
        return result;
    }
    return fromNative(bytes);
}

} // namespace coroscope
