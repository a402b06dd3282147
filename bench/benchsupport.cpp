#include "benchsupport.h"

#include <cstdio>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

namespace coroscope::bench {

std::size_t currentRssBytes()
{
    // statm's second field: resident pages.
    std::FILE *f = std::fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    unsigned long size = 0, resident = 0;
    const int n = std::fscanf(f, "%lu %lu", &size, &resident);
    std::fclose(f);
    return n == 2 ? std::size_t(resident) * std::size_t(sysconf(_SC_PAGESIZE)) : 0;
}

std::size_t peakRssBytes()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return std::size_t(u.ru_maxrss) * 1024;
}

void resetPeakRss()
{
    if (std::FILE *f = std::fopen("/proc/self/clear_refs", "w")) {
        std::fputs("5", f);
        std::fclose(f);
    }
}

std::size_t hugePageBytes()
{
    std::FILE *f = std::fopen("/proc/self/smaps_rollup", "r");
    if (!f)
        return 0;
    char line[256];
    unsigned long kb = 0;
    while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "AnonHugePages: %lu kB", &kb) == 1)
            break;
    }
    std::fclose(f);
    return std::size_t(kb) * 1024;
}

void trimHeap()
{
    malloc_trim(0);
}

} // namespace coroscope::bench
