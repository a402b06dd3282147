#pragma once

// Runs one sample headless, the way the tests need it: under a Recorder (echo
// off) on a virtual-clock EventLoop on this thread, and condenses the trace
// into the golden summary that tests/samples/golden/<name>.summary holds.

#include <samplelibrary.h>

#include <coroscope/trace.h>

#include <QStringList>

namespace coroscope::test {

struct SampleRun
{
    QStringList output;       // what the program printed, line by line
    QString summary;          // traceSummary() of the whole run
    QString error;            // what runUntilComplete threw; empty when the program finished
    bool deadlocked = false;  // it threw DeadlockError
    QStringList leakedFrames; // coroutines whose frame was never destroyed
    Trace trace;              // the whole recording
};

SampleRun runSample(const samples::Sample &sample, const samples::SampleOptions &options = {});

// The golden summary: per coroutine (consecutive identical lines folded into
// one with "x N") its name, kind, final state and counts of yields, sends,
// awaits and resumes; then the number of events of each kind; then every
// warning. Loop idles spent waiting for the outside world are left out: how
// often the OS wakes the loop is not the program's behaviour. With
// `externalTiming` (samples on real sockets and timers) the counts are left
// out too, since when a completion arrives decides how many steps it takes.
QString traceSummary(const Trace &trace, bool externalTiming);

} // namespace coroscope::test
