#!/usr/bin/env bash
# Start-up to the first 200 of GET /api/plans, and RSS right after, for each JVM configuration,
# RUNS times each, with ../shared/bench/measure.sh STARTUP_ONLY=1 on a workspace of the real corpus.
#   ./mvnw -B package -DskipTests && bash bench/startup.sh                       (JDK 17 build)
#   JAVA_HOME=<jdk25> ./mvnw -B verify -Daot && bash bench/startup.sh             (Java 25 AOT build)
# Variants:
#   plain    java -jar quarkus-run.jar (JVM defaults)
#   tuned    bin/planwatch's flags without a start-up archive
#   appcds   bin/planwatch with the AppCDS archive an ordinary build makes (app-cds.jsa)
#   aot25    bin/planwatch on Java 25 with the AOT cache the -Daot build made from the integration
#            tests (app.aot); without one, a cache from a training run here (aot25-trained-here)
# Environment: RUNS=5, PORT=3100, SHARED=../shared, WORKSPACE=tmp dir, JAVA25=path/to/java (25+)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "${SHARED:-$HERE/../shared}" && pwd)
PORT=${PORT:-3100}
RUNS=${RUNS:-5}
APP="$HERE/target/quarkus-app"
WORKSPACE=${WORKSPACE:-$(mktemp -d /tmp/planwatch-startup.XXXXXX)}
FORCE=1 "$SHARED/bench/workspace.sh" "$WORKSPACE" >/dev/null
# shellcheck source=bench/startup-lib.sh
. "$HERE/bench/startup-lib.sh"

measure plain "$SUB java -Dquarkus.http.port=$PORT -jar $APP/quarkus-run.jar"
measure tuned "$SUB java $TUNED -Dquarkus.http.port=$PORT -jar $APP/quarkus-run.jar"
if [ -f "$APP/app-cds.jsa" ]; then
  measure appcds "$SUB env PLANWATCH_JAVA=java $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
else
  echo "appcds: no archive in $APP (an ordinary JDK 17 build makes one)"
fi
if [ -n "$JAVA25" ] && [ -x "$JAVA25" ]; then
  if [ -f "$APP/app.aot" ]; then
    measure aot25 "$SUB env PLANWATCH_JAVA=$JAVA25 $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
  else
    CACHE="$APP/planwatch-25.aot"
    [ -f "$CACHE" ] || train_aot25 "$APP" "$CACHE"
    measure aot25-trained-here "$SUB $JAVA25 $TUNED -XX:AOTCache=$CACHE -Dquarkus.http.port=$PORT -jar $APP/quarkus-run.jar"
  fi
else
  echo "aot25: no Java 25 found (set JAVA25)"
fi
