#!/usr/bin/env bash
# Opens the real window under a virtual X display with each renderer, draws a few frames and
# closes it: proves the wizard starts on a machine without a GPU. Optionally saves a screenshot
# of the first page: scripts/window-smoke.sh path/to/binary [screenshot.png]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_packages "the window smoke test" xvfb xauth imagemagick mesa-vulkan-drivers libgl1-mesa-dri \
  libegl1 libxkbcommon-x11-0
bin=${1:?binary}
shot=${2:-}
display=:$((90 + RANDOM % 9))
runtime=$(mktemp -d)
config=$(mktemp -d)
Xvfb "$display" -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$runtime" "$config"' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY=$display XDG_RUNTIME_DIR=$runtime OVERSTAP_CONFIG_DIR=$config
for renderer in wgpu glow; do
  OVERSTAP_RENDERER=$renderer timeout 60 "$bin" --smoke
done
if [ -n "$shot" ]; then
  "$bin" &
  app=$!
  sleep "${SHOT_DELAY:-4}"
  import -window root -crop 1120x780+0+0 +repage "$shot"
  kill $app
  echo "screenshot: $shot"
fi
