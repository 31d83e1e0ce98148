#!/bin/sh
# Main container of a plan run: runs the orchestrator ("$@") in the checkout with its output appended
# to the plan's log (the file the sidecar serves and follows) and copied to the container's output
# (what the pods/log API serves once the sidecar is gone). The orchestrator is this script's child,
# not a daemon: the container ends with its exit code, and the SIGTERM of a Job deletion reaches it.
set -u
log="${ORCHESTRATOR_LOG:?}"
mkdir -p "$(dirname "$log")"
touch "$log"
from=$(($(wc -c <"$log") + 1))
tail -c +"$from" -f "$log" &
copier=$!
"$@" >>"$log" 2>&1 </dev/null &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
# A wait that a trapped signal interrupts returns early: wait again until the child itself has ended.
while :; do
  wait "$child"
  code=$?
  kill -0 "$child" 2>/dev/null || break
done
sleep 1 # the copier reads the log's last lines once a second at most
kill "$copier" 2>/dev/null
exit "$code"
