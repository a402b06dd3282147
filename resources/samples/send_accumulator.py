# send_accumulator: a generator that receives values with send().
# Values go in through send(), running totals come out of yield, and the
# average comes back as the return value (StopIteration.value).

import asyncio


def accumulator():
    total = 0
    count = 0
    while True:
        # `total` goes out; whatever send() brings comes back in (None after next()).
        value = yield total
        if value is None:
            break  # the caller is done
        total += value
        count += 1
    return total / count if count else 0.0


async def main():
    acc = accumulator()
    print("primed, total =", next(acc))  # runs the body up to the first yield
    for value in (10, 20, 5, 7):
        total = acc.send(value)
        print("sent", value, "-> total", total)
    try:
        next(acc)
    except StopIteration as stop:  # the generator returns
        print("finished, average =", stop.value)


asyncio.run(main())
