# An async generator: __anext__ (async for), asend() and aclose(), with a sleep inside.
import asyncio


async def ticker():
    received = None
    for i in range(3):
        await asyncio.sleep(1)
        received = yield (i, received)


async def main():
    gen = ticker()
    print(await gen.__anext__())
    print(await gen.asend("hi"))
    await gen.aclose()


asyncio.run(main())
