#!/usr/bin/env bash
# What the pinned stack itself costs at start-up, with no planwatch code: builds two throw-away
# Quarkus applications of the same Quarkus version as planwatch, each with one resource answering
# GET /api/plans, and measures them exactly as bench/startup.sh measures planwatch:
#   rest   quarkus-rest-jackson only (the smallest Quarkus REST service)
#   stack  every extension planwatch uses (REST+Jackson, WebSockets Next, scheduler, health,
#          OpenAPI, Micrometer/Prometheus)
# each with bin/planwatch's flags plus the build's AppCDS archive (JDK 17), with a dynamic CDS archive
# from a training run on Java 17 (as bin/planwatch records one), and with an AOT cache from a training
# run on Java 25 when one is installed.
#   bash bench/floor.sh      Environment: RUNS=5, PORT=3100, SHARED=../shared, JAVA25=path/to/java
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "${SHARED:-$HERE/../shared}" && pwd)
PORT=${PORT:-3100}
RUNS=${RUNS:-5}
WORKSPACE=${WORKSPACE:-$(mktemp -d /tmp/planwatch-floor-ws.XXXXXX)}
FORCE=1 "$SHARED/bench/workspace.sh" "$WORKSPACE" >/dev/null
# shellcheck source=bench/startup-lib.sh
. "$HERE/bench/startup-lib.sh"
property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$HERE/pom.xml" | head -1; }
QUARKUS_VERSION=$(property quarkus.platform.version)
COMPILER_VERSION=$(property compiler-plugin.version)

build_app() { # DIR EXTENSIONS...
  local dir=$1 deps="" ext; shift
  for ext in "$@"; do deps="$deps<dependency><groupId>io.quarkus</groupId><artifactId>quarkus-$ext</artifactId></dependency>"; done
  mkdir -p "$dir/src/main/java/floor" "$dir/src/main/resources"
  cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>floor</groupId><artifactId>floor</artifactId><version>1</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencyManagement><dependencies><dependency><groupId>io.quarkus.platform</groupId><artifactId>quarkus-bom</artifactId>
    <version>$QUARKUS_VERSION</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
  <dependencies>$deps</dependencies>
  <build><plugins>
    <plugin><artifactId>maven-compiler-plugin</artifactId><version>$COMPILER_VERSION</version></plugin>
    <plugin><groupId>io.quarkus.platform</groupId><artifactId>quarkus-maven-plugin</artifactId><version>$QUARKUS_VERSION</version>
      <extensions>true</extensions><executions><execution><goals><goal>build</goal></goals></execution></executions></plugin>
  </plugins></build>
</project>
POM
  cat > "$dir/src/main/java/floor/Plans.java" <<'JAVA'
package floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Map;

@Path("/api/plans")
public class Plans {
    @GET
    public Map<String, Object> list() {
        return Map.of("data", List.of());
    }
}
JAVA
  printf 'quarkus.http.host=127.0.0.1\nquarkus.banner.enabled=false\nquarkus.package.jar.appcds.enabled=true\n' \
    > "$dir/src/main/resources/application.properties"
  "$HERE/mvnw" -B -q -f "$dir/pom.xml" package -Dquarkus.analytics.disabled=true >/dev/null
}

ROOT=$(mktemp -d /tmp/planwatch-floor.XXXXXX)
echo "# Quarkus $QUARKUS_VERSION, $(java -version 2>&1 | head -1), $(nproc) cores; apps in $ROOT"
for variant in rest stack; do
  case $variant in
    rest) build_app "$ROOT/$variant" rest-jackson ;;
    stack) build_app "$ROOT/$variant" rest-jackson websockets-next scheduler smallrye-health smallrye-openapi micrometer-registry-prometheus ;;
  esac
  app="$ROOT/$variant/target/quarkus-app"
  measure "$variant-appcds" "$SUB sh -c 'cd $app && exec java $TUNED -XX:SharedArchiveFile=app-cds.jsa -Dquarkus.http.port=$PORT -jar quarkus-run.jar'"
  train_archive java "-XX:ArchiveClassesAtExit=$app/floor-trained.jsa" "$app"
  measure "$variant-trained" "$SUB sh -c 'cd $app && exec java $TUNED -XX:SharedArchiveFile=floor-trained.jsa -Dquarkus.http.port=$PORT -jar quarkus-run.jar'"
  if [ -n "$JAVA25" ] && [ -x "$JAVA25" ]; then
    train_archive "$JAVA25" "-XX:AOTCacheOutput=$app/floor-25.aot" "$app"
    measure "$variant-aot25" "$SUB sh -c 'cd $app && exec $JAVA25 $TUNED -XX:AOTCache=floor-25.aot -Dquarkus.http.port=$PORT -jar quarkus-run.jar'"
  fi
done
