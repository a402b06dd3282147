#!/usr/bin/env bash
# README command 1: install what is missing, build, and launch Coroscope with
# the default sample open. Extra arguments go to the app (e.g. --sample NAME).
# Without a display it runs the default sample headless instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
cmake --preset default
cmake --build --preset default --target coroscope
app="$root/build/default/app/coroscope"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
    echo "run: no display found; running the default sample headless (see README for the desktop app)" >&2
    exec "$app" --headless "$@"
fi
exec "$app" "$@"
