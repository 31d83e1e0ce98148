#!/usr/bin/env bash
# bench/worktrees.sh: parallel plans. Makes a git repository laid out as the original tools leave it
# (PLANS plans of 200 tasks, status.json ignored), serves it with bin/planwatch (under subreaper.py)
# whose orchestrator is the shared stand-in (../shared/bench/fake_plan_orchestrator.py, which follows
# the original's worktree rules), and runs bench/worktrees.js: three plans started in their own
# worktrees, then writes in their worktrees' status.json measured to the WebSocket push.
#
# Environment (all optional): SHARED=../shared, SKIP_BUILD=1, PORT=3100, WRITES=60,
# FAKE_ORCH_STEP_SECONDS (the stand-in's pace, default 0.5 here).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "${SHARED:-$HERE/../shared}" && pwd)
PORT=${PORT:-3100}
WORKSPACE=$(mktemp -d /tmp/planwatch-worktrees.XXXXXX)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$HERE" && ./mvnw -B -q package -DskipTests)
fi
cd "$WORKSPACE"
git init -q -b main
mkdir -p .claude docs/plans
echo '{"branch_prefix": "plan/", "worktrees": {"directory": "worktrees", "max_concurrent": 3}}' > .claude/git-workflow.json
printf 'docs/plan-outputs/*/status.json\norchestrator-*.log\n.claude/orchestrator-registry.json*\nworktrees/\n' > .gitignore
for plan in alpha bravo charlie; do
  { echo "# Plan $plan"; echo; echo "## Phase 1: Work"; for t in $(seq 1 200); do echo "- [ ] 1.$t task $t"; done; } > "docs/plans/$plan.md"
done
git add -A && git -c user.name=bench -c user.email=bench@planwatch.invalid commit -q -m plans
echo "# workspace: $WORKSPACE"
export FAKE_ORCH_STEP_SECONDS=${FAKE_ORCH_STEP_SECONDS:-0.5}
(exec setsid python3 "$SHARED/bench/subreaper.py" "$HERE/bin/planwatch" -Dquarkus.http.port="$PORT" \
  "-Dplanwatch.orchestrator.command=python3,$SHARED/bench/fake_plan_orchestrator.py,--plan,{planPath},--daemon") \
  > "$WORKSPACE/.planwatch.log" 2>&1 &
SERVER=$!
trap 'kill -TERM -- "-$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/plans" && break; sleep 0.1; done
SHARED="$SHARED" node "$HERE/bench/worktrees.js" "http://127.0.0.1:$PORT" "$WORKSPACE" alpha,bravo,charlie "${WRITES:-60}"
