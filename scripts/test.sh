#!/usr/bin/env bash
# `make test`: every test (unit, integration on real PostgreSQL, browser in headless Chromium).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
what=${1:-all}
scripts/deps.sh postgres browser
scripts/pg.sh start
export UNIONONE_TEST_DB=$(scripts/pg.sh url postgres)
dotnet build UnionOne.slnx -c Debug -nologo -v q
status=0
if [ "$what" = all ] || [ "$what" = unit ]; then
  dotnet test tests/UnionOne.Tests --no-build -nologo --logger "console;verbosity=normal" || status=1
fi
if [ "$what" = all ] || [ "$what" = browser ]; then
  dotnet test tests/UnionOne.BrowserTests --no-build -nologo --logger "console;verbosity=normal" || status=1
fi
exit $status
