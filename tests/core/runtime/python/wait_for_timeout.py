# wait_for cancels the inner task when the timeout passes, then raises TimeoutError.
import asyncio


async def slow():
    try:
        print("slow start")
        await asyncio.sleep(10)
        print("never printed")
    except asyncio.CancelledError:
        print("slow cancelled")
        raise


async def fast():
    await asyncio.sleep(0.01)
    return 5


async def main():
    print("fast result", await asyncio.wait_for(fast(), 1))
    try:
        await asyncio.wait_for(slow(), 0.1)
    except asyncio.TimeoutError:
        print("timeout")


asyncio.run(main())
