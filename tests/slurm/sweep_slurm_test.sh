#!/usr/bin/env bash
# A sweep on a real one-node Slurm cluster (issue 13), brought up from Debian's packages by
# scripts/slurm-local-up.sh: 8 toy runs submitted as a job array with `mtw-cli sweep submit`, one
# made to fail on purpose (a file stands where its run directory goes), `sweep status` reporting 7
# completed and 1 failed with the reason, the cause removed, only that index resubmitted with
# --resubmit-failed, and the summary of the 8 completed runs equal to the same sweep run locally.
# Exits 77 (ctest: skipped, with the reason printed) where the cluster cannot be started: not root,
# or the Slurm packages missing.
# Usage: sweep_slurm_test.sh MTW_CLI SCRIPTS_DIR
set -euo pipefail

CLI="$1"
SCRIPTS="$2"
WORK="$(mktemp -d /tmp/mtw-sweep-slurm.XXXXXX)"
chmod 0755 "$WORK" # munged wants every folder above its socket searchable by all
export SLURM_LOCAL_DIR="$WORK/cluster"
# Ports of our own, so a real cluster on this machine is never touched: the first free pair from
# 16817 (a cluster left by a killed run of this test keeps its pair).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for base in $(seq 16817 2 16857); do
    if port_free "$base" && port_free $((base + 1)); then
        export SLURM_LOCAL_CTLD_PORT="$base" SLURM_LOCAL_SLURMD_PORT=$((base + 1))
        break
    fi
done

fail() {
    echo "FAIL: $*"
    for log in "$SLURM_LOCAL_DIR"/log/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }; done
    exit 1
}

set +e
exports="$("$SCRIPTS/slurm-local-up.sh")"
code=$?
set -e
if [ "$code" -eq 77 ]; then
    echo "SKIPPED: no one-node Slurm cluster can be started here (see the message above)"
    rm -rf "$WORK"
    exit 77
fi
[ "$code" -eq 0 ] || { rm -rf "$WORK"; echo "FAIL: scripts/slurm-local-up.sh exited $code"; exit 1; }
eval "$exports"
trap '"$SCRIPTS/slurm-local-down.sh" "$SLURM_LOCAL_DIR" >/dev/null 2>&1; rm -rf "$WORK"' EXIT

cat > "$WORK/sweep.json" <<'EOF'
{
  "name": "slurm-grid",
  "problem": { "type": "cagrad_toy" },
  "method": { "name": "ew" },
  "optimizer": { "type": "adam", "lr": 0.01 },
  "training": { "steps": 300, "threads": 1 },
  "evaluation": { "every": 100 },
  "diagnostics": { "record_every": 10, "matrix_every": 50 },
  "sweep": { "axes": [
    { "key": "method.name", "values": ["ew", "mgda"] },
    { "key": "optimizer.lr", "values": [0.01, 0.001] },
    { "seeds": 2 } ] }
}
EOF
DIR="$WORK/sweep"
"$CLI" sweep plan "$WORK/sweep.json" | grep -Eq '^5 +mgda-lr0.01-s1 ' || fail "combination 5 is not mgda-lr0.01-s1"

# The directory is claimed first, then a file is put where combination 5's run directory goes.
"$CLI" sweep submit "$WORK/sweep.json" --out "$DIR" --slurm --no-submit >/dev/null
touch "$DIR/mgda-lr0.01-s1"

wait_for_job() { # job id
    local deadline=$(( $(date +%s) + 180 ))
    while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "job $1 did not end within 180 s: $(squeue -j "$1")"
        sleep 0.5
    done
}
job_of() { sed -n 's/^submitted: job \([0-9]*\),.*/\1/p'; }

submitted="$("$CLI" sweep submit "$WORK/sweep.json" --out "$DIR" --slurm --cpus-per-task 1)"
echo "$submitted"
job="$(echo "$submitted" | job_of)"
[ -n "$job" ] || fail "no job id in: $submitted"
echo "$submitted" | grep -q "8 array task(s) (0-7)" || fail "the array is not 0-7"
wait_for_job "$job"

set +e
status="$("$CLI" sweep status "$DIR")"
code=$?
set -e
echo "$status"
[ "$code" -eq 1 ] || fail "sweep status exited $code with a failed run (expected 1)"
echo "$status" | grep -q "^total: 7 completed, 1 failed$" || fail "expected 7 completed and 1 failed"
echo "$status" | grep -Eq "^5 +mgda-lr0.01-s1 +failed +.*exists and is not a directory" || fail "index 5 does not say why it failed"

rm "$DIR/mgda-lr0.01-s1"
resubmitted="$("$CLI" sweep submit "$DIR" --slurm --resubmit-failed)"
echo "$resubmitted"
echo "$resubmitted" | grep -q "1 array task(s) (5)" || fail "the resubmission is not index 5 alone"
wait_for_job "$(echo "$resubmitted" | job_of)"
status="$("$CLI" sweep status "$DIR")" || fail "sweep status fails after the resubmission: $status"
echo "$status" | grep -q "^total: 8 completed$" || fail "expected 8 completed: $status"
[ "$(wc -l < "$DIR/slurm/jobs.json")" -gt 1 ] || fail "no record of the submissions"

# The same sweep on this machine gives the same results (the seconds column aside).
"$CLI" sweep run "$WORK/sweep.json" --out "$WORK/local" --jobs 2 --quiet || fail "the local sweep failed"
"$CLI" sweep summarize "$DIR" >/dev/null
"$CLI" sweep summarize "$WORK/local" >/dev/null
without_seconds() { cut -d, -f1-5,7- "$1"; }
diff <(without_seconds "$DIR/summary.csv") <(without_seconds "$WORK/local/summary.csv") \
    || fail "the Slurm sweep's summary differs from the local one"
[ "$(grep -c ',completed,' "$DIR/summary.csv")" -eq 8 ] || fail "the summary does not hold 8 completed runs"
echo "PASS: 8 runs on Slurm (one failed on purpose, resubmitted alone), the same results as the local sweep"
