#!/usr/bin/env bash
# Installs the Debian 12 packages MTL Workbench needs to build, test and run, if any is missing.
# Runs apt-get as root, or through sudo for a user with sudo rights. Safe to run repeatedly.
# --with-peer adds what `make bench-compare` needs for its PyTorch side (bench/peer/): Debian's
# PyTorch and the OpenMP build of OpenBLAS, which bench-compare loads for it (without an OpenBLAS,
# PyTorch calls the reference BLAS, over 10x slower here), and SciPy, whose minimize solves CAGrad's
# weights there as LibMTL does. Nothing else needs them; `make test` never asks.
# --with-package adds what `make package` and scripts/package-test.sh need (packaging/README.md):
# dpkg-shlibdeps and file for CPack's dependency scan, help2man for the man page, rsvg-convert for
# the icon sizes, the checkers lintian, desktop-file-validate and appstreamcli, and bash-completion
# to try the generated completion.
# --with-format adds clang-format for scripts/format-check.sh (CI checks the changed files).
# --with-fuzz adds what `make fuzz` needs (tests/fuzz/README.md): clang and libFuzzer with the
# sanitizer runtimes for clang 14, Debian 12's clang.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config ccache
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev
    qt6-datavisualization-dev qt6-declarative-dev qt6-svg-dev qt6-qpa-plugins
    libeigen3-dev libtbb-dev nlohmann-json3-dev libcli11-dev libxkbcommon-dev libsqlite3-dev sqlite3 zlib1g-dev
    libbenchmark-dev
    xvfb xauth libgl1-mesa-dri mesa-utils fonts-dejavu-core poppler-utils
    dataset-fashion-mnist
    slurmctld slurmd slurm-client munge # the one-node cluster of the sweep tests (scripts/slurm-local-up.sh)
)
for option in "$@"; do
    case "$option" in
        --with-peer) packages+=(python3-torch libopenblas0-openmp python3-scipy) ;;
        --with-package) packages+=(dpkg-dev file help2man librsvg2-bin lintian desktop-file-utils appstream bash-completion) ;;
        --with-format) packages+=(clang-format) ;;
        --with-fuzz) packages+=(clang libclang-rt-14-dev) ;;
        *) echo "usage: $0 [--with-peer] [--with-package] [--with-format] [--with-fuzz]" >&2; exit 2 ;;
    esac
done

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
else
    echo "error: these packages are missing and neither root nor sudo is available: ${missing[*]}" >&2
    exit 1
fi
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}"
