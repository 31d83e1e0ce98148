#!/usr/bin/env bash
# bench/soak.sh: does every status version reach every client, and what do the JVM's pauses cost?
# Builds a workspace with ../shared/bench/workspace.sh, starts bin/planwatch there with a GC log,
# and runs ../shared/bench/soak.js (100 /ws/all and 20 /ws/events sockets, a status writer, a log
# follower, 8 connections on the list and a detail) at two paces:
#   default  a write every 50 ms for SOAK_SECONDS (every version counts), DEFAULT_RUNS times;
#   fast     a write every 5 ms for FAST_SECONDS, counting the versions that stood >= 50 ms, FAST_RUNS times.
# Each run starts a fresh planwatch and prints one line: the soak's misses, the longest GC pause,
# the full collections (and ZGC allocation stalls) while the soak ran, RSS before and after the
# load, and the machine's load average (other work on the machine disturbs the figures).
#
# Environment (all optional):
#   SOAK_SECONDS=120 FAST_SECONDS=60 DEFAULT_RUNS=1 FAST_RUNS=1   durations and repeats (0 runs = skip)
#   PLANWATCH_JVM_OPTS=...  replaces bin/planwatch's JVM flags (to compare configurations)
#   PLANWATCH_JAVA=...      the JDK's java (e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   SHARED=../shared  WORKSPACE=/tmp/...  PORT=<free port>  SKIP_BUILD=1 (use target/ as it is)
#   KEEP_LOGS=dir           keep each run's GC log and server output there
#   SOAK_JS=path            another copy of soak.js (e.g. one that prints more about each miss)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "${SHARED:-$HERE/../shared}" && pwd)
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
SOAK_SECONDS=${SOAK_SECONDS:-120}
FAST_SECONDS=${FAST_SECONDS:-60}
DEFAULT_RUNS=${DEFAULT_RUNS:-1}
FAST_RUNS=${FAST_RUNS:-1}
SCRATCH=$(mktemp -d /tmp/planwatch-soak.XXXXXX)
WORKSPACE=${WORKSPACE:-$SCRATCH/workspace}
LOGS=${KEEP_LOGS:-$SCRATCH}
mkdir -p "$LOGS"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && { kill -TERM -- "-$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$HERE" && ./mvnw -B -q package -DskipTests)
fi
FORCE=1 "$SHARED/bench/workspace.sh" "$WORKSPACE" >/dev/null
START="python3 $SHARED/bench/subreaper.py $HERE/bin/planwatch -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1"
echo "# workspace $WORKSPACE, java ${PLANWATCH_JAVA:-$(command -v java)}, flags ${PLANWATCH_JVM_OPTS:-the defaults of bin/planwatch}"

wait_for_server() {
  for _ in $(seq 1 900); do curl -s -o /dev/null -f "http://127.0.0.1:$PORT/api/plans" && return 0; sleep 0.1; done
  echo "soak: planwatch did not serve on port $PORT" >&2; return 1
}

# bin/planwatch's first start on a JDK records its start-up archive (a training run): done here, unmeasured.
(cd "$WORKSPACE" && exec setsid $START) >"$LOGS/first-start.log" 2>&1 &
SERVER=$!
wait_for_server
kill -TERM -- "-$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""

# gc_summary LOG FROM_LINE: the longest pause (ms) in the whole log, and the full collections and
# allocation stalls logged after line FROM_LINE (that is, under the soak's load).
gc_summary() {
  awk -v from="$2" '
    /Pause/ && match($0, /[0-9.]+ms$/) { ms = substr($0, RSTART, RLENGTH - 2) + 0; if (ms > max) max = ms }
    NR > from && /Pause Full|Pause Degenerated|Allocation Stall/ { full++ }
    END { printf "longest pause %.1f ms, full collections under load %d", max, full }' "$1"
}

# soak NAME SECONDS [ENV...]: one fresh planwatch, one soak, one line of figures.
soak() {
  local name=$1 seconds=$2 gclog out pid from; shift 2
  gclog="$LOGS/gc-$name.log"
  rm -f "$gclog"
  (cd "$WORKSPACE" && exec setsid $START "-Xlog:gc,gc+phases=info,safepoint=info:file=$gclog:utctime,uptime,level,tags") >"$LOGS/server-$name.log" 2>&1 &
  SERVER=$!
  wait_for_server
  # the server itself: the newest process of the session (bin/planwatch execs java)
  pid=$(pgrep -s "$SERVER" | tail -1)
  from=$(wc -l <"$gclog")
  out=$(env "$@" node "${SOAK_JS:-$SHARED/bench/soak.js}" "http://127.0.0.1:$PORT" "$WORKSPACE" "$pid" "$seconds" || true)
  echo "$out" | grep -v '^soak ' | sed 's/^/  /' || true
  echo "$name: $(echo "$out" | grep '^soak ' | tail -1 | sed 's/^soak //'); $(gc_summary "$gclog" "$from"); load $(cut -d' ' -f1-3 /proc/loadavg)"
  kill -TERM -- "-$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""
}

for i in $(seq 1 "$DEFAULT_RUNS"); do soak "default-$i" "$SOAK_SECONDS"; done
for i in $(seq 1 "$FAST_RUNS"); do soak "fast-$i" "$FAST_SECONDS" SOAK_WRITE_MS=5 SOAK_STOOD_MS=50; done
