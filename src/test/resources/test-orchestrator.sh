#!/bin/sh
# Test orchestrator: test-orchestrator.sh CLASSPATH --plan docs/plans/<name>.md [flags...]
# Runs planwatch's demo orchestrator (a real process with the real one's process layout: it
# registers, answers IPC, runs a worker child per task and handles signals), except for plans whose
# name asks for a failure mode:
#   *fail-fast*  prints a usage error and exits 2 at once (like the real argparse)
#   *stubborn*   ignores SIGTERM: only SIGKILL stops it
#   *silent*     never registers and keeps running
#   *slow*       each task's worker works for 60 s
#   *astray*     $CLAUDE_WORKTREE is a worktree whose pointer names docs/plans/<name>-target.md, so it runs that plan
classpath=$1; shift
plan=""
prev=""
for arg in "$@"; do
  [ "$prev" = "--plan" ] && plan=$arg
  prev=$arg
done
case "$plan" in
  *fail-fast*) echo "usage: plan_orchestrator.py [-h] --plan PLAN: error: unrecognized arguments" >&2; exit 2 ;;
  *stubborn*) PLANWATCH_DEMO_IGNORE_SIGTERM=1; export PLANWATCH_DEMO_IGNORE_SIGTERM ;;
  *silent*) exec sleep 60 ;;
  *slow*) PLANWATCH_DEMO_STEP_SECONDS=60; export PLANWATCH_DEMO_STEP_SECONDS ;;
  *astray*)
    CLAUDE_WORKTREE=$(mktemp -d)
    mkdir -p "$CLAUDE_WORKTREE/.claude-context"
    echo "${plan%.md}-target.md" > "$CLAUDE_WORKTREE/.claude-context/current-plan.txt"
    # as the original, it works in that worktree: the plan it reads is there
    mkdir -p "$CLAUDE_WORKTREE/$(dirname "$plan")"
    cp "${plan%.md}-target.md" "$CLAUDE_WORKTREE/${plan%.md}-target.md"
    export CLAUDE_WORKTREE ;;
esac
PLANWATCH_DEMO_STEP_SECONDS=${PLANWATCH_DEMO_STEP_SECONDS:-0.3}
export PLANWATCH_DEMO_STEP_SECONDS
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$classpath" dev.planwatch.PlanwatchMain demo-orchestrator "$@"
