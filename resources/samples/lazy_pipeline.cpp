// lazy_pipeline: generators chained into a pipeline over an infinite source.
// Each value main asks for travels up the chain (take -> squares -> evens ->
// naturals) and back down; nothing is computed that nobody asked for, and the
// infinite source is simply never asked again once take() has had enough.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;

namespace {

Generator<int> naturals()
{
    for (int n = 1;; ++n) {
        print("source:", n);
        co_yield n;
    }
}

Generator<int> evens(Generator<int> numbers)
{
    for (int n : numbers) {
        if (n % 2 != 0) {
            print("filter: drop", n);
            continue;
        }
        print("filter: keep", n);
        co_yield n;
    }
}

Generator<int> squares(Generator<int> numbers)
{
    for (int n : numbers) {
        print("map:", n, "->", n * n);
        co_yield n * n;
    }
}

Generator<int> take(Generator<int> numbers, int count)
{
    for (int n : numbers) {
        co_yield n;
        if (--count == 0)
            co_return; // does not pull another value
    }
}

Task<void> main(samples::SampleOptions)
{
    for (int value : take(squares(evens(naturals())), 5))
        print("main got", value);
    print("done: the source stopped at what was asked");
    co_return;
}

} // namespace

coroscope::Task<void> coroscope::samples::lazyPipelineMain(SampleOptions options)
{
    return main(std::move(options));
}
