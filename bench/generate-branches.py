#!/usr/bin/env python3
"""bench/generate-branches.py DIR [BRANCHES] [FILES]: a git repository for the changes benchmark.

main holds 2,000 source files of 40 lines and docs/plans/plan-NN.md for each plan; each of BRANCHES
(10) branches plan/plan-NN changes FILES (200) files in one commit: FILES - 20 files of its own
(modified, a few added, renamed and deleted), and 20 files of a range every branch touches: in 10
of them each branch edits a line of its own (clean merges, overlapping files), in the other 10 the
same line (real conflicts between every pair). Then main moves on by one commit that touches none
of those files. Plain git, no worktrees: the branches are compared as refs."""
import os
import subprocess
import sys

root = sys.argv[1]
branches = int(sys.argv[2]) if len(sys.argv) > 2 else 10
per_branch = int(sys.argv[3]) if len(sys.argv) > 3 else 200
base_files = 2000
lines = 40
env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@planwatch.invalid",
           GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@planwatch.invalid")


def git(*args):
    subprocess.run(["git", "-C", root, "-c", "commit.gpgsign=false", *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def write(path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def source(index, marker=None, line=None):
    body = [f"line {n} of file {index}: some text that a plan might change" for n in range(lines)]
    if marker is not None:
        body[line] = f"line {line} of file {index}: changed by {marker}"
    return "\n".join(body) + "\n"


os.makedirs(root, exist_ok=True)
git("init", "-q", "-b", "main")
for i in range(base_files):
    write(f"src/module{i // 100:02d}/file{i:04d}.txt", source(i))
for b in range(branches):
    write(f"docs/plans/plan-{b:02d}.md", f"# Plan {b}\n\n## Phase 1: Work\n- [ ] 1.1 change files\n")
git("add", "-A")
git("commit", "-q", "-m", "base")
shared_clean = range(0, 10)
shared_conflict = range(10, 20)
own = per_branch - 20
for b in range(branches):
    git("checkout", "-q", "-b", f"plan/plan-{b:02d}", "main")
    for i in shared_clean:
        write(f"src/module{i // 100:02d}/file{i:04d}.txt", source(i, f"plan-{b:02d}", (b * 4) % lines))
    for i in shared_conflict:
        write(f"src/module{i // 100:02d}/file{i:04d}.txt", source(i, f"plan-{b:02d}", 0))
    first = 20 + b * own
    for k in range(own):
        i = first + k
        path = f"src/module{i // 100:02d}/file{i:04d}.txt"
        if k % 20 == 0:
            git("rm", "-q", path)
        elif k % 20 == 1:
            git("mv", path, path.replace(".txt", ".moved.txt"))
        elif k % 20 == 2:
            write(f"src/new/plan-{b:02d}/added{k:03d}.txt", source(100000 + k, f"plan-{b:02d}", 1))
        else:
            write(path, source(i, f"plan-{b:02d}", k % lines))
    git("add", "-A")
    git("commit", "-q", "-m", f"plan-{b:02d}: change {per_branch} files")
git("checkout", "-q", "main")
write("README.md", "main moved on\n")
git("add", "-A")
git("commit", "-q", "-m", "main moves on")
