#!/usr/bin/env bash
# The hostile suite: what a careless or hostile user, a full disk or a second process does to
# the lab, run against the built executables. Each case is one command, bounded by a timeout,
# with the exit status and the words it must give. The cases of issue 21 (results read with
# bounded memory, one writer, resume that knows its file, statistics that scale, ...) and the
# ones that passed before it, so they stay passed. About a minute on 2 cores.
#   tests/hostile.sh BIN_DIR        (CTest runs it with build/bin)
set -uo pipefail
bin=${1:?usage: hostile.sh BIN_DIR}
lab="$bin/lab"
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/lab-hostile-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  mountpoint -q "$work/small" 2>/dev/null && umount "$work/small"
  rm -rf "$work"
}
trap cleanup EXIT
failed=0 passed=0 skipped=0

# case NAME STATUS WORDS -- COMMAND...: runs COMMAND (60 s at most); its status must be STATUS
# and its stdout + stderr must hold WORDS ("" for any).
case_() {
  local name=$1 want=$2 words=$3
  shift 4
  timeout -k 5 60 "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [[ $got != "$want" ]] || { [[ -n $words ]] && ! grep -qF -- "$words" "$work/out" "$work/err"; }; then
    echo "FAIL: $name: status $got (want $want), wanted '$words'; stderr: $(head -c 400 "$work/err")"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
}
skip() { echo "skip: $1"; skipped=$((skipped + 1)); }

ini() { printf '%b' "$2" >"$work/$1"; echo "$work/$1"; }
tiny=$(ini tiny.ini '[tiny]\nscenario = sleep\nmodels = serial\nreps = 2\nset.ms = 0\nset.tasks = 1\n')

# ---- the command line, configs and outputs (passed before issue 21: kept passing) ----------
case_ "unknown model" 2 "unknown model" -- "$lab" --model=nope --scenario=cpu
case_ "unknown scenario" 2 "unknown scenario" -- "$lab" --model=serial --scenario=nope
case_ "unknown parameter" 2 "unknown parameter" -- "$lab" --model=serial --scenario=cpu --set nope=1
case_ "out of range" 2 "" -- "$lab" --model=serial --scenario=cpu --set samples=-5
case_ "not a number" 2 "" -- "$lab" --model=serial --scenario=cpu --set samples=abc
case_ "unknown command" 2 "unknown command" -- "$lab" frobnicate
case_ "missing config" 2 "cannot read config" -- "$lab" sweep "$work/none.ini" --dry-run
case_ "config of garbage" 2 "" -- "$lab" sweep "$(ini junk.ini '\x00\xff\xfe[[[\n=\n')" --dry-run
case_ "config is a directory" 2 "directory" -- "$lab" sweep "$work" --dry-run
case_ "bad shard" 2 "bad --shard" -- "$lab" sweep "$tiny" --shard 3/2 --dry-run
case_ "resume and fresh" 2 "exclude each other" -- "$lab" sweep "$tiny" --resume --fresh --out "$work/x.jsonl"
case_ "stdout full" 1 "No space left on device" -- sh -c "'$lab' list > /dev/full"
case_ "report of nothing" 2 "no records" -- "$lab" report "$(ini empty.jsonl '')" --out "$work/rep"
case_ "report of a missing file" 2 "cannot read results file" -- "$lab" report "$work/none.jsonl" --out "$work/rep"
case_ "timeout kills a run" 0 "" -- "$lab" --model=serial --scenario=sleep --set ms=3000 --timeout 1 --json
case_ "lab list" 0 "serial" -- "$lab" list

