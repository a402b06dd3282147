# deadlock: two tasks, each waiting for what only the other would provide.
# alice answers after she hears from bob, and bob after he hears from alice.
# asyncio does not notice: its loop would wait forever. This twin gives up
# after 50 ms and reports the deadlock on stderr, where Coroscope's loop
# detects it (no ready entry, no timer, no external wait, tasks parked).

import asyncio
import sys


async def person(name, mine, theirs):
    print(name, "waits for an answer")
    heard = await theirs  # never resolved
    print(name, "heard", heard)
    mine.set_result(heard + 1)


async def main():
    loop = asyncio.get_running_loop()
    from_alice = loop.create_future()
    from_bob = loop.create_future()
    alice = asyncio.create_task(person("alice", from_alice, from_bob), name="alice")
    bob = asyncio.create_task(person("bob", from_bob, from_alice), name="bob")
    done, pending = await asyncio.wait({alice, bob}, timeout=0.05)
    if pending:
        print("deadlock: alice awaits bob's answer, bob awaits alice's", file=sys.stderr)
        for task in (alice, bob):  # in the order they were made: a set's order is not fixed
            task.cancel()


asyncio.run(main())
