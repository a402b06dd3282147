# exception_propagation: an exception travels up a chain of awaiting coroutines.
# level3 raises; the exception leaves its frame, is re-raised at level2's
# await, passes through level1 and is caught in main. Meanwhile another task
# fails with nobody awaiting it: "Task exception was never retrieved" is
# logged (to stderr) when the task is destroyed.

import asyncio


async def level3():
    await asyncio.sleep(0.01)
    print("level3: raising")
    raise ValueError("bad value")


async def level2():
    print("level2: awaiting level3")
    try:
        return await level3()
    except ValueError:
        print("level2: passing it on")
        raise


async def level1():
    print("level1: awaiting level2")
    return await level2()  # not caught here: it just passes through


async def forgotten():
    await asyncio.sleep(0.005)
    print("forgotten: raising, but nobody will ever look")
    raise ValueError("nobody is listening")


async def main():
    orphan = asyncio.create_task(forgotten(), name="forgotten")
    try:
        await level1()
    except ValueError as e:
        print("main caught:", e)
    print("main: done; the forgotten task's exception is reported when it is destroyed")


asyncio.run(main())
