#!/usr/bin/env bash
# Benchmark: throughput of an authenticated small route against the unauthenticated healthcheck, same tool and
# settings, one run. Prints requests/second of both and their ratio (target ≥ 0.5 on a 2-core machine).
# Usage: bench/auth.sh [seconds=10] [connections=32]
source "$(dirname "$0")/common.sh"
SECONDS_PER_RUN="${1:-10}"; CONNECTIONS="${2:-32}"; PORT=4310
need wrk wrk
start_demo "$PORT"
KEY="$(demo_key 1)"
run() { wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
run -H "Authorization: Token $KEY" "http://127.0.0.1:$PORT/api/v2/accounts/1/" >/dev/null   # warm-up
run "http://127.0.0.1:$PORT/api/v2/healthcheck" >/dev/null                                 # warm-up
HEALTH=$(run "http://127.0.0.1:$PORT/api/v2/healthcheck")
AUTHED=$(run -H "Authorization: Token $KEY" "http://127.0.0.1:$PORT/api/v2/accounts/1/")
printf 'wrk -t2 -c%s -d%ss, %s cores\n' "$CONNECTIONS" "$SECONDS_PER_RUN" "$(nproc)"
printf '%-45s %12s req/s\n' "GET /api/v2/healthcheck (no auth)" "$HEALTH"
printf '%-45s %12s req/s\n' "GET /api/v2/accounts/1/ (Token key)" "$AUTHED"
awk -v a="$AUTHED" -v h="$HEALTH" 'BEGIN { printf "ratio authenticated / healthcheck: %.2f (target >= 0.50)\n", a / h }'
