// Prints what a traced generator and a traced task did, from a user's project.
#include <coroscope/coroscope.h>
// The per-concept headers, from every stage of core/, install side by side
// under <coroscope/…> as they did before core/ was split into stages.
#include <coroscope/asyncgenerator.h>
#include <coroscope/event.h>
#include <coroscope/eventloop.h>
#include <coroscope/future.h>
#include <coroscope/generator.h>
#include <coroscope/recorder.h>
#include <coroscope/snapshot.h>
#include <coroscope/trace.h>
#include <coroscope/transitions.h>

#include <cstdio>

coroscope::Generator<int> countdown(int n)
{
    while (n > 0)
        co_yield n--;
}

coroscope::Task<int> twice(int x)
{
    co_await coroscope::sleep(std::chrono::milliseconds(5));
    co_return 2 * x;
}

int main()
{
    coroscope::Recorder recorder;
    recorder.setEchoOutput(false);
    int sum = 0;
    for (int v : countdown(3))
        sum += v;
    coroscope::EventLoop loop;
    const int doubled = loop.runUntilComplete(twice(sum));
    std::printf("sum=%d doubled=%d events=%zu\n", sum, doubled, recorder.trace().size());
    return doubled == 12 ? 0 : 1;
}
