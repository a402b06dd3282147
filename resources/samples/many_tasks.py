# many_tasks: the scale sample. N tasks (default 1,000; `tasks=N` on the
# command line, up to 1,000,000) stand in a ring and pass a token along: each
# parks on its inbox future, adds one and resolves the next task's inbox.

import asyncio
import sys


async def relay(inbox, outbox):
    token = await inbox
    outbox.set_result(token + 1)


def task_count():
    for arg in sys.argv[1:]:
        if arg.startswith("tasks="):
            return min(max(int(arg[len("tasks="):]), 1), 1000000)
    return 1000


async def main():
    count = task_count()
    loop = asyncio.get_running_loop()
    mailboxes = [loop.create_future() for _ in range(count + 1)]
    tasks = [asyncio.create_task(relay(mailboxes[i], mailboxes[i + 1])) for i in range(count)]
    print("spawned", count, "relay tasks")
    await asyncio.sleep(0)  # let every relay run once: each parks on its inbox
    mailboxes[0].set_result(0)
    token = await mailboxes[count]
    print("the token came back after", token, "hops")
    await asyncio.gather(*tasks)


asyncio.run(main())
