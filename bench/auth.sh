#!/usr/bin/env bash
# Benchmark: throughput of an authenticated small route against the unauthenticated healthcheck, same tool and
# settings, one run. Prints requests/second of both and their ratio (target ≥ 0.5 on a 2-core machine).
# The two routes are loaded alternately in ROUNDS rounds and the medians are compared, so that load from other
# processes on the machine, which drifts over a minute, falls on both sides alike.
# Usage: bench/auth.sh [seconds_per_round=5] [connections=32] [rounds=3]
source "$(dirname "$0")/common.sh"
SECONDS_PER_RUN="${1:-5}"; CONNECTIONS="${2:-32}"; ROUNDS="${3:-3}"; PORT=4310
need wrk wrk
start_demo "$PORT"
KEY="$(demo_key 1)"
HEALTH_URL="http://127.0.0.1:$PORT/api/v2/healthcheck"
AUTHED_URL="http://127.0.0.1:$PORT/api/v2/accounts/1/"
run() { wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run -H "Authorization: Token $KEY" "$AUTHED_URL" >/dev/null   # warm-up (JIT, caches)
run "$HEALTH_URL" >/dev/null                                  # warm-up
HEALTH_ALL=""; AUTHED_ALL=""
for _ in $(seq 1 "$ROUNDS"); do
  HEALTH_ALL="$HEALTH_ALL $(run "$HEALTH_URL")"
  AUTHED_ALL="$AUTHED_ALL $(run -H "Authorization: Token $KEY" "$AUTHED_URL")"
done
HEALTH=$(echo "$HEALTH_ALL" | median); AUTHED=$(echo "$AUTHED_ALL" | median)
printf 'wrk -t2 -c%s -d%ss, %s alternating rounds, %s cores; load after: %s\n' "$CONNECTIONS" "$SECONDS_PER_RUN" \
  "$ROUNDS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-45s %12s req/s (median; rounds:%s)\n' "GET /api/v2/healthcheck (no auth)" "$HEALTH" "$HEALTH_ALL"
printf '%-45s %12s req/s (median; rounds:%s)\n' "GET /api/v2/accounts/1/ (Token key)" "$AUTHED" "$AUTHED_ALL"
awk -v a="$AUTHED" -v h="$HEALTH" 'BEGIN { printf "ratio authenticated / healthcheck: %.2f (target >= 0.50)\n", a / h }'
