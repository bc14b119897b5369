#!/usr/bin/env bash
# How right is lab advise? Every archetype of configs/profiles.ini, predicted and verified on this
# machine at its own scale with one calibration: per archetype, each variant's error at the
# largest concurrency verified, and whether the predicted best was the measured best.
#   bench/advise_accuracy.sh [BUILD] [OUT_DIR]     (about 10 minutes on 2 cores)
set -euo pipefail
build=${1:-build}
out=${2:-results/advise-accuracy}
lab="$build/bin/lab"
mkdir -p "$out"
costs="$out/costs.jsonl"
if [ ! -s "$costs" ]; then
  "$lab" advise --set 'steps=cpu 1ms' --concurrency 1 --no-verify --out "$costs" >/dev/null
fi
for profile in api crawler batch chat seeds gil; do
  echo "== $profile"
  "$lab" advise "configs/profiles.ini:$profile" --costs "$costs" --out "$out/$profile.jsonl" 2>/dev/null |
    sed -n '/^Choose/,/^Records/p'
done
