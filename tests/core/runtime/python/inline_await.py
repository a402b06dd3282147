# Awaiting a coroutine directly runs it inline: no loop step in between.
import asyncio


async def inner():
    print("inner runs")
    return 7


async def other():
    print("other runs")


async def main():
    t = asyncio.create_task(other())
    print("before await")
    v = await inner()
    print("after await", v)
    await t


asyncio.run(main())
