# cancellation_and_timeout: stopping tasks from the outside.
# cancel() raises CancelledError at the point where the worker is parked; its
# handler cleans up and re-raises. wait_for() cancels the task it waits for
# when the timeout passes first and raises TimeoutError.

import asyncio


async def worker():
    print("worker: sleeping for 50 ms")
    try:
        await asyncio.sleep(0.05)  # cancel() raises CancelledError here
        print("worker: woke up normally")
    except asyncio.CancelledError:
        print("worker: cancelled, cleaning up")
        raise  # a cancelled task should end cancelled


async def slow_answer():
    print("slow_answer: started")
    try:
        await asyncio.sleep(0.03)
    except asyncio.CancelledError:
        print("slow_answer: cancelled by the timeout")
        raise
    return 42


async def main():
    task = asyncio.create_task(worker(), name="worker")
    await asyncio.sleep(0.01)
    print("main: cancelling the worker")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main: the worker ended with CancelledError")

    try:
        answer = await asyncio.wait_for(slow_answer(), 0.01)
        print("main: got", answer)
    except TimeoutError:
        print("main: no answer within 10 ms: TimeoutError")
    answer = await asyncio.wait_for(slow_answer(), 0.05)
    print("main: got", answer, "within 50 ms")


asyncio.run(main())
