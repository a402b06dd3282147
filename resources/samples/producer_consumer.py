# producer_consumer: a bounded queue between a fast producer and a slow consumer.
# The queue holds two items. When it is full, put() parks the producer on a
# future until the consumer's get() frees a slot: that is backpressure, and it
# paces the producer to the consumer's speed.

import asyncio


async def producer(queue):
    for i in range(1, 6):
        if queue.full():
            print("producer: queue full, waiting to put", i)
        await queue.put(i)  # parks here while the queue is full
        print("producer: put", i, "size", queue.qsize())
    await queue.put(None)  # no more items
    print("producer: done")


async def consumer(queue):
    while True:
        item = await queue.get()
        if item is None:
            break
        print("consumer: got", item)
        await asyncio.sleep(0.03)  # slow work
    print("consumer: done")


async def main():
    queue = asyncio.Queue(2)
    await asyncio.gather(producer(queue), consumer(queue))


asyncio.run(main())
