# generator_return_value: a generator can return a value as well as yield.
# The countdown yields 3, 2, 1; when it is exhausted its return value is read
# from StopIteration.value.

import asyncio


def countdown(start):
    for i in range(start, 0, -1):
        yield i
    return "liftoff"  # not yielded: it ends the generator


async def main():
    gen = countdown(3)
    while True:
        try:
            value = next(gen)
        except StopIteration as stop:
            print("StopIteration.value =", stop.value)
            break
        print("tick", value)


asyncio.run(main())
