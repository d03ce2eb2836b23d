#!/usr/bin/env bash
# Stops the one-node Slurm cluster of scripts/slurm-local-up.sh in folder $1 (or SLURM_LOCAL_DIR):
# cancels its jobs first (slurmstepd outlives slurmd by design), then SIGTERMs slurmd, slurmctld
# and munged by the PIDs in their pid files, each only if its command line names this folder, and
# waits until they are gone. Idempotent; never kills by name. Removes the folder with --remove.
set -uo pipefail

D="${1:-${SLURM_LOCAL_DIR:-}}"
remove=false
[ "${2:-}" = "--remove" ] && remove=true
if [ -z "$D" ] || [ ! -d "$D" ]; then
    echo "slurm-local-down: no cluster folder given (or it is gone): nothing to stop" >&2
    exit 0
fi
export SLURM_CONF="$D/slurm.conf"

ours() { # pid -> is it a process started for this folder?
    [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -qF "$D"
}
gone() { [ ! -r "/proc/$1/cmdline" ] || [ -z "$(tr -d '\0' < "/proc/$1/cmdline" 2>/dev/null)" ]; }

stop() { # pid file
    [ -s "$1" ] || return 0
    local pid
    pid="$(cat "$1")"
    if ours "$pid"; then
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 100); do
            gone "$pid" && break
            sleep 0.05
        done
        gone "$pid" || kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$1"
}

if [ -s "$D/slurmctld.pid" ] && ours "$(cat "$D/slurmctld.pid")"; then
    jobs="$(squeue -h -o %A 2>/dev/null | sort -u)"
    if [ -n "$jobs" ]; then
        # shellcheck disable=SC2086
        scancel $jobs 2>/dev/null
        for _ in $(seq 100); do
            [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
            sleep 0.1
        done
    fi
fi
# Job steps left by a controller that died first: their slurmstepd holds this cluster's slurmd log.
for fd in /proc/[0-9]*/fd/*; do
    if [ "$(readlink "$fd" 2>/dev/null)" = "$D/log/slurmd-localhost.log" ]; then
        pid="${fd#/proc/}"; pid="${pid%%/*}"
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = slurmstepd ] && pkill -KILL -P "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
done
stop "$D/slurmd-localhost.pid"
stop "$D/slurmctld.pid"
stop "$D/munge/munged.pid"
if $remove; then
    rm -rf "$D"
fi
echo "slurm-local-down: stopped the cluster in $D" >&2
