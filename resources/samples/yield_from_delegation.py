# yield_from_delegation: `yield from sub`.
# While a subtotal runs, its yields come out of the outer generator, the
# caller's sends go straight into it, and its return value becomes the value
# of the `yield from` expression.

import asyncio


def subtotal(label):
    total = 0
    while True:
        value = yield total
        if value is None:
            return total  # next() ends this group
        print(label, "+", value)
        total += value


def grouper():
    grand = 0
    for label in ("apples", "pears"):
        result = yield from subtotal(label)
        print(label, "subtotal", result)
        grand += result
    return grand


async def main():
    gen = grouper()
    print("first yield:", next(gen))
    print("send 3 ->", gen.send(3))
    print("send 4 ->", gen.send(4))
    print("next ->", next(gen))  # ends the apples, starts the pears
    print("send 10 ->", gen.send(10))
    try:
        next(gen)
    except StopIteration as stop:
        print("grand total:", stop.value)


asyncio.run(main())
