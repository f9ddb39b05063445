# Shared by the benchmark scripts: build the jar once, start a throw-away demo instance, stop it on exit.
# Usage (from a benchmark script): source "$(dirname "$0")/common.sh"; start_demo <http-port> [extra java args…]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$(mktemp -d /tmp/jade-bench.XXXXXX)"
JADE_PID=""

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "installing $1 (apt-get)…" >&2
  (apt-get install -y "$2" >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y "$2" >/dev/null 2>&1)) \
    || { echo "cannot install $1; install the Debian package $2" >&2; exit 1; }
}

build_jar() {
  if [ ! -f "$ROOT/target/jade.jar" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/db" -newer "$ROOT/target/jade.jar" -type f | head -1)" ]; then
    echo "building target/jade.jar…" >&2
    (cd "$ROOT" && ./mvnw -q -B clean package -DskipTests) >&2
  fi
}

stop_demo() {
  if [ -n "$JADE_PID" ] && kill -0 "$JADE_PID" 2>/dev/null; then
    kill "$JADE_PID"; wait "$JADE_PID" 2>/dev/null || true
  fi
  rm -rf "$BENCH_DIR"
}
trap stop_demo EXIT

# start_demo PORT [JAVA_OPTS...]: runs `jade demo` on PORT with its data in a temporary folder, waits until it serves.
start_demo() {
  local port="$1"; shift
  build_jar
  JADE_LOG_LEVEL=WARN java "$@" -jar "$ROOT/target/jade.jar" demo --dir "$BENCH_DIR" --port "$port" \
    --postgres-port "$((port + 1000))" >"$BENCH_DIR/jade.out" 2>"$BENCH_DIR/jade.err" &
  JADE_PID=$!
  for _ in $(seq 1 180); do
    if grep -q "Press Ctrl-C" "$BENCH_DIR/jade.out" 2>/dev/null; then return 0; fi
    kill -0 "$JADE_PID" 2>/dev/null || { cat "$BENCH_DIR/jade.err" >&2; exit 1; }
    sleep 1
  done
  echo "jade demo did not start in 180 s" >&2; cat "$BENCH_DIR/jade.err" >&2; exit 1
}

demo_key() { grep "^account.$1=" "$BENCH_DIR/demo-keys.properties" | cut -d= -f2; }
