#!/usr/bin/env bash
# bench/idle.sh: what planwatch costs a laptop when nothing happens, and how fast it starts.
#   1. idle CPU (user + system, from /proc/<pid>/stat) over IDLE_SECONDS after a settle period, on
#      the ../shared/bench/workspace.sh workspace and on a generated one of IDLE_PLANS plans;
#   2. start-up to the first 200 of GET /api/plans with bin/planwatch on each JDK found (the
#      default java, and a JDK 25+ if installed: JAVA25), RUNS times, by ../shared/bench/measure.sh.
# Nothing is connected and nothing changes during the idle measurement. Build first
# (./mvnw -B package -DskipTests). Environment: IDLE_SECONDS=60, SETTLE_SECONDS=40, IDLE_PLANS=1000,
# IDLE_TASKS=20, RUNS=3, PORT=3100, SHARED=../shared, NODE_SERVER=path/to/api-server.js (optional:
# the original Node server, measured the same way on the first workspace).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "${SHARED:-$HERE/../shared}" && pwd)
PORT=${PORT:-3100}
RUNS=${RUNS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-60}
SETTLE_SECONDS=${SETTLE_SECONDS:-40}
SCRATCH=$(mktemp -d /tmp/planwatch-idle.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
WORKSPACE="$SCRATCH/corpus"
FORCE=1 "$SHARED/bench/workspace.sh" "$WORKSPACE" >/dev/null
python3 "$HERE/bench/generate-workspace.py" "$SCRATCH/generated" "${IDLE_PLANS:-1000}" "${IDLE_TASKS:-20}" >/dev/null
# shellcheck source=bench/startup-lib.sh
. "$HERE/bench/startup-lib.sh"

# idle NAME DIR COMMAND...: starts COMMAND in DIR, waits for the first 200, lets it settle, then
# prints its CPU per 30 s of idling.
idle() {
  local name=$1 dir=$2; shift 2
  (cd "$dir" && exec setsid "$@") >"$SCRATCH/$name.log" 2>&1 &
  local leader=$! pid ticks_before ticks_after hz
  for _ in $(seq 1 600); do curl -s -o /dev/null -f "http://127.0.0.1:$PORT/api/plans" && break; sleep 0.1; done
  # the server itself: the newest process of the session that listens (bin/planwatch execs java)
  pid=$(pgrep -s "$leader" | tail -1)
  sleep "$SETTLE_SECONDS"
  hz=$(getconf CLK_TCK)
  ticks_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep "$IDLE_SECONDS"
  ticks_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "idle_${name}_cpu_ms_per_30s: $(( (ticks_after - ticks_before) * 1000 / hz * 30 / IDLE_SECONDS ))"
  echo "idle_${name}_rss_mb: $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))"
  kill -TERM -- "-$leader" 2>/dev/null || true
  wait "$leader" 2>/dev/null || true
}

# bin/planwatch's first start on a JDK records its start-up archive: done here, not measured.
first_start "$SUB $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
idle planwatch_corpus "$WORKSPACE" "$HERE/bin/planwatch" "-Dquarkus.http.port=$PORT"
idle planwatch_generated "$SCRATCH/generated" "$HERE/bin/planwatch" "-Dquarkus.http.port=$PORT"
if [ -n "${NODE_SERVER:-}" ]; then
  idle node_corpus "$WORKSPACE" env HOST=127.0.0.1 PORT="$PORT" node "$NODE_SERVER"
fi

measure "startup_java$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)" \
  "$SUB $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
if [ -n "$JAVA25" ] && [ -x "$JAVA25" ]; then
  START="$SUB env PLANWATCH_JAVA=$JAVA25 $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
  first_start "$START"
  measure startup_java25 "$START"
else
  echo "startup_java25: no JDK 25 found (set JAVA25)"
fi
