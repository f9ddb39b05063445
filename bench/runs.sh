#!/usr/bin/env bash
# Benchmark: run lists served from Jade's run_index at scale, against the same SQL run directly.
# Sets up a throw-away PostgreSQL 15 (system binaries) with a Datacoves DB (1 account, 1 project, E environments with
# Airflow) and E Airflow 2 DBs holding TOTAL DAG runs in all (5 DAGs each, task instances for the latest 1,000 runs of
# each DB), starts `jade serve -Xmx512m` on them, times the initial indexing, then loads two list pages with wrk and
# runs the very same SQL (the page and its total in one read-only REPEATABLE READ transaction, as index.IndexSql runs
# them) with pgbench and EXPLAIN ANALYZE. Prints p50/p99, req/s, ratios and Jade's heap.
# JADE_JAVA_OPTS adds JVM options (e.g. a JFR recording); KEEP_LOGS=<dir> keeps wrk outputs, the GC log and Jade's log.
# Usage: bench/runs.sh [total_runs=1000000] [environments=20] [seconds=20] [connections=32]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/pg.sh"
command -v wrk >/dev/null 2>&1 || { echo "bench/runs.sh needs wrk (Debian package wrk)" >&2; exit 2; }
TOTAL="${1:-1000000}"; ENVS="${2:-20}"; DURATION="${3:-20}"; CONNS="${4:-32}"
PER_ENV=$((TOTAL / ENVS)); TOTAL=$((PER_ENV * ENVS))
PORT="${JADE_BENCH_PORT:-4410}"; PGPORT=$((PORT + 1000))
LOAD_BEFORE="$(uptime | sed "s/.*load average: //")"
WORK="$(mktemp -d /tmp/jade-bench-runs.XXXXXX)"
JADE_PID=""
cleanup() {
  if [ -n "$JADE_PID" ] && kill -0 "$JADE_PID" 2>/dev/null; then kill "$JADE_PID"; wait "$JADE_PID" 2>/dev/null || true; fi
  pg_stop
  rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT TERM
log() { echo "[$(date +%T)] $*" >&2; }

if [ ! -f "$ROOT/target/jade.jar" ]; then
  log "building target/jade.jar…"; (cd "$ROOT" && ./mvnw -q -B -o clean package -DskipTests) >&2
fi

# --- PostgreSQL and data -------------------------------------------------------------------------------------------
log "starting PostgreSQL 15 on port $PGPORT in $WORK"
pg_start "$PGPORT" "$WORK"
psql_db postgres -c "CREATE DATABASE bench_jade" -c "CREATE DATABASE bench_datacoves"
psql_db bench_datacoves -f "$ROOT/src/main/resources/demo/datacoves-schema.sql"
psql_db bench_datacoves -o /dev/null -v envs="$ENVS" <<'SQL'
INSERT INTO users_account (id, name, slug, plan_id, developer_licenses) VALUES (1, 'Bench Analytics', 'bench', 1, 10);
INSERT INTO projects_release (id, name, dbt_version, airflow_version) VALUES (1, '3.2.202406010000', '1.8.3', '2.9.2');
INSERT INTO projects_project (id, account_id, name, slug, release_branch, clone_strategy)
  VALUES (1, 1, 'Bench Project', 'bench-project', 'main', 'ssh_clone');
INSERT INTO projects_environment (id, project_id, name, slug, type, release_id, release_profile, services)
SELECT e, 1, 'Bench ' || e, 'bnc' || lpad(e::text, 3, '0'), 'prod', 1, 'dbt-snowflake',
       '{"airflow":{"enabled":true,"valid":true},"code-server":{"enabled":false}}'
FROM generate_series(1, :envs) e;
SELECT setval('users_account_id_seq', 1); SELECT setval('projects_project_id_seq', 1);
SELECT setval('projects_environment_id_seq', :envs);
SQL

AIRFLOW_ENV=()
fill_started=$(date +%s.%N)
for e in $(seq 1 "$ENVS"); do
  slug="bnc$(printf %03d "$e")"
  AIRFLOW_ENV+=("JADE_AIRFLOW_ENVIRONMENTS_${slug^^}_URL=$(pg_url "bench_airflow_$slug")"
                "JADE_AIRFLOW_ENVIRONMENTS_${slug^^}_USER=postgres")
done
fill_one() {
  local slug="bnc$(printf %03d "$1")"
  psql_db postgres -c "CREATE DATABASE bench_airflow_$slug"
  psql_db "bench_airflow_$slug" -f "$ROOT/src/main/resources/demo/airflow-2.10.sql"
  psql_db "bench_airflow_$slug" -v runs="$PER_ENV" -v dags=5 -v tis=1000 -f "$ROOT/bench/runs-airflow.sql"
}
export -f fill_one psql_db; export PG_PORT ROOT PER_ENV
log "filling $ENVS Airflow databases with $PER_ENV DAG runs each (2 at a time)…"
seq 1 "$ENVS" | xargs -P 2 -I{} bash -c 'fill_one {}'
fill_seconds=$(echo "$(date +%s.%N) - $fill_started" | bc)
log "filled in ${fill_seconds}s"

# --- Jade ----------------------------------------------------------------------------------------------------------
JADE_ENV=(DB_URL="$(pg_url bench_jade)" DATACOVES_DB_URL="$(pg_url bench_datacoves)" STORAGE_ADAPTER=local
  LOCAL_STORAGE_PATH="$WORK/storage" PORT="$PORT" JADE_MANAGEMENT_PORT="$((PORT + 100))" JADE_LOG_LEVEL=WARN "${AIRFLOW_ENV[@]}")
log "starting jade serve -Xmx512m on port $PORT"
started=$(date +%s.%N)
# shellcheck disable=SC2086
env "${JADE_ENV[@]}" java -Xmx512m -Xlog:gc:file="$WORK/gc.log" ${JADE_JAVA_OPTS:-} -jar "$ROOT/target/jade.jar" serve \
  >"$WORK/jade.out" 2>"$WORK/jade.err" &
JADE_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/api/v2/healthcheck" >/dev/null 2>&1 && break
  kill -0 "$JADE_PID" 2>/dev/null || { cat "$WORK/jade.err" >&2; exit 1; }
  sleep 0.5
done
ready=$(date +%s.%N)
log "jade healthy; minting a key and waiting for the index to hold $TOTAL runs"
# `tokens create` needs no Airflow variables (it runs no index refresher since the hang fixed in 14b84be); the timeout
# stays as a guard.
KEY="$(env DB_URL="$(pg_url bench_jade)" DATACOVES_DB_URL="$(pg_url bench_datacoves)" STORAGE_ADAPTER=local \
  LOCAL_STORAGE_PATH="$WORK/storage" PORT=0 JADE_LOG_LEVEL=WARN timeout 120 java -jar "$ROOT/target/jade.jar" \
  tokens create --account 1 --name bench 2>/dev/null | grep -o 'jade_[A-Za-z0-9_-]*' | tail -1 || true)"
[ -n "$KEY" ] || { echo "could not mint an API key" >&2; exit 1; }
AUTH="Authorization: Token $KEY"
total=0; deadline=$(( $(date +%s) + ${INDEX_TIMEOUT:-1800} ))
while :; do
  total=$(curl -s -H "$AUTH" "http://127.0.0.1:$PORT/api/v2/accounts/1/runs/?limit=1" \
    | grep -o '"total_count":[0-9]*' | cut -d: -f2 || true)
  [ "${total:-0}" -ge "$TOTAL" ] && break
  kill -0 "$JADE_PID" 2>/dev/null || { echo "jade died while indexing" >&2; tail -50 "$WORK/jade.err" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "index holds ${total:-0} of $TOTAL runs after ${INDEX_TIMEOUT:-1800} s" >&2; grep -v '^\s*at ' "$WORK/jade.err" | tail -20 >&2; exit 1; }
  sleep 1
done
indexed=$(date +%s.%N)
log "indexed; VACUUM ANALYZE run_index, run_count (the state autovacuum reaches after a bulk load) before measuring"
# run_count: the bulk load updated its few rows once per run; autovacuum (threshold 10,000 dead rows) would prune them
psql_db bench_jade -c "VACUUM ANALYZE run_index" -c "VACUUM ANALYZE run_count" -c "VACUUM ANALYZE job_index"

# --- load ----------------------------------------------------------------------------------------------------------
JOB=$(psql_db bench_jade -At -c "SELECT id FROM job_index WHERE environment_id = 1 AND dag_id = 'bench_dag_1'")
# The statements index.IndexSql runs for a list page (RunRepository.page: RunRow.COLUMNS, RunFilters, ListQuery.sqlOrder),
# same bind parameters, in the same transaction: pgjdbc sends BEGIN READ ONLY (setReadOnly + autocommit off), then
# SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, the page, the total (run_count: every filter is a grouping column;
# the page is full, so the total is not simply offset + rows), COMMIT.
COLS="id, job_id, account_id, project_id, environment_id, dag_id, dag_run_id, run_id, state, run_type, external_trigger, queued_at AT TIME ZONE 'UTC', logical_date AT TIME ZONE 'UTC', started_at AT TIME ZONE 'UTC', finished_at AT TIME ZONE 'UTC', updated_at AT TIME ZONE 'UTC', cancelled_at AT TIME ZONE 'UTC', trigger_cause, trigger_request"
PAGE_A="SELECT $COLS FROM run_index WHERE account_id = :acct ORDER BY id DESC LIMIT :lim OFFSET :off"
TOTAL_A="SELECT coalesce(sum(n), 0) FROM run_count WHERE account_id = :acct"
PAGE_B="SELECT $COLS FROM run_index WHERE account_id = :acct AND job_id = :job AND status = :st ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT :lim OFFSET :off"
TOTAL_B="SELECT coalesce(sum(n), 0) FROM run_count WHERE account_id = :acct AND job_id = :job AND status = :st"
URL_A="http://127.0.0.1:$PORT/api/v2/accounts/1/runs/?limit=100&order_by=-id"
URL_B="http://127.0.0.1:$PORT/api/v2/accounts/1/runs/?job_definition_id=$JOB&status=10&order_by=-finished_at"

# CPU time (clock ticks) of a process, and of the PostgreSQL server (postmaster, its live children, exited children)
TCK=$(getconf CLK_TCK)
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local pm t c; pm=$(head -1 "$PG_DATA/postmaster.pid"); t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")
  for c in $(pgrep -P "$pm"); do t=$((t + $(proc_ticks "$c"))); done; echo "$t"
}
per_req() { awk -v t="$1" -v n="$2" -v hz="$TCK" 'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "n/a" }'; }
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } printf "%.2f", v }'; }
literal() { local l="${1//:acct/1}"; l="${l//:job/$JOB}"; l="${l//:st/10}"; l="${l//:lim/100}"; echo "${l//:off/0}"; }
declare -A R
bench_case() {
  local name="$1" url="$2" page="$3" totalsql="$4" out
  curl -sf -H "$AUTH" "$url" >/dev/null || { echo "GET $url failed" >&2; exit 1; }
  # warm-up (JIT, pools): sequential requests for 10 s, so that none is still running when the measurement starts
  local until=$(( $(date +%s) + 10 ))
  while [ "$(date +%s)" -lt "$until" ]; do curl -s -o /dev/null -H "$AUTH" "$url"; done
  local j0 p0 j1 p1; j0=$(proc_ticks "$JADE_PID"); p0=$(pg_ticks)
  out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 60s --latency -H "$AUTH" "$url")
  j1=$(proc_ticks "$JADE_PID"); p1=$(pg_ticks)
  echo "$out" > "$WORK/wrk-$name.txt"
  local reqs; reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  R[$name.jcpu]=$(per_req $((j1 - j0)) "$reqs"); R[$name.pcpu]=$(per_req $((p1 - p0)) "$reqs")
  R[$name.bytes]=$(curl -s -H "$AUTH" "$url" | wc -c)
  R[$name.p50]=$(echo "$out" | awk '$1=="50%" {print $2}' | to_ms)
  R[$name.p99]=$(echo "$out" | awk '$1=="99%" {print $2}' | to_ms)
  R[$name.rps]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  R[$name.errors]=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  log "  $name: pgbench, EXPLAIN ANALYZE"
  { echo "\\set acct 1"; echo "\\set job $JOB"; echo "\\set st 10"; echo "\\set lim 100"; echo "\\set off 0"
    echo "BEGIN READ ONLY;"; echo "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;"
    echo "$page;"; echo "$totalsql;"; echo "COMMIT;"; } > "$WORK/$name.sql"
  p0=$(pg_ticks)
  out=$(pgbench -n -M prepared -c"$CONNS" -j2 -T"$DURATION" -h 127.0.0.1 -p "$PGPORT" -U postgres -f "$WORK/$name.sql" bench_jade 2>&1)
  p1=$(pg_ticks)
  R[$name.sqlpcpu]=$(per_req $((p1 - p0)) "$(echo "$out" | awk '/number of transactions actually processed/ {print $NF}' | cut -d/ -f1)")
  R[$name.sqllat]=$(echo "$out" | awk '/latency average/ {print $4}')
  R[$name.sqltps]=$(echo "$out" | awk '/^tps/ {print $3}')
  local lpage lt; lpage="$(literal "$page")"; lt="$(literal "$totalsql")"
  psql_db bench_jade -c "EXPLAIN (ANALYZE, BUFFERS) $lpage" > "$WORK/explain-$name.txt"
  psql_db bench_jade -c "EXPLAIN (ANALYZE, BUFFERS) $lt" > "$WORK/explain-$name-total.txt"
  R[$name.exec]=$(awk '/Execution Time/ {print $3}' "$WORK/explain-$name.txt")
  R[$name.texec]=$(awk '/Execution Time/ {print $3}' "$WORK/explain-$name-total.txt")
  R[$name.timing]=$(printf '\\timing on\nBEGIN READ ONLY;\nSET TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n%s;\n%s;\nCOMMIT;\n' "$lpage" "$lt" \
    | psql_db bench_jade -o /dev/null | awk '/^Time:/ { t += $2 } END { printf "%.3f", t }')
  # diagnosis: what the total would cost counted on run_index instead of summed from run_count
  local countonly="SELECT count(*) FROM run_index ${lpage#* FROM run_index }"; countonly="${countonly% ORDER BY *}"
  psql_db bench_jade -c "EXPLAIN (ANALYZE, BUFFERS) $countonly" > "$WORK/explain-$name-count.txt"
  R[$name.countonly]=$(awk '/Execution Time/ {print $3}' "$WORK/explain-$name-count.txt")
  R[$name.countsql]="$countonly"
}
log "load (a): $URL_A"
bench_case a "$URL_A" "$PAGE_A" "$TOTAL_A"
log "load (b): $URL_B"
bench_case b "$URL_B" "$PAGE_B" "$TOTAL_B"

