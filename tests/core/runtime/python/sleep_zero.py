# sleep(0) puts the task at the back of the ready queue: two workers interleave.
import asyncio


async def worker(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)
    print(name, "done")


async def main():
    a = asyncio.create_task(worker("a", 3))
    b = asyncio.create_task(worker("b", 2))
    await a
    await b


asyncio.run(main())
