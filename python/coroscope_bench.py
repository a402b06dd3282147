#!/usr/bin/env python3
"""What the Python tracer costs, measured in one run (so the machine's drift
between runs does not enter the ratios):

  1. a generator send() step: untraced, traced by _coroscope (the budget in
     DESIGN.md: traced <= 4x untraced), and traced by a pure-Python
     sys.settrace tracer that records the same events, for scale;
  2. an asyncio.sleep(0) round trip of a task: untraced (asyncio's own loop)
     and traced as coroscope_run.py runs a program (the tracer, and the loop
     that records its ready queue and timers).

    python3 build/default/python/coroscope_bench.py [--steps N] [--rounds R]

Each figure is the best of R rounds, in nanoseconds per step; the rounds of
the variants are interleaved.
"""

import argparse
import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _coroscope  # noqa: E402
from coroscope_run import RealClockLoop, library_prefixes  # noqa: E402


def accumulator():
    total = 0
    while True:
        value = yield total
        total += value


def send_steps(n):
    gen = accumulator()
    next(gen)
    send = gen.send
    start = time.perf_counter()
    for _ in range(n):
        send(1)
    elapsed = time.perf_counter() - start
    gen.close()
    return elapsed


async def sleeper(n):
    for _ in range(n):
        await asyncio.sleep(0)


def sleep0_round_trips(n, loop_factory=None):
    async def main():
        start = time.perf_counter()
        await asyncio.get_running_loop().create_task(sleeper(n))
        return time.perf_counter() - start
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return runner.run(main())


class PythonTracer:
    """A sys.settrace tracer that records what _coroscope records for a
    generator step (resume with the value sent, yield with the value), in Python."""

    def __init__(self):
        self.events = []

    def global_trace(self, frame, event, arg):
        if frame.f_code.co_flags & 0x20:  # CO_GENERATOR
            frame.f_trace_lines = False
            value = frame.f_locals.get("value")
            self.events.append(("resumed", id(frame), repr(value)))
            return self.local_trace
        return None

    def local_trace(self, frame, event, arg):
        if event == "return":
            self.events.append(("yielded", id(frame), repr(arg)))
        return self.local_trace


def traced(measure, n):
    _coroscope.enable(True)
    try:
        return measure(n)
    finally:
        _coroscope.enable(False)


def settraced(measure, n):
    tracer = PythonTracer()
    sys.settrace(tracer.global_trace)
    try:
        return measure(n)
    finally:
        sys.settrace(None)


def best(variants, n, rounds):
    results = {name: float("inf") for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            results[name] = min(results[name], run(n) / n * 1e9)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-reserve", action="store_true", help="let the event store grow as the run goes")
    options = parser.parse_args()

    # This file's folder is the runner's, a library prefix: its generators must be traced here.
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "")
    prefixes = [p for p in library_prefixes() if p != here]
    _coroscope.start(library_prefixes=prefixes, future_type=asyncio.Future)
    _coroscope.enable(False)
    # Room for every event up front, as the C++ benchmarks reserve: the store's
    # growth is not the step's cost.
    if not options.no_reserve:
        _coroscope.reserve(options.steps * 2 * options.rounds + options.steps * options.rounds)

    gen = best({
        "untraced": send_steps,
        "coroscope": lambda n: traced(send_steps, n),
        "settrace": lambda n: settraced(send_steps, n),
    }, options.steps, options.rounds)
    loop = best({
        "untraced": sleep0_round_trips,
        "coroscope": lambda n: traced(lambda k: sleep0_round_trips(k, RealClockLoop), n),
    }, options.steps // 10, options.rounds)
    events = _coroscope.event_count()
    _coroscope.stop()

    print(f"CPython {sys.version.split()[0]}, {options.steps} steps, best of {options.rounds} rounds")
    print(f"generator send() step   untraced {gen['untraced']:8.1f} ns")
    print(f"                        traced   {gen['coroscope']:8.1f} ns  {gen['coroscope'] / gen['untraced']:.2f}x"
          f"  (budget 4x: {'met' if gen['coroscope'] <= 4 * gen['untraced'] else 'MISSED'})")
    print(f"                        settrace {gen['settrace']:8.1f} ns  {gen['settrace'] / gen['untraced']:.2f}x"
          f"  (a pure-Python sys.settrace tracer, for scale)")
    print(f"asyncio.sleep(0) trip   untraced {loop['untraced']:8.1f} ns")
    print(f"                        traced   {loop['coroscope']:8.1f} ns  {loop['coroscope'] / loop['untraced']:.2f}x")
    print(f"({events} events recorded)")


if __name__ == "__main__":
    main()
