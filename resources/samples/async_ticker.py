# async_ticker: an async generator consumed by an async-for loop.
# The ticker sleeps between ticks (await) and hands each tick out (yield).
# Each step of `async for` is one __anext__: it runs the ticker until its
# next yield; StopAsyncIteration ends the loop.

import asyncio


async def ticker(count, interval):
    for i in range(1, count + 1):
        await asyncio.sleep(interval)
        print("ticker: tick", i)
        yield i
    print("ticker: no more ticks")


async def main():
    async for tick in ticker(3, 0.01):
        print("main: got tick", tick)
    print("main: the async for loop has ended")


asyncio.run(main())
