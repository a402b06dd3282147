# custom_awaitable: the awaitable protocol written by hand.
# In C++ `co_await x` calls await_ready(), await_suspend(handle) and
# await_resume(); Python's __await__ is a generator that does the same three
# things: decide whether to suspend, yield a future to the loop, and return
# the result.

import asyncio


class ValueLater:
    def __init__(self, value, delay_ms):
        self.value = value
        self.delay_ms = delay_ms

    def __await__(self):
        if self.delay_ms == 0:
            print("await_ready: ready, no suspension")
        else:
            print("await_ready: not ready, must suspend")
            print("await_suspend: wake me in", self.delay_ms, "ms")
            loop = asyncio.get_running_loop()
            parked = loop.create_future()
            loop.call_later(self.delay_ms / 1000, self.wake, parked)
            yield from parked  # the task is parked on this future
        print("await_resume: the result is", self.value)
        return self.value

    @staticmethod
    def wake(parked):
        print("timer fired: resuming the parked coroutine")
        parked.set_result(None)


async def main():
    later = await ValueLater(42, 10)
    print("main got", later)
    now = await ValueLater(7, 0)
    print("main got", now)


asyncio.run(main())
