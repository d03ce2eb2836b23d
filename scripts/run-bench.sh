#!/usr/bin/env bash
# Runs every Google Benchmark executable of the build; figures are meant to be read as ratios
# (to EW, to the FLOP floor) measured in the same run.
set -euo pipefail
build_dir=${1:-build/release}
for bench in "$build_dir"/bench/bench_*; do
    [ -x "$bench" ] || continue
    echo "== $(basename "$bench")"
    "$bench" --benchmark_min_time=0.2 "${@:2}"
done
