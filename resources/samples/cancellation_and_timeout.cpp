// cancellation_and_timeout: stopping tasks from the outside.
// cancel() raises CancelledError at the point where the worker is parked; its
// handler cleans up and re-raises. waitFor() (asyncio.wait_for) cancels the
// task it waits for when the timeout passes first and raises TimeoutError.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

Task<void> worker()
{
    print("worker: sleeping for 50 ms");
    try {
        co_await sleep(50ms); // cancel() raises CancelledError here
        print("worker: woke up normally");
    } catch (const CancelledError &) {
        print("worker: cancelled, cleaning up");
        throw; // a cancelled task should end cancelled
    }
}

Task<int> slowAnswer()
{
    print("slow_answer: started");
    try {
        co_await sleep(30ms);
    } catch (const CancelledError &) {
        print("slow_answer: cancelled by the timeout");
        throw;
    }
    co_return 42;
}

Task<void> main(samples::SampleOptions)
{
    TaskHandle<void> task = EventLoop::current()->spawn(worker(), QStringLiteral("worker"));
    co_await sleep(10ms);
    print("main: cancelling the worker");
    task.cancel();
    try {
        co_await task;
    } catch (const CancelledError &) {
        print("main: the worker ended with CancelledError");
    }

    try {
        const int answer = co_await waitFor(slowAnswer(), 10ms);
        print("main: got", answer);
    } catch (const TimeoutError &) {
        print("main: no answer within 10 ms: TimeoutError");
    }
    const int answer = co_await waitFor(slowAnswer(), 50ms);
    print("main: got", answer, "within 50 ms");
}

} // namespace

coroscope::Task<void> coroscope::samples::cancellationAndTimeoutMain(SampleOptions options)
{
    return main(std::move(options));
}
