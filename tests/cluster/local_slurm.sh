#!/usr/bin/env bash
# A Slurm of this one host, for one command: munged, slurmctld and slurmd started in a temporary
# folder (their own munge key and socket, spool, state, logs, and ports no Slurm uses by default,
# so a system Slurm is never talked to), COMMAND run with SLURM_CONF pointing at it (every Slurm
# command and job reads that), then every process it started stopped, by pid, whatever COMMAND
# did. A daemon that does not start fails with the last lines of its log.
#
#   tests/cluster/local_slurm.sh COMMAND...
# COMMAND sees LAB_LOCAL_SLURM: the cluster's folder (a results/ folder in it is for the jobs).
# Needs root (SlurmUser=root) and Debian's slurmctld slurmd munge slurm-client (make cluster-deps).
# Try the README's cluster section with it: tests/cluster/local_slurm.sh bash
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND..." >&2; exit 2; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root: its slurmd runs jobs as SlurmUser=root (run make test-cluster as root)"
for d in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$d" >/dev/null || fail "$d is not installed: make cluster-deps installs slurmctld slurmd munge slurm-client"
done

dir=$(mktemp -d /tmp/lab-slurm.XXXXXX)
chmod 700 "$dir"
mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/results"
export SLURM_CONF=$dir/slurm.conf   # every Slurm command, and the jobs, read this cluster's config

# Stop what this test started, by pid: the daemons from their pid files, then any process still
# carrying this cluster's SLURM_CONF (a slurmstepd and the job it runs, if the test failed mid-job).
cleanup() {
    local status=$? pid p pids=()
    set +e
    for f in slurmd slurmctld munged; do  # read first: a daemon removes its pid file as it stops
        pid=$(cat "$dir/$f.pid" 2>/dev/null) && pids+=("$pid")
    done
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        [ "$pid" = $$ ] && continue
        { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -qx "SLURM_CONF=$SLURM_CONF" && kill -KILL "$pid" 2>/dev/null
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    done
    if [ "$status" != 0 ]; then
        for f in "$dir"/log/*.log "$dir"/results/slurm-*.out; do
            [ -f "$f" ] && { echo "--- $f (last 15 lines)" >&2; tail -15 "$f" >&2; }
        done
    fi
    rm -rf "$dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Two free ports in a range no Slurm uses by default (6817-6819), so a system Slurm is never talked
# to, and below the kernel's ephemeral range: a port there can be held by any client's outgoing
# connection or its TIME_WAIT (the lab's io tests leave thousands), which nothing answers on but
# which a daemon cannot bind (slurmd failed so once in .ci/run: "Address already in use").
ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "$ephemeral_low" -gt 12000 ] || fail "the ephemeral port range starts at $ephemeral_low: no room below it for the test's daemons"
free_port() {
    local p
    for _ in $(seq 50); do
        p=$((10000 + RANDOM % (ephemeral_low - 10000)))
        # Nothing answers a connection there (bash's /dev/tcp: no tool needed).
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    fail "no free port found"
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$ctld_port" != "$slurmd_port" ] || slurmd_port=$((ctld_port + 1))
host=$(hostname -s)

dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge.key"
cat >"$dir/slurm.conf" <<CONF
ClusterName=labtest
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MailProg=/bin/true
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=lab Nodes=$host Default=YES MaxTime=5 State=UP
CONF

# Each daemon must be up, or the test fails with its log's last lines (cleanup prints them).
wait_for() {  # what, seconds, command...
    local what=$1 seconds=$2
    shift 2
    for _ in $(seq $((seconds * 10))); do "$@" >/dev/null 2>&1 && return; sleep 0.1; done
    fail "$what did not come up within $seconds s"
}
munged --socket="$dir/munge.sock" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge.seed" --force ||
    fail "munged did not start: $(tail -1 "$dir/log/munged.log" 2>/dev/null)"
wait_for munged 10 sh -c "munge --socket='$dir/munge.sock' -n | unmunge --socket='$dir/munge.sock'"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start: $(tail -1 "$dir/log/slurmctld.log" 2>/dev/null)"
wait_for slurmctld 20 scontrol ping
slurmd -f "$SLURM_CONF" -N "$host" || fail "slurmd did not start: $(tail -1 "$dir/log/slurmd.log" 2>/dev/null)"
wait_for "slurmd (node $host idle)" 30 sh -c "sinfo -h -N -o %t | grep -qx idle"

export LAB_LOCAL_SLURM=$dir
"$@"
