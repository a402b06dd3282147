# A coroutine awaits a Future that another task resolves after a (virtual) second.
import asyncio


async def resolver(future):
    await asyncio.sleep(1)
    future.set_result(42)


async def waiter(future):
    value = await future
    print("got", value)
    return value


async def main():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    resolve = asyncio.create_task(resolver(future), name="resolver")
    result = await asyncio.create_task(waiter(future), name="waiter")
    await resolve
    print("main done", result)


asyncio.run(main())
