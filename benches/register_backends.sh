#!/usr/bin/env bash
# The register on SQLite and on PostgreSQL, side by side on this machine: sync of 10,000
# findings into an empty register; list, stats and export of a register of 100,000 actions;
# 8 processes updating at once. Prints a Markdown table (medians of RUNS runs, wall time) for
# docs/performance.md. Not part of .ci/run.
#
#   benches/register_backends.sh            full sizes (about 10 minutes on 2 cores)
#   benches/register_backends.sh --quick    one tenth of the sizes, for a smoke run
#   ISOAUDIT_BIN=/tmp/old/isoaudit benches/register_backends.sh   another build, not rebuilt
#
# Needs: cargo, python3, PostgreSQL's programs (initdb, pg_ctl, createdb: Debian's postgresql
# package). It starts a server of its own in a temp folder on a free port of 127.0.0.1 (as user
# nobody when run as root: the server refuses root), with the server's default durability
# settings, and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-3}
SCALE=1
[ "${1:-}" = "--quick" ] && SCALE=10
SYNC_N=$((10000 / SCALE))
BIG_N=$((100000 / SCALE))
WRITERS=8
PER_WRITER=$((400 / SCALE))
TODAY=2026-06-01

# ISOAUDIT_BIN=PATH times that binary instead of this checkout's release build (two builds
# compared on the same machine at the same load).
if [ -n "${ISOAUDIT_BIN:-}" ]; then
  BIN=$ISOAUDIT_BIN
else
  cargo build --release --quiet
  BIN=$ROOT/target/release/isoaudit
fi

WORK=$(mktemp -d /tmp/isoaudit-bench-register.XXXXXX)
chmod 755 "$WORK"
. benches/common/pg.sh
pg_start "$WORK/pg"
trap 'pg_stop; rm -rf "$WORK"' EXIT

# A new SQLite register path.
newfile() { echo "$WORK/b$(date +%s%N).db"; }
# Seconds a command takes (wall), its output discarded; a failed run stops the script.
secs() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
act() { "$BIN" --quiet actions --register "$1" --today "$TODAY" "${@:2}"; }

python3 benches/gen_register.py "$WORK/sync" "$SYNC_N"
python3 benches/gen_register.py "$WORK/big" "$BIG_N"

declare -A R
# sync into an empty register, RUNS times each, alternating backends.
for kind in sqlite pg; do R[sync_$kind]=""; done
for _ in $(seq "$RUNS"); do
  for kind in sqlite pg; do
    if [ $kind = sqlite ]; then reg=$(newfile); else reg=$(newdb); fi
    R[sync_$kind]+=" $(secs act "$reg" sync "$WORK/sync")"
  done
done

# One register of BIG_N actions on each side; its sync is timed once.
BIG_SQLITE=$(newfile)
BIG_PG=$(newdb)
R[bigsync_sqlite]=$(secs act "$BIG_SQLITE" sync "$WORK/big")
R[bigsync_pg]=$(secs act "$BIG_PG" sync "$WORK/big")
for cmd in list stats export; do
  for kind in sqlite pg; do R[${cmd}_$kind]=""; done
  for _ in $(seq "$RUNS"); do
    for kind in sqlite pg; do
      if [ $kind = sqlite ]; then reg=$BIG_SQLITE; else reg=$BIG_PG; fi
      case $cmd in
        list) args=(list --json) ;;
        stats) args=(stats --json) ;;
        export) args=(export -o "$WORK/t-$kind.xlsx" --force) ;;
      esac
      R[${cmd}_$kind]+=" $(secs act "$reg" "${args[@]}")"
    done
  done
done

# WRITERS processes at once, each updating PER_WRITER actions of its own in turn, on a copy
# of the sync register; commands per second over the whole run.
writers() {
  local reg=$1 t0 t1 k
  t0=$(date +%s%N)
  for k in $(seq 0 $((WRITERS - 1))); do
    (
      for i in $(seq 1 "$PER_WRITER"); do
        n=$(( (k * PER_WRITER + i - 1) % (SYNC_N / 40) + 1 ))
        o=$(printf 'o%02d' $(( (k * PER_WRITER + i - 1) / (SYNC_N / 40) % 20 )))
        act "$reg" update "$(printf 'IA-2026-%s-NC%05d' "$o" "$n")" --owner "w$k-$i" >/dev/null
      done
    ) &
  done
  wait
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v n=$((WRITERS * PER_WRITER)) 'BEGIN { printf "%.0f", n / ((b - a) / 1e9) }'
}
W_SQLITE=$(newfile)
act "$W_SQLITE" sync "$WORK/sync" >/dev/null
W_PG=$(newdb)
act "$W_PG" sync "$WORK/sync" >/dev/null
R[writers_sqlite]=$(writers "$W_SQLITE")
R[writers_pg]=$(writers "$W_PG")

row() {
  local what=$1 key=$2 unit=${3:-s} s p
  s=$(echo "${R[${key}_sqlite]}" | median)
  p=$(echo "${R[${key}_pg]}" | median)
  if [ "$unit" = s ]; then
    echo "| $what | $s s | $p s | $(ratio "$p" "$s") × |"
  else
    echo "| $what | $s $unit | $p $unit | $(ratio "$s" "$p") × |"
  fi
}
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), $(nproc) cores, medians of $RUNS runs"
echo
echo "| what | SQLite | PostgreSQL | PostgreSQL ÷ SQLite (time) |"
echo "| --- | --- | --- | --- |"
row "\`actions sync\` of $SYNC_N findings into an empty register" sync
row "\`actions sync\` of $BIG_N findings (once)" bigsync
row "\`actions list --json\`, $BIG_N actions" list
row "\`actions stats --json\`, $BIG_N actions" stats
row "\`actions export -o tracker.xlsx\`, $BIG_N actions" export
row "$WRITERS processes × $PER_WRITER \`actions update\` at once" writers "commands/s"
