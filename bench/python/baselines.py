#!/usr/bin/env python3
"""The CPython baselines of DESIGN.md's budgets, timed with timeit on this machine.

Prints one JSON object: nanoseconds per operation for
  gen_send     an untraced generator's gen.send(1) step (the traced Generator's rival)
  gen_next     next(gen) on the same kind of generator
  sleep0       one `await asyncio.sleep(0)` round trip through the running loop
and the interpreter's version.
"""
import asyncio
import json
import statistics
import platform
import sys
import time
import timeit

# CPU time, like Google Benchmark's "CPU" column: the machine may be shared,
# and wall time would charge this process for others' work.
CLOCK = time.process_time


def accumulator():
    total = 0
    while True:
        v = yield total
        total += 1 if v is None else v


def counter():
    total = 0
    while True:
        yield total
        total += 1


def median_ns_per_op(stmt, setup_globals, number, repeat=7):
    timer = timeit.Timer(stmt, timer=CLOCK, globals=setup_globals)
    return statistics.median(timer.repeat(repeat=repeat, number=number)) / number * 1e9


def gen_send(number=1_000_000, repeat=7):
    g = accumulator()
    next(g)
    return median_ns_per_op("send(1)", {"send": g.send}, number=number, repeat=repeat)


def gen_next():
    g = counter()
    return median_ns_per_op("nxt(g)", {"nxt": next, "g": g}, number=1_000_000)


async def spin(n):
    sleep = asyncio.sleep
    for _ in range(n):
        await sleep(0)


def sleep0():
    # One asyncio.run per repetition; the loop's start-up is amortised over n round trips.
    n = 200_000
    median = statistics.median(timeit.repeat(lambda: asyncio.run(spin(n)), timer=CLOCK, repeat=7, number=1))
    return median / n * 1e9


def main():
    if "--send-only" in sys.argv:
        # One short paired round of scripts/bench.sh (see there): gen.send() alone.
        json.dump({"gen_send_ns": gen_send(number=300_000, repeat=5)}, sys.stdout)
        print()
        return
    result = {
        "python": platform.python_implementation() + " " + platform.python_version(),
        "gen_send_ns": gen_send(),
        "gen_next_ns": gen_next(),
        "sleep0_ns": sleep0(),
    }
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
