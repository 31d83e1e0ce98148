#!/usr/bin/env bash
# bench/changes.sh [BRANCHES] [FILES]: what a plan changed and where plan branches collide, timed on a
# repository of BRANCHES (10) plan branches of FILES (200) changed files each (bench/generate-branches.py:
# 2,000 files on main, every branch in conflict with every other on 10 files and overlapping cleanly
# on 10 more; main moved on after they left it).
# Starts bin/planwatch (its defaults; PLANWATCH_AOT=0: no start-up archive is recorded) on it and measures, with curl:
#   GET /api/plans/{name}/changes cold (the first request for each of three plans: git runs),
#   GET /api/worktrees/conflicts cold (BRANCHES diffs, BRANCHES*(BRANCHES+1)/2 dry-run merges),
#   the same served from the cache (RUNS requests: min, median, max),
#   the conflict report after a commit moves one branch (recomputed), and checks the repository
#   gained no object from the dry runs.
# Environment: PORT (a free one), RUNS=50. Build first: ./mvnw -B package -DskipTests
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BRANCHES=${1:-10}
FILES=${2:-200}
RUNS=${RUNS:-50}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
REPO=$(mktemp -d /tmp/planwatch-changes.XXXXXX)
LOG=$REPO.log
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$REPO" "$LOG"
}
trap cleanup EXIT
python3 "$HERE/bench/generate-branches.py" "$REPO" "$BRANCHES" "$FILES"
echo "repository: $BRANCHES plan branches x $FILES changed files ($(git -C "$REPO" count-objects -v | sed -n 's/^count: //p') loose objects)"
objects_before=$(find "$REPO/.git/objects" -type f | wc -l)
(cd "$REPO" && PLANWATCH_AOT=0 exec "$HERE/bin/planwatch" -Dquarkus.http.port="$PORT") >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { cat "$LOG"; exit 1; }
time_of() { # seconds of one GET, failing on anything but 200
  curl -fs -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT$1"
}
ms() { awk '{printf "%.1f ms", $1 * 1000}'; }
summary() { sort -n | awk '{a[NR]=$1} END {printf "min %.2f ms, median %.2f ms, max %.2f ms (%d requests)", a[1]*1000, a[int((NR+1)/2)]*1000, a[NR]*1000, NR}'; }
for plan in plan-00 plan-04 plan-09; do
  echo "changes of $plan, cold: $(time_of "/api/plans/$plan/changes" | ms)"
done
echo "changes of plan-04, cached: $(for _ in $(seq 1 "$RUNS"); do time_of /api/plans/plan-04/changes; done | summary)"
echo "conflict report, cold: $(time_of /api/worktrees/conflicts | ms)"
echo "conflict report, cached: $(for _ in $(seq 1 "$RUNS"); do time_of /api/worktrees/conflicts; done | summary)"
curl -fs "http://127.0.0.1:$PORT/api/worktrees/conflicts" | python3 -c '
import json, sys
r = json.load(sys.stdin)["data"]
severities = {}
for p in r["pairs"]:
    severities[p["severity"]] = severities.get(p["severity"], 0) + 1
print("report: %d branches, %d pairs %s, %d files shared by several branches" % (len(r["branches"]), len(r["pairs"]), severities, len(r["overlaps"])))'
objects_after=$(find "$REPO/.git/objects" -type f | wc -l)
echo "repository objects before/after the dry runs: $objects_before / $objects_after"
# One branch moves: the report is recomputed on the next request (or by the ref change's announcement).
git -C "$REPO" checkout -q plan/plan-03
echo "one more line" >> "$REPO/src/module00/file0030.txt"
git -C "$REPO" -c user.name=bench -c user.email=bench@planwatch.invalid commit -qam "plan-03 moves"
git -C "$REPO" checkout -q main
echo "conflict report after plan/plan-03 moved: $(time_of /api/worktrees/conflicts | ms)"
echo "conflict report, cached again: $(for _ in $(seq 1 "$RUNS"); do time_of /api/worktrees/conflicts; done | summary)"
