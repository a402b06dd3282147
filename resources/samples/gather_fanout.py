# gather_fanout: gather() runs five tasks at once and collects their results.
# The tasks start in argument order, each parks on a timer of its own; the
# timers fire in order of due time, so the tasks finish out of order, but the
# results come back in argument order.

import asyncio


async def fetch(id, delay_ms):
    print("fetch", id, "started, sleeping", delay_ms, "ms")
    await asyncio.sleep(delay_ms / 1000)
    print("fetch", id, "done")
    return id * 10


async def main():
    jobs = [(1, 50), (2, 10), (3, 40), (4, 20), (5, 30)]
    results = await asyncio.gather(*(fetch(id, delay) for id, delay in jobs))
    print("results:", results)


asyncio.run(main())
