#!/usr/bin/env bash
# Writes the mtw-cli(1) man page from the binary's own help, so it never drifts from the commands:
# help2man turns `mtw-cli --help` into NAME, SYNOPSIS, DESCRIPTION and OPTIONS, and every command's
# help (`mtw-cli run --help`, `mtw-cli sweep plan --help`, ...) becomes a subsection of COMMANDS.
# packaging/mtw-cli.h2m adds the hand-written sections (examples, exit status, see also).
# Usage: gen-manpage.sh MTW_CLI VERSION OUTPUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=packaging/cli-help.sh
source "$here/cli-help.sh"
cli=$1
version=$2
output=$3

# Plain text to roff: backslashes and hyphens escaped, a leading . or ' kept as text.
roff() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\&&/"; }

# One entry of a help section as a tagged paragraph: the names in bold, the type as printed.
entries_to_roff() {
    local spec description names rest
    while IFS=$'\t' read -r spec description; do
        [ "$spec" = "-h,--help" ] && continue # every command has it; said once in OPTIONS
        names=${spec%% *}
        rest=${spec#"$names"}
        printf '.TP\n\\fB%s\\fR%s\n%s\n' "$(roff <<<"$names")" "$(roff <<<"$rest")" "$(roff <<<"$description")"
    done
}

commands=$(mktemp)
trap 'rm -f "$commands"' EXIT
{
    echo "[COMMANDS]"
    printf '%s\n' "Each command's own options; \\fBmtw\\-cli\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR prints the same."
    cli_command_paths "$cli" | while read -r path; do
        # shellcheck disable=SC2086 # the path is words on purpose
        help=$("$cli" $path --help)
        usage=$(sed -n 's/^Usage: [^ ]* //p' <<<"$help")
        printf '.SS "%s"\n' "$(roff <<<"mtw-cli $usage")"
        head -n 1 <<<"$help" | roff
        for section in Positionals: Options: Subcommands:; do
            entries_to_roff < <(cli_entries "$section" <<<"$help")
        done
    done
} >"$commands"

help2man --no-info --version-string="$version" \
    --name="run MTL Workbench multi-task learning experiments headless" \
    --include="$here/mtw-cli.h2m" --include="$commands" --output="$output" "$cli"
