#!/usr/bin/env bash
# Draws assets/icon.png (256 px) and assets/icon.ico (16-256 px) with ImageMagick.
# The icon: an envelope on a blue tile with a green arrow stepping over ("overstap") a bar.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_packages "drawing the icon" imagemagick
convert -size 256x256 xc:none \
  -fill '#1f5fad' -draw 'roundrectangle 8,8 248,248 44,44' \
  -fill white -stroke none -draw 'roundrectangle 40,92 216,212 12,12' \
  -fill none -stroke '#1f5fad' -strokewidth 10 -draw 'line 46,100 128,160 line 128,160 210,100' \
  -stroke '#35c46a' -strokewidth 18 -fill none -draw 'stroke-linecap round line 60,76 65,68 line 65,68 71,60 line 71,60 79,54 line 79,54 88,49 line 88,49 98,44 line 98,44 110,42 line 110,42 122,40 line 122,40 134,40 line 134,40 146,42 line 146,42 158,44 line 158,44 168,49 line 168,49 177,54 line 177,54 185,60 line 185,60 191,68' \
  -fill '#35c46a' -stroke none -draw 'polygon 222,88 172,80 206,40' \
  assets/icon.png
convert assets/icon.png -define icon:auto-resize=256,128,64,48,32,16 assets/icon.ico
echo "wrote assets/icon.png and assets/icon.ico"
