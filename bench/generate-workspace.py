#!/usr/bin/env python3
"""generate-workspace.py DEST PLANS TASKS

Writes a synthetic workspace of PLANS plans with TASKS tasks each, in the orchestrator's layout:
docs/plans/<name>.md (## Phase N / - [ ] N.M lines), docs/plan-outputs/<name>/status.json (the
status tools' shape, summary consistent with the tasks), an empty registry and a git directory.
Statuses are mixed so that every derivation occurs: pending, in-progress, completed, failed and
partly skipped plans, phases of several sizes, timestamps for the activity feed. Deterministic:
the same arguments write the same files. Standard library only.
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

if len(sys.argv) != 4:
    sys.exit(__doc__)
dest, plans, tasks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(plans * 100003 + tasks)
base = datetime(2026, 11, 1, tzinfo=timezone.utc)
os.makedirs(os.path.join(dest, "docs", "plans"), exist_ok=True)
os.makedirs(os.path.join(dest, "docs", "plan-outputs"), exist_ok=True)
os.makedirs(os.path.join(dest, ".claude"), exist_ok=True)
os.makedirs(os.path.join(dest, ".git"), exist_ok=True)
with open(os.path.join(dest, ".claude", "orchestrator-registry.json"), "w") as f:
    f.write('{\n  "instances": []\n}\n')
with open(os.path.join(dest, ".git", "HEAD"), "w") as f:
    f.write("ref: refs/heads/main\n")


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


KINDS = ["pending", "in_progress", "completed", "failed", "mixed"]
for p in range(plans):
    name = "scale-%05d" % p
    kind = KINDS[p % len(KINDS)]
    phases = max(1, min(8, tasks // 5 or 1))
    per_phase = [tasks // phases + (1 if i < tasks % phases else 0) for i in range(phases)]
    lines = ["# Plan %s" % name, "", "Generated plan %d of %d." % (p + 1, plans), ""]
    task_list = []
    for ph, count in enumerate(per_phase, start=1):
        title = "Phase %d: Step %d of %s" % (ph, ph, name)
        lines += ["## " + title, ""]
        for t in range(1, count + 1):
            tid = "%d.%d" % (ph, t)
            desc = "Task %s of %s: %s" % (tid, name, "do the work described here " * rng.randint(1, 3))
            lines.append("- [ ] %s %s" % (tid, desc.strip()))
            task_list.append({"id": tid, "phase": title, "description": desc.strip(), "status": "pending"})
        lines.append("")
    start = base + timedelta(minutes=p)
    done = {"pending": 0, "in_progress": len(task_list) // 3, "completed": len(task_list),
            "failed": len(task_list) // 2, "mixed": len(task_list) * 2 // 3}[kind]
    for i, task in enumerate(task_list):
        t0 = start + timedelta(minutes=2 * i)
        if i < done:
            task["startedAt"] = iso(t0)
            if kind == "failed" and i == done - 1:
                task["status"] = "failed"
                task["failedAt"] = iso(t0 + timedelta(minutes=1))
                task["error"] = "Generated failure"
            elif kind == "mixed" and i % 7 == 3:
                task["status"] = "skipped"
                task["completedAt"] = iso(t0 + timedelta(minutes=1))
            else:
                task["status"] = "completed"
                task["completedAt"] = iso(t0 + timedelta(minutes=1))
                task["notes"] = "Done by the generator."
        elif i == done and kind == "in_progress":
            task["status"] = "in_progress"
            task["startedAt"] = iso(t0)
    if kind == "failed":
        for task in task_list[done:]:
            task["status"] = "failed" if task["status"] == "pending" else task["status"]
    summary = {"totalTasks": len(task_list)}
    for s in ("completed", "pending", "in_progress", "failed", "skipped"):
        summary[s] = sum(1 for t in task_list if t["status"] == s)
    status = {"planPath": "docs/plans/%s.md" % name, "planName": "Plan " + name, "createdAt": iso(start),
              "lastUpdatedAt": iso(start + timedelta(minutes=2 * len(task_list))), "currentPhase": None,
              "tasks": task_list, "runs": [], "summary": summary}
    with open(os.path.join(dest, "docs", "plans", name + ".md"), "w") as f:
        f.write("\n".join(lines))
    out = os.path.join(dest, "docs", "plan-outputs", name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "status.json"), "w") as f:
        json.dump(status, f, indent=2)
print("%s: %d plans x %d tasks" % (dest, plans, tasks))
