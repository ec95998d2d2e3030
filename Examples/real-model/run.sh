#!/usr/bin/env bash
# A small run on a real model on the CPU: llama.cpp's server with SmolLM2-135M-Instruct (started, or
# reused, by scripts/real-model.sh), every preset in Examples/real-model/Strategies over the 20
# arithmetic problems, then `ponder compare` on generated tokens.
#
#   Examples/real-model/run.sh [--out DIR] [--presets a,b,c] [--seeds N] [--ponder PATH]
#
# Writes one run store per preset into DIR, DIR/compare.txt and DIR/report.html, and prints each
# run's summary with its wall time, then the comparison.
set -euo pipefail

out="${TMPDIR:-/tmp}/ponder-real-model"
presets="single,best-of-8-checked,self-consistency,beam-checked,mcts-checked"
seeds=1
ponder=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --presets) presets="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --ponder) ponder="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ -z "$ponder" ]; then
  (cd "$repo" && swift build -c release --product ponder >&2)
  ponder="$repo/.build/release/ponder"
fi
url="$("$repo/scripts/real-model.sh" start)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# The presets and the few-shot prompt come from this folder.
export PONDER_HOME="$here"
stores=()
IFS=',' read -r -a names <<<"$presets"
for preset in "${names[@]}"; do
  store="$out/$preset.sqlite"
  rm -f "$store"
  echo "== $preset" >&2
  "$ponder" run --dataset "$here/problems.jsonl" --strategy "$preset" --seeds "$seeds" --concurrency 4 \
    --endpoint "$url" --out "$store" >&2
  stores+=("$store")
done
"$ponder" compare "${stores[@]}" --tokens completion --html "$out/report.html" | tee "$out/compare.txt"
echo "run stores, compare.txt and report.html in $out" >&2
