# gather returns results in argument order, whatever order the tasks finish in.
import asyncio


async def value_after(v, delay):
    await asyncio.sleep(delay)
    print("finished", v)
    return v


async def main():
    a, b, c = await asyncio.gather(value_after(1, 0.3), value_after(2, 0.1), value_after(3, 0.2))
    print("tuple", a, b, c)
    r = await asyncio.gather(*[value_after(v, d) for v, d in ((4, 0.2), (5, 0.1), (6, 0))])
    print("list", r)


asyncio.run(main())
