#!/usr/bin/env bash
# Requests per second of pledgewatch's dashboard, a filtered list page, the JSON list and
# the Atom feed at 10,000 pledges and 200,000 follow-ups on SQLite, each as a ratio to axum
# serving a fixed body of the same size (pledgewatch-baseline), measured in one run on
# this machine. Also p99 latency, the cache-miss throughput, and the server's peak memory.
#
#   bash bench/pages.sh            # DURATION=10s CONNECTIONS=32 by default
#   REGENERATE=1 bash bench/pages.sh
#   ENCODING=gzip bash bench/pages.sh   # pledgewatch asked for compressed answers (the
#                                       # baseline still sends its fixed body as is)
#   ACCEPT_LANGUAGE=fr bash bench/pages.sh   # pages asked for in French (the baseline
#                                            # sends a body of the French page's size)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
ENCODING=${ENCODING:-}
APP_HEADERS=()
ACCEPT_LANGUAGE=${ACCEPT_LANGUAGE:-}
[ -n "$ENCODING" ] && APP_HEADERS+=(-H "Accept-Encoding: $ENCODING")
[ -n "$ACCEPT_LANGUAGE" ] && APP_HEADERS+=(-H "Accept-Language: $ACCEPT_LANGUAGE")
OUT=bench-out
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }

cargo build --release -p pledgewatch --features bench --bins
DB="$OUT/bench.db"
if [ ! -f "$DB" ] || [ "${REGENERATE:-0}" = 1 ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  DATABASE_URL="sqlite://$DB?mode=rwc" target/release/pledgewatch generate --pledges 10000 --follow-ups 200000 --actors 400 --seed 1 2>/dev/null
fi

APP=127.0.0.1:3100
BASE=127.0.0.1:3101
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

DATABASE_URL="sqlite://$DB?mode=rwc" PLEDGEWATCH_BIND=$APP PLEDGEWATCH_SEED_ON_START=false PLEDGEWATCH_LOG=warn \
  target/release/pledgewatch serve > "$OUT/server.log" 2>&1 &
server=$!
pids+=("$server")
for _ in $(seq 1 100); do curl -fs "http://$APP/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

declare -A PATHS=(
  [dashboard]="/"
  [list]="/pledges?theme=investment&delivery=in_progress&sort=deadline"
  [json]="/api/v1/pledges?theme=investment&delivery=in_progress&sort=deadline"
  [atom]="/feeds/follow-ups.atom"
)
ORDER=(dashboard list json atom)
specs=()
for name in "${ORDER[@]}"; do
  size=$(curl -fs ${ACCEPT_LANGUAGE:+-H "Accept-Language: $ACCEPT_LANGUAGE"} "http://$APP${PATHS[$name]}" | wc -c)
  eval "SIZE_$name=$size"
  specs+=("/$name=$size")
done
target/release/pledgewatch-baseline "$BASE" "${specs[@]}" &
pids+=("$!")
for _ in $(seq 1 50); do curl -fs "http://$BASE/dashboard" >/dev/null 2>&1 && break; sleep 0.1; done

measure() { # url [script] [wrk options...] -> "rps p99"
  local out url=$1 script=${2:-}
  shift; shift || true
  if [ -n "$script" ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" -s "$script" "$url"); else out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url"); fi
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$rps $p99"
}

report="$OUT/pages.md"
{
  echo "| target | body bytes | baseline req/s | pledgewatch req/s | ratio | p99 | cache-miss req/s | cache-miss ratio | cache-miss p99 |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$report"
for name in "${ORDER[@]}"; do
  url="http://$APP${PATHS[$name]}"
  read -r base_rps base_p99 < <(measure "http://$BASE/$name")
  read -r app_rps app_p99 < <(measure "$url" "" "${APP_HEADERS[@]}")
  read -r miss_rps miss_p99 < <(measure "$url" bench/uncached.lua "${APP_HEADERS[@]}")
  size_var="SIZE_$name"
  ratio=$(awk -v a="$app_rps" -v b="$base_rps" 'BEGIN {printf "%.0f%%", 100*a/b}')
  miss_ratio=$(awk -v a="$miss_rps" -v b="$base_rps" 'BEGIN {printf "%.1f%%", 100*a/b}')
  echo "| $name \`${PATHS[$name]}\` | ${!size_var} | $base_rps | $app_rps | $ratio | $app_p99 | $miss_rps | $miss_ratio | $miss_p99 |" >> "$report"
done
peak=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")
echo "" >> "$report"
echo "Server peak resident memory (VmHWM) after all runs: $peak. $(nproc) cores; wrk -t2 -c$CONNECTIONS -d$DURATION; Accept-Encoding: ${ENCODING:-none}; Accept-Language: ${ACCEPT_LANGUAGE:-none}." >> "$report"
cat "$report"
