# An exception leaves inner, passes through middle's await and is caught in main.
import asyncio


async def inner():
    await asyncio.sleep(0)
    raise ValueError("bad")


async def middle():
    return await inner()


async def main():
    try:
        await middle()
    except ValueError as e:
        print("caught", e)


asyncio.run(main())
