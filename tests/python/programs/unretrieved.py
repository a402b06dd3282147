# A task and a future fail and nobody retrieves their exceptions: asyncio
# reports each when it is collected ("... exception was never retrieved").
import asyncio


async def boom():
    raise ValueError("nobody is listening")


async def main():
    asyncio.create_task(boom(), name="boom")
    await asyncio.sleep(1)
    future = asyncio.get_running_loop().create_future()
    future.set_exception(KeyError("lost"))
    del future
    print("main done")


asyncio.run(main())
