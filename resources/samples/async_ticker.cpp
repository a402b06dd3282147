// async_ticker: an async generator consumed by an async-for loop.
// The ticker sleeps between ticks (co_await) and hands each tick out
// (co_yield). Each `co_await ticks.next()` is one __anext__: it runs the
// ticker until its next co_yield; nullopt is StopAsyncIteration.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

AsyncGenerator<int> ticker(int count, std::chrono::milliseconds interval)
{
    for (int i = 1; i <= count; ++i) {
        co_await sleep(interval);
        print("ticker: tick", i);
        co_yield i;
    }
    print("ticker: no more ticks");
}

Task<void> main(samples::SampleOptions)
{
    AsyncGenerator<int> ticks = ticker(3, 10ms);
    while (true) { // async for tick in ticker(3, 0.01)
        std::optional<int> tick = co_await ticks.next();
        if (!tick)
            break; // StopAsyncIteration
        print("main: got tick", *tick);
    }
    print("main: the async for loop has ended");
}

} // namespace

coroscope::Task<void> coroscope::samples::asyncTickerMain(SampleOptions options)
{
    return main(std::move(options));
}
