#!/usr/bin/env bash
# `make cluster`: the platform scaled out on this machine, all on loopback:
#   nginx :5085 -> two app instances :5081 and :5082 -> PostgreSQL primary :55442, streaming replica :55443
# Both instances share the data-protection keys (a session moves freely between them) and the personal-data keys; reads
# that may lag go to the replica; background work takes a lease in PostgreSQL, so it runs on one instance at a time.
#
# Usage: scripts/cluster.sh run|start|stop|status|kill N|stop-replica|urls
#   run    start, print the addresses, and stop everything on Ctrl-C (what `make cluster` does)
#   start  start in the background (idempotent: starts only what is not running); stop stops it all
#   kill N SIGKILLs app instance N, stop-replica stops the replica (failover drills; `start` brings them back)
# Settings (environment): UNIONONE_CLUSTER (directory, default .data/cluster), CLUSTER_HTTP_PORT (5085),
#   CLUSTER_APP_PORTS ("5081 5082"), CLUSTER_PG_PORT (55442), CLUSTER_REPLICA_PORT (55443), CLUSTER_SEED (true: demo data),
#   UNIONONE_APP_DLL (an already built UnionOne.dll; default: build Release). Other UNIONONE_* and Section__Key variables
#   pass through to the app instances.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${UNIONONE_CLUSTER:-$ROOT/.data/cluster}
HTTP_PORT=${CLUSTER_HTTP_PORT:-5085}
read -r -a APP_PORTS <<< "${CLUSTER_APP_PORTS:-5081 5082}"
PG_PORT=${CLUSTER_PG_PORT:-55442}
REPLICA_PORT=${CLUSTER_REPLICA_PORT:-55443}
DB=unionone

pg() { UNIONONE_DB="" UNIONONE_DATA="$DIR/$1" UNIONONE_PGPORT="$2" UNIONONE_DBNAME=$DB "$ROOT/scripts/pg.sh" "${@:3}"; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
url() { echo "Host=127.0.0.1;Port=$1;Username=unionone;Password=$(cat "$DIR/primary/pg-password");Database=$DB"; }

wait_healthy() {
  local port=$1 what=$2 log=${3:-} i
  # Up to 10 minutes: the first start seeds the demo city (20,000 members) before it answers.
  for i in $(seq 1 3000); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$what did not become healthy on port $port" >&2
  [ -n "$log" ] && tail -40 "$log" >&2
  return 1
}

start_databases() {
  "$ROOT/scripts/deps.sh" postgres proxy
  mkdir -p "$DIR"
  pg primary "$PG_PORT" start
  if [ ! -s "$DIR/replica/pg/PG_VERSION" ]; then
    # A base backup of the primary that streams its WAL from then on (-R writes standby.signal and primary_conninfo).
    mkdir -p "$DIR/replica/pg" "$DIR/replica/pg-run"
    chmod 700 "$DIR/replica/pg"
    cp "$DIR/primary/pg-password" "$DIR/replica/pg-password"
    if [ "$(id -u)" -eq 0 ]; then chmod 755 "$DIR/replica"; chown -R postgres:postgres "$DIR/replica/pg" "$DIR/replica/pg-run"; fi
    as_pg env PGPASSWORD="$(cat "$DIR/primary/pg-password")" "$("$ROOT/scripts/pg.sh" bin)/pg_basebackup" \
      -h 127.0.0.1 -p "$PG_PORT" -U unionone -D "$DIR/replica/pg" -R -X stream -c fast
    cat >> "$DIR/replica/pg/postgresql.conf" <<CONF
# UnionOne cluster: the streaming replica
port = $REPLICA_PORT
unix_socket_directories = '$DIR/replica/pg-run'
hot_standby = on
hot_standby_feedback = on
CONF
  fi
  pg replica "$REPLICA_PORT" start
}

app_dll() {
  if [ -n "${UNIONONE_APP_DLL:-}" ]; then echo "$UNIONONE_APP_DLL"; return; fi
  dotnet build "$ROOT/src/UnionOne" -c Release -nologo -v q >&2
  echo "$ROOT/src/UnionOne/bin/Release/net10.0/UnionOne.dll"
}

app_running() { [ -f "$DIR/app$1.pid" ] && kill -0 "$(cat "$DIR/app$1.pid")" 2>/dev/null; }

start_apps() {
  local dll n port
  dll=$(app_dll)
  export UNIONONE_SECRETS_FILE=${UNIONONE_SECRETS_FILE-$ROOT/.data/secrets.json}
  [ -n "$UNIONONE_SECRETS_FILE" ] && UNIONONE_SECRETS_FILE="$UNIONONE_SECRETS_FILE" "$ROOT/scripts/secrets.sh" >/dev/null
  mkdir -p "$DIR/keys"
  n=0
  for port in "${APP_PORTS[@]}"; do
    n=$((n + 1))
    app_running $n && continue
    UNIONONE_DB="$(url "$PG_PORT")" UNIONONE_DB_REPLICA="$(url "$REPLICA_PORT")" \
    DataProtection__KeysPath="$DIR/keys" Web__TrustForwardedHeaders=true UNIONONE_INSTANCE="app$n" \
    DemoData__SeedOnStart="${CLUSTER_SEED:-true}" \
      nohup dotnet "$dll" --contentRoot "$ROOT/src/UnionOne" --urls "http://127.0.0.1:$port" > "$DIR/app$n.log" 2>&1 &
    echo $! > "$DIR/app$n.pid"
  done
  n=0
  for port in "${APP_PORTS[@]}"; do
    n=$((n + 1))
    wait_healthy "$port" "app instance $n" "$DIR/app$n.log"
  done
}

start_nginx() {
  local conf=$DIR/nginx/nginx.conf servers="" port user=""
  mkdir -p "$DIR/nginx/tmp"
  for port in "${APP_PORTS[@]}"; do servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=3s;"$'\n'; done
  if [ "$(id -u)" -eq 0 ]; then user="user nobody nogroup;"; chown -R nobody:nogroup "$DIR/nginx/tmp"; fi
  cat > "$conf" <<CONF
# Written by scripts/cluster.sh; regenerated on every start.
$user
worker_processes 2;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx/tmp/body;
  proxy_temp_path $DIR/nginx/tmp/proxy;
  fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
  uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
  scgi_temp_path $DIR/nginx/tmp/scgi;
  # The app enforces its own, smaller limits with Chinese messages; this only keeps absurd bodies out.
  client_max_body_size 128m;
  upstream unionone {
$servers  }
  server {
    listen 127.0.0.1:$HTTP_PORT;
    location / {
      proxy_pass http://unionone;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # No keep-alive to the instances: a request to a dead instance then fails at connect, before anything is sent,
      # and nginx passes it to the other one, even a POST. Only requests already inside the dead instance are lost.
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 300s;
      # When no instance can take a request, say so the way the app does: a Chinese ProblemDetails, 503, Retry-After.
      # The app's own error answers (its 503 during a database outage) pass through untouched.
      proxy_intercept_errors off;
      error_page 502 504 = @unavailable;
    }
    location @unavailable {
      default_type application/problem+json;
      add_header Retry-After 1 always;
      return 503 '{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"服务暂时不可用","status":503,"detail":"服务实例正在切换，请稍后重试。"}';
    }
  }
}
CONF
  if [ -f "$DIR/nginx/nginx.pid" ] && kill -0 "$(cat "$DIR/nginx/nginx.pid")" 2>/dev/null; then
    nginx -p "$DIR/nginx" -c "$conf" -s reload
  else
    nginx -p "$DIR/nginx" -c "$conf" -e "$DIR/nginx/error.log"
  fi
  wait_healthy "$HTTP_PORT" "nginx"
}

