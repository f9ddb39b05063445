#!/usr/bin/env bash
# Benchmark: streaming of a large manifest through Jade (-Xmx256m, local-folder storage) against copying
# the same bytes into the same storage folder directly. In one run: generate a ~N MB manifest (ManifestGenerator),
# warm Jade up, then in ROUNDS alternating rounds copy it into the storage folder directly as a new file with the
# durability Jade gives a stored object (write + fsync + rename + fsync of the folder: dd conv=fsync, mv, sync DIR),
# upload it (POST /api/internal/manifests, multipart: a new object each time), download it whole (trimmed=false) and
# trimmed; print the medians in MB/s and the ratios upload/direct and download/direct (target >= 0.7), the plain
# page-cached `cp` and the background Discovery extraction after each upload as information, check the bytes (cmp)
# and report Jade's heap (GC log) and RSS.
# Usage: bench/manifests.sh [megabytes=500] [rounds=3]
source "$(dirname "$0")/common.sh"
MB="${1:-500}"; ROUNDS="${2:-3}"; PORT="${JADE_BENCH_PORT:-4510}"
LOAD_BEFORE="$(uptime | sed 's/.*load average: //')"
need curl curl
log() { echo "[$(date +%T)] $*" >&2; }

# The generator main lives in test code (no benchmark code in the product); compiled against the jar into the temp dir.
build_jar
mkdir -p "$BENCH_DIR/classes"
javac -nowarn -cp "$ROOT/target/jade.jar" -d "$BENCH_DIR/classes" "$ROOT/src/test/java/com/datacoves/jade/bench/GenerateManifest.java" \
  "$ROOT/src/test/java/com/datacoves/jade/bench/ValidateManifest.java"
FILE="$BENCH_DIR/manifest.json"
log "generating a ~$MB MB manifest…"
GEN=$(java -cp "$BENCH_DIR/classes:$ROOT/target/jade.jar" com.datacoves.jade.bench.GenerateManifest "$FILE" "$MB")
BYTES=$(stat -c %s "$FILE")
WARM="$BENCH_DIR/warm-up.json"
java -cp "$BENCH_DIR/classes:$ROOT/target/jade.jar" com.datacoves.jade.bench.GenerateManifest "$WARM" \
  "$(( MB / 10 > 1 ? MB / 10 : 1 ))" 7 >/dev/null

log "checking its JSON on one core, as an upload's validator does (ManifestInspector), outside Jade"
VALIDATE_MBPS=$(java -Xmx256m -cp "$BENCH_DIR/classes:$ROOT/target/jade.jar" com.datacoves.jade.bench.ValidateManifest "$FILE" 5)

log "starting jade demo -Xmx256m on port $PORT"
start_demo "$PORT" -Xmx256m -Xlog:gc:file="$BENCH_DIR/gc.log" ${JADE_JAVA_OPTS:-}   # e.g. JADE_JAVA_OPTS=-XX:NativeMemoryTracking=summary
KEY="$(demo_key 1)"; AUTH="Authorization: Token $KEY"; BASE="http://127.0.0.1:$PORT/api/internal/manifests"
STORAGE="$BENCH_DIR/storage"

# Heap: from the GC log (before and after every collection). Not polled with jcmd during the transfers: each jcmd is a
# JVM start (~0.5 s of CPU), which on a 2-core machine took a core from the transfers it was measuring.

now() { date +%s.%N; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }

# The direct copy with Jade's durability: write, fsync, atomic rename, fsync of the folder (LocalFolderStorage.put).
mkdir -p "$STORAGE/bench-direct"
direct_copy() {   # direct_copy NAME: a new file, as each upload is a new object
  local t0; t0=$(now)
  dd if="$FILE" of="$STORAGE/bench-direct/$1~tmp" bs=1M conv=fsync status=none
  mv "$STORAGE/bench-direct/$1~tmp" "$STORAGE/bench-direct/$1"
  sync "$STORAGE/bench-direct"
  echo "$(now) - $t0" | bc
}

