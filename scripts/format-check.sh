#!/usr/bin/env bash
# The clang-format check of changed files (CI): every C++ file under src/, tests/ and bench/ added
# or changed after the commit in .ci/format-base (committed or not) must be as clang-format
# (.clang-format) writes it. Files untouched since then are left alone, so the tree converges on the format
# without one commit that rewrites (and rebuilds) everything. Lists each offending file with the
# command that fixes it; exit 1 if there is any.
#   scripts/format-check.sh [BASE]   (BASE defaults to .ci/format-base)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-$(tr -d ' \n' < .ci/format-base)}
if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
    echo "format-check: base commit $base is not in this clone (a shallow clone? fetch more history)" >&2
    exit 2
fi
# Changed since the base (committed or in the working tree), and new files not yet added.
paths=('src/*.h' 'src/*.cpp' 'tests/*.h' 'tests/*.cpp' 'bench/*.h' 'bench/*.cpp')
mapfile -t files < <({ git diff --name-only --diff-filter=AMR "$base" -- "${paths[@]}";
    git ls-files --others --exclude-standard -- "${paths[@]}"; } | sort -u)
offending=()
for file in "${files[@]}"; do
    if ! clang-format --dry-run -Werror "$file" >/dev/null 2>&1; then
        offending+=("$file")
    fi
done
echo "format-check: ${#files[@]} C++ files changed since ${base:0:12}, ${#offending[@]} not clang-formatted"
if [ ${#offending[@]} -gt 0 ]; then
    printf '  %s\n' "${offending[@]}" >&2
    echo "fix with: clang-format -i ${offending[*]}" >&2
    exit 1
fi
