#pragma once

// A TraceDelta on the wire: how a child process ships what it recorded to the
// window. The body is the native file format's six sections (nativeformat.h),
// holding only the entries new since the last delta, after a small header:
//   u8 restatesHistory, u64 droppedEvents, u64 firstEvent, SITE VALS CORO TIMR EVNT MARK
// The reader is the file reader's: the same bounds and reference checks, made
// against the trace the delta will be applied to, so the stream is held to the
// rules a trace file is (it is untrusted input too).

#include <coroscope/trace.h>

#include <QByteArray>
#include <optional>

namespace coroscope {

void appendDelta(QByteArray &out, const TraceDelta &delta);

struct DeltaReadResult
{
    std::optional<TraceDelta> delta;
    QString error;      // empty on success
    qint64 offset = -1; // byte offset of the problem in `bytes`
};

// Reads a delta from `bytes` (all of it) and checks every reference against
// `into` plus the delta's own new entries. A delta that restates history
// (after a drop at the history limit) is checked against `into` with the
// dropped events removed: its events start at 0. Its base snapshot is not on
// the wire; the caller derives it from its own copy (dropOldestEvents).
DeltaReadResult readDelta(const QByteArray &bytes, const Trace &into);

} // namespace coroscope
