#!/usr/bin/env bash
# The virtual X server the GUI suites share must not reset when its last client disconnects:
# with the default (reset), a suite that connects while the server regenerates fails with "could
# not connect to display" (seen in CI: tst_view_charts, 0.08 s). Checks the running Xvfb's command
# line for -noreset. Skips (77) on a real display or without Xvfb.
set -euo pipefail
display=${DISPLAY:-}
[[ "$display" =~ ^:([0-9]+) ]] || { echo "no local DISPLAY: skipped"; exit 77; }
lock=/tmp/.X${BASH_REMATCH[1]}-lock
[ -r "$lock" ] || { echo "no $lock: skipped"; exit 77; }
pid=$(tr -d ' \n' < "$lock")
[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = Xvfb ] || { echo "display $display is not Xvfb: skipped"; exit 77; }
args=$(tr '\0' ' ' < "/proc/$pid/cmdline")
if [[ " $args " != *" -noreset "* ]]; then
    echo "Xvfb on $display runs without -noreset ($args): GUI suites can hit its reset" >&2
    exit 1
fi
echo "Xvfb on $display: $args"
