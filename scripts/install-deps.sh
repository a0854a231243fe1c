#!/usr/bin/env bash
# Installs the Debian packages aicc needs to build and test, on Debian 12.
# Run as root. Idempotent: when everything is installed it only checks and
# exits; `apt-get update` runs only when something is missing.
#
# Usage: sudo scripts/install-deps.sh   (then scripts/make-venv.sh as any user)
set -euo pipefail

PACKAGES=(
  # build
  cmake ninja-build ccache g++ make git
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  libprotobuf-dev protobuf-compiler libonnx-dev libgtest-dev
  # tests, model export, benchmarks
  libonnx-testdata
  python3 python3-venv python3-pip
  python3-numpy python3-torch python3-torchvision python3-sklearn
  # -target=fixed: simulate (aicc-run DIR, make test) and synthesize the RTL
  verilator yosys
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  # dpkg-query prints the status only for a known package; "install ok
  # installed" is the one state that means it is really there.
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

if [[ $EUID -ne 0 ]]; then
  echo "install-deps: error: missing ${missing[*]}; run this script as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# With Recommends, as on the machines this was tested on.
apt-get install -y -q "${missing[@]}"
echo "install-deps: done"
