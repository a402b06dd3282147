#pragma once

// SourceMarks: what the Source view's gutter shows for one file, as plain
// data. Suspension points are the trace's sites in the file (matched by
// Site::fileName()) that coroutines parked at, plus every line whose text
// holds co_await / co_yield (points no run has reached yet). Sites are indexed
// incrementally: update() only reads events appended since the last call.

#include <coroscope/snapshot.h>

#include <QCoreApplication>
#include <QMap>
#include <QString>
#include <vector>

namespace coroscope {

class SourceMarks
{
    Q_DECLARE_TR_FUNCTIONS(SourceMarks)

public:
    struct Line
    {
        bool suspension = false; // a suspension point (from the trace or the text)
        bool reached = false;    // a coroutine parked here before the cursor
        int parkedOthers = 0;    // coroutines other than the current one parked here at the cursor
        friend bool operator==(const Line &, const Line &) = default;
    };

    void setFile(const QString &fileName, const QString &text);
    QString fileName() const { return m_file; }
    void reset();                     // a different trace
    void update(const Trace &trace);  // index what was appended

    // The marked lines at a cursor; `current` is the coroutine whose point is lit.
    QMap<int, Line> lines(const Trace &trace, const Snapshot &snapshot, CoroId current) const;
    // The line `id` is parked at (or last was) in this file; 0 when elsewhere or unknown.
    int lineOf(const Trace &trace, const Snapshot &snapshot, CoroId id) const;
    // The values last seen at the points of `line` before the cursor, for the mark's tool tip.
    QString toolTip(const Trace &trace, const Snapshot &snapshot, int line) const;

    // Whose point the Source view lights: the selection, else the running coroutine, else the current event's.
    static CoroId currentCoroutine(const Trace &trace, const Snapshot &snapshot, CoroId selected);

private:
    bool inFile(const Trace &trace, SiteId site) const;

    QString m_file;
    std::vector<int> m_textLines;             // lines with co_await / co_yield in the text
    std::vector<std::uint32_t> m_firstParked; // per site: first event parking there (UINT32_MAX: never)
    std::vector<std::uint8_t> m_inFile;       // per site: 0 unknown, 1 no, 2 yes
    std::size_t m_scanned = 0;
};

} // namespace coroscope
