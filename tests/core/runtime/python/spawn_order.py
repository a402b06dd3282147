# A spawned task first runs on a later loop step, after its spawner suspends.
import asyncio


async def child(name):
    print(name, "start")
    await asyncio.sleep(0)
    print(name, "end")


async def main():
    a = asyncio.create_task(child("a"))
    b = asyncio.create_task(child("b"))
    print("main spawned a and b")
    await asyncio.sleep(0)
    print("main resumed")
    await a
    await b
    print("main done")


asyncio.run(main())
