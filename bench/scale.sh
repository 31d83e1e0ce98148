#!/usr/bin/env bash
# bench/scale.sh PLANS TASKS: planwatch on a workspace of PLANS generated plans of TASKS tasks each
# (bench/generate-workspace.py; "corpus" as PLANS uses ../shared/bench/workspace.sh instead).
# Measures, on bin/planwatch with its defaults (plus SCALE_JVM_ARGS, e.g. -Xmx160m):
#   start-up to the first 200 and RSS (../shared/bench/measure.sh), the first scan's time (its log),
#   live heap after a full GC and metaspace apart (jcmd), list/detail throughput and p99, WS/SSE push p99 (measure.sh),
#   the list asked for with gzip (wrk), and
#   one write fanned out to FANOUT_CLIENTS WebSocket clients of one plan (bench/fanout.js).
# A workspace too big for the heap is reported with planwatch's own message.
# Environment: DURATION=3, PORT=3100, SHARED=../shared, FANOUT_CLIENTS=1000, SCALE_JVM_ARGS="".
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/scale.sh PLANS TASKS | bench/scale.sh corpus -" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "${SHARED:-$HERE/../shared}" && pwd)
PORT=${PORT:-3100}
WORKSPACE=$(mktemp -d /tmp/planwatch-scale.XXXXXX)
trap 'rm -rf "$WORKSPACE"' EXIT
if [ "$1" = corpus ]; then
  FORCE=1 "$SHARED/bench/workspace.sh" "$WORKSPACE" >/dev/null
else
  python3 "$HERE/bench/generate-workspace.py" "$WORKSPACE" "$1" "$2" >/dev/null
fi
echo "scale_plans: $(find "$WORKSPACE/docs/plans" -maxdepth 1 -name '*.md' | wc -l)"
echo "scale_status_mb: $(( $(find "$WORKSPACE/docs/plan-outputs" -name status.json -printf '%s\n' | awk '{s+=$1} END {print s}') / 1048576 ))"
START="python3 $SHARED/bench/subreaper.py $HERE/bin/planwatch -Dquarkus.http.port=$PORT ${SCALE_JVM_ARGS:-}"
# bin/planwatch's first start on a JDK records its start-up archive (a one-off training run): done
# here, so that the start measured is the one a user lives with.
# shellcheck source=bench/startup-lib.sh
. "$HERE/bench/startup-lib.sh"
first_start "$START"

# Start-up, throughput and push latency, as measure.sh reports them for any server of this API.
if ! START_CMD="$START" DURATION=${DURATION:-3} "$SHARED/bench/measure.sh" "http://127.0.0.1:$PORT" "$WORKSPACE" \
    | grep -E '^(startup_ms|rss_after_start_kb|rss_load_max_kb|(list|detail)_c32_(rps|p99_ms)|ws_all_only_latency_p99_ms|ws_status_latency_p99_ms|ws_all_latency_p99_ms|sse_log_latency_p99_ms|.*missed.*):'; then
  echo "scale: planwatch did not serve this workspace; its own words:"
  (cd "$WORKSPACE" && timeout 120 $START 2>&1 | grep -E 'could not start|caused by|OutOfMemory' | head -3) || true
  exit 1
fi

# Heap after a full GC, the first scan's time, and the fan-out, on one more start.
(cd "$WORKSPACE" && exec setsid $START) >"$WORKSPACE/.planwatch.log" 2>&1 &
SERVER=$!
trap 'kill -TERM -- "-$SERVER" 2>/dev/null || true; rm -rf "$WORKSPACE"' EXIT
for _ in $(seq 1 600); do curl -s -o /dev/null -f "http://127.0.0.1:$PORT/api/plans" && break; sleep 0.1; done
PID=$(pgrep -s "$SERVER" -f quarkus-run.jar | tail -1)
sed -n 's/.*Scanned \([0-9]*\) plans in \([0-9]*\) ms.*/scan_plans: \1\nscan_ms: \2/p' "$WORKSPACE/.planwatch.log"
if command -v jcmd >/dev/null 2>&1; then
  # Live objects after a full GC (the class histogram forces one), then the metadata of the loaded classes apart.
  echo "heap_after_gc_mb: $(jcmd "$PID" GC.class_histogram | awk '/^Total/ { print int($3 / 1048576) }')"
  echo "metaspace_mb: $(jcmd "$PID" GC.heap_info | awk '/Metaspace/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); print int(v / 1024) } }')"
fi
if command -v wrk >/dev/null 2>&1; then
  # The list as a browser asks for it (gzip): what a large workspace's list costs on the wire.
  wrk -t2 -c32 -d"${DURATION:-3}s" --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/api/plans" \
    | awk '/Requests\/sec/ { print "list_gzip_c32_rps: " $2 } / 99% / { print "list_gzip_c32_p99: " $2 }'
fi
PLAN=$(cd "$WORKSPACE/docs/plan-outputs" && for d in */; do d=${d%/}; [ -f "$d/status.json" ] && [ -f "../plans/$d.md" ] && { echo "$d"; break; }; done)
node "$HERE/bench/fanout.js" "http://127.0.0.1:$PORT" "$WORKSPACE" "$PLAN" "${FANOUT_CLIENTS:-1000}" 20 | grep -E 'p99|missed'
echo "rss_after_fanout_mb: $(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024 ))"
