// producer_consumer: a bounded queue between a fast producer and a slow consumer.
// The queue holds two items. When it is full, put() parks the producer on a
// future until the consumer's get() frees a slot: that is backpressure, and it
// paces the producer to the consumer's speed.

#include "samplemains.h"

#include <coroscope/coroscope.h>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

using Item = std::optional<int>; // nullopt = no more items (None in Python)

Task<void> producer(Queue<Item> queue)
{
    for (int i = 1; i <= 5; ++i) {
        if (queue.full())
            print("producer: queue full, waiting to put", i);
        co_await queue.put(i); // parks here while the queue is full
        print("producer: put", i, "size", int(queue.size()));
    }
    co_await queue.put(std::nullopt);
    print("producer: done");
}

Task<void> consumer(Queue<Item> queue)
{
    while (true) {
        const Item item = co_await queue.get();
        if (!item)
            break;
        print("consumer: got", *item);
        co_await sleep(30ms); // slow work
    }
    print("consumer: done");
}

Task<void> main(samples::SampleOptions)
{
    Queue<Item> queue(2);
    co_await gather(producer(queue), consumer(queue));
}

} // namespace

coroscope::Task<void> coroscope::samples::producerConsumerMain(SampleOptions options)
{
    return main(std::move(options));
}
