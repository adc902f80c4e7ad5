# A PostgreSQL server of a bench's own, sourced by the bench scripts: `pg_start DIR` initialises
# a cluster in DIR and starts it on a free port of 127.0.0.1 (as user nobody when run as root:
# the server refuses root), with the server's default durability settings; `newdb` creates an
# empty database and prints its URL; `pg_stop` stops the server. Needs PostgreSQL's programs
# (initdb, pg_ctl, createdb: Debian's postgresql package).

PGBIN=$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")")
export PGPASSWORD=bench-secret

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

pg_start() {
  PGDATA_DIR=$1
  mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = 0 ] && chown nobody "$PGDATA_DIR"
  echo "$PGPASSWORD" > "$PGDATA_DIR/pw"
  [ "$(id -u)" = 0 ] && chown nobody "$PGDATA_DIR/pw"
  as_pg "$PGBIN/initdb" -D "$PGDATA_DIR/data" -U isoaudit -A scram-sha-256 -E UTF8 \
    --pwfile="$PGDATA_DIR/pw" >/dev/null
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/log" -w \
    -o "-p $PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1" start >/dev/null
}

pg_stop() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast stop >/dev/null
}

# A new empty database; prints its URL. (Names from the clock: these run in command
# substitutions, where a counter would not survive.)
newdb() {
  local name
  name=b$(date +%s%N)
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U isoaudit "$name"
  echo "postgres://isoaudit@127.0.0.1:$PORT/$name"
}
