#!/usr/bin/env bash
# Runs the whole test suite through ctest under a virtual X server (the 3-D view needs OpenGL,
# which the offscreen platform lacks). -noreset: by default the server regenerates when its last
# client disconnects, and a suite connecting at that moment fails ("could not connect to display").
set -euo pipefail
build_dir=${1:-build/release}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
chmod 700 "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=xcb
cd "$build_dir"
exec xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" ctest --output-on-failure -j "${CTEST_JOBS:-2}"
