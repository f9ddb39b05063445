#!/usr/bin/env bash
# Benchmark (docs/index.md, docs/benchmarks.md "Run index"): E environments, each with its own Airflow 2.10 schema
# (the real table shapes) holding R DAG runs, indexed by 1 and then by 3 Jade instances on one Jade database. During
# each phase a driver (src/test/java/com/datacoves/jade/bench/IndexChurn.java) commits a stream of new and changing
# DAG runs in random environments and watches until each change is indexed (in run_index, every 50 ms) and, for one
# change in ten, listed (GET runs of a random instance, every 200 ms).
# Prints per phase: staleness (Airflow commit → listed) p50/p99/max, the queries per second Jade sent to the Airflow
# databases (transactions counted by PostgreSQL minus the driver's own), CPU per pass of Jade and of PostgreSQL (split
# into the server processes answering the Airflow databases and those answering Jade's database), deadlocks in Jade's
# database, and warnings or errors in Jade's logs; then the 3-instance/1-instance ratio of Airflow queries.
# Usage: bench/index.sh [environments=1000] [runs_per_environment=200] [seconds=60] [events_per_second=20]
# KEEP_LOGS=<dir> keeps the instances' logs; JADE_JAVA_OPTS adds JVM options; PHASES="3" runs only the 3-instance
# phase (the comparison lines need both).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/pg.sh"
ENVS="${1:-1000}"; PER_ENV="${2:-200}"; DURATION="${3:-60}"; RATE="${4:-20}"; ACCOUNTS=10
PHASES="${PHASES:-1 3}"
PORT="${JADE_BENCH_PORT:-4510}"; PGPORT=$((PORT + 1000))
WORK="$(mktemp -d /tmp/jade-bench-index.XXXXXX)"
PIDS=()
stop_jades() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; PIDS=(); }
cleanup() { stop_jades; pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
trap "exit 130" INT TERM
log() { echo "[$(date +%T)] $*" >&2; }
[ $((ENVS % ACCOUNTS)) -eq 0 ] || { echo "environments must be a multiple of $ACCOUNTS" >&2; exit 2; }

if [ ! -f "$ROOT/target/jade.jar" ]; then
  log "building target/jade.jar…"; (cd "$ROOT" && ./mvnw -q -B -o clean package -DskipTests) >&2
fi
mkdir -p "$WORK/classes"
javac -nowarn -cp "$ROOT/target/jade.jar" -d "$WORK/classes" "$ROOT/src/test/java/com/datacoves/jade/bench/IndexChurn.java"

# --- PostgreSQL and data. All E "Airflow databases" are schemas of one server here, so its connection limit must hold
# one connection per environment per instance that indexed it recently (3 × E): a real Airflow database sees at most
# one per replica, released after 10 idle minutes once another replica owns the environment. ---------------------
log "starting PostgreSQL 15 on port $PGPORT"
PG_EXTRA_OPTIONS="-c max_connections=$((ENVS * 3 + 300)) -c shared_preload_libraries=pg_stat_statements" \
  pg_start "$PGPORT" "$WORK"
psql_db postgres -c "CREATE DATABASE bench_jade" -c "CREATE DATABASE bench_datacoves" -c "CREATE DATABASE bench_airflow" \
  -c "CREATE EXTENSION pg_stat_statements"
psql_db bench_datacoves -f "$ROOT/src/main/resources/demo/datacoves-schema.sql"
psql_db bench_datacoves -o /dev/null -v envs="$ENVS" -v accounts="$ACCOUNTS" <<'SQL'
INSERT INTO users_account (id, name, slug, plan_id, developer_licenses)
SELECT a, 'Bench ' || a, 'bench' || a, 1, 10 FROM generate_series(1, :accounts) a;
INSERT INTO projects_release (id, name, dbt_version, airflow_version) VALUES (1, '3.2.202406010000', '1.8.3', '2.10.3');
INSERT INTO projects_project (id, account_id, name, slug, release_branch, clone_strategy)
SELECT a, a, 'Bench project ' || a, 'bench-project-' || a, 'main', 'ssh_clone' FROM generate_series(1, :accounts) a;
INSERT INTO projects_environment (id, project_id, name, slug, type, release_id, release_profile, services)
SELECT e, (e - 1) / (:envs / :accounts) + 1, 'Bench ' || e, 'b' || lpad(e::text, 4, '0'), 'prod', 1, 'dbt-snowflake',
       '{"airflow":{"enabled":true,"valid":true}}'
FROM generate_series(1, :envs) e;
SQL
log "creating $ENVS Airflow 2.10 schemas with $PER_ENV DAG runs each"
filled=$(date +%s.%N)
{
  for e in $(seq 1 "$ENVS"); do
    s="e$(printf %04d "$e")"
    echo "CREATE SCHEMA $s; SET search_path TO $s;"
    grep -v '^--' "$ROOT/src/main/resources/demo/airflow-2.10.sql"
    echo "INSERT INTO dag (dag_id, is_paused, is_active, max_active_tasks, max_consecutive_failed_dag_runs,
            has_task_concurrency_limits, schedule_interval, timetable_description)
          SELECT 'bench_dag_' || d, false, true, 16, 0, false, '\"0 6 * * *\"', 'At 06:00' FROM generate_series(1, 5) d;"
    echo "INSERT INTO dag_run (dag_id, queued_at, execution_date, start_date, end_date, state, run_id, run_type,
            external_trigger, updated_at)
          SELECT 'bench_dag_' || (i % 5 + 1), t, t, t, t + interval '10 minutes',
                 CASE WHEN i % 7 = 0 THEN 'failed' ELSE 'success' END, 'scheduled__' || i, 'scheduled', false,
                 t + interval '10 minutes'
          FROM generate_series(1, $PER_ENV) i, LATERAL (SELECT timestamptz '2026-01-01' + i * interval '1 hour' AS t) x;"
  done
} > "$WORK/airflow.sql"
psql_db bench_airflow -f "$WORK/airflow.sql" >/dev/null
printf -v fill_seconds '%.0f' "$(echo "$(date +%s.%N) - $filled" | bc)"
log "filled in ${fill_seconds} s"

