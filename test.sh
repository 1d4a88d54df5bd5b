#!/usr/bin/env bash
# Every check the project has, in the order a failure is cheapest to see:
# formatting, lints, unit + GUI tests (egui_kittest), then the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh
cargo fmt --check
cargo clippy --all-targets -- -D warnings
# The printing tests need chromium and poppler-utils, installed above: here a missing one fails.
OVERSTAP_REQUIRE_TOOLS=1 cargo test
cargo build
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
./scripts/window-smoke.sh "$target/debug/overstap"
