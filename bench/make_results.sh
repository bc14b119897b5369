#!/usr/bin/env bash
# Makes an N-record results file, for timing `lab report` and `lab sweep --resume` on large
# files (figures: /work/notes/issue-21.md):
#   bench/make_results.sh N [SPREAD] > big.jsonl
# It runs bench/results.ini once for real (9 points, 2 rounds; $LAB, default build/bin/lab),
# then repeats those records round after round until there are N, each run's times scaled by a
# seeded log-normal factor (sigma 3%) so the statistics have spread to work on. SPREAD=K (default
# 1) spreads the runs over K times the points (params.seed = 1..K): more points, fewer runs
# each. Every record keeps the config's plan hash, so
#   lab sweep bench/results.ini --no-check --resume --out big.jsonl
# resumes a finished sweep whose file holds N records (and runs nothing).
set -euo pipefail
n=${1:?usage: make_results.sh N [SPREAD] > out.jsonl}
spread=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
lab=${LAB:-$here/../build/bin/lab}
template=$(mktemp /tmp/lab-bench-template-XXXXXX.jsonl)
trap 'rm -f "$template"' EXIT
"$lab" sweep "$here/results.ini" --no-check --fresh --out "$template" >/dev/null 2>&1
awk -v n="$n" -v spread="$spread" '
  /"round":0,/ { t[k++] = $0 }
  END {
    if (k == 0) { print "make_results.sh: the template sweep recorded nothing" > "/dev/stderr"; exit 1 }
    srand(1)
    for (i = 0; i < n; i++) {
      line = t[i % k]
      block = int(i / k)
      seed = block % spread + 1
      round = int(block / spread)
      z = sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand())
      f = exp(0.03 * z)
      sub(/"rep":[0-9]+/, "\"rep\":" round, line)
      sub(/"round":[0-9]+/, "\"round\":" round, line)
      if (spread > 1) sub(/"seed":[0-9]+/, "\"seed\":" seed, line)
      line = scale(line, "\"wall_s\":", f)
      line = scale(line, "\"run_s\":", f)
      print line
    }
  }
  # The number after `key` in `line`, times f.
  function scale(line, key, f,    at, rest, num) {
    at = index(line, key)
    if (at == 0) return line
    rest = substr(line, at + length(key))
    match(rest, /^[-0-9.eE+]+/)
    num = substr(rest, 1, RLENGTH)
    return substr(line, 1, at - 1) key sprintf("%.6g", num * f) substr(rest, RLENGTH + 1)
  }' "$template"
