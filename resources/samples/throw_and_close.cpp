// throw_and_close: the two other ways in to a parked generator.
// throwInto() raises an exception at the parked co_yield (gen.throw); the
// worker handles it and goes on to its next yield. close() ends the generator
// where it is parked: its locals are destroyed, so the cleanup runs.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;

namespace {

struct Resource
{
    Resource() { print("worker: resource acquired"); }
    ~Resource() { print("cleanup: resource released"); } // runs on close()
};

Generator<int> worker()
{
    Resource resource;
    int job = 0;
    while (true) {
        try {
            co_yield job; // throwInto() raises here
            ++job;
        } catch (const std::runtime_error &e) {
            print("worker caught:", e.what());
        }
    }
}

Task<void> main(samples::SampleOptions)
{
    Generator<int> gen = worker();
    print("next ->", *gen.next());
    print("next ->", *gen.next());
    print("throw ->", *gen.throwInto(std::runtime_error("bad input")));
    print("next ->", *gen.next());
    print("closing the worker");
    gen.close();
    gen.close(); // closing twice does nothing
    print("after close, next gives", gen.next() ? "a value" : "StopIteration");
    co_return;
}

} // namespace

coroscope::Task<void> coroscope::samples::throwAndCloseMain(SampleOptions options)
{
    return main(std::move(options));
}
