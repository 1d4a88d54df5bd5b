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
#   openssl              a self-signed certificate for the relay's STARTTLS test
#   chromium             prints the HTML report to PDF headless, as a customer's browser would
#                        (the biggest package here: about 350 MB installed, ~20 s to install)
#   poppler-utils        pdftotext, pdftoppm and pdffonts read back every printed PDF
# As root it installs what is missing; otherwise it names the packages and stops.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_packages "the tests" xvfb xauth mesa-vulkan-drivers libgl1-mesa-dri libegl1 libxkbcommon-x11-0 \
  libwayland-client0 imagemagick dovecot-core dovecot-imapd dovecot-submissiond dovecot-lmtpd openssl \
  chromium poppler-utils
