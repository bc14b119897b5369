#!/usr/bin/env bash
# GNU parallel on this host: the README's sharded sweep of configs/cluster-smoke.ini as two
# parallel jobs (--shard auto/2 from PARALLEL_SEQ), then lab merge and lab report. Checks that
# the merged results are the plan, each run once, and that the report names the host.
#
#   tests/cluster/parallel_test.sh BUILD_BIN_DIR     (needs Debian's parallel: make cluster-deps)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
LAB=$(realpath "${1:?usage: $0 BUILD_BIN_DIR}")/lab
CONFIG=$src/configs/cluster-smoke.ini
. "$src/tests/cluster/cluster_lib.sh"
command -v parallel >/dev/null || fail "GNU parallel is not installed: make cluster-deps installs it"

dir=$(mktemp -d /tmp/lab-parallel-test.XXXXXX)
trap 'rm -rf "$dir"' EXIT
timeout 120 parallel --will-cite --jobs 2 --halt now,fail=1 \
    "$LAB" sweep "$CONFIG" --no-check --shard auto/2 --out "$dir/shard-{}.jsonl" ::: 0 1 ||
    fail "a parallel job failed (status $?)"
"$LAB" merge "$dir"/shard-*.jsonl --out "$dir/merged.jsonl"
"$LAB" report "$dir/merged.jsonl" --out "$dir/report" --no-charts >/dev/null
check_merged "$dir/merged.jsonl" "$dir/report" 2
