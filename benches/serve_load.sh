#!/usr/bin/env bash
# Load on `isoaudit serve`: a register of 10,000 actions (benches/gen_register.py: 20 offices,
# 9 departments each), 200 users (180 department owners, 10 auditors, 9 quality managers, a
# reader), the release server on a loopback port, and benches/serve_load.rs driving one thread
# per user for SECONDS with a think time between clicks. Prints req/s and p50/p99 latency; fails
# on any error or lost update. .ci/run runs it for 15 s on each backend (errors and lost
# updates fail CI; the latency is printed, not gated).
#
#   benches/serve_load.sh [SECONDS] [THINK_MS] [REGISTER]
#
# SECONDS and THINK_MS default to 60 s and 1000 ms (0.5-1.5 s per click). REGISTER: `sqlite`
# (the default, a file in the output folder), `pg` (a PostgreSQL server of the bench's own,
# started and stopped as benches/register_backends.sh does: benches/common/pg.sh), or the
# postgres:// URL of an empty database.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-60}
THINK=${2:-1000}
BACKEND=${3:-sqlite}
OUT=${BENCH_OUT:-$(pwd)/bench-out}/serve-$(echo "$BACKEND" | sed 's|:.*||')
rm -rf "$OUT" && mkdir -p "$OUT"
CLEANUP=()
trap 'for c in "${CLEANUP[@]}"; do eval "$c"; done' EXIT
case $BACKEND in
  sqlite) REG=$OUT/r.db ;;
  pg)
    chmod 755 "$OUT"
    . benches/common/pg.sh
    pg_start "$OUT/pg"
    CLEANUP+=(pg_stop)
    REG=$(newdb)
    ;;
  postgres://* | postgresql://*) REG=$BACKEND ;;
  *) echo "REGISTER: sqlite, pg or a postgres:// URL, not $BACKEND" >&2; exit 2 ;;
esac

cargo build --release --quiet
cargo bench --no-run --quiet --bench serve_load 2>/dev/null || cargo bench --no-run --bench serve_load
# Where cargo put the builds: CARGO_TARGET_DIR when set (relative to here), else target/.
TARGET=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
BIN=$TARGET/release/isoaudit
LOAD=$(ls -t "$TARGET"/release/deps/serve_load-* | grep -v '\.d$' | head -1)

python3 benches/gen_register.py "$OUT/results" 10000 >/dev/null
"$BIN" actions sync "$OUT/results" --register "$REG" --today 2026-06-01 --quiet
add() { printf 'bench password 1\n' | "$BIN" users add "$@" --register "$REG" --quiet; }
for o in $(seq -w 0 19); do
  for d in $(seq 0 8); do add "owner-o$o-$d" --role dept-owner --office "o$o" --department "科室$d"; done
done
# The generated findings are all raised by 李强: each office's auditor is him.
for o in $(seq -w 0 9); do add "auditor-o$o" --role auditor --office "o$o" --display-name 李强; done
for o in $(seq 10 18); do add "qm-o$o" --role quality-manager --office "o$o"; done
add chief --role reader
echo "register ($BACKEND): $("$BIN" actions list --register "$REG" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') actions, $("$BIN" users list --register "$REG" | wc -l) users"

"$BIN" serve --register "$REG" --listen 127.0.0.1:0 --today 2026-06-01 2>"$OUT/serve.log" &
SERVER=$!
# The server stops before the database it uses.
CLEANUP=("kill $SERVER 2>/dev/null || true" "${CLEANUP[@]}")
for _ in $(seq 100); do grep -q http:// "$OUT/serve.log" 2>/dev/null && break; sleep 0.1; done
ADDR=$(grep -o 'http://[0-9.:]*' "$OUT/serve.log" | head -1 | sed 's|http://||')
"$LOAD" "$ADDR" "$REG" "$SECONDS_RUN" "$THINK"
