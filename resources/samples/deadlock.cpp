// deadlock: two tasks, each waiting for what only the other would provide.
// alice answers after she hears from bob, and bob after he hears from alice.
// Both park on a future; nothing else is ready, no timer is pending, nothing
// can come from outside: the loop runs out of work with tasks parked, and the
// run ends reporting the deadlock and who waits on whom.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;

namespace {

Task<void> person(QString name, Future<int> mine, Future<int> theirs)
{
    print(name, "waits for an answer");
    const int heard = co_await theirs; // never resolved
    print(name, "heard", heard);
    mine.setResult(heard + 1);
}

Task<void> main(samples::SampleOptions)
{
    Future<int> fromAlice;
    Future<int> fromBob;
    EventLoop *loop = EventLoop::current();
    TaskHandle<void> alice = loop->spawn(person(QStringLiteral("alice"), fromAlice, fromBob), QStringLiteral("alice"));
    TaskHandle<void> bob = loop->spawn(person(QStringLiteral("bob"), fromBob, fromAlice), QStringLiteral("bob"));
    co_await alice;
    co_await bob;
    print("unreachable: both answered");
}

} // namespace

coroscope::Task<void> coroscope::samples::deadlockMain(SampleOptions options)
{
    return main(std::move(options));
}