# ---- 1. bounded reading -----------------------------------------------------------------------
mkfifo "$work/fifo.jsonl" "$work/fifo.ini"
case_ "report /dev/zero" 2 "character device" -- "$lab" report /dev/zero --out "$work/rep"
case_ "report a FIFO" 2 "FIFO" -- "$lab" report "$work/fifo.jsonl" --out "$work/rep"
case_ "config a FIFO" 2 "FIFO" -- "$lab" sweep "$work/fifo.ini" --dry-run
case_ "resume from a FIFO" 2 "FIFO" -- "$lab" sweep "$tiny" --no-check --resume --dry-run --out "$work/fifo.jsonl"
case_ "write to a FIFO" 2 "not a regular file" -- "$lab" sweep "$tiny" --no-check --out "$work/fifo.jsonl"
"$lab" sweep "$tiny" --no-check --out "$work/good.jsonl" >/dev/null 2>&1
if [[ -x /usr/bin/prlimit && -z ${LAB_SANITIZED:-} ]]; then
  truncate -s 512M "$work/huge.jsonl" && echo >>"$work/huge.jsonl" && cat "$work/good.jsonl" >>"$work/huge.jsonl"
  case_ "a 512 MiB line under a 400 MB cap" 0 "skipped 1 line longer than 1 MiB" -- \
    /usr/bin/prlimit --as=400000000 "$lab" report "$work/huge.jsonl" --out "$work/rep" --no-charts
  rm -f "$work/huge.jsonl"
else
  skip "address-space caps (no prlimit, or a sanitizer build)"
fi

# ---- 2. statistics that scale: 200,000 records over 9 points, 2 GB cap -------------------------
LAB="$lab" "$here/bench/make_results.sh" 200000 >"$work/big.jsonl"
if [[ -x /usr/bin/prlimit && -z ${LAB_SANITIZED:-} ]]; then
  case_ "200,000 records on 9 points" 0 "200000 records" -- \
    /usr/bin/prlimit --as=2000000000 "$lab" report "$work/big.jsonl" --out "$work/rep" --no-charts
else
  case_ "200,000 records on 9 points" 0 "200000 records" -- "$lab" report "$work/big.jsonl" --out "$work/rep" --no-charts
fi

# ---- 7. schema, 11. impossible numbers --------------------------------------------------------
head -1 "$work/good.jsonl" | sed 's/"schema":1/"schema":2/' >"$work/schema.jsonl"
head -1 "$work/good.jsonl" >>"$work/schema.jsonl"
case_ "schema 2 refused" 0 "schema 2: this lab reads schema 1 records" -- "$lab" report "$work/schema.jsonl" --out "$work/rep" --no-charts
head -1 "$work/good.jsonl" | sed 's/"wall_s":[^,]*/"wall_s":-1/' >"$work/neg.jsonl"
case_ "negative wall_s refused" 2 "neg.jsonl:1: skipped, not a record ('wall_s' is -1" -- "$lab" report "$work/neg.jsonl" --out "$work/rep"
head -1 "$work/good.jsonl" | sed 's/"wall_s":[^,]*/"wall_s":1e999/' >"$work/inf.jsonl"
case_ "infinite wall_s refused" 2 "out of range" -- "$lab" report "$work/inf.jsonl" --out "$work/rep"

# ---- 4. one writer, each run counted once; issue 22: an existing --out needs a choice ----------
case_ "same file twice" 0 "given more than once, read once" -- "$lab" report "$work/good.jsonl" "$work/good.jsonl" --out "$work/rep" --no-charts
cat "$work/good.jsonl" "$work/good.jsonl" >"$work/twice.jsonl"
case_ "same records twice" 0 "records repeat runs" -- "$lab" report "$work/twice.jsonl" --out "$work/rep" --no-charts
case_ "existing --out without --resume or --fresh" 2 "--resume to add the runs it lacks, --fresh" -- \
  "$lab" sweep "$tiny" --no-check --out "$work/good.jsonl"
slow=$(ini slow.ini '[slow]\nscenario = sleep\nmodels = serial\nreps = 20\nset.ms = 200\nset.tasks = 1\n')
"$lab" sweep "$slow" --no-check --out "$work/locked.jsonl" >/dev/null 2>&1 &
pids+=($!)
sleep 1
case_ "second writer" 2 "is being written by pid $!" -- "$lab" sweep "$slow" --no-check --resume --out "$work/locked.jsonl"
kill -INT "$!"; wait "$!" 2>/dev/null