JADE_ENV=(DB_URL="$(pg_url bench_jade)" DATACOVES_DB_URL="$(pg_url bench_datacoves)" STORAGE_ADAPTER=local
  LOCAL_STORAGE_PATH="$WORK/storage" JADE_LOG_LEVEL=WARN)
for e in $(seq 1 "$ENVS"); do
  slug="B$(printf %04d "$e")"; schema="e$(printf %04d "$e")"
  JADE_ENV+=("JADE_AIRFLOW_ENVIRONMENTS_${slug}_URL=jdbc:postgresql://127.0.0.1:$PGPORT/bench_airflow?currentSchema=$schema"
             "JADE_AIRFLOW_ENVIRONMENTS_${slug}_USER=postgres")
done
: > "$WORK/keys.properties"
for a in $(seq 1 "$ACCOUNTS"); do
  key="$(env "${JADE_ENV[@]}" PORT=0 timeout 120 java -jar "$ROOT/target/jade.jar" tokens create --account "$a" \
    --name bench 2>/dev/null | grep -o 'jade_[A-Za-z0-9_-]*' | tail -1 || true)"
  [ -n "$key" ] || { echo "could not mint an API key for account $a" >&2; exit 1; }
  echo "account.$a=$key" >> "$WORK/keys.properties"
done

stat_db() { psql_db postgres -At -c "SELECT $2 FROM pg_stat_database WHERE datname = '$1'"; }
# CPU time (clock ticks) of processes, and of the PostgreSQL server (postmaster, live children, exited children)
TCK=$(getconf CLK_TCK)
# (one awk over all the /proc files: thousands of backends, one process each, must not cost a fork each)
proc_ticks() { local f=() p; for p in "$@"; do f+=("/proc/$p/stat"); done
  cat "${f[@]}" 2>/dev/null | awk '{ t += $14 + $15 } END { printf "%d\n", t }'; }