# Warm-up (JIT): twice an upload and both downloads of a manifest a tenth the size, then one upload of the full one
# (C2 needs about a gigabyte through the upload path to settle; a running service is warm).
log "warm-up: 2 x upload and downloads of a $((MB / 10)) MB manifest, 1 x upload of the $MB MB one"
for round in 1 2; do
  curl -s -o /dev/null -H "$AUTH" -F environment_slug=dev123 -F "tag=warm-up-$round" \
    -F "file=@$WARM;type=application/json" "$BASE"
  curl -s -o /dev/null -H "$AUTH" "$BASE?environment_slug=dev123&tag=warm-up-$round&trimmed=false"
  curl -s -o /dev/null -H "$AUTH" "$BASE?environment_slug=dev123&tag=warm-up-$round"
done
curl -s -o /dev/null -H "$AUTH" -F environment_slug=dev123 -F "tag=warm-up-full" -F "file=@$FILE;type=application/json" "$BASE"

# After each upload Jade extracts the manifest for the Discovery API on a background thread (reading it back, writing
# its nodes to Jade's database). That work competes for the same two cores, so every timed transfer starts once the
# extractions of all stored manifests are recorded (discovery_extractions), and the wait after each timed upload is
# reported as information: what the Discovery API adds per upload, off the upload's own path.
PSQL_JADE=(psql -h 127.0.0.1 -p "$((PORT + 1000))" -U postgres -d demo_jade -At)
extractions_settled() {   # waits (at most 900 s) until every stored manifest's extraction is recorded; prints seconds
  local t0 pending; t0=$(now)
  for _ in $(seq 1 1800); do
    pending=$("${PSQL_JADE[@]}" -c "SELECT (SELECT count(*) FROM manifests)
        - (SELECT count(*) FROM discovery_extractions WHERE artifact = 'manifest')" 2>/dev/null || echo 1)
    [ "${pending:-1}" -le 0 ] && break
    sleep 0.5
  done
  echo "$(now) - $t0" | bc
}
extractions_settled >/dev/null
EXTRACT_ALL=""

# ROUNDS rounds, each: direct copy, upload (a new manifest; the newest is downloaded), download whole, download
# trimmed. Alternating the transfers and comparing medians keeps a change in the machine's load (or in the disk's
# write-back) from favouring one side.
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
FAIR_ALL=""; UP_ALL=""; DOWN_ALL=""; TRIM_ALL=""
for round in $(seq 1 "$ROUNDS"); do
  log "round $round/$ROUNDS: direct copy (dd conv=fsync + mv + sync)"
  FAIR_ALL="$FAIR_ALL $(direct_copy "manifest-$round.json")"
  log "round $round/$ROUNDS: upload"
  t0=$(now)
  CODE=$(curl -s -o "$BENCH_DIR/upload.out" -w '%{http_code}' -H "$AUTH" -F environment_slug=dev123 \
    -F "file=@$FILE;type=application/json" "$BASE")
  UP_ALL="$UP_ALL $(echo "$(now) - $t0" | bc)"
  [ "$CODE" = 201 ] || { echo "upload answered $CODE: $(head -c 300 "$BENCH_DIR/upload.out")" >&2; exit 1; }
  EXTRACT_ALL="$EXTRACT_ALL $(extractions_settled)"
  log "round $round/$ROUNDS: download trimmed=false"
  t0=$(now)
  curl -sf -o "$BENCH_DIR/full.json" -H "$AUTH" "$BASE?environment_slug=dev123&trimmed=false"
  DOWN_ALL="$DOWN_ALL $(echo "$(now) - $t0" | bc)"
  log "round $round/$ROUNDS: download trimmed"
  t0=$(now)
  curl -sf -o "$BENCH_DIR/trimmed.json" -H "$AUTH" "$BASE?environment_slug=dev123"
  TRIM_ALL="$TRIM_ALL $(echo "$(now) - $t0" | bc)"
done
FAIR_S=$(echo "$FAIR_ALL" | median); UP_S=$(echo "$UP_ALL" | median)
DOWN_S=$(echo "$DOWN_ALL" | median); TRIM_S=$(echo "$TRIM_ALL" | median); EXTRACT_S=$(echo "$EXTRACT_ALL" | median)
TRIM_BYTES=$(stat -c %s "$BENCH_DIR/trimmed.json")

log "plain cp (page cache only), both ways"
t0=$(now)
cp "$FILE" "$STORAGE/bench-direct/manifest-cp.json"
CP_S=$(echo "$(now) - $t0" | bc)
t0=$(now)
cp "$STORAGE/bench-direct/manifest-cp.json" "$BENCH_DIR/direct-read.json"
CPR_S=$(echo "$(now) - $t0" | bc)

set +e +o pipefail   # reporting below: a missing match must not end the script
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
RSS=$(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$JADE_PID/status" 2>/dev/null || echo "?")
RSS_NOW=$(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$JADE_PID/status" 2>/dev/null || echo "?")
OOM=$(grep -c -i "OutOfMemory" "$BENCH_DIR/jade.err" || true)

echo "== bench/manifests.sh: $MB MB manifest, $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores; load before/after: $LOAD_BEFORE / $(uptime | sed 's/.*load average: //'); storage: $(df -T "$STORAGE" | awk 'NR==2 {print $2}') under /tmp"
echo "generated: $GEN ($(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1048576 }') MiB)"
echo "medians of $ROUNDS alternating rounds (seconds of each round in brackets):"
printf '%-52s %7.2f s %8s MB/s  [%s ]\n' "upload  POST /api/internal/manifests (curl -F)" "$UP_S" "$(mbps "$BYTES" "$UP_S")" "$UP_ALL"
printf '%-52s %7.2f s %8s MB/s  [%s ]\n' "download GET …&trimmed=false (curl -o)" "$DOWN_S" "$(mbps "$BYTES" "$DOWN_S")" "$DOWN_ALL"
printf '%-52s %7.2f s %8s MB/s of the original (%s MiB out)  [%s ]\n' "download GET … trimmed (default)" "$TRIM_S" \
  "$(mbps "$BYTES" "$TRIM_S")" "$(awk -v b="$TRIM_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')" "$TRIM_ALL"
printf '%-52s %7.2f s %8s MB/s  [%s ]\n' "direct: dd conv=fsync + mv + sync" "$FAIR_S" "$(mbps "$BYTES" "$FAIR_S")" "$FAIR_ALL"
printf '%-52s %7.2f s %8s MB/s\n' "info: JSON check alone, one core (ManifestInspector)" \
  "$(awk -v b="$BYTES" -v m="$VALIDATE_MBPS" 'BEGIN { printf "%.2f", b / 1048576 / m }')" "$VALIDATE_MBPS"
printf '%-52s %7.2f s  [%s ]\n' "info: Discovery extraction after the upload (background)" "$EXTRACT_S" "$EXTRACT_ALL"
printf '%-52s %7.2f s %8s MB/s\n' "info: cp file → storage folder (page cache)" "$CP_S" "$(mbps "$BYTES" "$CP_S")"
printf '%-52s %7.2f s %8s MB/s\n' "info: cp storage folder → file (page cache)" "$CPR_S" "$(mbps "$BYTES" "$CPR_S")"
awk -v u="$UP_S" -v d="$DOWN_S" -v t="$TRIM_S" -v f="$FAIR_S" -v c="$CP_S" -v r="$CPR_S" -v b="$BYTES" -v m="$VALIDATE_MBPS" 'BEGIN {
  printf "ratio upload / direct   = %.2f (target >= 0.7: %s)\n", f / u, (f / u >= 0.7 ? "met" : "MISSED")
  printf "ratio download / direct = %.2f (target >= 0.7: %s)\n", f / d, (f / d >= 0.7 ? "met" : "MISSED")
  printf "ratio trimmed / direct  = %.2f (information)\n", f / t
  printf "info: upload / page-cached cp = %.2f, download / page-cached cp read = %.2f\n", c / u, r / d
  printf "info: best upload ratio the JSON check allows = direct / JSON check alone = %.2f\n", f / (b / 1048576 / m) }'
echo "downloaded trimmed=false vs original: $SAME; stored object vs original: $STORED_SAME"
echo "trimmed: starts with $TRIM_HEAD…; $TRIM_OK"
echo "Jade -Xmx256m: alive: $ALIVE; OutOfMemory in log: $OOM; heap after GC max ${MAXGC} MB, before GC max ${PEAKGC} MB, committed max ${MAXCAP} MB (gc log); RSS peak $RSS (now $RSS_NOW)"
if [[ "${JADE_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
  echo "native memory (jcmd VM.native_memory summary, committed):"
  jcmd "$JADE_PID" VM.native_memory summary | grep -E '^-|^Total' | sed 's/^/    /'
fi
