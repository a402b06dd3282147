// generator_return_value: a generator can return a value as well as yield.
// The countdown yields 3, 2, 1; when it is exhausted its return value is read
// afterwards, what Python hands over as StopIteration.value.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;

namespace {

Generator<int, void, QString> countdown(int from)
{
    for (int i = from; i > 0; --i)
        co_yield i;
    co_return QStringLiteral("liftoff"); // not yielded: it ends the generator
}

Task<void> main(samples::SampleOptions)
{
    Generator<int, void, QString> gen = countdown(3);
    while (true) {
        std::optional<int> value = gen.next();
        if (!value) { // StopIteration
            print("StopIteration.value =", gen.returnValue());
            break;
        }
        print("tick", *value);
    }
    co_return;
}

} // namespace

coroscope::Task<void> coroscope::samples::generatorReturnValueMain(SampleOptions options)
{
    return main(std::move(options));
}
