#!/usr/bin/env bash
# Wall time of a 16-run local sweep with --jobs 1 and --jobs 2 (and --jobs N given as $2), in
# alternating rounds (A B A B ...) so machine load hits both alike; prints the medians and their
# ratio. Each run is a 2-task synthetic-family MLP on 1 thread (about 0.5 s here), so the ratio
# shows what running runs side by side buys over one at a time, process starts included.
# Usage: bench/sweep_jobs.sh MTW_CLI [MAX_JOBS=2] [ROUNDS=3]
set -euo pipefail
CLI="$1"
MAX_JOBS="${2:-2}"
ROUNDS="${3:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/sweep.json" <<'EOF'
{
  "name": "jobs-bench",
  "problem": { "type": "synthetic_family", "params": { "tasks": 2, "samples": 2000 } },
  "model": { "architecture": "mlp", "trunk": [64, 64] },
  "method": { "name": "ew" },
  "optimizer": { "type": "adam", "lr": 0.001 },
  "training": { "steps": 400, "batch_size": 128, "threads": 1 },
  "evaluation": { "every": 100 },
  "diagnostics": { "record_every": 5, "matrix_every": 50 },
  "sweep": { "axes": [ { "key": "method.name", "values": ["ew", "mgda", "cagrad", "upgrad"] }, { "seeds": 4 } ] }
}
EOF
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A times
for round in $(seq "$ROUNDS"); do
    for jobs in $(seq "$MAX_JOBS"); do
        out="$WORK/r$round-j$jobs"
        start=$(date +%s.%N)
        "$CLI" sweep run "$WORK/sweep.json" --out "$out" --jobs "$jobs" --threads 1 --quiet
        end=$(date +%s.%N)
        times[$jobs]+="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') "
        rm -rf "$out"
    done
done
base=$(echo "${times[1]}" | tr ' ' '\n' | grep . | median)
echo "16 runs, $ROUNDS rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for jobs in $(seq "$MAX_JOBS"); do
    m=$(echo "${times[$jobs]}" | tr ' ' '\n' | grep . | median)
    printf "  --jobs %-3s median %6.2f s  (%s)  ratio to --jobs 1: %.2f\n" "$jobs" "$m" "${times[$jobs]% }" "$(awk -v a="$m" -v b="$base" 'BEGIN { print a / b }')"
done
