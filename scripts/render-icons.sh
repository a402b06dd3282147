#!/usr/bin/env bash
# Renders resources/icons/coroscope.svg into the PNG sizes the window icon and
# the installed hicolor theme use (resources/icons/hicolor/NxN/coroscope.png).
# Run after editing the drawing; needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
icons="$(cd "$(dirname "${BASH_SOURCE[0]}")/../resources/icons" && pwd)"
for size in 16 24 32 48 64 128 256; do
    mkdir -p "$icons/hicolor/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" "$icons/coroscope.svg" -o "$icons/hicolor/${size}x${size}/coroscope.png"
done
