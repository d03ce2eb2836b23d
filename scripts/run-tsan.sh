#!/usr/bin/env bash
# Runs the named suites of a ThreadSanitizer build (make tsan-core) through ctest. Any report fails
# the suite (halt_on_error, exit code 66). tests/tsan.supp names the few reports that come from
# uninstrumented libraries, each with the reason; none may name the project's own code.
#   scripts/run-tsan.sh BUILD_DIR SUITE...
set -euo pipefail
build_dir=$1
shift
source_dir=$(cd "$(dirname "$0")/.." && pwd)
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$source_dir/tests/tsan.supp"
export QT_QPA_PLATFORM=offscreen
regex="^($(IFS='|'; echo "$*"))\$"
cd "$build_dir"
exec ctest --output-on-failure -j "${CTEST_JOBS:-2}" -R "$regex"
