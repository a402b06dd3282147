// custom_awaitable: the awaitable protocol written by hand.
// `co_await x` makes three calls: await_ready() (can we skip suspending?),
// await_suspend(handle) (we are parked: arrange for someone to resume us) and
// await_resume() (its result is the value of the co_await). Python spells the
// same protocol as __await__, a generator that yields to the event loop.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

// A value that becomes available after a delay (none: it is ready at once).
class ValueLater
{
public:
    ValueLater(int value, std::chrono::milliseconds delay) : m_value(value), m_delay(delay) {}

    bool await_ready() const
    {
        const bool ready = m_delay == 0ms;
        print(ready ? "await_ready: ready, no suspension" : "await_ready: not ready, must suspend");
        return ready;
    }
    void await_suspend(std::coroutine_handle<> parked) const
    {
        print("await_suspend: wake me in", int(m_delay.count()), "ms");
        EventLoop::current()->callLater(m_delay, [parked] {
            print("timer fired: resuming the parked coroutine");
            parked.resume();
        });
    }
    int await_resume() const
    {
        print("await_resume: the result is", m_value);
        return m_value;
    }

private:
    int m_value;
    std::chrono::milliseconds m_delay;
};

Task<void> main(samples::SampleOptions)
{
    const int later = co_await ValueLater(42, 10ms);
    print("main got", later);
    const int now = co_await ValueLater(7, 0ms);
    print("main got", now);
}

} // namespace

coroscope::Task<void> coroscope::samples::customAwaitableMain(SampleOptions options)
{
    return main(std::move(options));
}
