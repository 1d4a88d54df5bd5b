#!/usr/bin/env bash
# Cross-builds overstap.exe for 64-bit Windows on Debian 12:
#   scripts/windows-build.sh [PROFILE]     PROFILE: release (default, the artefact) or win-ci (fast, for CI)
# Prints the path of the .exe on the last line of stdout.
#
# Why Debian's Rust and not rustup's: the rustup toolchain on the build machines has no Windows
# target and cannot download one, while Debian's rustc-web ships the standard library *sources*, so
# std is compiled for the target here (-Zbuild-std; RUSTC_BOOTSTRAP allows that on a stable compiler).
#   rustc-web cargo-web rust-web-src    Rust 1.96 as /usr/bin/rustc and /usr/bin/cargo, std sources
#   gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64
#                                       linker, C compiler (ring), windres (icon, version, manifest)
# As root it installs what is missing; otherwise it names the packages and stops.
# Target folder: $WINDOWS_TARGET_DIR, default /var/tmp/overstap-win-target (kept apart from the Linux
# one: another compiler, and build-std rebuilds std per target folder). A warm folder is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-release}
source scripts/lib.sh
ensure_packages "the Windows build" rustc-web cargo-web rust-web-src \
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64

target=x86_64-pc-windows-gnu
target_dir=${WINDOWS_TARGET_DIR:-/var/tmp/overstap-win-target}
mkdir -p "$target_dir"
start=$(date +%s)
# Debian's binaries by full path: a rustup shim earlier in PATH must not answer instead.
env RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_DIR="$target_dir" \
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  /usr/bin/cargo build --locked --profile "$profile" --target "$target" --bin overstap \
    -Zbuild-std=std,panic_abort >&2
folder=$profile
[ "$profile" = dev ] && folder=debug
exe="$target_dir/$target/$folder/overstap.exe"
echo "Windows build ($profile) took $(( $(date +%s) - start )) s; $(du -h "$exe" | cut -f1) ($(stat -c %s "$exe") bytes)" >&2
echo "$exe"
