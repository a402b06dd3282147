// gather_fanout: gather() runs five tasks at once and collects their results.
// The tasks start in argument order, each parks on a timer of its own; the
// timers fire in order of due time, so the tasks finish out of order, but the
// results come back in argument order.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

Task<int> fetch(int id, std::chrono::milliseconds delay)
{
    print("fetch", id, "started, sleeping", int(delay.count()), "ms");
    co_await sleep(delay);
    print("fetch", id, "done");
    co_return id * 10;
}

Task<void> main(samples::SampleOptions)
{
    const std::pair<int, std::chrono::milliseconds> jobs[] = {{1, 50ms}, {2, 10ms}, {3, 40ms}, {4, 20ms}, {5, 30ms}};
    std::vector<Task<int>> tasks;
    for (const auto &[id, delay] : jobs)
        tasks.push_back(fetch(id, delay));
    const std::vector<int> results = co_await gather(std::move(tasks));
    print("results:", results);
}

} // namespace

coroscope::Task<void> coroscope::samples::gatherFanoutMain(SampleOptions options)
{
    return main(std::move(options));
}
