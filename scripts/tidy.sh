#!/usr/bin/env bash
# clang-tidy (the committed .clang-tidy) on every source of core/ and ui/;
# fails on any finding. Needs build/default/compile_commands.json, which
# scripts/test.sh (or cmake --preset default) writes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f build/default/compile_commands.json ] || cmake --preset default >/dev/null
# The generated moc/rcc sources must exist for the files that include them.
cmake --build build/default --target coroscope_core coroscope_ui >/dev/null
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
run-clang-tidy -quiet -p build/default -j 2 "$root/(core|ui)/.*\.cpp$" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$out" || true
if grep -E "(warning|error):" "$out" | sort -u | grep . ; then
    echo "tidy: clang-tidy reported findings (above)" >&2
    exit 1
fi
echo "tidy: clean ($(grep -c '^clang-tidy' "$out" || true) files checked)"
