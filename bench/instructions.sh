#!/usr/bin/env bash
# Instructions per request (valgrind's callgrind), which the machine's load does not
# change: a cache-missed page rendered N times, counted from after the server has started
# and answered one warm-up request, so start-up and loading the read model are left out.
#
#   bash bench/instructions.sh BINARY DB [N] [ACCEPT_LANGUAGE]
#
# Compare two builds (say, before and after a change) by running it on each with its own
# copy of the same generated database; BENCHMARKS.md records the ratio.
set -euo pipefail
BIN=$1 DB=$2 N=${3:-100} LANG_HEADER=${4:-}
ADDR=127.0.0.1:3102
OUT=$(mktemp -d)
DATABASE_URL="sqlite://$DB?mode=rwc" PLEDGEWATCH_BIND=$ADDR PLEDGEWATCH_SEED_ON_START=false \
  PLEDGEWATCH_LOG=warn PLEDGEWATCH_LINK_CHECK_EVERY_SECS=0 \
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.%p" "$BIN" serve > "$OUT/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -fs "http://$ADDR/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
H=()
[ -n "$LANG_HEADER" ] && H=(-H "Accept-Language: $LANG_HEADER")
# The filtered list and one pledge's page (the generator names pledges pledge-0 onwards).
for path in "/pledges?theme=investment&delivery=in_progress&sort=deadline" "/pledges/pledge-0"; do
  sep='?'; [[ $path == *\?* ]] && sep='&'
  curl -fs "${H[@]}" "http://$ADDR$path${sep}warm=1" -o /dev/null
  callgrind_control -z "$pid" >/dev/null
  for i in $(seq 1 "$N"); do
    curl -fs "${H[@]}" "http://$ADDR$path${sep}nocache=$i" -o /dev/null
  done
  callgrind_control -d "$pid" >/dev/null
  total=$(ls -t "$OUT"/cg.* | head -n 1 | xargs grep -h '^summary:\|^totals:' | head -n 1 | awk '{print $2}')
  echo "$path: $((total / N)) instructions a request ($N requests${LANG_HEADER:+, Accept-Language: $LANG_HEADER})"
done
