#include "samplemains.h"

#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace coroscope::samples {

SampleMain findSampleMain(const QString &name)
{
    static const std::pair<QString, SampleMain> programs[] = {
        {u"lazy_file_reader"_s, lazyFileReaderMain},
        {u"hand_written_iterator"_s, handWrittenIteratorMain},
        {u"send_accumulator"_s, sendAccumulatorMain},
        {u"generator_return_value"_s, generatorReturnValueMain},
        {u"yield_from_delegation"_s, yieldFromDelegationMain},
        {u"lazy_pipeline"_s, lazyPipelineMain},
        {u"throw_and_close"_s, throwAndCloseMain},
        {u"custom_awaitable"_s, customAwaitableMain},
        {u"future_handoff"_s, futureHandoffMain},
        {u"async_ticker"_s, asyncTickerMain},
        {u"gather_fanout"_s, gatherFanoutMain},
        {u"producer_consumer"_s, producerConsumerMain},
        {u"cancellation_and_timeout"_s, cancellationAndTimeoutMain},
        {u"exception_propagation"_s, exceptionPropagationMain},
        {u"qt_signal_await"_s, qtSignalAwaitMain},
        {u"qt_tcp_echo"_s, qtTcpEchoMain},
        {u"deadlock"_s, deadlockMain},
        {u"many_tasks"_s, manyTasksMain},
    };
    for (const auto &[sampleName, main] : programs) {
        if (sampleName == name)
            return main;
    }
    return nullptr;
}

} // namespace coroscope::samples
