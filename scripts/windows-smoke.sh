#!/usr/bin/env bash
# Runs the Windows executable under wine on Debian 12 and checks it the way an admin would meet it:
#   scripts/windows-smoke.sh [overstap.exe] [linux-overstap]
# Without an .exe it cross-builds one (scripts/windows-build.sh win-ci). Steps:
#   1. the resource section: icon, version info, manifest, GUI subsystem (scripts/pe-resources.py)
#   2. `overstap.exe --version` prints the version from Cargo.toml
#   3. `scan --root <fixture> --json` of the synergy-globe and plumbing fixtures (SCAN_FIXTURES),
#      when `--help` lists `scan`, compared with the Linux binary's
#   3b. `relay run --hold`: binds a loopback port, accepts one message (python3 smtplib) into its
#      durable queue, `relay status` shows it, and the relay is stopped (at most 90 s)
#   4. the window under Xvfb: first frame, screenshot, a real click on the role and on Next
#      (xdotool through wine's X11 driver), screenshot of the page reached, the app reports it.
# Logs and screenshots go to $CI_LOGS (default <Windows target folder>/ci-logs).
# SKIP_GUI=1 stops after step 3 (CI on a tight budget).
#
# Packages: wine64 (runs the .exe), wine (wineserver), xvfb xauth xdotool imagemagick (virtual display, clicks,
# screenshots), mesa-vulkan-drivers libgl1-mesa-dri (software Vulkan and OpenGL behind wine),
# gcc-mingw-w64-x86-64 (the test-only bcryptprimitives.dll below), python3. Installed when root.
#
# Why a stub DLL: Rust 1.96's std imports ProcessPrng from bcryptprimitives.dll, which wine 8 does
# not have. The stub exports ProcessPrng through RtlGenRandom (SystemFunction036). It is placed
# next to a copy of the .exe in the wine run folder only: a test shim, never shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/lib.sh
ensure_packages "the Windows smoke test" wine wine64 xvfb xauth xdotool imagemagick \
  mesa-vulkan-drivers libgl1-mesa-dri gcc-mingw-w64-x86-64 python3

exe=${1:-}
[ -n "$exe" ] || exe=$(./scripts/windows-build.sh win-ci | tail -1)
linux_bin=${2:-}
target_dir=${WINDOWS_TARGET_DIR:-/var/tmp/overstap-win-target}
logs=${CI_LOGS:-$target_dir/ci-logs}
run=$target_dir/wine-run
mkdir -p "$logs" "$run"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

echo "== 1. resources of $exe ($(stat -c %s "$exe") bytes)"
python3 scripts/pe-resources.py "$exe" "$version" | tee "$logs/resources.txt"

# The run folder: a copy of the .exe and the test-only stub DLL beside it.
cp "$exe" "$run/overstap.exe"
if [ ! -f "$run/bcryptprimitives.dll" ]; then
  cat > "$run/stub.c" <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
C
  printf 'LIBRARY bcryptprimitives\nEXPORTS\n  ProcessPrng\n' > "$run/stub.def"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$run/bcryptprimitives.dll" "$run/stub.c" "$run/stub.def" -ladvapi32
fi

export WINEPREFIX=$target_dir/wine-prefix WINEDEBUG=${WINEDEBUG:--all} WINEDLLOVERRIDES="mscoree,mshtml="
config=$(mktemp -d)
runtime=$(mktemp -d)
export OVERSTAP_CONFIG_DIR=$config XDG_RUNTIME_DIR=$runtime
# English, so the clicks below find the same layout every time.
echo '{"language":"en"}' > "$config/settings.json"
wine=/usr/lib/wine/wine64
xvfb=
cleanup() {
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  WINEPREFIX=$WINEPREFIX wineserver -k 2>/dev/null || true
  rm -rf "$config" "$runtime"
}
trap cleanup EXIT

echo "== 2. --version under wine"
start=$(date +%s)
got=$("$wine" "$run/overstap.exe" --version 2>"$logs/wine-version.err" | tr -d '\r')
echo "$got (wine start-up and run: $(( $(date +%s) - start )) s)"
[ "$got" = "overstap $version" ] || { echo "expected: overstap $version" >&2; exit 1; }

echo "== 3. scan"
help=$("$wine" "$run/overstap.exe" --help 2>/dev/null | tr -d '\r')
linux_help=$([ -n "$linux_bin" ] && "$linux_bin" --help || true)
if ! grep -qE '^\s+overstap scan' <<<"$help"; then
  echo "skipped: this build has no scan subcommand yet"
