# A task cancelled before it ever ran never runs its body.
import asyncio


async def worker():
    print("never printed")


async def main():
    t = asyncio.create_task(worker())
    t.cancel()
    print("cancel requested")
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled before start:", "yes" if t.cancelled() else "no")


asyncio.run(main())
