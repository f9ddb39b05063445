#!/usr/bin/env bash
# Benchmark: the Discovery API on a generated dbt project of NODES nodes (manifest, run_results and catalog of a
# `dbt build`), served by `jade demo` at -Xmx512m. In one run: generate the project, time parsing its artifacts once
# with Jackson outside Jade (the baseline, after a warm-up), upload the three artifacts to environment glx001 (account
# 2, no other manifests) as an Airflow task does for one DAG run (the first extractions after start, printed) and then
# for the next (timed: extraction after its upload, the readers compiled as in a running service), then time,
# sequentially, every page of
# applied.models(first: 500) (after one untimed pass over them), the ancestors of the model with the most of them,
# the whole lineage list, and the job-scoped models query of the DAG the manifest belongs to. Prints p50/p99 of each,
# the ratios to the targets (page p50 <= 50 ms, lineage <= 2 s, extraction <= 2 x the parse) and Jade's heap from
# the GC log.
# Usage: bench/discovery.sh [nodes=50000] [repeats=20]
source "$(dirname "$0")/common.sh"
NODES="${1:-50000}"; REPEATS="${2:-20}"; PORT="${JADE_BENCH_PORT:-4610}"
need curl curl
log() { echo "[$(date +%T)] $*" >&2; }
now() { date +%s.%N; }

build_jar
mkdir -p "$BENCH_DIR/classes" "$BENCH_DIR/project"
javac -nowarn -cp "$ROOT/target/jade.jar" -d "$BENCH_DIR/classes" \
  "$ROOT/src/test/java/com/datacoves/jade/bench/GenerateDiscoveryProject.java" \
  "$ROOT/src/test/java/com/datacoves/jade/bench/ParseArtifacts.java"
CP="$BENCH_DIR/classes:$ROOT/target/jade.jar"
log "generating a project of about $NODES nodes…"
GEN=$(java -Xmx3g -cp "$CP" com.datacoves.jade.bench.GenerateDiscoveryProject "$BENCH_DIR/project" "$NODES")
DEEPEST=$(echo "$GEN" | sed 's/.*deepest=\([^ ]*\).*/\1/')
P="$BENCH_DIR/project"
SIZES=$(for f in manifest.json demo-run_results.json demo-catalog.json; do printf '%s %s MB; ' "$f" \
  "$(awk -v b="$(stat -c %s "$P/$f")" 'BEGIN { printf "%.1f", b / 1048576 }')"; done)
log "parsing the three artifacts once (node by node, Jackson trees), 3 runs after a warm-up"
PARSE=$(java -Xmx512m -cp "$CP" com.datacoves.jade.bench.ParseArtifacts 3 "$P/manifest.json" \
  "$P/demo-run_results.json" "$P/demo-catalog.json" | awk '{print $1}')

