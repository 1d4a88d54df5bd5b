#!/usr/bin/env bash
# The benchmark program (docs/benchmarks.md): installs what it starts (a virtual X display,
# Mesa's software drivers for glow and wgpu, ripgrep for the scan comparison), then
#   cargo run --release --bin bench -- [--runs N] [--files N] [--idle S] [--quick] [--no-cargo-benches]
# and prints the table of ratios. Not part of ./test.sh: it takes several minutes and measures,
# it does not check.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_packages "the benchmark" xvfb mesa-vulkan-drivers libgl1-mesa-dri libegl1 \
  libxkbcommon-x11-0 ripgrep
cargo run --release --bin bench -- "$@"
