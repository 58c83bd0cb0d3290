#!/usr/bin/env bash
# The whole test suite, against SQLite and against a throwaway PostgreSQL.
# Installs missing system packages when run as root; prints "N passed, N failed" last; exits with the suite's status.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# System packages the tests use: PostgreSQL's server (initdb, pg_ctl), Tesseract with English, poppler (pdftoppm),
# Chromium (the dashboard's browser tests drive it with Playwright; nothing is downloaded).
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata 2>/dev/null)" ] || missing+=(tesseract-ocr-eng)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
      || { echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "Missing system packages: ${missing[*]}. Run as root to install them, or: sudo apt-get install ${missing[*]}"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

results=$(mktemp -d)
# PostgreSQL runs as the postgres user when we are root: its folder must be reachable by that user.
pgroot=$(mktemp -d /tmp/quarry-pg.XXXXXX); chmod 755 "$pgroot"
pgdir="$pgroot/pg"
pgport=$(( 55000 + RANDOM % 4000 ))
cleanup() { scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgroot"; }
trap cleanup EXIT

echo "== build"
dotnet build Quarry.slnx -c Release -v quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }

echo "== PostgreSQL on port $pgport"
if ! pg=$(scripts/pg.sh start "$pgdir" "$pgport"); then
  cat "$pgdir"/*.log 2>/dev/null | tail -20
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
run() { # name, env..., -- projects...
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  for project in "$@"; do
    echo "== $name: $project"
    env "${envs[@]}" dotnet test "$project" -c Release --no-build -nologo -v minimal \
      --logger "trx;LogFileName=$name-$(basename "$project").trx" --results-directory "$results" || status=1
  done
}
run sqlite QUARRY_TEST_DB=sqlite -- tests/Quarry.Core.Tests tests/Quarry.Data.Tests tests/Quarry.Server.Tests tests/Quarry.Client.Tests \
  tests/Quarry.Dashboard.Tests
run postgres QUARRY_TEST_DB=postgres "QUARRY_TEST_PG=$pg" -- tests/Quarry.Data.Tests tests/Quarry.Server.Tests tests/Quarry.Client.Tests

passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | sed -n "s/.*testName=\"\([^\"]*\)\".*/FAILED ($(basename "$trx" .trx)): \1/p"
done
# A test run that crashed leaves no TRX: count it as a failure rather than report a green line.
[ "$files" -eq 8 ] || { status=1; [ "$failed" -gt 0 ] || failed=$((failed + 8 - files)); }
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
