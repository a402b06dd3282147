# lazy_pipeline: generators chained into a pipeline over an infinite source.
# Each value main asks for travels up the chain (take -> squares -> evens ->
# naturals) and back down; nothing is computed that nobody asked for.

import asyncio


def naturals():
    n = 1
    while True:
        print("source:", n)
        yield n
        n += 1


def evens(numbers):
    for n in numbers:
        if n % 2 != 0:
            print("filter: drop", n)
            continue
        print("filter: keep", n)
        yield n


def squares(numbers):
    for n in numbers:
        print("map:", n, "->", n * n)
        yield n * n


def take(numbers, count):
    for n in numbers:
        yield n
        count -= 1
        if count == 0:
            return  # does not pull another value


async def main():
    for value in take(squares(evens(naturals())), 5):
        print("main got", value)
    print("done: the source stopped at what was asked")


asyncio.run(main())
