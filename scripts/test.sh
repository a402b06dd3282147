#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
cmake --workflow --preset default
