// yield_from_delegation: `co_yield delegate(sub)` is Python's `yield from sub`.
// While a subtotal runs, its yields come out of the outer generator, the
// caller's sends go straight into it, and its return value becomes the value
// of the delegating expression.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;

namespace {

Generator<int, int, int> subtotal(QString label)
{
    int total = 0;
    while (true) {
        std::optional<int> value = co_yield total;
        if (!value)
            co_return total; // next() ends this group
        print(label, "+", *value);
        total += *value;
    }
}

Generator<int, int, int> grouper()
{
    int grand = 0;
    for (const char *label : {"apples", "pears"}) {
        const int result = co_yield delegate(subtotal(QString::fromUtf8(label))); // yield from
        print(label, "subtotal", result);
        grand += result;
    }
    co_return grand;
}

Task<void> main(samples::SampleOptions)
{
    Generator<int, int, int> gen = grouper();
    print("first yield:", *gen.next());
    print("send 3 ->", *gen.send(3));
    print("send 4 ->", *gen.send(4));
    print("next ->", *gen.next()); // ends the apples, starts the pears
    print("send 10 ->", *gen.send(10));
    if (!gen.next())
        print("grand total:", gen.returnValue());
    co_return;
}

} // namespace

coroscope::Task<void> coroscope::samples::yieldFromDelegationMain(SampleOptions options)
{
    return main(std::move(options));
}
