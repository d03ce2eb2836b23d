# shellcheck shell=bash
# Reads mtw-cli's own help (CLI11's layout), for gen-manpage.sh and gen-bash-completion.sh: the man
# page and the completion are generated from the binary they ship with, so neither can drift from
# its commands and options. Sourced, not run.
#
# CLI11 prints, for `mtw-cli [COMMAND...] --help`:
#   DESCRIPTION
#   Usage: /path/to/mtw-cli COMMAND... [OPTIONS] ...
#   <blank>
#   Positionals:          (sections: Positionals, Options, Subcommands)
#     NAME TYPE...        description, after two or more spaces
#     --long-name TYPE...
#                         description on the next line when the name is long
#   <blank>

# cli_subcommands CLI [COMMAND...]: the subcommands of that command, one a line.
cli_subcommands() {
    "$@" --help | awk '/^[^ ]/ { section = $0 } section == "Subcommands:" && /^  [^ ]/ { print $1 }'
}

# cli_command_paths CLI [COMMAND...]: every command below that one, depth first, as space-separated
# paths ("run", "sweep", "sweep plan", ...).
cli_command_paths() {
    local cli=$1 subcommand
    shift
    for subcommand in $(cli_subcommands "$cli" "$@"); do
        echo "$* $subcommand" | sed 's/^ //'
        cli_command_paths "$cli" "$@" "$subcommand"
    done
}

# cli_entries SECTION: reads a help text on stdin and prints each entry of SECTION ("Options:",
# "Positionals:", "Subcommands:") as one line: SPEC<TAB>DESCRIPTION, where SPEC is the names and
# type ("--threads INT:INT in [0 - 4096]") and a description wrapped onto the next line is joined.
# Descriptions start at a fixed column (CLI11's column width), found from the -h,--help line that
# every command has: a SPEC just shorter than it is followed by a single space only. A longer SPEC
# has its line to itself and the description on the next.
cli_entries() {
    awk -v wanted="$1" '
        { lines[NR] = $0 }
        /^  -h,--help +[^ ]/ { column = match($0, /--help +/) + RLENGTH }
        END {
            for (i = 1; i <= NR; ++i) {
                line = lines[i]
                if (line ~ /^[^ ]/) { flush(); section = line; continue }
                if (section != wanted) continue
                if (line ~ /^  [^ ]/) {
                    flush()
                    if (lines[i + 1] ~ /^    /) { spec = substr(line, 3); continue } # description below
                    spec = substr(line, 3, column - 3)
                    description = substr(line, column)
                    sub(/ +$/, "", spec)
                } else if (line ~ /^    /) {
                    sub(/^ +/, "", line)
                    description = description (description == "" ? "" : " ") line
                }
            }
            flush()
        }
        function flush() { if (spec != "") print spec "\t" description; spec = ""; description = "" }'
}
