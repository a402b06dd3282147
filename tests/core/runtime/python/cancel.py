# cancel() raises CancelledError at the parked await; the task cleans up and ends cancelled.
import asyncio


async def worker():
    try:
        print("worker start")
        await asyncio.sleep(10)
        print("never printed")
    except asyncio.CancelledError:
        print("worker cleanup")
        raise


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(0)
    print("cancel returns", "yes" if t.cancel() else "no")
    try:
        await t
    except asyncio.CancelledError:
        print("main caught CancelledError; cancelled:", "yes" if t.cancelled() else "no")
    print("cancel again returns", "yes" if t.cancel() else "no")


asyncio.run(main())
