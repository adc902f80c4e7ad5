#!/usr/bin/env bash
# Load on `isoaudit serve`: a register of 10,000 actions (benches/gen_register.py: 20 offices,
# 9 departments each), 200 users (180 department owners, 10 auditors, 9 quality managers, a
# reader), the release server on a loopback port, and benches/serve_load.rs driving one thread
# per user for SECONDS with a think time between clicks. Prints req/s and p50/p99 latency; fails
# on any error or lost update. Not part of .ci/run.
#
#   benches/serve_load.sh [SECONDS] [THINK_MS]      default 60 s, 1000 ms (0.5-1.5 s per click)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-60}
THINK=${2:-1000}
OUT=${BENCH_OUT:-$(pwd)/bench-out}/serve
rm -rf "$OUT" && mkdir -p "$OUT"

cargo build --release --quiet
cargo bench --no-run --quiet --bench serve_load 2>/dev/null || cargo bench --no-run --bench serve_load
BIN=$(pwd)/target/release/isoaudit
LOAD=$(ls -t target/release/deps/serve_load-* | grep -v '\.d$' | head -1)

python3 benches/gen_register.py "$OUT/results" 10000 >/dev/null
"$BIN" actions sync "$OUT/results" --register "$OUT/r.db" --today 2026-06-01 --quiet
add() { printf 'bench password 1\n' | "$BIN" users add "$@" --register "$OUT/r.db" --quiet; }
for o in $(seq -w 0 19); do
  for d in $(seq 0 8); do add "owner-o$o-$d" --role dept-owner --office "o$o" --department "科室$d"; done
done
# The generated findings are all raised by 李强: each office's auditor is him.
for o in $(seq -w 0 9); do add "auditor-o$o" --role auditor --office "o$o" --display-name 李强; done
for o in $(seq 10 18); do add "qm-o$o" --role quality-manager --office "o$o"; done
add chief --role reader
echo "register: $("$BIN" actions list --register "$OUT/r.db" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') actions, $("$BIN" users list --register "$OUT/r.db" | wc -l) users"

"$BIN" serve --register "$OUT/r.db" --listen 127.0.0.1:0 --today 2026-06-01 2>"$OUT/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q http:// "$OUT/serve.log" 2>/dev/null && break; sleep 0.1; done
ADDR=$(grep -o 'http://[0-9.:]*' "$OUT/serve.log" | head -1 | sed 's|http://||')
"$LOAD" "$ADDR" "$OUT/r.db" "$SECONDS_RUN" "$THINK"
