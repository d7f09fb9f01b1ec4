#!/usr/bin/env bash
# The PostgreSQL cluster the project owns, under .data/pg on a loopback port.
# Usage: scripts/pg.sh start|stop|status|url|admin-url
# When UNIONONE_DB is set, nothing is started and `url` prints it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA_ROOT=${UNIONONE_DATA:-$ROOT/.data}
PGDATA_DIR=$DATA_ROOT/pg
RUN_DIR=$DATA_ROOT/pg-run
LOG=$DATA_ROOT/pg.log
PASSFILE=$DATA_ROOT/pg-password
PORT=${UNIONONE_PGPORT:-55432}
DB_NAME=${UNIONONE_DBNAME:-unionone}

pgbin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || { echo "PostgreSQL is not installed; run scripts/deps.sh postgres" >&2; exit 1; }
  echo "$d"
}

# PostgreSQL refuses to run as root: when root, the cluster belongs to the postgres system user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

own() {
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$@"; fi
}

url() {
  if [ -n "${UNIONONE_DB:-}" ]; then echo "$UNIONONE_DB"; return; fi
  echo "Host=127.0.0.1;Port=$PORT;Username=unionone;Password=$(cat "$PASSFILE");Database=${1:-$DB_NAME}"
}

running() {
  [ -f "$PGDATA_DIR/postmaster.pid" ] && as_pg "$(pgbin)/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

init() {
  [ -s "$PGDATA_DIR/PG_VERSION" ] && return
  mkdir -p "$DATA_ROOT" "$RUN_DIR"
  [ "$(id -u)" -eq 0 ] && chmod 755 "$DATA_ROOT"
  [ -s "$PASSFILE" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$PASSFILE")
  mkdir -p "$PGDATA_DIR"
  local pw; pw=$(mktemp); cp "$PASSFILE" "$pw"; chmod 644 "$pw"
  touch "$LOG"; own "$PGDATA_DIR" "$RUN_DIR" "$LOG" "$pw"
  as_pg "$(pgbin)/initdb" -D "$PGDATA_DIR" -U unionone --pwfile="$pw" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pw"
  cat >> "$PGDATA_DIR/postgresql.conf" <<CONF
# UnionOne development cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$RUN_DIR'
max_connections = 400
shared_buffers = 1GB
work_mem = 16MB
maintenance_work_mem = 256MB
effective_cache_size = 8GB
wal_level = replica
max_wal_size = 4GB
checkpoint_timeout = 15min
synchronous_commit = on
log_min_messages = warning
CONF
  own "$PGDATA_DIR"
}

start() {
  if [ -n "${UNIONONE_DB:-}" ]; then return; fi
  init
  mkdir -p "$RUN_DIR"; own "$RUN_DIR"; touch "$LOG"; own "$LOG"
  if ! running; then
    as_pg "$(pgbin)/pg_ctl" -D "$PGDATA_DIR" -l "$LOG" -w -t 60 start >/dev/null
  fi
  PGPASSWORD=$(cat "$PASSFILE") "$(pgbin)/psql" -h 127.0.0.1 -p "$PORT" -U unionone -d postgres -tAq \
    -c "select 1 from pg_database where datname = '$DB_NAME'" | grep -q 1 \
    || PGPASSWORD=$(cat "$PASSFILE") "$(pgbin)/psql" -h 127.0.0.1 -p "$PORT" -U unionone -d postgres -q \
      -c "create database \"$DB_NAME\""
}

stop() {
  if [ -n "${UNIONONE_DB:-}" ]; then return; fi
  if running; then as_pg "$(pgbin)/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo running; else echo stopped; fi ;;
  url) url "${2:-}" ;;
  bin) pgbin ;;
  *) echo "usage: $0 start|stop|status|url [db]|bin" >&2; exit 2 ;;
esac
