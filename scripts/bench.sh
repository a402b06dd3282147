#!/usr/bin/env bash
# The Performance command: builds the `bench` preset, runs the core benchmarks,
# the CPython baselines and the UI scale benchmark (offscreen) on this machine,
# and prints DESIGN.md's budgets beside the figures, as one table.
#
#   scripts/bench.sh            everything (the UI part records 10,000,000 events: a few minutes)
#   scripts/bench.sh --quick    fewer repetitions, and the UI part at 10,000 coroutines / 1,000,000 events
#
# Results (raw JSON and callgrind parts) land in build/bench/results/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
reps=7; min_time=0.3; ui_args=(--tasks 100000 --events 10000000 --samples 200)
if (( quick )); then reps=3; min_time=0.1; ui_args=(--tasks 10000 --events 1000000 --samples 20); fi

export QT_QPA_PLATFORM=offscreen
cmake --preset bench >/dev/null
targets=(coroscope-bench)
cmake --build --preset bench --target help | grep -q 'coroscope-ui-bench' && targets+=(coroscope-ui-bench)
cmake --build --preset bench --target help | grep -q 'coroscope-hookprobe' && targets+=(coroscope-hookprobe)
cmake --build --preset bench --target "${targets[@]}"

bin=build/bench/bench
out=build/bench/results
rm -rf "$out"
mkdir -p "$out"

{
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
    echo "ram: $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
    echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "compiler: $(c++ --version | head -1)"
    echo "python: $(python3 --version 2>&1)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"

echo "== core benchmarks (Google Benchmark; CPU time, median of $reps repetitions)" >&2
"$bin/coroscope-bench" --benchmark_filter='QCoro|Generator(Send|Next)|Sleep0' \
    --benchmark_repetitions="$reps" --benchmark_min_time="$min_time" \
    --benchmark_out="$out/core.json" --benchmark_out_format=json >&2
echo "== CPython baselines (timeit, CPU time)" >&2
python3 bench/python/baselines.py > "$out/python.json"
cat "$out/python.json" >&2

# This VM's speed drifts by up to 1.8x within a minute, and not alike for
# CPython and for C++. So the step ratios are also taken in paired rounds,
# each a second long: the traced step, QCoro's step and CPython's send() one
# right after another; the report gives the median of the rounds' ratios.
rounds=7
(( quick )) && rounds=3
echo "== paired rounds: traced send() step, QCoro step, CPython gen.send() ($rounds rounds)" >&2
mkdir -p "$out/paired"
for ((i = 0; i < rounds; i++)); do
    "$bin/coroscope-bench" --benchmark_filter='QCoro|GeneratorSend/traced' --benchmark_min_time=0.2 \
        --benchmark_out="$out/paired/core_$i.json" --benchmark_out_format=json >/dev/null 2>&1
    python3 bench/python/baselines.py --send-only > "$out/paired/python_$i.json"
done

# One process per memory benchmark, so that each peak RSS is its own.
for m in generator many_tasks; do
    echo "== memory: $m" >&2
    "$bin/coroscope-bench" --benchmark_filter="BM_Memory/$m" \
        --benchmark_out="$out/memory_$m.json" --benchmark_out_format=json >&2
done

if [[ -x "$bin/coroscope-hookprobe" ]] && command -v valgrind >/dev/null; then
    echo "== instructions per hook and per step (callgrind)" >&2
    mkdir -p "$out/hookprobe"
    valgrind --tool=callgrind --instr-atstart=no --branch-sim=yes \
        --callgrind-out-file="$out/hookprobe/cg.out" "$bin/coroscope-hookprobe" >/dev/null 2>&1 || true
    objdump -d --no-show-raw-insn -C "$bin/coroscope-hookprobe" \
        | awk '/<\(anonymous namespace\)::oneHook.*>:$/,/^$/' > "$out/hookprobe/onehook.s" || true
fi

if [[ -x "$bin/coroscope-ui-bench" ]]; then
    echo "== UI at scale (offscreen): ${ui_args[*]}" >&2
    "$bin/coroscope-ui-bench" "${ui_args[@]}" --json "$out/ui.json" >&2
fi

echo
echo "Machine:"
sed 's/^/  /' "$out/machine.txt"
echo "  command: scripts/bench.sh $*"
echo
python3 bench/python/report.py "$out"
