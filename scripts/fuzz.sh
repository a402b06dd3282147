#!/usr/bin/env bash
# Fuzz the native trace reader and the link stream reader with libFuzzer
# (clang 14, ASan + UBSan), each for a bounded time; exits non-zero on any
# crash, leak or sanitizer report.
#   scripts/fuzz.sh [seconds]        (default 60, for each target)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
# The seeds stay untouched: libFuzzer writes new inputs into a scratch corpus.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/link"
cd "$work"
"$root/build/fuzz/tests/fuzz/fuzz_native" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$work/corpus" "$root/tests/fuzz/corpus" "$root/tests/core/trace/data/traces"
"$root/build/fuzz/tests/fuzz/fuzz_link" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$work/link" "$root/tests/fuzz/link-corpus"
