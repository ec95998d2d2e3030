#!/usr/bin/env bash
# Ponder beside optillm on the same simulated backend, in one run (issue 8): installs optillm if it is
# missing (setup.sh), runs `ponder bench optillm`, and writes into OUT_DIR:
#   results.json      every figure and the targets judged
#   results.md        the command and the markdown tables
#   accuracy.jsonl    the graded answers (interchange rows), and accuracy.html: `ponder compare`'s report
#
#   Benchmarks/optillm/run.sh [more `ponder bench optillm` flags, e.g. --part fan-out --problems 100]
#
# PONDER   the ponder binary (default: this checkout's release build, built if needed)
# OUT_DIR  where results go (default: ${PONDER_CACHE:-$HOME/.cache/ponder}/optillm-bench)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT_DIR="${OUT_DIR:-${PONDER_CACHE:-$HOME/.cache/ponder}/optillm-bench}"

OPTILLM="$("$HERE/setup.sh")"
if [[ -z "${PONDER:-}" ]]; then
    (cd "$ROOT" && swift build -c release --product ponder >&2)
    PONDER="$(cd "$ROOT" && swift build -c release --show-bin-path)/ponder"
fi

# The scale part holds about 11,000 connections in one process.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

mkdir -p "$OUT_DIR"
rm -f "$OUT_DIR/accuracy.jsonl" "$OUT_DIR/accuracy.html"
command=("$PONDER" bench optillm --optillm "$OPTILLM" --out "$OUT_DIR/results.json"
    --accuracy-out "$OUT_DIR/accuracy.jsonl" --work-dir "$OUT_DIR/work" "$@")
started=$(date +%s)
table="$("${command[@]}")"
elapsed=$(( $(date +%s) - started ))
{
    echo "command: \`${command[*]}\` ($elapsed s)"
    echo
    echo "$table"
} > "$OUT_DIR/results.md"
if [[ -s "$OUT_DIR/accuracy.jsonl" ]]; then
    "$PONDER" compare "$OUT_DIR/accuracy.jsonl" --html "$OUT_DIR/accuracy.html" > /dev/null
fi
cat "$OUT_DIR/results.md"
echo "results in $OUT_DIR" >&2