fi
# Exit code 1 means "Exchange Online basic auth found", which these fixtures have on purpose.
for name in ${SCAN_FIXTURES:-synergy-globe plumbing}; do
  grep -qE '^\s+overstap scan' <<<"$help" || break
  fixture=$(realpath "$root/tests/fixtures/servers/$name")
  # Wine maps the Linux root to drive Z:, so no winepath is needed for an absolute path.
  win_fixture="Z:${fixture//\//\\}"
  set +e
  "$wine" "$run/overstap.exe" scan --root "$win_fixture" --json 2>"$logs/scan-wine-$name.err" | tr -d '\r' > "$logs/scan-wine-$name.json"
  wine_code=${PIPESTATUS[0]}
  set -e
  echo "scan of $name under wine: exit $wine_code, $(wc -c < "$logs/scan-wine-$name.json") bytes of JSON"
  [ "$wine_code" -le 1 ] || { echo "scan under wine failed:"; cat "$logs/scan-wine-$name.err"; exit 1; }
  if [ -z "$linux_bin" ]; then
    echo "no Linux binary given: scan output not compared"
    continue
  fi
  grep -qE '^\s+overstap scan' <<<"$linux_help" || {
    echo "the Linux binary has no scan subcommand: scan output not compared" >&2
    exit 1
  }
  set +e
  "$linux_bin" scan --root "$fixture" --json > "$logs/scan-linux-$name.json"
  linux_code=$?
  set -e
  [ "$linux_code" = "$wine_code" ] || { echo "exit codes differ: wine $wine_code, Linux $linux_code"; exit 1; }
  # The same findings, once the Windows paths (Z:\...\x) are written the Linux way (/.../x).
  python3 - "$logs/scan-wine-$name.json" "$logs/scan-linux-$name.json" "$win_fixture" "$fixture" <<'PY'
import json, sys
wine, linux, win_root, root = sys.argv[1:5]
def norm(value):
    if isinstance(value, str):
        return value.replace(win_root, root).replace("\\", "/") if value.startswith(win_root) else value
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    return value
a, b = norm(json.load(open(wine))), json.load(open(linux))
if a != b:
    for key in ("installed", "findings", "errors"):
        if a.get(key) != b.get(key):
            print(f"{key} differ:\n  wine:  {a.get(key)}\n  linux: {b.get(key)}", file=sys.stderr)
    sys.exit("scan output differs between Windows (wine) and Linux")
print("scan output: Windows and Linux agree")
PY
done

echo "== 3b. the relay under wine: binds, accepts one message into the queue, stops"
relay_dir=$(mktemp -d)
cat > "$relay_dir/relay.toml" <<'TOML'
listen = "127.0.0.1"
port = 0
tenant_id = "8f7e6d5c-4b3a-2918-0716-253443526170"
client_id = "1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0"
mailbox = "scanner@contoso.nl"
hold = true
TOML
win_relay_dir="Z:${relay_dir//\//\\}"
# --hold: accept only; no token is needed and nothing leaves this machine.
timeout 90 "$wine" "$run/overstap.exe" relay run --dir "$win_relay_dir" \
  >"$logs/wine-relay.txt" 2>"$logs/wine-relay.err" &
relay_pid=$!
relay_port=
for _ in $(seq 600); do
  relay_port=$(tr -d '\r' < "$logs/wine-relay.txt" | sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -1)
  [ -n "$relay_port" ] && break
  kill -0 "$relay_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$relay_port" ] || { echo "the relay did not start under wine:"; cat "$logs/wine-relay.err"; exit 1; }
python3 - "$relay_port" <<'PY'
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30) as smtp:
    refused = smtp.sendmail(
        "scanner@contoso.nl", ["archief@contoso.nl"],
        b"From: scanner@contoso.nl\r\nTo: archief@contoso.nl\r\nSubject: Wine relay smoke\r\n\r\nHallo / Hello\r\n",
    )
    assert not refused, refused
