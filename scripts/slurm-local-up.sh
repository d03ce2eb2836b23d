#!/usr/bin/env bash
# Brings up a private one-node Slurm cluster on this machine, for the sweep tests and for trying
# `mtw-cli sweep submit` without a cluster: munged, slurmctld and slurmd from Debian's packages
# (scripts/setup-deps.sh installs them), on 127.0.0.1, with a private munge key and socket, no
# cgroups, no accounting and no systemd. Everything lives in one folder:
#   SLURM_LOCAL_DIR   the folder (default: a new one under /tmp); printed at the end
#   SLURM_LOCAL_CTLD_PORT, SLURM_LOCAL_SLURMD_PORT   ports (default 6817, 6818)
# Prints `export SLURM_CONF=<dir>/slurm.conf` on stdout (eval it), everything else on stderr.
# Needs root (slurmd runs jobs as their user). Idempotent: a cluster already up in the folder is kept.
# Stop it with scripts/slurm-local-down.sh (by the PIDs it recorded, never by name).
# Exit codes: 0 up, 1 failed (log tails printed, daemons stopped), 77 cannot run here (not root,
# no Slurm packages): tests treat 77 as "skipped" and say why.
set -euo pipefail

say() { echo "slurm-local-up: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    say "needs root to run slurmd (it starts jobs as their user); skipping"
    exit 77
fi
for program in munged mungekey slurmctld slurmd sbatch scontrol sinfo; do
    if ! command -v "$program" >/dev/null 2>&1; then
        say "'$program' is missing: install slurmctld slurmd slurm-client munge (scripts/setup-deps.sh does)"
        exit 77
    fi
done

D="${SLURM_LOCAL_DIR:-$(mktemp -d /tmp/mtw-slurm.XXXXXX)}"
mkdir -p "$D"
D="$(cd "$D" && pwd)"
CTLD_PORT="${SLURM_LOCAL_CTLD_PORT:-6817}"
SLURMD_PORT="${SLURM_LOCAL_SLURMD_PORT:-6818}"
export SLURM_CONF="$D/slurm.conf"

alive() { # pid file -> running process of this cluster?
    [ -s "$1" ] || return 1
    local pid
    pid="$(cat "$1")"
    [ -r "/proc/$pid/cmdline" ] && [ -n "$(tr -d '\0' < "/proc/$pid/cmdline")" ]
}

if alive "$D/slurmctld.pid" && alive "$D/slurmd-localhost.pid" && [ "$(sinfo -h -n localhost -o %T 2>/dev/null)" = idle ]; then
    say "already up in $D"
    echo "export SLURM_CONF=$D/slurm.conf"
    exit 0
fi

for port in "$CTLD_PORT" "$SLURMD_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        say "port $port is in use (another Slurm?): set SLURM_LOCAL_CTLD_PORT / SLURM_LOCAL_SLURMD_PORT"
        exit 1
    fi
done

mkdir -p "$D"/{state,spool/slurmd-localhost,log,munge}
chmod 0755 "$D" "$D"/{state,spool,spool/slurmd-localhost,log,munge}
if [ ! -s "$D/munge/munge.key" ]; then
    mungekey --create --keyfile="$D/munge/munge.key" >/dev/null 2>&1 \
        || dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 0600 "$D/munge/munge.key"

# The node's topology as slurmd sees it (avoids "reconfigured socket/core boundaries" errors).
topology="$(slurmd -C 2>/dev/null | head -n 1)"
value() { echo "$topology" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
CPUS="$(value CPUs)"; CPUS="${CPUS:-$(nproc)}"
SOCKETS="$(value Sockets)"; SOCKETS="${SOCKETS:-1}"
CORES="$(value CoresPerSocket)"; CORES="${CORES:-$CPUS}"
THREADS="$(value ThreadsPerCore)"; THREADS="${THREADS:-1}"
MEM="$(awk '/MemAvailable/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)"

cat > "$D/slurm.conf" <<EOF
ClusterName=mtwlocal
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/munge.socket
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool/slurmd-%n
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd-%n.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
EnforcePartLimits=ALL
ReturnToService=2
MinJobAge=3600
KillWait=5
NodeName=localhost NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$CPUS Sockets=$SOCKETS CoresPerSocket=$CORES ThreadsPerCore=$THREADS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

fail() {
    say "$1"
    for log in "$D/munge/munged.log" "$D/log/slurmctld.log" "$D/log/slurmd-localhost.log"; do
        [ -f "$log" ] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }
    done
    "$(dirname "$0")/slurm-local-down.sh" "$D" >&2 || true
    exit 1
}

wait_for() { # seconds, command...
    local deadline=$(( $(date +%s) + $1 )); shift
    until "$@"; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.05
    done
}

munged --socket="$D/munge/munge.socket" --key-file="$D/munge/munge.key" --log-file="$D/munge/munged.log" \
    --pid-file="$D/munge/munged.pid" --seed-file="$D/munge/munged.seed" --origin=127.0.0.1 \
    || fail "munged did not start"
munge_ok() { munge -n -S "$D/munge/munge.socket" 2>/dev/null | unmunge -S "$D/munge/munge.socket" >/dev/null 2>&1; }
wait_for 10 munge_ok || fail "munged does not answer on $D/munge/munge.socket"

slurmctld -f "$D/slurm.conf" || fail "slurmctld did not start"
ctld_up() { scontrol ping 2>/dev/null | grep -q UP; }
wait_for 20 ctld_up || fail "slurmctld does not answer (scontrol ping)"

slurmd -N localhost -f "$D/slurm.conf" || fail "slurmd did not start"
node_idle() { [ "$(sinfo -h -n localhost -o %T 2>/dev/null)" = idle ]; }
wait_for 30 node_idle || fail "the node did not become idle (sinfo: $(sinfo -h -n localhost -o %T 2>&1))"

say "up in $D ($CPUS CPUs)"
echo "export SLURM_CONF=$D/slurm.conf"
