#!/usr/bin/env bash
# `make test`: every test (unit, integration on real PostgreSQL, browser in headless Chromium).
# Ends with one plain line "N passed, N failed, N skipped" summed over the test projects.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
what=${1:-all}
scripts/deps.sh postgres browser proxy
scripts/secrets.sh >/dev/null
scripts/pg.sh start
export UNIONONE_TEST_DB=$(scripts/pg.sh url postgres)
dotnet build UnionOne.slnx -c Debug -nologo -v q
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
run() {
  dotnet test "$@" --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee -a "$log"
  return "${PIPESTATUS[0]}"
}
if [ "$what" = faults ]; then run tests/UnionOne.Tests --filter "Suite=Faults" || status=1; fi
if [ "$what" = cluster ]; then run tests/UnionOne.Tests --filter "Suite=Cluster" || status=1; fi
if [ "$what" = all ] || [ "$what" = unit ]; then run tests/UnionOne.Tests || status=1; fi
if [ "$what" = all ] || [ "$what" = browser ]; then run tests/UnionOne.BrowserTests || status=1; fi
sum() { { grep -E "^\s+$1:\s+[0-9]+" "$log" || true; } | awk '{s += $2} END {print s + 0}'; }
# A fixture that fails when it is disposed (e.g. personal data found in its logs or API answers) is reported by xunit as a
# cleanup failure, which does not change dotnet test's exit code: count it as a failure here.
cleanup=$(grep -c "Cleanup Failure" "$log" || true)
if [ "$cleanup" -gt 0 ]; then grep -A3 "Cleanup Failure" "$log" | head -40; status=1; fi
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
[ "$passed" -gt 0 ] || status=1
echo
# CI keeps only the tail of the output: name each failed test and its message again, just above the summary.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  grep -E -A6 "^\s+Failed [A-Za-z_].* \[[0-9]" "$log" | cut -c1-300 | head -60 || true
fi
echo "$passed passed, $((failed + cleanup)) failed, $skipped skipped"
exit $status
