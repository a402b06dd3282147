# throw_and_close: the two other ways in to a parked generator.
# gen.throw() raises an exception at the parked yield; the worker handles it
# and goes on to its next yield. gen.close() raises GeneratorExit there, so
# the finally clause runs the cleanup.

import asyncio


def worker():
    print("worker: resource acquired")
    try:
        job = 0
        while True:
            try:
                yield job  # gen.throw() raises here
                job += 1
            except ValueError as e:
                print("worker caught:", e)
    finally:
        print("cleanup: resource released")  # runs on close()


async def main():
    gen = worker()
    print("next ->", next(gen))
    print("next ->", next(gen))
    print("throw ->", gen.throw(ValueError("bad input")))
    print("next ->", next(gen))
    print("closing the worker")
    gen.close()
    gen.close()  # closing twice does nothing
    print("after close, next gives", "a value" if next(gen, None) is not None else "StopIteration")


asyncio.run(main())
