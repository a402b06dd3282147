# Ready entries run FIFO: callbacks scheduled first run before the task that yields after them.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    for i in range(3):
        loop.call_soon(print, "callback", i)
    print("main before sleep(0)")
    await asyncio.sleep(0)
    print("main after sleep(0)")


asyncio.run(main())
