#!/usr/bin/env bash
# Installs crbench's Debian 12 build and test dependencies. Idempotent: checks with
# dpkg-query first and touches apt only when something is missing.
#
# Usage: scripts/setup.sh [EXTRA_PACKAGE...]   (e.g. scripts/setup.sh chromium)
# Runs as root; otherwise uses sudo when available.
set -euo pipefail

packages=(
  build-essential cmake g++ ninja-build
  libeigen3-dev libtbb-dev libboost-dev libboost-program-options-dev libfccp-dev
  libgtest-dev libbenchmark-dev liblbfgspp-dev
  python3 python3-matplotlib python3-pandas chromium
  clang-format ccache
  clang libclang-rt-14-dev  # scripts/fuzz.sh: clang and libFuzzer (Debian 12's clang 14)
  "$@"
)

# A package counts as present only when dpkg reports it fully installed.
missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "${package}" 2>/dev/null || true)"
  if [[ "${status}" != "installed" ]]; then
    missing+=("${package}")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup.sh: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup.sh: installing missing packages: ${missing[*]}"
if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup.sh: error: not root and sudo is not available; install as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup.sh: done"
