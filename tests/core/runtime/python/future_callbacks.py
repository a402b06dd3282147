# Done-callbacks and awaiters of a future run through the ready queue in registration order.
import asyncio


async def waiter(fut, name):
    v = await fut
    print(name, "got", v)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print("callback 1", f.result()))
    tasks = [asyncio.create_task(waiter(fut, n)) for n in ("w1", "w2", "w3")]
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("callback 2", f.result()))
    print("setting result")
    fut.set_result(42)
    print("result set")
    for t in tasks:
        await t
    fut.add_done_callback(lambda f: print("callback 3", f.result()))
    await asyncio.sleep(0)
    print("main done")


asyncio.run(main())