RSS=$(awk '/VmRSS/ {print $2/1024 " MB"}' "/proc/$JADE_PID/status")
HWM=$(awk '/VmHWM/ {print $2/1024 " MB"}' "/proc/$JADE_PID/status")
HEAP=$(jcmd "$JADE_PID" GC.heap_info 2>/dev/null | grep -E 'heap|used' | head -3 | sed 's/^ */    /')
MAXGC=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$WORK/gc.log" | awk -F'->|M' '{ if ($3+0 > m) m=$3+0 } END { print m+0 }')
PEAKGC=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$WORK/gc.log" | awk -F'->|M' '{ if ($1+0 > m) m=$1+0 } END { print m+0 }')
kill -0 "$JADE_PID" 2>/dev/null && ALIVE=yes || ALIVE=NO

# --- report --------------------------------------------------------------------------------------------------------
echo "== bench/runs.sh: $TOTAL DAG runs in $ENVS environments ($PER_ENV each), $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores; load before/after: $LOAD_BEFORE / $(uptime | sed 's/.*load average: //')"
printf 'Airflow data fill (INSERT … SELECT generate_series): %.1f s\n' "$fill_seconds"
printf 'jade serve start → healthy: %.1f s; initial indexing of %s runs (start → total_count reached): %.1f s (%.0f runs/s)\n' \
  "$(echo "$ready - $started" | bc)" "$total" "$(echo "$indexed - $started" | bc)" "$(echo "$total / ($indexed - $started)" | bc -l)"
