# future_handoff: one task awaits a Future that another task resolves.
# main parks on the future; the resolver sleeps, then sets the result. Setting
# it schedules, in the order they were added, the done-callbacks and then the
# wakeup of main: each goes through the loop's ready queue.

import asyncio


async def resolver(answer):
    print("resolver: working...")
    await asyncio.sleep(0.02)
    print("resolver: setting the result")
    answer.set_result(42)  # schedules the callbacks and main's wakeup
    print("resolver: done")


async def main():
    answer = asyncio.get_running_loop().create_future()
    answer.add_done_callback(lambda f: print("callback 1: result is", f.result()))
    answer.add_done_callback(lambda f: print("callback 2: the future is done"))
    task = asyncio.create_task(resolver(answer), name="resolver")
    print("main: awaiting the future")
    value = await answer
    print("main: got", value)
    await task  # already finished: no suspension


asyncio.run(main())