print("the relay under wine accepted the message")
PY
queued=$(find "$relay_dir/queue" -name '*.msg' | wc -l)
[ "$queued" = 1 ] || { echo "expected 1 message in the relay's queue, found $queued" >&2; exit 1; }
grep -q "Subject: Wine relay smoke" "$relay_dir"/queue/*.msg || { echo "the queued message is not whole" >&2; exit 1; }
"$wine" "$run/overstap.exe" relay status --dir "$win_relay_dir" 2>/dev/null | tr -d '\r' | tee "$logs/wine-relay-status.txt"
grep -q "waiting: 1" "$logs/wine-relay-status.txt" || { echo "relay status does not show the message" >&2; exit 1; }
kill "$relay_pid" 2>/dev/null || true
wait "$relay_pid" 2>/dev/null || true
wineserver -k 2>/dev/null || true
wineserver -w 2>/dev/null || true
rm -rf "$relay_dir"
echo "relay under wine: listened on port $relay_port, queued 1 message, stopped"

[ "${SKIP_GUI:-0}" = 1 ] && { echo "GUI smoke skipped (SKIP_GUI=1)"; exit 0; }

echo "== 4. the window under Xvfb"
# The wine session of the steps above has no display; a GUI started into it would hang.
wineserver -k 2>/dev/null || true
wineserver -w 2>/dev/null || true
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY=$display

# wgpu's DX12 path fails in wine's vkd3d, so under wine wgpu is pointed at Vulkan (lavapipe via
# winevulkan); on real Windows the default order (DX12 incl. WARP, then OpenGL) applies.
for renderer in glow wgpu; do
  start=$(date +%s%N)
  # To files, not a pipe: a wineserver started here would hold a pipe open after the app exits.
  OVERSTAP_RENDERER=$renderer WGPU_BACKEND=vulkan timeout 120 "$wine" "$run/overstap.exe" --smoke \
    >"$logs/wine-smoke-$renderer.txt" 2>"$logs/wine-smoke-$renderer.err" || true
  tr -d '\r' < "$logs/wine-smoke-$renderer.txt"
  grep -q "window opened and closed with" "$logs/wine-smoke-$renderer.txt" || {
    echo "the $renderer window did not open and close; see $logs/wine-smoke-$renderer.err" >&2
    exit 1
  }
  echo "  ($renderer: $(( ($(date +%s%N) - start) / 1000000 )) ms including wine start-up)"
  wineserver -k 2>/dev/null || true
  wineserver -w 2>/dev/null || true
done

# One run that stays open until the Scan page is shown, driven by real clicks.
OVERSTAP_RENDERER=glow OVERSTAP_SMOKE_WAIT_FOR=scan timeout 150 "$wine" "$run/overstap.exe" --smoke \
  >"$logs/wine-click.txt" 2>"$logs/wine-click.err" &
app=$!
window=
for _ in $(seq 600); do
  window=$(xdotool search --onlyvisible --name '^Overstap$' 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  sleep 0.1
done
[ -n "$window" ] || { echo "no window appeared" >&2; exit 1; }
# The first frame: the window stops being one flat colour.
for _ in $(seq 300); do
  import -window "$window" "$logs/wine-welcome.png" 2>/dev/null || true
  colours=$(convert "$logs/wine-welcome.png" -format '%k' info: 2>/dev/null || echo 0)
  [ "$colours" -gt 50 ] && break
  sleep 0.1
done
sleep 1
import -window "$window" "$logs/wine-welcome.png"
echo "first frame: $logs/wine-welcome.png ($colours colours)"
# Positions in the 1120x780 window, English layout: the "I manage this server" radio, then Next.
# The radio row sits near y=429 (wine's fonts); a text above it that grows or shrinks by a line
# moves it, so the clicks sweep 40 px around it. Everything in that band is harmless to click
# (the "Your role" heading, the radio and its label, its hint), and any click on the row selects
# the role.
role_y=${ROLE_Y:-425}
for dy in -20 -12 -4 4 12 20; do
  xdotool mousemove --window "$window" "${ROLE_X:-90}" "$(( role_y + dy ))" click 1
  sleep 0.3
done
sleep 1
xdotool mousemove --window "$window" "${NEXT_X:-1085}" "${NEXT_Y:-753}" click 1
sleep 0.5
import -window "$window" "$logs/wine-after-click.png" 2>/dev/null || true
wait "$app" || true
tr -d '\r' < "$logs/wine-click.txt"
grep -q "page reached: scan" "$logs/wine-click.txt" || {
  echo "the click did not reach the Scan page; see $logs/wine-welcome.png and wine-after-click.png" >&2
  exit 1
}
echo "after the click: $logs/wine-after-click.png"
