// send_accumulator: a generator that receives values with send().
// Values go in through send(), running totals come out of co_yield, and the
// average comes back as the return value (StopIteration.value in Python).

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;

namespace {

Generator<int, int, double> accumulator()
{
    int total = 0;
    int count = 0;
    while (true) {
        // `total` goes out; whatever send() brings comes back in (nullopt after next()).
        std::optional<int> value = co_yield total;
        if (!value)
            break; // next() is Python's send(None): the caller is done
        total += *value;
        ++count;
    }
    co_return count ? double(total) / count : 0.0;
}

Task<void> main(samples::SampleOptions)
{
    Generator<int, int, double> acc = accumulator();
    print("primed, total =", *acc.next()); // runs the body up to the first co_yield
    for (int value : {10, 20, 5, 7}) {
        const int total = *acc.send(value);
        print("sent", value, "-> total", total);
    }
    if (!acc.next()) // the generator returns: StopIteration
        print("finished, average =", acc.returnValue());
    co_return;
}

} // namespace

coroscope::Task<void> coroscope::samples::sendAccumulatorMain(SampleOptions options)
{
    return main(std::move(options));
}
