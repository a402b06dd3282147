#include "sourcefinder.h"

#include <coroscope/trace.h>

#include <QDir>
#include <QFileInfo>

namespace coroscope::ui {

bool isCoroscopeHeader(const QString &path)
{
    return QFileInfo(path).dir().dirName() == QStringLiteral("coroscope");
}

namespace {
QString noteFor(const SourceLocator::Result &r, const QString &recorded, const QString &executable)
{
    const QString name = QFileInfo(recorded).fileName();
    switch (r.origin) {
    case SourceLocator::Origin::Embedded:
        if (QFileInfo(recorded).isFile())
            return {};
        return QStringLiteral("Shown as the trace saved it: %1 is not on this machine.").arg(recorded);
    case SourceLocator::Origin::Mapped:
    case SourceLocator::Origin::Searched:
        if (!executable.isEmpty() && newerThan(r.resolvedPath, executable))
            return QStringLiteral("Shown from %1, which changed after %2 was built: the lines may not be the ones "
                                  "that ran.")
                .arg(r.resolvedPath, QFileInfo(executable).fileName());
        return QStringLiteral("Shown from %1: the program was built from %2.").arg(r.resolvedPath, recorded);
    case SourceLocator::Origin::Disk:
        if (!executable.isEmpty() && newerThan(r.resolvedPath, executable))
            return QStringLiteral("%1 changed after %2 was built: the lines shown may not be the ones that ran. "
                                  "Rebuild the program to see its current source.")
                .arg(name, QFileInfo(executable).fileName());
        return {};
    case SourceLocator::Origin::None:
        break;
    }
    return {};
}
} // namespace

FoundSource findProgramSource(const Trace &trace, const SourceLocator &locator, const QString &executable,
                              QSet<QString> *tried)
{
    FoundSource missing;
    for (const Site &site : trace.sites()) {
        if (site.file.isEmpty() || isCoroscopeHeader(site.file))
            continue;
        if (tried) {
            if (tried->contains(site.file))
                continue;
            tried->insert(site.file);
        }
        const SourceLocator::Result r = locator.locate(site.file);
        if (r.found()) {
            // The recorded path names the file even when its text came from elsewhere: the sites,
            // the marks and the breakpoints are keyed by it.
            return FoundSource{site.file, r.text, noteFor(r, site.file, executable), true};
        }
        if (missing.path.isEmpty()) {
            missing.path = site.file;
            missing.note = QStringLiteral("%1 is not on this machine. File → Source Folders… tells Coroscope where "
                                          "to look for it.")
                               .arg(site.file);
        }
    }
    return missing;
}

} // namespace coroscope::ui
