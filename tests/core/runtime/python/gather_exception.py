# gather re-raises the first exception; the others still run to their end.
import asyncio


async def value_after(v, delay):
    await asyncio.sleep(delay)
    print("finished", v)
    return v


async def fail_after(msg, delay):
    await asyncio.sleep(delay)
    print("raising", msg)
    raise ValueError(msg)


async def main():
    try:
        await asyncio.gather(value_after(1, 0.3), fail_after("second", 0.2), fail_after("first", 0.1))
    except ValueError as e:
        print("gather raised", e)
    await asyncio.sleep(0.5)
    print("main done")


asyncio.run(main())
