# Shared by bench/startup.sh and bench/floor.sh (source it; needs HERE, SHARED, PORT, RUNS, WORKSPACE).
# The flags bin/planwatch runs with (without the archive options it adds itself), read from the script
# so that the benchmark measures exactly what it runs.
TUNED=$(sed -n 's/^JVM_OPTS=\${PLANWATCH_JVM_OPTS:-"\(.*\)"}$/\1/p' "$HERE/bin/planwatch")
[ -n "$TUNED" ] || { echo "bench: could not read the JVM flags from bin/planwatch" >&2; exit 1; }
SUB="python3 $SHARED/bench/subreaper.py"
JAVA25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1 || true)}

# measure NAME COMMAND: RUNS start-ups to the first 200 of GET /api/plans, with RSS right after,
# each by ../shared/bench/measure.sh STARTUP_ONLY=1 (launch in WORKSPACE -> first 200).
measure() {
  local name=$1 cmd=$2 startups=() rss=() out
  for _ in $(seq 1 "$RUNS"); do
    out=$(START_CMD="$cmd" STARTUP_ONLY=1 "$SHARED/bench/measure.sh" "http://127.0.0.1:$PORT" "$WORKSPACE")
    startups+=("$(echo "$out" | awk '/^startup_ms:/ {print $2}')")
    rss+=("$(echo "$out" | awk '/^rss_after_start_kb:/ {print int($2/1024)}')")
  done
  echo "$name: startup_ms ${startups[*]} | rss_mb ${rss[*]}"
}

# first_start COMMAND: one start of COMMAND in WORKSPACE to the first 200, then SIGTERM; not measured.
# bin/planwatch's first start on a JDK records that JDK's start-up archive (a training run of a few
# seconds), which is a one-off cost, not the start-up a user lives with.
first_start() {
  local start
  (cd "$WORKSPACE" && exec setsid $1) >/dev/null 2>&1 &
  start=$!
  for _ in $(seq 1 900); do curl -s -o /dev/null -f "http://127.0.0.1:$PORT/api/plans" && break; sleep 0.1; done
  kill -TERM -- "-$start" 2>/dev/null || true; wait "$start" 2>/dev/null || true
}

# train_archive JAVA RECORD_FLAG APP_DIR: a training run of APP_DIR/quarkus-run.jar in WORKSPACE, run
# from APP_DIR as bin/planwatch runs its own (start, the requests bin/planwatch's training makes,
# SIGTERM); the JVM writes the archive RECORD_FLAG names as it exits (-XX:AOTCacheOutput=F on Java
# 25+, -XX:ArchiveClassesAtExit=F for a dynamic CDS archive on Java 13+).
train_archive() {
  local java=$1 record=$2 app=$3 train
  (cd "$app" && PLANWATCH_WORKSPACE=$WORKSPACE exec setsid "$java" $TUNED "$record" -Dquarkus.http.port="$PORT" \
    -jar quarkus-run.jar) >/dev/null 2>&1 &
  train=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null -f "http://127.0.0.1:$PORT/api/plans" && break; sleep 0.1; done
  for path in /api/plans /api/dashboard/summary /api/activity /api/orchestrators /api/worktrees /q/health/ready; do
    curl -s -o /dev/null "http://127.0.0.1:$PORT$path"
  done
  kill -TERM -- "-$train"; wait "$train" 2>/dev/null || true
}
