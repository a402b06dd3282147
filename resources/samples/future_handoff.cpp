// future_handoff: one task awaits a Future that another task resolves.
// main parks on the future; the resolver sleeps, then sets the result. Setting
// it schedules, in the order they were added, the done-callbacks and then the
// wakeup of main: each goes through the loop's ready queue.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

Task<void> resolver(Future<int> answer)
{
    print("resolver: working...");
    co_await sleep(20ms);
    print("resolver: setting the result");
    answer.setResult(42); // schedules the callbacks and main's wakeup
    print("resolver: done");
}

Task<void> main(samples::SampleOptions)
{
    Future<int> answer;
    answer.addDoneCallback([](Future<int> &f) { print("callback 1: result is", f.result()); });
    answer.addDoneCallback([](Future<int> &) { print("callback 2: the future is done"); });
    TaskHandle<void> task = EventLoop::current()->spawn(resolver(answer), QStringLiteral("resolver"));
    print("main: awaiting the future");
    const int value = co_await answer;
    print("main: got", value);
    co_await task; // already finished: no suspension
}

} // namespace

coroscope::Task<void> coroscope::samples::futureHandoffMain(SampleOptions options)
{
    return main(std::move(options));
}
