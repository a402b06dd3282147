// many_tasks: the scale sample. N tasks (default 1,000; `tasks=N` up to
// 1,000,000) stand in a ring and pass a token along: each parks on its inbox
// future, adds one and resolves the next task's inbox. Only one task is ever
// running; all the others are parked, each costing one small frame.

#include "samplemains.h"

#include <coroscope/coroscope.h>

#include <algorithm>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

Task<void> relay(Future<int> inbox, Future<int> outbox)
{
    const int token = co_await inbox;
    outbox.setResult(token + 1);
}

Task<void> main(samples::SampleOptions options)
{
    const int count = std::clamp(options.value(QStringLiteral("tasks"), QStringLiteral("1000")).toInt(), 1, 1000000);
    std::vector<Future<int>> mailboxes;
    for (int i = 0; i <= count; ++i)
        mailboxes.push_back(Future<int>());
    EventLoop *loop = EventLoop::current();
    for (int i = 0; i < count; ++i)
        loop->spawn(relay(mailboxes[i], mailboxes[i + 1]));
    print("spawned", count, "relay tasks");
    co_await sleep(0ns); // let every relay run once: each parks on its inbox
    mailboxes[0].setResult(0);
    const int token = co_await mailboxes[count];
    print("the token came back after", token, "hops");
}

} // namespace

coroscope::Task<void> coroscope::samples::manyTasksMain(SampleOptions options)
{
    return main(std::move(options));
}
