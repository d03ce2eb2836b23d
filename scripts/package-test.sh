#!/usr/bin/env bash
# Builds the Debian package from a configured build folder and tries it on this machine: lintian
# (errors and warnings fail), then `apt-get install` of the .deb, desktop-file-validate and
# appstreamcli on the installed files, the installed programs run from /usr/bin, and finally
# `apt-get purge` with a check that none of the package's files is left.
# Usage (as root, on Debian 12): scripts/package-test.sh BUILD_DIR   (e.g. build/ci after make test);
# JOBS=N limits the build of the packaged files to N jobs (default: all cores).
#
# It installs into /usr, so it purges the package on every way out (trap), and it also removes the
# packages that the install pulled in and that were not there before, so the machine keeps exactly
# the packages it had. It refuses to run if a package called mtw is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/package-test.sh BUILD_DIR}
if [ ! -f "$build/CMakeCache.txt" ]; then
    echo "package-test: $build is not a configured build folder (cmake --preset release, or make package)" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "package-test: needs root: it installs the package into /usr and purges it" >&2
    exit 2
fi
# True while dpkg knows mtw in any state but not-installed (unpacked, half-installed, config-files...).
mtw_present() {
    local state
    state=$(dpkg-query -W -f='${db:Status-Status}' mtw 2>/dev/null) && [ -n "$state" ] && [ "$state" != not-installed ]
}
if mtw_present; then
    echo "package-test: a package mtw is installed already; this test would purge it" >&2
    exit 2
fi
start=$SECONDS
step() { echo "package-test: $* ($((SECONDS - start)) s)"; }
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q "$@"; }

step "tools, build, cpack"
./scripts/setup-deps.sh --with-package
cmake "$build" >/dev/null # finds help2man and rsvg-convert if setup-deps.sh just installed them
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target mtw_package_files
rm -f "$build"/mtw_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
debs=("$build"/mtw_*_amd64.deb)
deb=$(realpath "${debs[0]}")
echo "package-test: $deb"

step "lintian"
lintian --fail-on error,warning --display-info "$deb" 2>&1 | { grep -v '^running with root privileges' || true; }
# Files the checks below do not reach: made only when the package tools were found at configure time.
contents=$(dpkg-deb -c "$deb")
for path in usr/bin/mtw usr/bin/mtw-cli usr/share/man/man1/mtw.1.gz usr/share/man/man1/mtw-cli.1.gz \
    usr/share/bash-completion/completions/mtw-cli usr/share/icons/hicolor/16x16/apps/mtw.png \
    usr/share/icons/hicolor/256x256/apps/mtw.png usr/share/icons/hicolor/scalable/apps/mtw.svg \
    usr/share/mtw/examples/toy_cagrad_short.json usr/share/doc/mtw/copyright usr/share/doc/mtw/changelog.gz; do
    grep -q " \./$path\$" <<<"$contents" || { echo "package-test: $path missing from the package" >&2; exit 1; }
done

work=$(mktemp -d)
packages_before=$(dpkg-query -W -f='${Package}\n' | sort)
cleanup() {
    local status=$?
    if mtw_present; then
        echo "package-test: purging mtw after a failure" >&2
        apt_get purge mtw >/dev/null || status=1
    fi
    local pulled_in
    pulled_in=$(comm -13 <(echo "$packages_before") <(dpkg-query -W -f='${Package}\n' | sort))
    if [ -n "$pulled_in" ]; then
        echo "package-test: removing what the install pulled in: $(echo "$pulled_in" | xargs)"
        # shellcheck disable=SC2086 # one package name per word
        apt_get purge $pulled_in >/dev/null || status=1
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP # through exit, so that the EXIT trap purges

step "apt-get install"
apt_get install "$deb" >"$work/install.log" || { cat "$work/install.log" >&2; exit 1; }
dpkg -L mtw | sort >"$work/files"

step "validate the installed desktop entry and AppStream metadata"
desktop-file-validate /usr/share/applications/mtw.desktop
appstreamcli validate --no-net "$(grep '^/usr/share/metainfo/.*\.metainfo\.xml$' "$work/files")"
man -w mtw mtw-cli >/dev/null

step "run the installed programs"
cd "$work"
/usr/bin/mtw-cli --version | tee version.txt
grep -Eq '^mtw-cli [0-9.]+ \(commit [^)]+\)' version.txt
/usr/bin/mtw-cli methods >methods.txt
grep -q upgrad methods.txt
/usr/bin/mtw-cli run /usr/share/mtw/examples/toy_cagrad_short.json --out run --steps 50 --quiet
test -s run/summary.json
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" /usr/bin/mtw --version
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" /usr/bin/mtw --headless --demo --no-compare --steps 300 --out demo \
    >demo.log || { cat demo.log >&2; exit 1; }
test -s demo/losses.png
# The completion, through bash-completion as an interactive shell loads it: `mtw-cli sweep s<TAB>`.
completion=$(bash -c 'source /usr/share/bash-completion/bash_completion
    source /usr/share/bash-completion/completions/mtw-cli
    COMP_WORDS=(mtw-cli sweep s) COMP_CWORD=2 COMP_LINE="mtw-cli sweep s" COMP_POINT=15
    _mtw_cli; echo "${COMPREPLY[*]}"')
[ "$completion" = "submit status summarize" ] || { echo "package-test: completion gave '$completion'" >&2; exit 1; }
cd - >/dev/null

step "apt-get purge"
apt_get purge mtw >/dev/null
# dpkg -L also lists shared folders (/usr/share/icons/hicolor/...): files must be gone, and the
# folders only this package owns.
left=()
while read -r path; do
    if [ -e "$path" ] && [ ! -d "$path" ]; then left+=("$path"); fi
done <"$work/files"
for dir in /usr/share/mtw /usr/share/doc/mtw; do
    if [ -e "$dir" ]; then left+=("$dir"); fi
done
if [ ${#left[@]} -gt 0 ]; then
    echo "package-test: left after purge: ${left[*]}" >&2
    exit 1
fi
step "passed"
