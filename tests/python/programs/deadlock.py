# Two tasks, each waiting for what only the other would provide (as
# resources/samples/deadlock.py, without asyncio.wait's timeout): the loop has
# nothing ready and no timer, and nothing outside can wake them.
import asyncio


async def person(name, mine, theirs):
    print(name, "waits")
    heard = await theirs  # never resolved
    mine.set_result(heard + 1)


async def main():
    loop = asyncio.get_running_loop()
    from_alice = loop.create_future()
    from_bob = loop.create_future()
    alice = asyncio.create_task(person("alice", from_alice, from_bob), name="alice")
    bob = asyncio.create_task(person("bob", from_bob, from_alice), name="bob")
    await asyncio.wait({alice, bob})


asyncio.run(main())
