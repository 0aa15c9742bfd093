#!/usr/bin/env bash
# Draws icons/app-icon.png (1024x1024) with ImageMagick, then derives the
# desktop icon set with the Tauri CLI. Run from anywhere: `make icons`.
# The same mark, on a 32-unit grid, is ui/public/favicon.svg.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Rounded square, diagonal teal-to-navy gradient.
convert -size 1024x1024 xc:none -fill white \
  -draw "roundrectangle 64,64 959,959 184,184" "$tmp/mask.png"
convert -size 1024x1024 -define gradient:direction=SouthEast \
  gradient:'#14b8a6-#0f4c81' "$tmp/bg.png"
convert "$tmp/bg.png" "$tmp/mask.png" -alpha off -compose CopyOpacity -composite "$tmp/tile.png"

# White heart with a navy pulse line across it.
convert "$tmp/tile.png" \
  -fill white -stroke none \
  -draw "path 'M 512,806 C 260,624 190,498 190,386 C 190,294 260,226 347,226 C 417,226 473,268 512,327 C 551,268 607,226 677,226 C 764,226 834,294 834,386 C 834,498 764,624 512,806 Z'" \
  -fill none -stroke '#0f4c81' -strokewidth 56 \
  -draw "stroke-linecap round stroke-linejoin round polyline 246,498 386,498 442,400 512,624 582,358 638,498 778,498" \
  -background none -alpha background -strip PNG32:app-icon.png

# Desktop sizes only: drop the mobile sets `tauri icon` also writes.
(cd ../ui && npx --no-install tauri icon ../icons/app-icon.png -o ../icons)
rm -rf android ios
# The 256 px size the Linux icon theme looks for (tauri writes it as 128x128@2x).
convert app-icon.png -resize 256x256 PNG32:256x256.png
