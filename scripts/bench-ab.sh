#!/usr/bin/env bash
# Head to head: two builds of coroscope-bench (before and after a change) and
# CPython's gen.send(), one right after another in each round, so that the
# VM's swings in speed hit all three alike. Prints each round and the medians.
#
#   scripts/bench-ab.sh OLD_BINARY NEW_BINARY [ROUNDS=11] [FILTER=GeneratorSend/traced]
#
# Keep a copy of build/bench/bench/coroscope-bench before the change as OLD_BINARY.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2 rounds=${3:-11} filter=${4:-GeneratorSend/traced}

cpu_ns() {
    "$1" --benchmark_filter="$filter" --benchmark_min_time=0.2 --benchmark_format=json 2>/dev/null |
        python3 -c 'import json, sys; b = json.load(sys.stdin)["benchmarks"][0]; print(b["cpu_time"])'
}

for ((i = 0; i < rounds; i++)); do
    o=$(cpu_ns "$old")
    n=$(cpu_ns "$new")
    p=$(python3 bench/python/baselines.py --send-only | python3 -c 'import json, sys; print(json.load(sys.stdin)["gen_send_ns"])')
    echo "$o $n $p"
done | python3 -c '
import statistics, sys
rounds = [tuple(map(float, line.split())) for line in sys.stdin]
for o, n, p in rounds:
    print(f"old {o:6.1f} ns  new {n:6.1f} ns  CPython {p:6.1f} ns  vs CPython: old {p / o:4.2f}x  new {p / n:4.2f}x")
med = statistics.median
print(f"median: old {med(o for o, n, p in rounds):.1f} ns, new {med(n for o, n, p in rounds):.1f} ns; "
      f"vs CPython old {med(p / o for o, n, p in rounds):.2f}x, new {med(p / n for o, n, p in rounds):.2f}x")
'
