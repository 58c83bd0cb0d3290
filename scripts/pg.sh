#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `scripts/pg.sh start DIR PORT` prints a connection string; `scripts/pg.sh stop DIR`.
# Runs the server as the postgres user when started as root (initdb refuses root), as the caller otherwise.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
cmd=${1:-start}; DIR=${2:?data dir}; PORT=${3:-54329}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
start)
  rm -rf "$DIR"; mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  chmod 700 "$DIR"
  as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log"
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -Atc "CREATE DATABASE quarry_test" >/dev/null
  echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=quarry_test" ;;
stop)
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
  rm -rf "$DIR" ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
