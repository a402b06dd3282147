// exception_propagation: an exception travels up a chain of awaiting tasks.
// level3 raises; the exception leaves its frame, is re-raised at level2's
// co_await, passes through level1 and is caught in main. Meanwhile another
// task fails with nobody awaiting it: its exception is never retrieved, and
// that is reported when the task is destroyed.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

Task<int> level3()
{
    co_await sleep(10ms);
    print("level3: raising");
    throw std::runtime_error("bad value");
}

Task<int> level2()
{
    print("level2: awaiting level3");
    try {
        co_return co_await level3();
    } catch (const std::runtime_error &) {
        print("level2: passing it on");
        throw;
    }
}

Task<int> level1()
{
    print("level1: awaiting level2");
    co_return co_await level2(); // not caught here: it just passes through
}

Task<void> forgotten()
{
    co_await sleep(5ms);
    print("forgotten: raising, but nobody will ever look");
    throw std::runtime_error("nobody is listening");
}

Task<void> main(samples::SampleOptions)
{
    TaskHandle<void> orphan = EventLoop::current()->spawn(forgotten(), QStringLiteral("forgotten"));
    try {
        co_await level1();
    } catch (const std::runtime_error &e) {
        print("main caught:", e.what());
    }
    print("main: done; the forgotten task's exception is reported when it is destroyed");
}

} // namespace

coroscope::Task<void> coroscope::samples::exceptionPropagationMain(SampleOptions options)
{
    return main(std::move(options));
}
