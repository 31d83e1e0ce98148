#!/usr/bin/env bash
# bench/run.sh: builds planwatch, builds a benchmark workspace from ../shared/corpus with
# ../shared/bench/workspace.sh, starts planwatch there (bin/planwatch, under subreaper.py so that
# daemonised orchestrators are reaped at once) and runs ../shared/bench/measure.sh against it.
#
# Environment (all optional):
#   SHARED=../shared      where the shared benchmark kit lives
#   WORKSPACE=/tmp/...    where to build the workspace (default: a fresh temporary directory)
#   SKIP_BUILD=1          use the jar already in target/
#   PORT=3100             port to serve on
#   Anything measure.sh reads (DURATION, CONCURRENCY, LAT_REPEATS, WSALL_REPEATS, STARTUP_ONLY, ...)
#   FANOUT="100 1000"     client counts of the fan-out probe bench/fanout.js ("" = skip the
#                         fan-out and the start/stop cycles of bench/control.js)
#   CONTROL_CYCLES=20     start/stop cycles; CONTROL_PLAN picks the plan
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "${SHARED:-$HERE/../shared}" && pwd)
PORT=${PORT:-3100}
WORKSPACE=${WORKSPACE:-$(mktemp -d /tmp/planwatch-bench.XXXXXX)}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$HERE" && ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.appcds.enabled=true)
fi
FORCE=1 "$SHARED/bench/workspace.sh" "$WORKSPACE" >/dev/null
echo "# workspace: $WORKSPACE"
echo "# java: $(java -version 2>&1 | head -1)"
START="python3 $SHARED/bench/subreaper.py $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
# bin/planwatch's first start on a JDK records its start-up archive (a one-off training run): done
# here, so that the start measured is the one a user lives with.
# shellcheck source=bench/startup-lib.sh
. "$HERE/bench/startup-lib.sh"
first_start "$START"
START_CMD="$START" "$SHARED/bench/measure.sh" "http://127.0.0.1:$PORT" "$WORKSPACE"

# Fan-out: one write, many subscribers of the same plan.
if [ -n "${FANOUT-100 1000}" ] && [ "${STARTUP_ONLY:-0}" != 1 ]; then
  PLAN=${PLAN:-$(cd "$WORKSPACE/docs/plan-outputs" && for d in */; do d=${d%/}; [ -f "$d/status.json" ] && [ -f "../plans/$d.md" ] && { echo "$d"; break; }; done)}
  (cd "$WORKSPACE" && exec setsid $START) > "$WORKSPACE/.planwatch-fanout.log" 2>&1 &
  SERVER=$!
  trap 'kill -TERM -- "-$SERVER" 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/plans" && break; sleep 0.1; done
  for n in ${FANOUT-100 1000}; do node "$HERE/bench/fanout.js" "http://127.0.0.1:$PORT" "$WORKSPACE" "$PLAN" "$n" 20; done
  # Start/stop cycles with the stand-in orchestrator, on a plan that still has pending tasks.
  CONTROL_PLAN=${CONTROL_PLAN:-$(cd "$WORKSPACE/docs/plan-outputs" && grep -l '"status": "pending"' */status.json | head -1 | cut -d/ -f1)}
  node "$HERE/bench/control.js" "http://127.0.0.1:$PORT" "$WORKSPACE" "$CONTROL_PLAN" "${CONTROL_CYCLES:-20}"
  kill -TERM -- "-$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true
fi
