#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan; tests/fuzz/README.md) and
# runs each for SECONDS on a copy of its seed corpus, one after the other.
#   scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]     (default: all five targets)
# Prints each target's executions (libFuzzer's final stats). A finding (crash, sanitizer report,
# unexpected exception, leak, timeout, out-of-memory) fails the script, naming the target and the
# saved input under BUILD_DIR/fuzz-findings/; the other targets still run first.
# The repository is never written: libFuzzer adds the inputs it finds to a temporary copy of the
# corpus, removed at the end (tests/fuzz/README.md says which of them to keep).
# JOBS (default: nproc) sets the build's parallelism; the runs are single processes. FUZZ_RUNS=N
# also stops each target after N executions (the 10^6-execution runs of tests/fuzz/README.md).
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
    exit 2
fi
build_dir=$1
seconds=$2
shift 2
source_dir=$(cd "$(dirname "$0")/.." && pwd)
all_targets=(fuzz_experiment fuzz_csv fuzz_idx fuzz_checkpoint fuzz_run_store)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

# Per target: its corpus folder, its dictionary (or none) and the longest input, a little above
# the largest seed (libFuzzer cuts longer seeds, and every extra byte slows the search).
corpus_of() { case $1 in fuzz_run_store) echo run_store ;; *) echo "${1#fuzz_}" ;; esac; }
dict_of() {
    case $1 in
        fuzz_experiment) echo experiment.dict ;;
        fuzz_checkpoint) echo checkpoint.dict ;;
        fuzz_run_store) echo run_store.dict ;;
    esac
}
max_len_of() {
    case $1 in
        fuzz_experiment) echo 8192 ;;
        fuzz_csv) echo 4096 ;;
        fuzz_idx) echo 4096 ;;
        fuzz_checkpoint) echo 20000 ;;
        fuzz_run_store) echo 24576 ;;
    esac
}

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake --preset fuzz -B "$build_dir" >/dev/null
fi
cmake --build "$build_dir" -j "${JOBS:-$(nproc)}" --target "${targets[@]}"

work=$(mktemp -d "${TMPDIR:-/tmp}/mtw-fuzz-run-XXXXXX")
trap 'rm -rf "$work"' EXIT
findings_dir=$(cd "$build_dir" && pwd)/fuzz-findings
mkdir -p "$findings_dir"
# UBSan halts at its first report already (-fno-sanitize-recover); the stack says where. Leaks are
# checked by libFuzzer itself (-detect_leaks, on by default), which names the leaking input.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

failed=()
for target in "${targets[@]}"; do
    kind=$(corpus_of "$target")
    mkdir -p "$work/$target/corpus" "$work/$target/tmp"
    cp -R "$source_dir/tests/fuzz/corpus/$kind/." "$work/$target/corpus/"
    args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len_of "$target")"
        -print_final_stats=1 -artifact_prefix="$findings_dir/$target-")
    [ -z "${FUZZ_RUNS:-}" ] || args+=(-runs="$FUZZ_RUNS")
    dict=$(dict_of "$target")
    [ -z "$dict" ] || args+=(-dict="$source_dir/tests/fuzz/dict/$dict")
    log=$work/$target.log
    status=0
    # The targets' scratch files go under the working folder (fuzz_support.h reads TMPDIR).
    TMPDIR=$work/$target/tmp "$build_dir/tests/fuzz/targets/$target" "${args[@]}" "$work/$target/corpus" >"$log" 2>&1 || status=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    corpus_size=$(ls "$work/$target/corpus" | wc -l)
    if [ "$status" -eq 0 ]; then
        printf '%-16s %12s executions in %ss max, corpus %s inputs: no finding\n' "$target" "${executions:-?}" "$seconds" "$corpus_size"
        continue
    fi
    input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    cp "$log" "$findings_dir/$target.log"
    printf '%-16s FINDING after %s executions (exit %s): input %s, log %s\n' "$target" "${executions:-?}" "$status" \
        "${input:-(none saved)}" "$findings_dir/$target.log"
    grep -m 1 -E '^==[0-9]+==ERROR|^==fuzz==|runtime error|ERROR: libFuzzer' "$log" | sed 's/^/    /' || true
    failed+=("$target")
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: findings in ${failed[*]} (inputs and logs under $findings_dir; reproduce with" \
         "$build_dir/tests/fuzz/targets/<target> <input>)" >&2
    exit 1
fi
