#!/usr/bin/env bash
# Start-up to the first 200 of GET /api/plans, and RSS right after, for each JVM configuration,
# RUNS times each, with ../shared/bench/measure.sh STARTUP_ONLY=1 on a workspace of the real corpus.
#   ./mvnw -B package -DskipTests && bash bench/startup.sh                       (JDK 17 build)
#   JAVA_HOME=<jdk25> ./mvnw -B verify -Daot && bash bench/startup.sh             (Java 25 AOT build)
# Variants:
#   plain    java -jar quarkus-run.jar (JVM defaults)
#   tuned    bin/planwatch's flags without a start-up archive
#   appcds   bin/planwatch's flags with the AppCDS archive an ordinary build makes (app-cds.jsa: what
#            Quarkus loads before it serves)
#   trained  bin/planwatch on the default java, with the archive its first start on that JDK recorded
#            (a dynamic CDS archive on Java 13-24, an AOT cache on 25+; the first start is not measured)
#   aot25    bin/planwatch on Java 25: the AOT cache of a -Daot build (app.aot), else the one its
#            first start on that JDK recorded
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
  measure appcds "$SUB sh -c 'cd $APP && PLANWATCH_WORKSPACE=$WORKSPACE exec java $TUNED -XX:SharedArchiveFile=app-cds.jsa -Dquarkus.http.port=$PORT -jar quarkus-run.jar'"
else
  echo "appcds: no archive in $APP (an ordinary build makes one)"
fi
START="$SUB env PLANWATCH_JAVA=java $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
first_start "$START"
measure trained "$START"
if [ -n "$JAVA25" ] && [ -x "$JAVA25" ]; then
  START="$SUB env PLANWATCH_JAVA=$JAVA25 $HERE/bin/planwatch -Dquarkus.http.port=$PORT"
  first_start "$START"
  measure aot25 "$START"
else
  echo "aot25: no Java 25 found (set JAVA25)"
fi
