#pragma once

// The source files a trace's sites name: embedding their text in a trace
// before it is saved, and finding the text to show for a recorded path when
// the file has moved, is gone, or was built on another machine.

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace coroscope {

class Trace;

// Reads one source file; nullopt when there is nothing to use.
using SourceReader = std::function<std::optional<QString>(const QString &path)>;

// Files larger than this are not read: a site names a source file, and a
// bigger one is more likely something else (and would bloat every save).
inline constexpr qint64 kMaxSourceFileBytes = 4 << 20;

// The default SourceReader: a regular file of at most kMaxSourceFileBytes,
// read as UTF-8 (invalid bytes become U+FFFD: a file is still worth showing
// with a stray Latin-1 byte). nullopt for anything missing, unreadable, too
// large or not a regular file (a FIFO would block the reader).
std::optional<QString> readSourceFile(const QString &path);

// Embeds the text of every distinct Site::file of the trace that has none
// yet, as read returns it; files it cannot read are skipped. Returns the
// number of files embedded. Call it on the trace about to be saved.
int embedSources(Trace &trace, const SourceReader &read = readSourceFile);

// Whether the source file was modified after the executable was built (both
// must exist): the source shown may not be the one that was compiled.
bool newerThan(const QString &sourcePath, const QString &executablePath);

// A site's file as the compiler named it can be relative: ccache with a
// base_dir, or a build that compiles with relative paths, makes __FILE__ and
// std::source_location relative to the compiler's working folder, which the
// program does not know. That folder is usually the build tree the executable
// sits in, so the path is tried against the executable's folder and each one
// above it; the first existing file wins. Returns the clean absolute path, or
// the recorded path unchanged when it is absolute or nothing matches.
QString resolveRecordedPath(const QString &recordedPath, const QString &executablePath);

// Finds the text to show for a recorded source path, trying in order:
//   1. the text embedded in the trace (setEmbeddedSources),
//   2. the file at the recorded path,
//   3. the recorded path with the first matching prefix mapping applied,
//   4. the search folders: a file with the same base name whose path shares
//      the most trailing components with the recorded one (longest first;
//      ties go to the earlier folder, then to the smaller path).
// Plain data: copy it, change it, call locate() from any thread.
class SourceLocator
{
public:
    enum class Origin { None, Embedded, Disk, Mapped, Searched };
    struct PrefixMapping
    {
        QString from; // a leading part of recorded paths, matched at a path-component boundary
        QString to;   // what replaces it
        friend bool operator==(const PrefixMapping &, const PrefixMapping &) = default;
    };
    struct Result
    {
        QString text;
        Origin origin = Origin::None;
        QString resolvedPath; // the recorded path for Embedded and Disk; empty for None
        bool found() const noexcept { return origin != Origin::None; }
        friend bool operator==(const Result &, const Result &) = default;
    };
    // Directory entries visited per search folder before giving up: a folder
    // such as / or $HOME must not stall the caller.
    static constexpr int kMaxSearchEntries = 50000;

    // Trace::sourceTexts() of the trace shown (implicitly shared, so cheap).
    void setEmbeddedSources(const QHash<QString, QString> &texts) { m_embedded = texts; }
    const QHash<QString, QString> &embeddedSources() const noexcept { return m_embedded; }
    void setPrefixMappings(const QList<PrefixMapping> &mappings) { m_mappings = mappings; }
    const QList<PrefixMapping> &prefixMappings() const noexcept { return m_mappings; }
    void setSearchFolders(const QStringList &folders) { m_searchFolders = folders; }
    const QStringList &searchFolders() const noexcept { return m_searchFolders; }
    // Reads files from disk; readSourceFile unless replaced.
    void setReader(SourceReader read) { m_read = std::move(read); }

    Result locate(const QString &recordedPath) const;

    // The recorded path with the first matching mapping applied; nullopt if none matches.
    std::optional<QString> mapped(const QString &recordedPath) const;

private:
    std::optional<QString> read(const QString &path) const;
    std::optional<Result> searched(const QString &recordedPath) const;

    QHash<QString, QString> m_embedded;
    QList<PrefixMapping> m_mappings;
    QStringList m_searchFolders;
    SourceReader m_read;
};

} // namespace coroscope
