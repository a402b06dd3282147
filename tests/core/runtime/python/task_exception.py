# A task's exception is stored and re-raised where the task is awaited.
import asyncio


async def failing():
    await asyncio.sleep(0)
    print("failing raises")
    raise ValueError("boom")


async def main():
    t = asyncio.create_task(failing())
    await asyncio.sleep(0.1)
    print("task done:", "yes" if t.done() else "no")
    try:
        await t
    except ValueError as e:
        print("caught", e)
    try:
        await t
    except ValueError as e:
        print("caught again", e)


asyncio.run(main())
