#!/usr/bin/env bash
# The audit programme at scale: a generated programme of OFFICES offices × 10 departments × 27
# clauses with YEARS years of results, then `programme status` (with its three files) and
# `programme plan` on it; prints the median wall and CPU seconds and peak memory of each.
# Not part of .ci/run.
#
#   benches/programme.sh [OFFICES] [YEARS]      default 100 offices, 10 years
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OFFICES=${1:-100}
YEARS=${2:-10}
RUNS=${RUNS:-3}
OUT=${BENCH_OUT:-$(pwd)/bench-out}/programme-$OFFICES-$YEARS
rm -rf "$OUT" && mkdir -p "$OUT"
cargo build --release --quiet
BIN=$(pwd)/target/release/isoaudit
python3 benches/gen_programme.py "$OUT" "$OFFICES" "$YEARS"
cells=$((OFFICES * 10 * 27))
echo "programme: $OFFICES offices, $cells department × clause cells, $((OFFICES * YEARS)) past audits"
measure() { python3 "$ROOT/benches/measure.py" "$RUNS" "$@" || exit 1; }
cd "$OUT"
read -r w c m < <(measure "$BIN" programme status . --register none.db --as-of 2025-12-31 --json)
echo "status --json          wall ${w} s  cpu ${c} s  peak ${m} KB"
read -r w c m < <(measure "$BIN" programme status . --register none.db --as-of 2025-12-31 -o status --force -q)
echo "status -o (xlsx/md/json) wall ${w} s  cpu ${c} s  peak ${m} KB"
read -r w c m < <(measure "$BIN" programme plan . --register none.db --year 2026 -o plan --force -q)
echo "plan --year            wall ${w} s  cpu ${c} s  peak ${m} KB"
