#include <coroscope/sourcefiles.h>
#include <coroscope/trace.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <algorithm>

namespace coroscope {

namespace {

bool isSeparator(QChar c)
{
    // Sites recorded on Windows spell paths with backslashes.
    return c == u'/' || c == u'\\';
}

QStringList components(const QString &path)
{
    QStringList out;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= path.size(); ++i) {
        if (i == path.size() || isSeparator(path[i])) {
            if (i > start)
                out << path.mid(start, i - start);
            start = i + 1;
        }
    }
    return out;
}

// How many trailing components two paths share.
int sharedTail(const QStringList &a, const QStringList &b)
{
    int n = 0;
    while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n])
        ++n;
    return n;
}

} // namespace

std::optional<QString> readSourceFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile() || info.size() > kMaxSourceFileBytes)
        return std::nullopt;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    // The size may have changed since it was checked: read one byte past the limit to know.
    const QByteArray bytes = file.read(kMaxSourceFileBytes + 1);
    if (bytes.size() > kMaxSourceFileBytes || file.error() != QFileDevice::NoError)
        return std::nullopt;
    return QString::fromUtf8(bytes);
}

int embedSources(Trace &trace, const SourceReader &read)
{
    int embedded = 0;
    QSet<QString> seen;
    for (std::size_t i = 1; i < trace.siteCount(); ++i) {
        const QString &file = trace.sites()[i].file;
        if (file.isEmpty() || trace.sourceTexts().contains(file) || seen.contains(file))
            continue;
        seen.insert(file);
        if (const std::optional<QString> text = read(file); text && trace.setSourceText(file, *text))
            ++embedded;
    }
    return embedded;
}

bool newerThan(const QString &sourcePath, const QString &executablePath)
{
    const QFileInfo source(sourcePath), executable(executablePath);
    return source.exists() && executable.exists() && source.lastModified() > executable.lastModified();
}

std::optional<QString> SourceLocator::read(const QString &path) const
{
    return m_read ? m_read(path) : readSourceFile(path);
}

std::optional<QString> SourceLocator::mapped(const QString &recordedPath) const
{
    for (const PrefixMapping &m : m_mappings) {
        if (m.from.isEmpty() || !recordedPath.startsWith(m.from))
            continue;
        // "/build/src" maps "/build/src/a.cpp", not "/build/srcs/a.cpp".
        const QString rest = recordedPath.mid(m.from.size());
        if (!rest.isEmpty() && !isSeparator(m.from.back()) && !isSeparator(rest.front()))
            continue;
        if (!m.to.isEmpty() && isSeparator(m.to.back()) && !rest.isEmpty() && isSeparator(rest.front()))
            return m.to + rest.mid(1);
        return m.to + rest;
    }
    return std::nullopt;
}

std::optional<SourceLocator::Result> SourceLocator::searched(const QString &recordedPath) const
{
    const QStringList recorded = components(recordedPath);
    if (recorded.isEmpty())
        return std::nullopt;
    const QString &baseName = recorded.back();
    struct Candidate
    {
        int shared;
        qsizetype folder;
        QString path;
    };
    std::vector<Candidate> candidates;
    for (qsizetype f = 0; f < m_searchFolders.size(); ++f) {
        const QDir folder(m_searchFolders[f]);
        if (m_searchFolders[f].isEmpty() || !folder.exists())
            continue;
        // Symbolic links to folders are not followed: they can loop.
        QDirIterator it(folder.path(), QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        for (int visited = 0; it.hasNext() && visited < kMaxSearchEntries; ++visited) {
            const QString path = it.next();
            if (it.fileName() != baseName || !it.fileInfo().isFile())
                continue;
            const int shared = sharedTail(components(folder.relativeFilePath(path)), recorded);
            candidates.push_back(Candidate{shared, f, path});
        }
    }
    // The directory order is the file system's: sorted, the answer is the same everywhere.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        if (a.shared != b.shared)
            return a.shared > b.shared;
        if (a.folder != b.folder)
            return a.folder < b.folder;
        return a.path < b.path;
    });
    for (const Candidate &c : candidates) {
        if (std::optional<QString> text = read(c.path))
            return Result{std::move(*text), Origin::Searched, c.path};
    }
    return std::nullopt;
}

SourceLocator::Result SourceLocator::locate(const QString &recordedPath) const
{
    if (recordedPath.isEmpty())
        return {};
    if (const auto it = m_embedded.constFind(recordedPath); it != m_embedded.cend())
        return Result{*it, Origin::Embedded, recordedPath};
    if (std::optional<QString> text = read(recordedPath))
        return Result{std::move(*text), Origin::Disk, recordedPath};
    if (const std::optional<QString> path = mapped(recordedPath)) {
        if (std::optional<QString> text = read(*path))
            return Result{std::move(*text), Origin::Mapped, *path};
    }
    if (std::optional<Result> found = searched(recordedPath))
        return std::move(*found);
    return {};
}

QString resolveRecordedPath(const QString &recordedPath, const QString &executablePath)
{
    if (recordedPath.isEmpty() || QDir::isAbsolutePath(recordedPath) || executablePath.isEmpty())
        return recordedPath;
    QDir dir = QFileInfo(executablePath).absoluteDir();
    for (int up = 0; up < 8; ++up) {
        QString candidate = QDir::cleanPath(dir.filePath(recordedPath));
        if (QFileInfo(candidate).isFile())
            return candidate;
        if (!dir.cdUp())
            break;
    }
    return recordedPath;
}

} // namespace coroscope
