#!/usr/bin/env bash
# Opens the workbench on the built-in demo (the CAGrad/Nash-MTL toy). Without a display it runs
# the same demo headless and writes every figure and its data into the output folder.
set -euo pipefail
build_dir=${1:-build/release}
out_dir=${2:-demo-output}
app="$build_dir/src/app/mtw"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
chmod 700 "$XDG_RUNTIME_DIR"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    echo "Opening MTL Workbench on the built-in demo..."
    exec "$app" --demo
fi
echo "No display found: running the demo headless; figures and data go to '$out_dir'."
QT_QPA_PLATFORM=offscreen exec "$app" --demo --headless --out "$out_dir"
