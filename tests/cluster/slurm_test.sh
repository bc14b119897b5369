#!/usr/bin/env bash
# A real Slurm on this one host, for this test alone (tests/cluster/local_slurm.sh starts it and
# stops it, failed or not), then contrib/slurm/submit exactly as the README runs it: a job array
# of 2 shards of configs/cluster-smoke.ini and the merge job after it. Checks that the merged
# results are the plan, each run once, that the report names the host, and that a requeued task
# resumes its shard.
#
#   tests/cluster/slurm_test.sh BUILD_BIN_DIR
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
[ -n "${LAB_LOCAL_SLURM:-}" ] || exec "$src/tests/cluster/local_slurm.sh" "$0" "$@"
LAB=$(realpath "${1:?usage: $0 BUILD_BIN_DIR}")/lab
CONFIG=$src/configs/cluster-smoke.ini
. "$src/tests/cluster/cluster_lib.sh"
dir=$LAB_LOCAL_SLURM

# What the README runs, with this cluster's bounds: two minutes per job at most.
started=$(date +%s)
LAB=$LAB timeout 100 "$src/contrib/slurm/submit" --shards 2 --results "$dir/results" --wait --sbatch --time=2 \
    "$CONFIG" -- --no-check | tee "$dir/submit.out" || fail "the sharded sweep or its merge failed (status $?)"
echo "Slurm: array of 2 shards and the merge job done in $(($(date +%s) - started)) s"
check_merged "$dir/results/merged.jsonl" "$dir/results/report" 2

# A requeued task (a node lost, a preemption) runs its script again: --resume finds its shard
# done, runs nothing and appends nothing, so the merge still holds each run once.
array=$(sed -n 's/^submitted: sweep array job \([0-9]*\) .*/\1/p' "$dir/submit.out")
[ -n "$array" ] || fail "submit did not say the array's job ID"
lines=$(wc -l <"$dir/results/shard-1.jsonl")
scontrol requeue "${array}_1" || fail "scontrol requeue of task 1 failed"
# Slurm holds a requeued job for two minutes before it may start again; this test needn't wait.
scontrol update JobId="${array}_1" StartTime=now || fail "cannot move the requeued task's start to now"
for _ in $(seq 100); do
    state=$(squeue -h -j "${array}_1" -o %T 2>/dev/null)
    [ -z "$state" ] && grep -q "already there skipped" "$dir"/results/slurm-*_1.out && break
    sleep 0.1
done
grep -q "0 runs recorded.*4 already there skipped" "$dir"/results/slurm-*_1.out ||
    fail "the requeued task did not resume: $(tail -1 "$dir"/results/slurm-*_1.out)"
[ "$(wc -l <"$dir/results/shard-1.jsonl")" = "$lines" ] || fail "the requeued task appended to its shard"
"$LAB" merge "$dir"/results/shard-*.jsonl --out "$dir/results/merged.jsonl" --fresh
"$LAB" report "$dir/results/merged.jsonl" --out "$dir/results/report" --no-charts >/dev/null
check_merged "$dir/results/merged.jsonl" "$dir/results/report" 2
echo "ok: a requeued task resumed its shard and added nothing"