log "starting jade demo -Xmx512m on port $PORT"
start_demo "$PORT" -Xmx512m -Xlog:gc:file="$BENCH_DIR/gc.log" ${JADE_JAVA_OPTS:-}
KEY="$(demo_key 2)"; AUTH="Authorization: Token $KEY"; BASE="http://127.0.0.1:$PORT"
PSQL=(psql -h 127.0.0.1 -p "$((PORT + 1000))" -U postgres -At)
read -r DAG RUN_ID < <("${PSQL[@]}" -d demo_airflow_glx001 -F ' ' -c "SELECT dag_id, run_id FROM dag_run
  WHERE state = 'success' AND dag_id = 'daily_dbt_run' ORDER BY id DESC LIMIT 1")
WARM_RUN_ID=$("${PSQL[@]}" -d demo_airflow_glx001 -c "SELECT run_id FROM dag_run
  WHERE state = 'success' AND dag_id = 'daily_dbt_run' ORDER BY id DESC OFFSET 1 LIMIT 1")
[ -n "$WARM_RUN_ID" ] || { echo "glx001 needs two successful daily_dbt_run DAG runs" >&2; exit 1; }
extracted() { "${PSQL[@]}" -d demo_jade -c "SELECT count(*) FROM discovery_extractions WHERE environment_id = 4"; }
wait_extracted() {   # wait_extracted N: until N extractions of glx001 are recorded; prints the seconds waited
  local t0; t0=$(now)
  for _ in $(seq 1 3600); do [ "$(extracted)" -ge "$1" ] && break; sleep 0.2; done
  echo "$(now) - $t0" | bc
}
upload_file() {   # upload_file RUN_ID STEM FILE
  curl -sf -o /dev/null -H "$AUTH" -F "tag=$1-$2" -F "file=@$3;type=application/json" \
    "$BASE/api/v2/datacoves/environments/glx001/files" || { echo "upload of $2 failed" >&2; exit 1; }
}
upload_run() {   # upload_run RUN_ID FIRST_EXTRACTION: the three artifacts of a run; prints the three extraction times
  curl -sf -o /dev/null -H "$AUTH" -F environment_slug=glx001 -F "dag_id=$DAG" -F "run_id=$1" \
    -F "file=@$P/manifest.json;type=application/json" "$BASE/api/internal/manifests" || { echo "manifest upload failed" >&2; exit 1; }
  local m r c
  m=$(wait_extracted "$2")
  upload_file "$1" run_results "$P/demo-run_results.json"; r=$(wait_extracted $(($2 + 1)))
  upload_file "$1" catalog "$P/demo-catalog.json"; c=$(wait_extracted $(($2 + 2)))
  echo "$m $r $c"
}
# The first extraction after start runs mostly interpreted code (the JIT has not compiled the readers yet): it is
# timed and printed, then the run that the queries read is uploaded and timed as a long-running service extracts.
log "uploading to glx001, DAG run $DAG $WARM_RUN_ID (first extractions after start), and waiting for each extraction"
read -r C_MANIFEST C_RESULTS C_CATALOG < <(upload_run "$WARM_RUN_ID" 1)
log "uploading to glx001, DAG run $DAG $RUN_ID, and waiting for each extraction"
read -r X_MANIFEST X_RESULTS X_CATALOG < <(upload_run "$RUN_ID" 4)
OUTCOMES=$("${PSQL[@]}" -d demo_jade -c "SELECT string_agg(artifact || '=' || outcome, ' ' ORDER BY id)
  FROM discovery_extractions WHERE environment_id = 4")
JOB=$("${PSQL[@]}" -d demo_jade -c "SELECT job_id FROM run_index WHERE environment_id = 4 AND run_id = '$RUN_ID'")
log "the database's floor: the extracted node rows COPYed from a local file into a copy of their table"
FLOOR=$("${PSQL[@]}" -d demo_jade -q <<SQL | grep -o 'Time: [0-9.]*' | tail -1 | cut -d' ' -f2
COPY (SELECT * FROM discovery_nodes WHERE manifest_id = (SELECT id FROM discovery_manifests WHERE environment_id = 4
  AND is_current ORDER BY id DESC LIMIT 1)) TO '$BENCH_DIR/nodes.csv' (FORMAT csv);
CREATE TABLE bench_nodes_floor (LIKE discovery_nodes INCLUDING ALL);
\\timing on
COPY bench_nodes_floor FROM '$BENCH_DIR/nodes.csv' (FORMAT csv);
\\timing off
DROP TABLE bench_nodes_floor;
SQL
)

gql() {   # gql QUERY_JSON: prints seconds; the body goes to $BENCH_DIR/answer.json
  curl -s -o "$BENCH_DIR/answer.json" -w '%{time_total}' -H "$AUTH" -H 'Content-Type: application/json' \
    --data-binary "$1" "$BASE/graphql" || { echo "no answer to $(echo "$1" | head -c 120)… (curl exit $?);" \
    "Jade alive: $(kill -0 "$JADE_PID" 2>/dev/null && echo yes || echo no); last log lines:" >&2
    grep -v '^\s*at ' "$BENCH_DIR/jade.err" | tail -5 >&2; exit 1; }
  grep -q '"errors"' "$BENCH_DIR/answer.json" && { echo "GraphQL errors: $(head -c 500 "$BENCH_DIR/answer.json")" >&2; exit 1; }
  true
}
pct() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.1f", v[i] * 1000 }'; }

log "warm-up (one pass over every page), then timing (sequential requests)"
PAGE='{"query":"query($e: BigInt!, $a: String) { environment(id: $e) { applied { models(first: 500, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { uniqueId name database schema materializedType executionInfo { lastRunStatus executionTime } catalog { columns { name type } } parents { uniqueId } } } } } } }","variables":{"e":4,"a":%s}}'
all_pages() {   # all_pages FILE: every page in turn, following endCursor; one time per line in FILE
  : > "$1"; CURSOR=null; PAGES=0
  while :; do
    gql "$(printf "$PAGE" "$CURSOR")" >> "$1"; echo >> "$1"; PAGES=$((PAGES + 1))
    NEXT=$(grep -o '"hasNextPage":[a-z]*' "$BENCH_DIR/answer.json" | head -1 | cut -d: -f2)
    CURSOR="\"$(grep -o '"endCursor":"[^"]*"' "$BENCH_DIR/answer.json" | head -1 | cut -d'"' -f4)\""
    [ "$NEXT" = true ] || break
  done
}
all_pages "$BENCH_DIR/warm-up.txt"
all_pages "$BENCH_DIR/pages.txt"
MODELS=$(grep -o '"totalCount":[0-9]*' "$BENCH_DIR/answer.json" | head -1 | cut -d: -f2)
ANC="{\"query\":\"query(\$e: BigInt!, \$u: [String!]) { environment(id: \$e) { applied { models(first: 1, filter: {uniqueIds: \$u}) { edges { node { uniqueId ancestors(types: [Model, Source, Seed, Snapshot]) { uniqueId } } } } } } }\",\"variables\":{\"e\":4,\"u\":[\"$DEEPEST\"]}}"
LIN='{"query":"query($e: BigInt!) { environment(id: $e) { applied { lineage(filter: {types: [Model, Source, Seed, Snapshot, Test]}) { uniqueId resourceType ... on ModelLineageNode { parentIds } ... on TestLineageNode { parentIds } } } } }","variables":{"e":4}}'
JOBQ="{\"query\":\"query(\$j: BigInt!) { job(id: \$j) { models { uniqueId name database schema dependsOn status executionTime runGeneratedAt } } }\",\"variables\":{\"j\":$JOB}}"
for name in ANC LIN JOBQ; do
  gql "${!name}" >/dev/null   # warm-up
  : > "$BENCH_DIR/$name.txt"
  for _ in $(seq 1 "$REPEATS"); do gql "${!name}" >> "$BENCH_DIR/$name.txt"; echo >> "$BENCH_DIR/$name.txt"; done
  cp "$BENCH_DIR/answer.json" "$BENCH_DIR/$name.json"
done
ANCESTORS=$(grep -o '"uniqueId"' "$BENCH_DIR/ANC.json" | wc -l); ANCESTORS=$((ANCESTORS - 1))
LINEAGE=$(grep -o '"uniqueId"' "$BENCH_DIR/LIN.json" | wc -l)
JOBMODELS=$(grep -o '"uniqueId"' "$BENCH_DIR/JOBQ.json" | wc -l)
LINBYTES=$(stat -c %s "$BENCH_DIR/LIN.json")
MAXGC=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$BENCH_DIR/gc.log" | awk -F'->|M' '{ if ($3+0 > m) m=$3+0 } END { print m+0 }')
PEAKGC=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$BENCH_DIR/gc.log" | awk -F'->|M' '{ if ($1+0 > m) m=$1+0 } END { print m+0 }')
kill -0 "$JADE_PID" 2>/dev/null && ALIVE=yes || ALIVE=NO

X_TOTAL=$(echo "$X_MANIFEST + $X_RESULTS + $X_CATALOG" | bc)
P50=$(pct 50 < "$BENCH_DIR/pages.txt"); P99=$(pct 99 < "$BENCH_DIR/pages.txt")
LIN50=$(pct 50 < "$BENCH_DIR/LIN.txt"); LIN99=$(pct 99 < "$BENCH_DIR/LIN.txt")
echo "== bench/discovery.sh: $GEN; $(date -u +%FT%TZ); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "artifacts: $SIZES"
printf 'first extraction after start (JIT not warm yet): manifest %.1f s, run_results %.1f s, catalog %.1f s\n' \
  "$C_MANIFEST" "$C_RESULTS" "$C_CATALOG"
printf 'extraction after upload: manifest %.1f s, run_results %.1f s, catalog %.1f s = %.1f s; parsing the three once (baseline): %s s; ratio %.2f (target <= 2: %s); outcomes: %s\n' \
  "$X_MANIFEST" "$X_RESULTS" "$X_CATALOG" "$X_TOTAL" "$PARSE" "$(echo "$X_TOTAL / $PARSE" | bc -l)" \
  "$(awk -v x="$X_TOTAL" -v p="$PARSE" 'BEGIN { print (x <= 2 * p ? "met" : "MISSED") }')" "$OUTCOMES"
printf 'database floor: COPY of the %s node rows from a file into a copy of discovery_nodes: %.1f s (%.2f x the parse); manifest extraction / floor: %.2f\n' \
  "$("${PSQL[@]}" -d demo_jade -c "SELECT node_count FROM discovery_manifests WHERE environment_id = 4 AND is_current ORDER BY id DESC LIMIT 1")" \
  "$(echo "$FLOOR / 1000" | bc -l)" "$(echo "$FLOOR / 1000 / $PARSE" | bc -l)" "$(echo "$X_MANIFEST * 1000 / $FLOOR" | bc -l)"
printf 'applied.models(first: 500), %s pages of %s models: p50 %s ms, p99 %s ms (target p50 <= 50 ms: %s)\n' "$PAGES" "$MODELS" \
  "$P50" "$P99" "$(awk -v p="$P50" 'BEGIN { print (p <= 50 ? "met" : "MISSED") }')"
printf 'ancestors of %s (%s ancestors), %s requests: p50 %s ms, p99 %s ms\n' "$DEEPEST" "$ANCESTORS" "$REPEATS" \
  "$(pct 50 < "$BENCH_DIR/ANC.txt")" "$(pct 99 < "$BENCH_DIR/ANC.txt")"
printf 'lineage of %s nodes (%s bytes), %s requests: p50 %s ms, p99 %s ms (target <= 2 s: %s)\n' "$LINEAGE" "$LINBYTES" \
  "$REPEATS" "$LIN50" "$LIN99" "$(awk -v p="$LIN99" 'BEGIN { print (p <= 2000 ? "met" : "MISSED") }')"
printf 'job(id: %s) models (%s models), %s requests: p50 %s ms, p99 %s ms\n' "$JOB" "$JOBMODELS" "$REPEATS" \
  "$(pct 50 < "$BENCH_DIR/JOBQ.txt")" "$(pct 99 < "$BENCH_DIR/JOBQ.txt")"
echo "Jade -Xmx512m: alive $ALIVE; max heap after GC ${MAXGC} MB, max before GC ${PEAKGC} MB"
