#!/usr/bin/env bash
# Writes the bash completion of mtw-cli from the binary's own help, so it completes exactly the
# commands and options the binary accepts: every command path ("sweep plan"), its options, and for
# an option's value the choices CLI11 lists (TEXT:{nash,cagrad}), file names for TEXT values and
# positionals (experiment files, run directories; bash's usual default), nothing for numbers.
# Usage: gen-bash-completion.sh MTW_CLI OUTPUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=packaging/cli-help.sh
source "$here/cli-help.sh"
cli=$1
output=$2

subcommands=() options=() file_options=() other_options=() choices=()
# One command path's tables, keyed "mtw-cli" for the top level and "mtw-cli sweep plan" below it.
add_command() {
    local key="mtw-cli${1:+ $1}" help spec names rest type name_list
    # shellcheck disable=SC2086 # the path is words on purpose
    help=$("$cli" $1 --help)
    subcommands+=("[\"$key\"]=\"$(cli_entries Subcommands: <<<"$help" | cut -f1 | xargs)\"")
    local all=() files=() others=()
    while IFS=$'\t' read -r spec _; do
        names=${spec%% *} # "-h,--help"
        rest=${spec#"$names"}
        IFS=, read -ra name_list <<<"$names"
        all+=("${name_list[@]}")
        type=$(awk '{ print $1 }' <<<"$rest")
        [[ $type =~ ^[A-Z]+(:|$) && $type != REQUIRED ]] || continue # a flag
        if [[ $type =~ :\{(.*)\}$ ]]; then
            for name in "${name_list[@]}"; do choices+=("[\"$key $name\"]=\"${BASH_REMATCH[1]//,/ }\""); done
        elif [[ $type == TEXT* ]]; then
            files+=("${name_list[@]}")
        else
            others+=("${name_list[@]}")
        fi
    done < <(cli_entries Options: <<<"$help")
    options+=("[\"$key\"]=\"${all[*]}\"")
    file_options+=("[\"$key\"]=\"${files[*]}\"")
    other_options+=("[\"$key\"]=\"${others[*]}\"")
}
add_command ""
while read -r path; do add_command "$path"; done < <(cli_command_paths "$cli")

table() { printf '    local -A %s=(\n' "$1"; shift; printf '        %s\n' "$@"; printf '    )\n'; }
{
    echo "# bash completion for mtw-cli. Generated from \`mtw-cli --help\` and every command's help by"
    echo "# packaging/gen-bash-completion.sh at build time; do not edit."
    echo "_mtw_cli() {"
    echo "    local cur prev words cword"
    echo "    _init_completion -s || return"
    echo
    echo "    # Per command path: subcommands, options, options taking a file name, options taking"
    echo "    # another value (nothing to complete), and the choices of \"PATH OPTION\"."
    table subcommands "${subcommands[@]}"
    table options "${options[@]}"
    table file_options "${file_options[@]}"
    table other_options "${other_options[@]}"
    if [ ${#choices[@]} -gt 0 ]; then table choices "${choices[@]}"; else echo "    local -A choices=()"; fi
    cat <<'BODY'

    # The command path: subcommand words in order, up to the first command without subcommands.
    local path=mtw-cli i
    for ((i = 1; i < cword; ++i)); do
        [[ " ${subcommands[$path]} " == *" ${words[i]} "* ]] && path="$path ${words[i]}"
    done

    if [[ -n ${choices["$path $prev"]-} ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${choices["$path $prev"]}" -- "$cur")
    elif [[ " ${file_options[$path]} " == *" $prev "* ]]; then
        _filedir
    elif [[ " ${other_options[$path]} " == *" $prev "* ]]; then
        return
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${options[$path]}" -- "$cur")
    elif [[ -n ${subcommands[$path]} ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${subcommands[$path]}" -- "$cur")
    else
        _filedir
    fi
}
complete -F _mtw_cli mtw-cli
BODY
} >"$output"
