# The async iterator protocol by hand: __aiter__ returns self, the coroutine
# __anext__ awaits, returns the next value and raises StopAsyncIteration at the end.
import asyncio


class Ticks:
    def __init__(self, count):
        self.count = count

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.count <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(1)
        self.count -= 1
        return self.count


async def main():
    async for tick in Ticks(2):
        print("tick", tick)


asyncio.run(main())
