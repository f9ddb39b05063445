#!/usr/bin/env bash
# Benchmark (issue #5): streaming of a large manifest through Jade (-Xmx256m, local-folder storage) against copying
# the same bytes into the same storage folder directly. In one run: generate a ~N MB manifest (ManifestGenerator),
# upload it (POST /api/internal/manifests, multipart), download it whole (trimmed=false) and trimmed, `cp` it into the
# storage folder; print MB/s of each, the ratios upload/direct and download/direct (target >= 0.7), check the bytes
# (cmp) and report Jade's heap (GC log and jcmd polled during the transfers).
# Usage: bench/manifests.sh [megabytes=500]
source "$(dirname "$0")/common.sh"
MB="${1:-500}"; PORT="${JADE_BENCH_PORT:-4510}"
LOAD_BEFORE="$(uptime | sed 's/.*load average: //')"
need curl curl
log() { echo "[$(date +%T)] $*" >&2; }

# The generator main lives in test code (no benchmark code in the product); compiled against the jar into the temp dir.
build_jar
mkdir -p "$BENCH_DIR/classes"
javac -nowarn -cp "$ROOT/target/jade.jar" -d "$BENCH_DIR/classes" "$ROOT/src/test/java/com/datacoves/jade/bench/GenerateManifest.java"
FILE="$BENCH_DIR/manifest.json"
log "generating a ~$MB MB manifest…"
GEN=$(java -cp "$BENCH_DIR/classes:$ROOT/target/jade.jar" com.datacoves.jade.bench.GenerateManifest "$FILE" "$MB")
BYTES=$(stat -c %s "$FILE")

log "starting jade demo -Xmx256m on port $PORT"
start_demo "$PORT" -Xmx256m -Xlog:gc:file="$BENCH_DIR/gc.log" ${JADE_JAVA_OPTS:-}   # e.g. JADE_JAVA_OPTS=-XX:NativeMemoryTracking=summary
KEY="$(demo_key 1)"; AUTH="Authorization: Token $KEY"; BASE="http://127.0.0.1:$PORT/api/internal/manifests"
STORAGE="$BENCH_DIR/storage"

# Heap sampler: jcmd GC.heap_info every 0.5 s while the transfers run; keeps the largest "used".
( while kill -0 "$JADE_PID" 2>/dev/null; do
    jcmd "$JADE_PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap|used/ && /total/ { for (i=1;i<=NF;i++) if ($i=="used") { v=$(i+1); sub(/K,?/,"",v); print v } ; exit }'
    sleep 0.5
  done >"$BENCH_DIR/heap.samples" ) &
SAMPLER=$!

now() { date +%s.%N; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }

log "upload"
t0=$(now)
CODE=$(curl -s -o "$BENCH_DIR/upload.out" -w '%{http_code}' -H "$AUTH" -F environment_slug=dev123 \
  -F "file=@$FILE;type=application/json" "$BASE")
UP_S=$(echo "$(now) - $t0" | bc)
[ "$CODE" = 201 ] || { echo "upload answered $CODE: $(head -c 300 "$BENCH_DIR/upload.out")" >&2; exit 1; }

log "download trimmed=false"
t0=$(now)
curl -sf -o "$BENCH_DIR/full.json" -H "$AUTH" "$BASE?environment_slug=dev123&trimmed=false"
DOWN_S=$(echo "$(now) - $t0" | bc)

log "download trimmed"
t0=$(now)
curl -sf -o "$BENCH_DIR/trimmed.json" -H "$AUTH" "$BASE?environment_slug=dev123"
TRIM_S=$(echo "$(now) - $t0" | bc)
TRIM_BYTES=$(stat -c %s "$BENCH_DIR/trimmed.json")

log "direct copy into the storage folder"
mkdir -p "$STORAGE/bench-direct"
t0=$(now)
cp "$FILE" "$STORAGE/bench-direct/manifest.json"
CP_S=$(echo "$(now) - $t0" | bc)
t0=$(now)
cp "$STORAGE/bench-direct/manifest.json" "$BENCH_DIR/direct-read.json"
CPR_S=$(echo "$(now) - $t0" | bc)

