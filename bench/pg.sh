# Shared by bench/runs.sh: a throw-away PostgreSQL 15 server (system binaries) in a temporary folder, stopped and
# removed on exit. As root the server runs as the `postgres` user (initdb refuses root).
# Usage: source "$(dirname "$0")/pg.sh"; pg_start <port> <work-dir>; psql_db <db> [psql args…]
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DATA=""
PG_PORT=""

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start PORT DIR: initdb (trust auth, superuser postgres) in DIR/pg and start on 127.0.0.1:PORT; PG_EXTRA_OPTIONS adds
# server options (e.g. "-c max_connections=2000").
pg_start() {
  PG_PORT="$1"; PG_DATA="$2/pg"
  mkdir -p "$PG_DATA" "$2/sock"; chmod 755 "$2"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DATA" "$2/sock"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $2/sock -c max_connections=200 -c shared_buffers=256MB \
        -c work_mem=16MB -c maintenance_work_mem=256MB -c max_wal_size=4GB ${PG_EXTRA_OPTIONS:-}" start >/dev/null
}

pg_stop() {
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
}

psql_db() {
  local db="$1"; shift
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" "$@"
}

pg_url() { echo "postgres://postgres@127.0.0.1:$PG_PORT/$1"; }
