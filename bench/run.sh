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
#   FANOUT="100 1000"     also run bench/fanout.js with these client counts (needs live updates)
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
export START_CMD="python3 $SHARED/bench/subreaper.py $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
"$SHARED/bench/measure.sh" "http://127.0.0.1:$PORT" "$WORKSPACE"
