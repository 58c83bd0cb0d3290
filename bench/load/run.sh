#!/usr/bin/env bash
# HTTP load on one `quarry serve --role all` process (SQLite, fresh data folder):
#   1. wrk, CONNECTIONS connections for SECONDS s, against GET /v1/jobs/{id}/results of a ROWS-row job and against
#      GET /v1/jobs/{id} (rate limit lifted: this measures the server, not the limiter) — requests/s, p99, 5xx;
#   2. a burst with the default rate limit (50/s, burst 100 per key): 429s, each with Retry-After, and no 5xx.
# Usage: bench/load/run.sh [connections=50] [seconds=30] [rows=1000]
# Needs wrk (Debian package `wrk`): installed here with apt-get when missing and run as root; otherwise
# `sudo apt-get install wrk` first. Prints its figures last; exits 1 if any 5xx was seen or a 429 lacked Retry-After.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECTIONS=${1:-50}; SECONDS_=${2:-30}; ROWS=${3:-1000}
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: sudo apt-get install wrk"; exit 1
  fi
fi

dotnet build bench/throughput -c Release -v quiet -nologo >/dev/null
BIN=bench/throughput/bin/Release/net10.0
DATA=$(mktemp -d /tmp/quarry-bench-load.XXXXXX)
PORT=$(( 40000 + RANDOM % 20000 ))
URL=http://127.0.0.1:$PORT
PID=

start_server() { # extra environment settings
  env Quarry__DataDir="$DATA" Quarry__Database__Provider=sqlite Logging__LogLevel__Default=Warning \
      Quarry__Limits__MaxDocumentsPerJob=100000 "$@" \
      dotnet "$BIN/quarry.dll" serve --role all --urls "$URL" >>"$DATA/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do
    curl -fs "$URL/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$DATA/server.log"; echo "the server exited"; exit 1; }
    sleep 0.1
  done
  echo "the server did not start"; exit 1
}
stop_server() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; PID=; }
trap 'stop_server; rm -rf "$DATA"' EXIT

start_server Quarry__RateLimit__PermitsPerSecond=1000000 Quarry__RateLimit__Burst=1000000
export QUARRY_KEY=$(grep -o 'qk_[A-Za-z0-9_-]*' "$DATA/server.log" | head -1)
echo "== seeding a job of $ROWS documents" >&2
JOB=$(dotnet "$BIN/Quarry.Bench.Throughput.dll" seed "$URL" "$QUARRY_KEY" "$ROWS")
curl -fs -H "Authorization: Bearer $QUARRY_KEY" "$URL/v1/jobs/$JOB/results" -o "$DATA/results.json"
BYTES=$(stat -c %s "$DATA/results.json")

run_wrk() { # label, path, connections, seconds
  echo "== wrk $1: $3 connections, $4 s" >&2
  local out
  out=$(wrk -t2 -c"$3" -d"$4"s --timeout 10s -s bench/load/auth.lua "$URL$2")
  echo "$out" >&2
  echo "$1 $(grep '^RESULT' <<<"$out")"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
R1=$(run_wrk "results($ROWS rows, $BYTES bytes)" "/v1/jobs/$JOB/results" "$CONNECTIONS" "$SECONDS_")
R2=$(run_wrk "job" "/v1/jobs/$JOB" "$CONNECTIONS" "$SECONDS_")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# The rate limiter under a burst: default limits (50 permits/s, burst 100), a fresh process so the bucket is full.
stop_server
start_server
R3=$(run_wrk "burst(default limit 50/s, burst 100)" "/v1/jobs/$JOB" "$CONNECTIONS" 10)
# One 429's headers, shown as proof: 300 requests at once (curl --parallel) empty the bucket of 100 well within a second.
for _ in $(seq 1 300); do printf 'url = "%s"\noutput = "/dev/null"\n' "$URL/v1/jobs/$JOB"; done >"$DATA/burst.curl"
HEADERS=$(curl -s -Z --parallel-max 50 -D - -H "Authorization: Bearer $QUARRY_KEY" -K "$DATA/burst.curl" 2>/dev/null \
  | tr -d '\r' | awk 'BEGIN { RS = "" } /^HTTP\/1.1 429/ && !shown { print; shown = 1 }') || true

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
echo
echo "Load — $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
echo "load average before → after the two 30 s runs: $LOAD_BEFORE → $LOAD_AFTER; wrk -t2 -c$CONNECTIONS on the same machine"
echo
echo "| endpoint | requests/s | p50 | p99 | 2xx | 429 (with Retry-After) | 5xx | socket errors |"
echo "|---|---|---|---|---|---|---|---|"
for r in "$R1" "$R2" "$R3"; do
  echo "| ${r%% RESULT*} | $(field "$r" rps) | $(field "$r" p50_ms) ms | $(field "$r" p99_ms) ms | $(field "$r" 2xx) | $(field "$r" 429) ($(field "$r" 429_with_retry_after)) | $(field "$r" 5xx) | $(field "$r" socket_errors) |"
done
echo
echo "A 429 from the burst, headers:"
grep -iE '^(HTTP/|retry-after|x-ratelimit)' <<<"$HEADERS" | sed 's/^/  /'
fail=0
for r in "$R1" "$R2" "$R3"; do
  [ "$(field "$r" 5xx)" = 0 ] || fail=1
  [ "$(field "$r" 429)" = "$(field "$r" 429_with_retry_after)" ] || fail=1
done
[ "$(field "$R3" 429)" -gt 0 ] || fail=1
grep -qi '^Retry-After: [0-9]' <<<"$HEADERS" || fail=1
[ $fail = 0 ] && echo "OK: no 5xx; every 429 carried Retry-After" || echo "FAILED: a 5xx, a 429 without Retry-After, or no 429 in the burst"
exit $fail
