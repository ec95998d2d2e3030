#!/usr/bin/env bash
# The allocator benchmark: calibrate `auto` on one set of simulated problems, then run it, an oracle that
# knows each problem's difficulty, per-batch budgets, and every fixed preset at every budget on a held-out
# set, and compare them with `ponder compare` on generated tokens.
#
#   Examples/allocator/benchmark.sh [--out DIR] [--calibration N] [--problems N] [--prm-noise SIGMA]
#                                   [--budgets 4,16,64] [--presets a,b,c] [--tolerance T] [--escalation]
#                                   [--rounds R] [--ponder PATH]
#
# --rounds R (default 4; 0 leaves it out) lets calibration give a tier a second look in rounds: the
# previous tier's cell run again on fresh seeds while the pooled, verifier-weighted vote is split.
#
# Everything runs against the simulated model in-process (`--sim`), seeded, so a rerun gives the same
# numbers (the per-batch run to within a problem: its caps depend on the order searches finish). Writes DIR/table.yaml (and .md), one run store per configuration, DIR/compare.txt,
# DIR/compare.json and DIR/report.html.
set -euo pipefail

out="${TMPDIR:-/tmp}/ponder-allocator-bench"
calibration=1000
problems=500
noise=2
budgets="4,16,64"
presets="single,self-consistency,weighted-vote,beam-prm,particle-filter,rebase"
tolerance=0.005
second_look=()
rounds=4
ponder=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --calibration) calibration="$2"; shift 2 ;;
    --problems) problems="$2"; shift 2 ;;
    --prm-noise) noise="$2"; shift 2 ;;
    --budgets) budgets="$2"; shift 2 ;;
    --presets) presets="$2"; shift 2 ;;
    --tolerance) tolerance="$2"; shift 2 ;;
    --escalation) second_look+=(--escalation); shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --ponder) ponder="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if [ "$rounds" != 0 ]; then second_look+=(--rounds "$rounds"); fi
repo="$(cd "$(dirname "$0")/../.." && pwd)"
if [ -z "$ponder" ]; then
  (cd "$repo" && swift build -c release --product ponder >&2)
  ponder="$repo/.build/release/ponder"
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
sim=(--sim --sim-seed 7 --sim-prm-noise "$noise")
started=$(date +%s)
say() { echo "[$(( $(date +%s) - started ))s] $*" >&2; }

say "problems: $calibration for calibration (seed 21), $problems held out (seed 22), mixed difficulty 1-5"
"$ponder" sim problems --count "$calibration" --seed 21 --difficulty mix --out "$out/calibration.jsonl"
"$ponder" sim problems --count "$problems" --seed 22 --difficulty mix --out "$out/heldout.jsonl"

say "calibrating: presets $presets at budgets $budgets, PRM noise $noise"
"$ponder" calibrate "${sim[@]}" --dataset "$out/calibration.jsonl" --presets "$presets" --budgets "$budgets" \
  --tolerance "$tolerance" ${second_look[@]+"${second_look[@]}"} --out "$out/table.yaml" --runs "$out/calibration-runs" > "$out/calibration.txt"

# A Ponder home whose `auto` reads the calibrated table.
home="$out/home"
rm -rf "$home" && mkdir -p "$home"
cp -r "$repo/Strategies" "$repo/Prompts" "$repo/Configs" "$home/"
cat > "$home/Strategies/auto.yaml" <<YAML
kind: auto
description: auto with the table calibrated by the benchmark
parameters:
  table: $out/table.yaml
YAML
export PONDER_HOME="$home"

held="$out/heldout-runs"
mkdir -p "$held"
run() { # name, extra flags...
  local name="$1"; shift
  rm -f "$held/$name.sqlite" "$held/$name.sqlite-wal" "$held/$name.sqlite-shm"
  "$ponder" run "${sim[@]}" --dataset "$out/heldout.jsonl" --out "$held/$name.sqlite" --progress off "$@" > "$held/$name.txt"
  say "$name: $(grep -E '^  (accuracy|tokens)' "$held/$name.txt" | tr -s ' ' | tr '\n' ' ')"
}

IFS=, read -r -a tier_list <<< "$budgets"
for preset in ${presets//,/ }; do
  if [ "$preset" = single ]; then run single --strategy single; continue; fi
  for budget in "${tier_list[@]}"; do run "$preset@$budget" --strategy "$preset@$budget"; done
done
for budget in "${tier_list[@]}"; do
  run "auto@$budget" --strategy "auto@$budget"
  run "oracle@$budget" --strategy "auto@$budget" --oracle-bins
done

# Per-batch budget: what auto at the middle tier spent, less a third, spread by the batch allocator
# versus the same total spread evenly (a hard per-problem cap of total / problems).
middle="${tier_list[$(( ${#tier_list[@]} / 2 ))]}"
mean=$("$ponder" compare "$held/auto@$middle.sqlite" --tokens completion --json \
  | python3 -c 'import json, sys; print(next(iter(json.load(sys.stdin)["strategies"].values()))["mean_tokens"])')
spent=$(python3 -c "print(int($mean * $problems))")
batch=$(( spent * 2 / 3 ))
run "auto-batch" --strategy "auto@${tier_list[-1]}" --token-budget "$batch"
run "auto-even" --strategy "auto@${tier_list[-1]}" --max-completion-tokens $(( batch / problems )) --hard-token-limit
say "batch budget: $batch completion tokens over $problems problems"

# Each store under its file's name (auto@16 and the oracle run the same preset).
labelled=()
for store in "$held"/*.sqlite; do labelled+=("$(basename "$store" .sqlite)=$store"); done
say "comparing (ponder compare, generated tokens)"
"$ponder" compare "${labelled[@]}" --tokens completion --seed 1 --reps 2000 --html "$out/report.html" > "$out/compare.txt"
"$ponder" compare "${labelled[@]}" --tokens completion --seed 1 --reps 2000 --json > "$out/compare.json"
say "done: $out/compare.txt, $out/compare.json, $out/report.html; table and calibration report in $out/table.yaml, $out/table.md"
cat "$out/calibration.txt"
cat "$out/compare.txt"
