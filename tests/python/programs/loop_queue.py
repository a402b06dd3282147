# The ready queue and timers: a plain callback, a sleep(0) yield, a task
# cancelled in its sleep (its timer is cancelled, its wakeup is a cancel).
import asyncio


async def sleeper():
    await asyncio.sleep(10)


async def main():
    asyncio.get_running_loop().call_soon(print, "callback ran")
    await asyncio.sleep(0)
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("sleeper cancelled")


asyncio.run(main())