start() {
  start_databases
  start_apps
  start_nginx
}

stop() {
  local n pid
  if [ -f "$DIR/nginx/nginx.pid" ] && kill -0 "$(cat "$DIR/nginx/nginx.pid")" 2>/dev/null; then
    nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s quit || true
    for _ in $(seq 1 50); do [ -f "$DIR/nginx/nginx.pid" ] || break; sleep 0.1; done
  fi
  for n in $(seq 1 ${#APP_PORTS[@]}); do
    if app_running "$n"; then
      pid=$(cat "$DIR/app$n.pid"); kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$DIR/app$n.pid"
  done
  [ -d "$DIR/replica/pg" ] && pg replica "$REPLICA_PORT" stop
  [ -d "$DIR/primary/pg" ] && pg primary "$PG_PORT" stop
  return 0
}

status() {
  local n=0 port
  echo "nginx      http://127.0.0.1:$HTTP_PORT  $( [ -f "$DIR/nginx/nginx.pid" ] && kill -0 "$(cat "$DIR/nginx/nginx.pid")" 2>/dev/null && echo running || echo stopped)"
  for port in "${APP_PORTS[@]}"; do
    n=$((n + 1)); echo "app $n      http://127.0.0.1:$port  $(app_running $n && echo running || echo stopped)"
  done
  echo "primary    127.0.0.1:$PG_PORT  $(pg primary "$PG_PORT" status)"
  echo "replica    127.0.0.1:$REPLICA_PORT  $(pg replica "$REPLICA_PORT" status)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  stop-replica) pg replica "$REPLICA_PORT" stop ;;
  kill) kill -KILL "$(cat "$DIR/app${2:?which instance}.pid")" ;;
  urls) echo "primary=$(url "$PG_PORT")"; echo "replica=$(url "$REPLICA_PORT")" ;;
  run)
    trap 'trap - EXIT INT TERM; echo; echo "Stopping the cluster..."; stop; echo "Stopped."' EXIT INT TERM
    start
    status
    echo
    echo "UnionOne cluster on http://127.0.0.1:$HTTP_PORT (nginx; instances on ${APP_PORTS[*]}). Ctrl-C stops it."
    echo "Failover drill: scripts/cluster.sh kill 1 (in another terminal), then keep using the site."
    while true; do sleep 3600 & wait $!; done
    ;;
  *) echo "usage: $0 run|start|stop|status|kill N|urls" >&2; exit 2 ;;
esac
