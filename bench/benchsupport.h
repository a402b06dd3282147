#pragma once

// Process memory figures for the benchmarks: what the kernel says is resident,
// not what the data structures think they hold.

#include <cstddef>

namespace coroscope::bench {

std::size_t currentRssBytes(); // VmRSS now
std::size_t peakRssBytes();    // VmHWM (getrusage ru_maxrss)
void resetPeakRss();           // VmHWM starts again from VmRSS (Linux ≥ 4.0)
std::size_t hugePageBytes();   // resident in transparent huge pages (AnonHugePages)
// Returns freed heap pages to the kernel, so that a following RSS reading is
// about what is alive rather than what malloc kept cached.
void trimHeap();

} // namespace coroscope::bench
