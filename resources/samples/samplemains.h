#pragma once

// The entry points of the sample programs, one per resources/samples/<name>.cpp,
// registered by an explicit list in samplecatalog.cpp (static-initialiser
// registration would be dropped from the static library by the linker).

#include "samplelibrary.h"

#include <initializer_list>

namespace coroscope::samples {

struct KeyPoint
{
    QString snippet; // text on the line that matters (its first occurrence in the .cpp)
    QString why;
};
Sample makeSample(SampleInfo info, Task<void> (*main)(SampleOptions), std::initializer_list<KeyPoint> keyPoints);
// The registered samples, in the order the Samples dock lists them (samplecatalog.cpp).
std::vector<Sample> catalog();

Task<void> lazyFileReaderMain(SampleOptions options);
Task<void> handWrittenIteratorMain(SampleOptions options);
Task<void> sendAccumulatorMain(SampleOptions options);
Task<void> generatorReturnValueMain(SampleOptions options);
Task<void> yieldFromDelegationMain(SampleOptions options);
Task<void> lazyPipelineMain(SampleOptions options);
Task<void> throwAndCloseMain(SampleOptions options);
Task<void> customAwaitableMain(SampleOptions options);
Task<void> futureHandoffMain(SampleOptions options);
Task<void> asyncTickerMain(SampleOptions options);
Task<void> gatherFanoutMain(SampleOptions options);
Task<void> producerConsumerMain(SampleOptions options);
Task<void> cancellationAndTimeoutMain(SampleOptions options);
Task<void> exceptionPropagationMain(SampleOptions options);
Task<void> qtSignalAwaitMain(SampleOptions options);
Task<void> qtTcpEchoMain(SampleOptions options);
Task<void> deadlockMain(SampleOptions options);
Task<void> manyTasksMain(SampleOptions options);

} // namespace coroscope::samples
