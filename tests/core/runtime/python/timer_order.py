# Timers fire by (due time, creation order); equal due times keep creation order.
import asyncio


async def sleeper(name, delay):
    await asyncio.sleep(delay)
    print(name, delay)


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(sleeper(n, d))
             for n, d in (("a", 0.3), ("b", 0.1), ("c", 0.2), ("d", 0.1), ("e", 0.2))]
    loop.call_later(0.15, print, "timer x")
    loop.call_later(0.15, print, "timer y")
    for t in tasks:
        await t


asyncio.run(main())
