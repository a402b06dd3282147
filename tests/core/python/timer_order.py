# Timers fire by (due time, creation order); equal due times keep creation order.
import asyncio


async def sleeper(name, delay):
    await asyncio.sleep(delay)
    print(name, delay)


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(sleeper(n, d))
             for n, d in (("a", 0.03), ("b", 0.01), ("c", 0.02), ("d", 0.01), ("e", 0.02))]
    loop.call_later(0.015, print, "timer x")
    loop.call_later(0.015, print, "timer y")
    for t in tasks:
        await t


asyncio.run(main())
