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

# train_aot25 APP_DIR CACHE: a Java 25 training run of APP_DIR/quarkus-run.jar in WORKSPACE (start,
# the requests a dashboard makes first, SIGTERM); the JVM writes the AOT cache CACHE as it exits.
train_aot25() {
  local app=$1 cache=$2 train plan
  (cd "$WORKSPACE" && exec setsid "$JAVA25" $TUNED -XX:AOTCacheOutput="$cache" -Dquarkus.http.port="$PORT" -jar "$app/quarkus-run.jar") >/dev/null 2>&1 &
  train=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null -f "http://127.0.0.1:$PORT/api/plans" && break; sleep 0.1; done
  for path in /api/plans /api/dashboard/summary /api/activity /api/orchestrators /q/health/ready; do
    curl -s -o /dev/null "http://127.0.0.1:$PORT$path"
  done
  plan=$(curl -s "http://127.0.0.1:$PORT/api/plans" | python3 -c 'import json,sys
try: print(json.load(sys.stdin)["data"][0]["name"])
except Exception: print("none")')
  curl -s -o /dev/null "http://127.0.0.1:$PORT/api/plans/$plan"
  kill -TERM -- "-$train"; wait "$train" 2>/dev/null || true
}
