#!/usr/bin/env bash
# Installs the Debian packages the tests need beyond Rust itself (none are needed to build):
#   xvfb, xauth          a virtual X display for the window smoke test and screenshots
#   mesa-vulkan-drivers  software Vulkan (lavapipe) for eframe's wgpu renderer under Xvfb
#   libgl1-mesa-dri      software OpenGL (llvmpipe) for the glow fallback
#   libegl1              EGL loader used by the OpenGL fallback
#   libxkbcommon-x11-0   keyboard handling that winit loads at run time on X11
#   libwayland-client0   loaded by winit on Wayland desktops
#   imagemagick          `import` takes screenshots of the virtual display
#   dovecot-*            a real IMAP + submission server for the XOAUTH2 end-to-end test
# As root it installs what is missing; otherwise it names the packages and stops.
set -euo pipefail
packages=(xvfb xauth mesa-vulkan-drivers libgl1-mesa-dri libegl1 libxkbcommon-x11-0 libwayland-client0 imagemagick
          dovecot-core dovecot-imapd dovecot-submissiond dovecot-lmtpd)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing packages for the tests: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
