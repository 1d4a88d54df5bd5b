# Sourced by the scripts: one way to install Debian packages and one clear message for a missing
# command. Every external command a script calls must come from a package that the script (or a
# script it runs first) installs with `ensure_packages`; scripts/commands.tsv says which package
# provides which command, and the test `scripts_guard` (part of `cargo test`) checks both.

# The caller's stderr, kept on fd 9 so that the message below is seen even when the failing
# command's own stderr goes to /dev/null.
exec 9>&2

# Bash calls this instead of printing "command not found"; under `set -e` inside `$(...)` that
# message is often swallowed and the script just ends. Name the command and its package instead.
command_not_found_handle() {
  local table package
  table="$(dirname "${BASH_SOURCE[0]}")/commands.tsv"
  package=$(awk -v c="$1" '$1 == c { print $2 }' "$table" 2>/dev/null | head -1)
  echo "${0##*/}: the command '$1' is not installed${package:+ (Debian package: $package)}." >&9
  echo "  Every script installs what it calls; add the package to its ensure_packages line." >&9
  return 127
}

# ensure_packages PURPOSE PACKAGE...: installs what is missing when root, otherwise names the
# packages and stops.
ensure_packages() {
  local purpose=$1
  shift
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages for $purpose: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing for $purpose: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has no package lists yet; a stale one may name versions that are gone.
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
