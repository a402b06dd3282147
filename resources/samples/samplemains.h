#pragma once

// The entry points of the sample programs, one per resources/samples/<name>.cpp,
// registered by an explicit list in sampleprograms.cpp (static-initialiser
// registration would be dropped from the static library by the linker).

#include "sampleprograms.h"

namespace coroscope::samples {

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