# ---- 5, 6. resume idempotent and knowing its file ---------------------------------------------
auto=$(ini auto.ini '[a]\nscenario = sleep\nmodels = serial, threads\nreps = auto\nmin_reps = 3\nmax_reps = 30\nbudget = 1\nset.tasks = 3\nset.ms = 15\n')
"$lab" sweep "$auto" --no-check --out "$work/auto.jsonl" >/dev/null 2>&1
case_ "finished auto sweep resumed" 0 "0 runs recorded" -- "$lab" sweep "$auto" --no-check --resume --out "$work/auto.jsonl"
case_ "resume against another plan" 2 "planned differently" -- \
  "$lab" sweep "$(ini auto.ini '[a]\nscenario = sleep\nmodels = serial, threads\nreps = 4\nset.tasks = 3\nset.ms = 15\n')" \
  --no-check --resume --out "$work/auto.jsonl"
head -c 100000 /dev/urandom >"$work/noise.bin"
case_ "resume random bytes" 2 "is not a results file" -- "$lab" sweep "$tiny" --no-check --resume --out "$work/noise.bin"

# ---- 8. a trace that cannot be written --------------------------------------------------------
mkdir -p "$work/small"
if mount -t tmpfs -o size=8k tmpfs "$work/small" 2>/dev/null; then
  case_ "trace on a full disk" 0 '"ok":false,"error":"the trace was not written' -- \
    "$lab" --model=threads --scenario=sleep --set tasks=300 --set ms=0 --json --trace "$work/small"
  umount "$work/small"
else
  skip "trace on a full disk (cannot mount a tmpfs: not root?)"
fi

# ---- 9. lab-server stays responsive ------------------------------------------------------------
coproc server { exec "$bin/lab-server" --threads 1; }
pids+=("$server_PID")
read -r _ port <&"${server[0]}"
fds=()
for i in $(seq 200); do
  exec {fd}<>"/dev/tcp/127.0.0.1/$port" && echo "gauss 10000000000 $i" >&$fd && fds+=("$fd")
done
sleep 0.3
case_ "ping with 200 gauss queued" 0 "pong" -- bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; echo ping >&3; timeout 1 head -1 <&3"
for fd in "${fds[@]}"; do exec {fd}>&-; done
kill "$server_PID" 2>/dev/null

# ---- 10. a parameter the model cannot take -----------------------------------------------------
case_ "mechanism=post with threads" 2 "not one of model threads" -- "$lab" --model=threads --scenario=switch --set mechanism=post
case_ "mechanism=post swept" 2 "not one of model serial" -- \
  "$lab" sweep "$(ini mech.ini '[m]\nscenario = switch\nmodels = serial\nreps = 1\nset.mechanism = post\n')" --dry-run

# ---- 12. SIGTERM, 3. memory ------------------------------------------------------------------
"$lab" --model=serial --scenario=sleep --set tasks=1 --set ms=300 --reps 20 --json >"$work/term.out" 2>/dev/null &
term=$!
sleep 1
kill -TERM "$term"
wait "$term"
status=$?
if [[ $status == 130 ]] && grep -q '"ok":true' "$work/term.out"; then passed=$((passed + 1)); else
  echo "FAIL: SIGTERM to lab run: status $status (want 130, records kept)"; failed=$((failed + 1)); fi
if [[ -x /usr/bin/prlimit && -z ${LAB_SANITIZED:-} ]]; then
  case_ "lab-async out of memory spawning" 0 '"ok":false' -- \
    /usr/bin/prlimit --as=300000000 "$bin/lab-async" --scenario=spawn --set units=3000000
  case_ "lab-async out of memory sleeping" 0 "out of memory" -- \
    /usr/bin/prlimit --as=300000000 "$bin/lab-async" --scenario=sleep --set tasks=10000000 --set ms=1
fi

