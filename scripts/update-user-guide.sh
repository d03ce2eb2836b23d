#!/bin/sh
# Rewrites the generated reference of docs/user-guide.md (between its marker lines) from the code:
# experiment and sweep keys, problems, methods, training modes, exit codes (`mtw-cli reference`).
# Usage: scripts/update-user-guide.sh [BUILD_DIR]   (default build/ci; mtw-cli must be built there)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/ci}
cli="$build/src/cli/mtw-cli"
if [ ! -x "$cli" ]; then
    echo "update-user-guide: $cli not found: build it first (cmake --build $build --target mtw-cli)" >&2
    exit 2
fi
exec "$cli" reference --examples resources/examples --update docs/user-guide.md
