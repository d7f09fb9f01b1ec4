#!/usr/bin/env bash
# `make run`: database up, app on http://127.0.0.1:5080; Ctrl-C stops both cleanly.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
scripts/deps.sh postgres
scripts/secrets.sh
scripts/pg.sh start
owns_db=1; [ -n "${UNIONONE_DB:-}" ] && owns_db=0
export UNIONONE_DB=$(scripts/pg.sh url)
export UNIONONE_SECRETS_FILE=${UNIONONE_SECRETS_FILE:-$ROOT/.data/secrets.json}
cleanup() {
  # The app runs as a background job, which ignores SIGINT in a non-interactive shell: stop it with SIGTERM.
  [ -n "${app_pid:-}" ] && kill -TERM "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  trap - EXIT INT TERM
  if [ "$owns_db" = 1 ]; then scripts/pg.sh stop && echo "PostgreSQL stopped."; fi
}
trap cleanup EXIT INT TERM
dotnet build src/UnionOne -c Release -nologo -v q
dotnet src/UnionOne/bin/Release/net10.0/UnionOne.dll --contentRoot "$ROOT/src/UnionOne" \
  --urls "${UNIONONE_URLS:-http://127.0.0.1:5080}" --DemoData:SeedOnStart=true --DataProtection:KeysPath="$ROOT/.data/keys" &
app_pid=$!
wait "$app_pid"
