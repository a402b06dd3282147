# One task awaited by several tasks: each awaiter gets the result, in the order it started waiting.
import asyncio


async def compute():
    await asyncio.sleep(0.1)
    print("compute done")
    return 5


async def consumer(t, name):
    print(name, "waits")
    v = await t
    print(name, "got", v)


async def main():
    t = asyncio.create_task(compute())
    c1 = asyncio.create_task(consumer(t, "c1"))
    c2 = asyncio.create_task(consumer(t, "c2"))
    print("main got", await t)
    await c1
    await c2


asyncio.run(main())
