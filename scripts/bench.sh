#!/usr/bin/env bash
# `make bench` (full) and `make bench-quick` (quick): Release build, the bench database seeded once and reused,
# the app started on 127.0.0.1, every workload run beside a baseline measured in the same run, a table printed
# and bench/results/latest.json written. See docs/performance.md.
#
# Usage: scripts/bench.sh full|quick
# Environment (all optional):
#   UNIONONE_DATA / UNIONONE_DB        as for the other scripts (cluster under .data/, or an existing server)
#   UNIONONE_BENCH_DB                  connection string of the bench database (default: unionone_bench on that server)
#   UNIONONE_SECRETS_FILE              personal-data keys (default .data/secrets.json)
#   BENCH_PORT                         app port (default 5090)
#   BENCH_MEMBERS, BENCH_IMPORT_ROWS, BENCH_DURATION, BENCH_WARMUP, BENCH_WARMUP_MAX, BENCH_SEARCH_CLIENTS, BENCH_CARD_CLIENTS,
#   BENCH_PGBENCH_SECONDS, BENCH_PGBENCH_SCALE, BENCH_CITY_STAFF, BENCH_DISTRICT_STAFF, BENCH_STAFF_PASSWORD,
#   BENCH_ONLY=import,search,card,pgbench, BENCH_STRICT=1 (exit 1 when a target is missed),
#   BENCH_APP_LOG=quiet (no per-request log line from the app)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

mode=${1:-}
case "$mode" in
  full) members=${BENCH_MEMBERS:-1000000} ;;
  quick) members=${BENCH_MEMBERS:-100000} ;;
  *) echo "usage: $0 full|quick" >&2; exit 2 ;;
esac
export BENCH_MEMBERS=$members
port=${BENCH_PORT:-5090}
export BENCH_APP_URL="http://127.0.0.1:$port"
export BENCH_ROOT=$ROOT
# The app's data-protection keys for the bench: the benchmark plays many phones with the server's code-signing key.
export BENCH_DP_KEYS=${BENCH_DP_KEYS:-$ROOT/.data/bench-keys}
mkdir -p "$BENCH_DP_KEYS"
results=$ROOT/bench/results
mkdir -p "$results"

# 1. PostgreSQL (the project's cluster, or UNIONONE_DB's server), keys, pgbench.
scripts/deps.sh postgres
scripts/secrets.sh
scripts/pg.sh start
export UNIONONE_SECRETS_FILE=${UNIONONE_SECRETS_FILE:-$ROOT/.data/secrets.json}
export UNIONONE_PGBIN=$(scripts/pg.sh bin)
base_url=$(scripts/pg.sh url)

# 2. Release build of the app and the benchmark program.
echo "Building (Release)..."
dotnet build bench/UnionOne.Bench -c Release -nologo -v q -clp:ErrorsOnly
APP=src/UnionOne/bin/Release/net10.0/UnionOne.dll
BENCH=bench/UnionOne.Bench/bin/Release/net10.0/UnionOne.Bench.dll

# 3. The bench database: created when missing, migrated, seeded only when it holds fewer members than wanted.
bench_url=${UNIONONE_BENCH_DB:-$(dotnet "$BENCH" prepare --base "$base_url" --database "${UNIONONE_BENCH_DBNAME:-unionone_bench}")}
export UNIONONE_DB=$bench_url
dotnet "$APP" migrate >/dev/null
have=$(dotnet "$BENCH" count-members)
if [ "$have" -lt "$members" ]; then
  echo "Seeding the bench database: it holds $have members, the $mode run wants $members (seed-large, COPY; minutes for 1,000,000)..."
  if ! dotnet "$APP" seed-large --members "$members" --Logging:LogLevel:Npgsql=Warning; then
    echo "WARNING: seed-large failed; workloads that need members will report 'not available'." >&2
  fi
else
  echo "Bench database holds $have members: reused."
fi

# 4. The app under test, on loopback, stopped on exit.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "Port $port is already in use: stop what listens there or set BENCH_PORT." >&2
  exit 1
fi
app_pid=""
stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
}
trap stop_app EXIT
trap 'exit 130' INT TERM
# Logging as the ASP.NET Core template ships it (framework at Warning) with the app's own one-line request log kept
# on: it is part of every request in production. BENCH_APP_LOG=quiet turns the request log off too.
log_args=(--Logging:LogLevel:Microsoft.AspNetCore=Warning --Logging:LogLevel:Microsoft.AspNetCore.HttpLogging=Information)
[ "${BENCH_APP_LOG:-request}" = quiet ] && log_args=(--Logging:LogLevel:Default=Warning)
ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$APP" --contentRoot "$ROOT/src/UnionOne" --urls "$BENCH_APP_URL" --DemoData:SeedOnStart=false --DataProtection:KeysPath "$BENCH_DP_KEYS" "${log_args[@]}" >"$results/app.log" 2>&1 &
app_pid=$!
echo "App started (pid $app_pid, log bench/results/app.log); waiting for $BENCH_APP_URL/health..."
if ! dotnet "$BENCH" wait-health --url "$BENCH_APP_URL/health" --timeout 180 --pid "$app_pid"; then
  tail -n 40 "$results/app.log" >&2 || true
  exit 1
fi

# 5. The workloads, the table and bench/results/latest.json.
dotnet "$BENCH" run "$mode"
