#pragma once

// The warnings a coroutine carries at a Snapshot: the ones the recorder wrote
// into the trace (an exception never retrieved, a frame destroyed while
// parked, awaited twice …) and the ones that follow from the whole snapshot,
// which no single event states:
//   deadlock     the loop stopped with coroutines parked and nothing to run,
//                or the coroutine is on an await cycle;
//   orphan       parked, and nobody can resume it: the run has finished, or
//                it awaits a coroutine whose frame is gone;
//   leaked frame at the live end of a finished run, its frame (not a
//                future's) is still allocated.
// The Coroutines view, the Log and `--headless --verbose` all ask here.

#include <coroscope/snapshot.h>
#include <cstdint>
#include <vector>

namespace coroscope {

class WarningRules
{
public:
    // atLiveEnd: the cursor is at the end of a run that will not grow (a leak
    // is only known once nothing more can free the frame). The await cycle is
    // computed here; a caller that knows there is none (no await edge changed
    // since it last looked) passes withCycle = false.
    WarningRules(const Trace &trace, const Snapshot &snapshot, bool atLiveEnd, bool withCycle = true);

    // Bit (1 << WarningKind) per warning of coroutine `id`.
    std::uint16_t of(CoroId id) const;
    // The coroutines on an await cycle, sorted; empty when there is none.
    const std::vector<CoroId> &cycle() const noexcept { return m_cycle; }
    // Whether leaked frames are reported at this snapshot.
    bool checksLeaks() const noexcept;

private:
    const Trace &m_trace;
    const Snapshot &m_snapshot;
    bool m_atLiveEnd;
    std::vector<CoroId> m_cycle;
};

// The warnings of a whole run, per coroutine: those in force when the run
// ended (the loop finished or found a deadlock) together with those at the
// end of the trace, after the loop destroyed what was still parked. What a
// headless run reports. Indexed by CoroId; [0] unused.
std::vector<std::uint16_t> runWarnings(const Trace &trace);

} // namespace coroscope