pg_ticks() {
  local pm; pm=$(head -1 "$PG_DATA/postmaster.pid")
  echo $(( $(awk '{ print $16 + $17 }' "/proc/$pm/stat") + $(proc_ticks "$pm" $(pgrep -P "$pm")) ))
}
# index passes the instances ran so far (their Prometheus counters)
passes() { local n=0 i; for i in $(seq 0 $(($1 - 1))); do
  n=$(( n + $(curl -s "http://127.0.0.1:$((PORT + 100 + i))/prometheus" | awk '/^jade_index_pass_seconds_count/ { s += $2 } END { printf "%d", s }') ))
done; echo "$n"; }
# the server processes (one per connection) of a database's current connections
backend_pids() { psql_db postgres -At -c "SELECT pid FROM pg_stat_activity WHERE datname = '$1'"; }
# "pid ticks" of each process still running; pid_delta A B: the ticks spent between two such lists by the processes
# in both (a connection closed in between is left out rather than counted negative)
pid_ticks() { local f=() p; for p in "$@"; do [ -r "/proc/$p/stat" ] && f+=("/proc/$p/stat"); done
  [ ${#f[@]} -gt 0 ] || return 0
  awk '{ split(FILENAME, part, "/"); print part[3], $14 + $15 }' "${f[@]}" 2>/dev/null || true; }
pid_delta() { awk 'NR == FNR { a[$1] = $2; next } ($1 in a) { t += $2 - a[$1] } END { printf "%d\n", t }' "$1" "$2"; }
declare -A R
phase() {
  local n="$1" urls="" i
  log "phase: $n instance(s)"
  for i in $(seq 0 $((n - 1))); do
    # shellcheck disable=SC2086
    # each instance's management port (/prometheus) is PORT + 100 + i
    env "${JADE_ENV[@]}" PORT=$((PORT + i)) JADE_MANAGEMENT_PORT=$((PORT + 100 + i)) java -Xmx384m ${JADE_JAVA_OPTS:-} -jar "$ROOT/target/jade.jar" serve \
      >"$WORK/jade-$n-$i.out" 2>"$WORK/jade-$n-$i.err" &
    PIDS+=($!)
    urls="$urls${urls:+,}http://127.0.0.1:$((PORT + i))"
  done
  for i in $(seq 0 $((n - 1))); do
    for _ in $(seq 1 120); do
      curl -sf "http://127.0.0.1:$((PORT + i))/api/v2/healthcheck" >/dev/null 2>&1 && break; sleep 0.5
    done
  done
  # steady state: every environment indexed since these instances started, then 10 s more
  local since; since=$(psql_db bench_jade -At -c "SELECT now()")
  for _ in $(seq 1 600); do
    [ "$(psql_db bench_jade -At -c "SELECT count(*) FROM index_environment WHERE last_success_at > '$since'")" -ge "$ENVS" ] && break
    sleep 1
  done
  sleep 10
  local x0 d0 t0 x1 d1 t1 out
  psql_db postgres -At -c "SELECT pg_stat_statements_reset()" >/dev/null
  x0=$(stat_db bench_airflow xact_commit); d0=$(stat_db bench_jade deadlocks); t0=$(date +%s.%N)
  # the server processes serving Jade's connections, by database (the driver connects later and is not counted)
  local af_pids jd_pids; af_pids=$(backend_pids bench_airflow); jd_pids=$(backend_pids bench_jade)
  local j0 g0 p0; j0=$(proc_ticks "${PIDS[@]}"); g0=$(pg_ticks); p0=$(passes "$n")
  # shellcheck disable=SC2086
  pid_ticks $af_pids > "$WORK/af0"; pid_ticks $jd_pids > "$WORK/jd0"
  out=$(java -cp "$WORK/classes:$ROOT/target/jade.jar" com.datacoves.jade.bench.IndexChurn \
    "jdbc:postgresql://127.0.0.1:$PGPORT/bench_airflow?user=postgres" \
    "jdbc:postgresql://127.0.0.1:$PGPORT/bench_jade?user=postgres" "$ENVS" "$ACCOUNTS" "$DURATION" "$RATE" \
    "$WORK/keys.properties" "$urls")
  x1=$(stat_db bench_airflow xact_commit); d1=$(stat_db bench_jade deadlocks); t1=$(date +%s.%N)
  local j1 g1 p1; j1=$(proc_ticks "${PIDS[@]}"); g1=$(pg_ticks); p1=$(passes "$n")
  # shellcheck disable=SC2086
  pid_ticks $af_pids > "$WORK/af1"; pid_ticks $jd_pids > "$WORK/jd1"
  R[$n.passes]=$(echo "($p1 - $p0) / ($t1 - $t0)" | bc -l)
  R[$n.cpu]=$(awk -v j=$((j1 - j0)) -v g=$((g1 - g0)) -v p=$((p1 - p0)) -v hz="$TCK" -v t="$(echo "$t1 - $t0" | bc -l)" \
    -v a="$(pid_delta "$WORK/af0" "$WORK/af1")" -v b="$(pid_delta "$WORK/jd0" "$WORK/jd1")" \
    'BEGIN { printf "Jade %.2f cores, PostgreSQL %.2f cores; per pass: Jade %.2f ms, PostgreSQL %.2f ms (of which serving the Airflow databases %.2f ms, Jade'"'"'s database %.2f ms)", j / hz / t, g / hz / t, (p ? j * 1000 / hz / p : 0), (p ? g * 1000 / hz / p : 0), (p ? a * 1000 / hz / p : 0), (p ? b * 1000 / hz / p : 0) }')
  local driver; driver=$(echo "$out" | grep -o 'airflow_commits=[0-9]*' | cut -d= -f2)
  R[$n.churn]="$out"
  R[$n.qps]=$(echo "($x1 - $x0 - $driver) / ($t1 - $t0)" | bc -l)
  R[$n.deadlocks]=$((d1 - d0))
  R[$n.logs]=$(cat "$WORK"/jade-"$n"-*.err "$WORK"/jade-"$n"-*.out | grep -c -E ' (WARN|ERROR) ' || true)
  if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS"; cp "$WORK"/jade-"$n"-* "$KEEP_LOGS"/; fi
  R[$n.conns]=$(psql_db postgres -At -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench_airflow'")
  # how long ago each environment's last pass ended, right after the churn: p50/p99/max seconds (fairness)
  R[$n.ages]=$(psql_db bench_jade -At -F ' / ' -c "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a)::numeric, 1),
      round(percentile_cont(0.99) WITHIN GROUP (ORDER BY a)::numeric, 1), round(max(a)::numeric, 1)
      FROM (SELECT extract(epoch FROM now() - last_success_at) AS a FROM index_environment) x")
  R[$n.load]=$(cut -d' ' -f1-3 /proc/loadavg)
  R[$n.statements]=$(psql_db postgres -At -F ' | ' -c "SELECT sum(s.calls), round(sum(s.total_exec_time)::numeric, 0) || ' ms',
      left(regexp_replace(s.query, '\s+', ' ', 'g'), 60) AS q FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = 'bench_airflow' GROUP BY 3 ORDER BY 1 DESC LIMIT 8" | sed 's/^/      /')
  R[$n.jade_statements]=$(psql_db postgres -At -F ' | ' -c "SELECT sum(s.calls), round(sum(s.total_exec_time)::numeric, 0) || ' ms',
      left(regexp_replace(s.query, '\s+', ' ', 'g'), 70) AS q FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = 'bench_jade' GROUP BY 3 ORDER BY sum(s.total_exec_time) DESC LIMIT 8" | sed 's/^/      /')
  stop_jades
}
for n in $PHASES; do phase "$n"; done

echo "== bench/index.sh: $ENVS environments × $PER_ENV DAG runs (Airflow 2.10 schemas), ${DURATION} s of $RATE changes/s per phase, $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores; Airflow data fill ${fill_seconds} s"
for n in $PHASES; do
  set -- ${R[$n.churn]}
  printf '%s instance(s): %s\n' "$n" "${R[$n.churn]}"
  printf '    passes/s %.0f (every environment every %.1f s); CPU: %s\n' "${R[$n.passes]}" \
    "$(echo "$ENVS / (${R[$n.passes]} + 0.001)" | bc -l)" "${R[$n.cpu]}"
  printf '    Airflow queries/s sent by Jade: %.0f; connections to the Airflow database at the end: %s; deadlocks: %s; WARN/ERROR log lines: %s; load %s\n' \
    "${R[$n.qps]}" "${R[$n.conns]}" "${R[$n.deadlocks]}" "${R[$n.logs]}" "${R[$n.load]}"
  echo "    since each environment's last pass, at the end (p50 / p99 / max seconds): ${R[$n.ages]}"
  echo "    statements on the Airflow database (calls, total time, text):"; echo "${R[$n.statements]}"
  echo "    statements on Jade's database by total time (calls, total time, text):"; echo "${R[$n.jade_statements]}"
done
[ "$PHASES" = "1 3" ] || exit 0
p99_1=$(echo "${R[1.churn]}" | grep -o ' p99=[0-9-]*' | cut -d= -f2); p99_3=$(echo "${R[3.churn]}" | grep -o ' p99=[0-9-]*' | cut -d= -f2)
l99_1=$(echo "${R[1.churn]}" | grep -o 'listed_p99=[0-9-]*' | cut -d= -f2); l99_3=$(echo "${R[3.churn]}" | grep -o 'listed_p99=[0-9-]*' | cut -d= -f2)
awk -v q1="${R[1.qps]}" -v q3="${R[3.qps]}" -v p1="${R[1.passes]}" -v p3="${R[3.passes]}" -v a="$p99_1" -v b="$p99_3" -v c="$l99_1" -v d="$l99_3" 'BEGIN {
  printf "p99 staleness (commit in Airflow → indexed): 1 instance %d ms, 3 instances %d ms (target <= 5000: %s)\n", a, b, (a <= 5000 && b <= 5000 && a >= 0 && b >= 0) ? "met" : "MISSED"
  printf "p99 staleness (commit in Airflow → listed by GET runs): 1 instance %d ms, 3 instances %d ms (target <= 5000: %s)\n", c, d, (c <= 5000 && d <= 5000 && c >= 0 && d >= 0) ? "met" : "MISSED"
  printf "Airflow queries/s, 3 instances / 1 instance: %.2f (target <= 1.10: %s)\n", q3 / q1, (q3 / q1 <= 1.10) ? "met" : "MISSED"
  printf "Airflow queries per pass, 3 instances / 1 instance: %.2f (the same, free of how many passes each phase managed)\n", (q3 / p3) / (q1 / p1) }'
