#pragma once

// The program's own source for the Source view: which of a trace's files it is,
// where its text comes from (the trace, the disk, a prefix mapping, a search
// folder), and a note when the user should know about it: the file moved, is
// gone, or changed after the executable was built.

#include <coroscope/sourcefiles.h>

#include <QSet>
#include <QString>

namespace coroscope {
class Trace;
}

namespace coroscope::ui {

struct FoundSource
{
    QString path; // the recorded path of the file shown (or looked for); its text may come from elsewhere
    QString text;
    QString note; // one plain sentence for the banner over the Source view; empty when all is well
    bool found = false;
};

// Coroscope's own headers record sites too (co_await inside its awaiters); their folder is
// named "coroscope" (include/coroscope/, core/*/coroscope/), a user's sources are elsewhere.
bool isCoroscopeHeader(const QString &path);

// The first file of the trace's sites, in site order, that is not Coroscope's and that the
// locator finds. `executable` (may be empty) is checked against the file's time. Files in
// `tried` are skipped, and the ones looked at are added, so a live run that calls this at
// every batch reads each file once.
FoundSource findProgramSource(const Trace &trace, const SourceLocator &locator, const QString &executable,
                              QSet<QString> *tried = nullptr);

} // namespace coroscope::ui