echo "wrk -t2 -c$CONNS -d${DURATION}s --latency  vs  pgbench -n -M prepared -c$CONNS -j2 -T$DURATION (same SQL, Jade's DB)"
echo "SQL = BEGIN READ ONLY; SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; <page>; <total from run_count>; COMMIT"
for n in a b; do
  [ "$n" = a ] && echo "(a) GET /api/v2/accounts/1/runs/?limit=100&order_by=-id" \
               || echo "(b) GET /api/v2/accounts/1/runs/?job_definition_id=$JOB&status=10&order_by=-finished_at"
  printf '    Jade:  p50 %s ms  p99 %s ms  %s req/s %s\n' "${R[$n.p50]}" "${R[$n.p99]}" "${R[$n.rps]}" "${R[$n.errors]}"
  printf '           CPU per request: Jade %s ms, PostgreSQL %s ms; response %s bytes\n' "${R[$n.jcpu]}" "${R[$n.pcpu]}" "${R[$n.bytes]}"
  printf '    SQL:   pgbench latency avg %s ms  %s tps; single run: EXPLAIN ANALYZE page %s ms + total %s ms, psql \\timing (5 statements) %s ms\n' \
    "${R[$n.sqllat]}" "${R[$n.sqltps]}" "${R[$n.exec]}" "${R[$n.texec]}" "${R[$n.timing]}"
  printf '           CPU per transaction: PostgreSQL %s ms\n' "${R[$n.sqlpcpu]}"
  printf '    diagnosis (EXPLAIN ANALYZE): the total counted on run_index instead (%s) %s ms\n' \
    "${R[$n.countsql]}" "${R[$n.countonly]}"
  awk -v p50="${R[$n.p50]}" -v p99="${R[$n.p99]}" -v lat="${R[$n.sqllat]}" -v rps="${R[$n.rps]}" -v tps="${R[$n.sqltps]}" 'BEGIN {
    if (p50 + 0 == 0) { printf "    ratios: n/a (no request completed); p50 within 2x SQL: MISSED; p99 <= 50 ms: MISSED\n"; exit }
    printf "    ratios: Jade p50 / SQL latency = %.2f (target <= 2: %s); Jade req/s / SQL tps = %.2f; p99 <= 50 ms: %s\n",
      p50 / lat, (p50 / lat <= 2 ? "met" : "MISSED"), rps / tps, (p99 <= 50 ? "met" : "MISSED") }'
done
echo "Jade heap (-Xmx512m): alive after load: $ALIVE; VmRSS $RSS (peak VmHWM $HWM); max heap after GC ${MAXGC} MB, max before GC ${PEAKGC} MB (gc log)"
echo "$HEAP"
for n in a b; do
  echo "-- EXPLAIN ANALYZE ($n) page:"; sed 's/^/   /' "$WORK/explain-$n.txt"
  echo "-- EXPLAIN ANALYZE ($n) total:"; sed 's/^/   /' "$WORK/explain-$n-total.txt"
  echo "-- EXPLAIN ANALYZE ($n) count(*) on run_index (not run; for comparison):"; sed 's/^/   /' "$WORK/explain-$n-count.txt"
done
if [ "${KEEP_LOGS:-}" != "" ]; then cp "$WORK"/wrk-*.txt "$WORK"/gc.log "$WORK"/jade.err "$WORK"/*.jfr "$KEEP_LOGS"/ 2>/dev/null || true; fi
