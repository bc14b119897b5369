# Shared by the cluster tests (slurm_test.sh, parallel_test.sh): the checks that a sharded
# sweep's merged results are its plan, each run once, and that the report names the host.
# Sourced; expects LAB (the lab executable) and CONFIG.

fail() { echo "FAIL: $*" >&2; exit 1; }

# The plan's runs as "point round" lines, sorted: what lab sweep --dry-run lists.
plan_runs() {
    "$LAB" sweep "$CONFIG" --no-check --dry-run | awk 'NR > 2 { print $1, $2 }' | sort
}

# The sweep runs of a results file (not the fairness check's), as "point round" lines, sorted.
merged_runs() {
    grep -v '"experiment":"check:' "$1" | grep -o '"round":[0-9]*,"order_seed":[0-9]*,"point":[0-9]*' |
        sed -E 's/"round":([0-9]+),"order_seed":[0-9]+,"point":([0-9]+)/\2 \1/' | sort
}

# merged.jsonl = the plan, every run once; every record of shard K/N for each K; the report names the host.
check_merged() {
    local merged=$1 report=$2 shards=$3 host
    host=$(hostname)
    [ -s "$merged" ] || fail "no merged results at $merged"
    local want got
    want=$(plan_runs)
    got=$(merged_runs "$merged")
    [ -n "$want" ] || fail "the plan of $CONFIG is empty"
    if [ "$want" != "$got" ]; then
        diff <(echo "$want") <(echo "$got") >&2 || true
        fail "the merged runs (right) are not the plan (left): each planned run exactly once"
    fi
    [ -z "$(echo "$got" | uniq -d)" ] || fail "a run is in the merged results twice"
    for ((k = 0; k < shards; k++)); do
        grep -q "\"shard\":\"$k/$shards\"" "$merged" || fail "no record of shard $k/$shards in $merged"
    done
    grep -q "\"host\":\"$host\"" "$merged" || fail "the records do not name this host ($host)"
    grep -q "\`$host\`" "$report/report.md" || fail "the report ($report/report.md) does not name the host $host"
    echo "ok: $(echo "$got" | wc -l) runs = the plan, each once, from $shards shards on $host; the report names $host"
}
