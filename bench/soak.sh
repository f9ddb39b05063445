#!/usr/bin/env bash
# Soak benchmark: CLIENTS concurrent connections for SECONDS against `jade demo` at -Xmx512m, mixing run lists, run
# gets, job lists, manifest artifact reads, file reads and file uploads (bench/soak.lua). Target: 0 errors (no status
# other than 200/201, no socket error or timeout). Prints p50/p99, req/s, Jade's heap (GC log) and RSS, and as the raw
# baseline the unauthenticated healthcheck under the same wrk settings in the same run (req/s ratio).
# Usage: bench/soak.sh [clients=200] [seconds=60]
source "$(dirname "$0")/common.sh"
CLIENTS="${1:-200}"; DURATION="${2:-60}"; PORT=4330
need wrk wrk
start_demo "$PORT" -Xmx512m -Xlog:gc:file="$BENCH_DIR/gc.log"
KEY="$(demo_key 1)"; BASE="http://127.0.0.1:$PORT"
PSQL_JADE=(psql -h 127.0.0.1 -p "$((PORT + 1000))" -U postgres -d demo_jade -At)
RUNS="$(curl -sf -H "Authorization: Token $KEY" "$BASE/api/v2/accounts/1/runs/?limit=50&order_by=-id" \
  | grep -o '"id":[0-9]*,"trigger_id"' | grep -o '[0-9]*' | paste -sd, -)"
ARTIFACT_RUN="$("${PSQL_JADE[@]}" -c "SELECT r.id FROM run_index r JOIN manifests m ON m.environment_id = r.environment_id
  AND m.run_id = r.run_id AND m.dag_id = r.dag_id WHERE r.account_id = 1 ORDER BY r.id LIMIT 1")"
[ -n "$RUNS" ] && [ -n "$ARTIFACT_RUN" ] || { echo "demo has no runs or no run with a manifest" >&2; exit 1; }
curl -sf -o /dev/null -H "Authorization: Token $KEY" -F tag=soak-seed \
  -F 'file=@-;filename=run_results.json;type=application/json' "$BASE/api/v2/datacoves/environments/dev123/files" \
  <<<'{"results": []}'
export SOAK_KEY="$KEY" SOAK_RUNS="$RUNS" SOAK_ARTIFACT_RUN="$ARTIFACT_RUN"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; run with a manifest: $ARTIFACT_RUN" >&2
wrk -t2 -c"$CLIENTS" -d10s --timeout 30s -s "$ROOT/bench/soak.lua" "$BASE" >/dev/null   # warm-up (JIT, pools)
HEALTH=$(wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --timeout 30s "$BASE/api/v2/healthcheck" | awk '/Requests\/sec/ {print $2}')
OUT=$(wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --timeout 30s --latency -s "$ROOT/bench/soak.lua" "$BASE")
RPS=$(echo "$OUT" | awk '/Requests\/sec/ {print $2}')
MAXGC=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$BENCH_DIR/gc.log" | awk -F'->|M' '{ if ($3+0 > m) m=$3+0 } END { print m+0 }')
PEAKGC=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$BENCH_DIR/gc.log" | awk -F'->|M' '{ if ($1+0 > m) m=$1+0 } END { print m+0 }')
HWM=$(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$JADE_PID/status")
kill -0 "$JADE_PID" 2>/dev/null && ALIVE=yes || ALIVE=NO
UPLOADED=$("${PSQL_JADE[@]}" -c "SELECT count(*) FROM environment_files WHERE tag LIKE 'soak-%'")
echo "== bench/soak.sh: $CLIENTS connections, ${DURATION}s, wrk -t2, $(date -u +%FT%TZ); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$OUT" | grep '^SOAK' | sed 's/^SOAK /  /'
printf '  %s req/s mixed; healthcheck (no auth, no database) %s req/s under the same settings: ratio %s\n' "$RPS" "$HEALTH" \
  "$(awk -v a="$RPS" -v h="$HEALTH" 'BEGIN { printf "%.2f", a / h }')"
echo "  uploads stored (soak-* file rows, warm-up included): $UPLOADED"
echo "  Jade -Xmx512m: alive $ALIVE; max heap after GC ${MAXGC} MB, max before GC ${PEAKGC} MB; peak RSS $HWM"
ERRORS=$(echo "$OUT" | awk '/^SOAK requests/ { print $6 + $8 + $10 + $12 + $14 }')
BAD=$(echo "$OUT" | awk '/^SOAK statuses/ { n = 0; for (i = 3; i <= NF; i++) { split($i, p, "="); if (p[1] != "200" && p[1] != "201") n += p[2] } print n }')
if [ "$ERRORS" = 0 ] && [ "$BAD" = 0 ] && [ "$ALIVE" = yes ]; then echo "  target 0 errors: met"; else echo "  target 0 errors: MISSED ($ERRORS socket errors/timeouts, $BAD other statuses)"; fi