set +e +o pipefail   # reporting below: a missing match must not end the script
kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
kill -0 "$JADE_PID" 2>/dev/null && ALIVE=yes || ALIVE=NO
cmp -s "$FILE" "$BENCH_DIR/full.json" && SAME="identical (cmp)" || SAME="DIFFERENT"
STORED=$(find "$STORAGE/accounts" -path "*/environments/dev123/*" -type f -size "+$((BYTES - 1))c" 2>/dev/null | head -1)
[ -n "$STORED" ] && cmp -s "$FILE" "$STORED" && STORED_SAME="identical (cmp)" || STORED_SAME="not found or DIFFERENT"
TRIM_HEAD=$(head -c 12 "$BENCH_DIR/trimmed.json")
TRIM_OK=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("valid JSON, keys", sorted(d.keys()), len(d["nodes"]), "nodes")' \
  "$BENCH_DIR/trimmed.json" 2>&1 | tail -1)
MAXGC=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$BENCH_DIR/gc.log" | awk -F'->|M' '{ if ($3+0 > m) m=$3+0 } END { print m+0 }')
PEAKGC=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$BENCH_DIR/gc.log" | awk -F'->|M' '{ if ($1+0 > m) m=$1+0 } END { print m+0 }')
MAXCAP=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$BENCH_DIR/gc.log" | awk -F'[(]|M[)]' '{ if ($2+0 > m) m=$2+0 } END { print m+0 }')
SAMPLED=$(sort -n "$BENCH_DIR/heap.samples" | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
RSS=$(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$JADE_PID/status" 2>/dev/null || echo "?")
OOM=$(grep -c -i "OutOfMemory" "$BENCH_DIR/jade.err" || true)

echo "== bench/manifests.sh: $MB MB manifest, $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores; load before/after: $LOAD_BEFORE / $(uptime | sed 's/.*load average: //'); storage: $(df -T "$STORAGE" | awk 'NR==2 {print $2}') under /tmp"
echo "generated: $GEN ($(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1048576 }') MiB)"
printf '%-52s %7.2f s %8s MB/s\n' "upload  POST /api/internal/manifests (curl -F)" "$UP_S" "$(mbps "$BYTES" "$UP_S")"
printf '%-52s %7.2f s %8s MB/s\n' "download GET …&trimmed=false (curl -o)" "$DOWN_S" "$(mbps "$BYTES" "$DOWN_S")"
printf '%-52s %7.2f s %8s MB/s of the original (%s MiB out)\n' "download GET … trimmed (default)" "$TRIM_S" \
  "$(mbps "$BYTES" "$TRIM_S")" "$(awk -v b="$TRIM_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')"
printf '%-52s %7.2f s %8s MB/s\n' "direct: cp file → storage folder" "$CP_S" "$(mbps "$BYTES" "$CP_S")"
printf '%-52s %7.2f s %8s MB/s\n' "direct: cp storage folder → file (read side)" "$CPR_S" "$(mbps "$BYTES" "$CPR_S")"
awk -v u="$UP_S" -v d="$DOWN_S" -v c="$CP_S" 'BEGIN {
  printf "ratio upload / direct cp   = %.2f (target >= 0.7: %s)\n", c / u, (c / u >= 0.7 ? "met" : "MISSED")
  printf "ratio download / direct cp = %.2f (target >= 0.7: %s)\n", c / d, (c / d >= 0.7 ? "met" : "MISSED") }'
echo "downloaded trimmed=false vs original: $SAME; stored object vs original: $STORED_SAME"
echo "trimmed: starts with $TRIM_HEAD…; $TRIM_OK"
echo "Jade -Xmx256m: alive: $ALIVE; OutOfMemory in log: $OOM; heap after GC max ${MAXGC} MB, before GC max ${PEAKGC} MB, committed max ${MAXCAP} MB (gc log); max used sampled by jcmd: ${SAMPLED} MB; RSS peak $RSS"
if [[ "${JADE_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
  echo "native memory (jcmd VM.native_memory summary, committed):"
  jcmd "$JADE_PID" VM.native_memory summary | grep -E '^-|^Total' | sed 's/^/    /'
fi
