#!/usr/bin/env bash
# Start-up to the first 200 of GET /api/plans, and RSS right after, for each JVM configuration,
# RUNS times each, with ../shared/bench/measure.sh STARTUP_ONLY=1 on a workspace of the real corpus.
#   bash bench/startup.sh            (after ./mvnw -B package -DskipTests)
# Variants:
#   plain    java -jar quarkus-run.jar (JVM defaults)
#   tuned    bin/planwatch's flags without the class-data archive
#   appcds   bin/planwatch (tuned + the AppCDS archive the build made)
#   aot25    Java 25 with an AOT cache from a training run (JAVA25=path/to/java; skipped when absent)
# Environment: RUNS=5, PORT=3100, SHARED=../shared, WORKSPACE=tmp dir
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "${SHARED:-$HERE/../shared}" && pwd)
PORT=${PORT:-3100}
RUNS=${RUNS:-5}
APP="$HERE/target/quarkus-app"
JAVA25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1 || true)}
WORKSPACE=${WORKSPACE:-$(mktemp -d /tmp/planwatch-startup.XXXXXX)}
FORCE=1 "$SHARED/bench/workspace.sh" "$WORKSPACE" >/dev/null
TUNED="-XX:+UseSerialGC -Xms16m -Xmx96m -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+ExitOnOutOfMemoryError"
SUB="python3 $SHARED/bench/subreaper.py"

measure() { # name command
  local name=$1 cmd=$2 startups=() rss=()
  for _ in $(seq 1 "$RUNS"); do
    out=$(START_CMD="$cmd" STARTUP_ONLY=1 "$SHARED/bench/measure.sh" "http://127.0.0.1:$PORT" "$WORKSPACE")
    startups+=("$(echo "$out" | awk '/^startup_ms:/ {print $2}')")
    rss+=("$(echo "$out" | awk '/^rss_after_start_kb:/ {print int($2/1024)}')")
  done
  echo "$name: startup_ms ${startups[*]} | rss_mb ${rss[*]}"
}

measure plain "$SUB java -Dquarkus.http.port=$PORT -jar $APP/quarkus-run.jar"
measure tuned "$SUB java $TUNED -Xshare:auto -Dquarkus.http.port=$PORT -jar $APP/quarkus-run.jar"
if [ -f "$APP/app-cds.jsa" ]; then
  measure appcds "$SUB $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
else
  echo "appcds: no archive (build with -Dquarkus.package.jar.appcds.enabled=true)"
fi
if [ -n "$JAVA25" ] && [ -x "$JAVA25" ]; then
  CACHE="$APP/planwatch-25.aot"
  if [ ! -f "$CACHE" ]; then
    # Training run: start, answer the usual requests, stop; the JVM writes the cache at exit.
    (cd "$WORKSPACE" && exec setsid "$JAVA25" $TUNED -XX:AOTCacheOutput="$CACHE" -Dquarkus.http.port=$PORT -jar "$APP/quarkus-run.jar") >/dev/null 2>&1 &
    TRAIN=$!
    for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/plans" && break; sleep 0.1; done
    for path in /api/plans /api/dashboard/summary /api/activity /api/orchestrators /q/health/ready; do curl -s -o /dev/null "http://127.0.0.1:$PORT$path"; done
    PLAN=$(curl -s "http://127.0.0.1:$PORT/api/plans" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["name"])')
    curl -s -o /dev/null "http://127.0.0.1:$PORT/api/plans/$PLAN"
    kill -TERM -- "-$TRAIN"; wait "$TRAIN" 2>/dev/null || true
  fi
  measure aot25 "$SUB $JAVA25 $TUNED -XX:AOTCache=$CACHE -Dquarkus.http.port=$PORT -jar $APP/quarkus-run.jar"
fi
