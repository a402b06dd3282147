# An awaitable class: __await__ is a generator that parks the awaiting
# coroutine on a future and returns the result to it.
import asyncio


class ValueLater:
    def __init__(self, value):
        self.value = value

    def __await__(self):
        loop = asyncio.get_running_loop()
        parked = loop.create_future()
        loop.call_later(1, parked.set_result, None)
        yield from parked
        return self.value


async def main():
    got = await ValueLater(42)
    print("got", got)


asyncio.run(main())