# ---- issue 23: shards from a scheduler, and lab merge ------------------------------------------
noenv=(env -u SLURM_ARRAY_TASK_ID -u PARALLEL_SEQ)
case_ "shard auto outside a scheduler" 2 "no scheduler said which shard" -- "${noenv[@]}" "$lab" sweep "$tiny" --shard auto --dry-run
case_ "shard auto/N outside a scheduler" 2 "no scheduler said which shard" -- "${noenv[@]}" "$lab" sweep "$tiny" --shard auto/2 --dry-run
case_ "shard auto, uneven array" 2 "not evenly spaced" -- env SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=0 \
  SLURM_ARRAY_TASK_MAX=5 SLURM_ARRAY_TASK_COUNT=3 "$lab" sweep "$tiny" --shard auto --dry-run
other=$(ini other.ini '[tiny]\nscenario = sleep\nmodels = serial\nreps = 3\nset.ms = 0\nset.tasks = 1\n')
for k in 0 1; do
  "${noenv[@]}" "$lab" sweep "$tiny" --no-check --shard $k/2 --out "$work/shard$k.jsonl" 2>/dev/null
  "${noenv[@]}" "$lab" sweep "$other" --no-check --shard $k/2 --out "$work/other$k.jsonl" 2>/dev/null
done
sed 's/"lab_version":"[^"]*"/"lab_version":"0.0 (workload 1)"/' "$work/shard1.jsonl" >"$work/old1.jsonl"
sed 's/"schema":1,/"schema":2,/' "$work/shard1.jsonl" >"$work/later1.jsonl"
cat "$work"/shard*.jsonl "$work"/other*.jsonl "$work"/old1.jsonl "$work"/later1.jsonl | md5sum >"$work/before"
case_ "merge shards of different configs" 2 "shards of different sweeps" -- \
  "$lab" merge "$work/shard0.jsonl" "$work/other1.jsonl" --out "$work/merged.jsonl"
case_ "merge a shard of another lab version" 2 "lab version" -- \
  "$lab" merge "$work/shard0.jsonl" "$work/old1.jsonl" --out "$work/merged.jsonl"
case_ "merge a shard of another schema" 2 "schema 2" -- \
  "$lab" merge "$work/shard0.jsonl" "$work/later1.jsonl" --out "$work/merged.jsonl"
case_ "merge with a shard missing" 2 "no record of shard 1/2" -- "$lab" merge "$work/shard0.jsonl" --out "$work/merged.jsonl"
# A config naming `cpus` plans by the machine's CPUs: shards planned on different counts are
# different sweeps (here the second shard's CPUs cut to one by its affinity mask).
if (($(nproc) >= 2)); then
  bycpus=$(ini bycpus.ini '[bycpus]\nscenario = sleep\nmodels = serial, threads\nreps = 2\nset.ms = 0\nset.tasks = lcm(workers)\nsweep.workers = 1..cpus x2\n')
  "${noenv[@]}" "$lab" sweep "$bycpus" --no-check --shard 0/2 --out "$work/cpus0.jsonl" 2>/dev/null
  "${noenv[@]}" taskset -c 0 "$lab" sweep "$bycpus" --no-check --shard 1/2 --out "$work/cpus1.jsonl" 2>/dev/null
  case_ "merge shards planned on different CPU counts" 2 "different CPU counts" -- \
    "$lab" merge "$work/cpus0.jsonl" "$work/cpus1.jsonl" --out "$work/merged.jsonl"
else
  echo "skip: merge shards planned on different CPU counts (one CPU here)"; skipped=$((skipped + 1))
fi
case_ "resume another lab's shard" 2 "holds runs of lab 0.0" -- \
  "$lab" sweep "$tiny" --no-check --shard 1/2 --resume --out "$work/old1.jsonl"
if [[ -e $work/merged.jsonl ]] || ! cat "$work"/shard*.jsonl "$work"/other*.jsonl "$work"/old1.jsonl "$work"/later1.jsonl |
    md5sum | cmp -s - "$work/before"; then
  echo "FAIL: a refused merge or resume wrote --out or changed a shard"; failed=$((failed + 1))
else passed=$((passed + 1)); fi
case_ "merge the shards of one sweep" 0 "merged 2 shards" -- "$lab" merge "$work/shard0.jsonl" "$work/shard1.jsonl" --out "$work/merged.jsonl"

echo "hostile: $passed passed, $failed failed, $skipped skipped"
[[ $failed == 0 ]]
