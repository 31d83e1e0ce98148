#!/usr/bin/env python3
"""How large a status.json bin/planwatch (its shipped JVM flags, 96 MB heap) serves under concurrent requests.

Usage: python3 bench/status-size.py SIZE_MB [SHAPE] [MAX_SIZE]
  SHAPE: "notes" (one task's notes carry the bulk, as in the report that found the crash) or
         "tasks" (many ordinary tasks, the shape that costs most as a tree for skip/retry).
  MAX_SIZE: planwatch.status-max-size to run with (default: planwatch's own default).
Builds a workspace in a temporary directory, starts bin/planwatch there, fires 30 concurrent reads of
the plan's detail, status and tasks plus a skip and a retry, and prints what came back, the process's
peak RSS and whether it survived.
"""
import concurrent.futures, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
size_mb = float(sys.argv[1])
shape = sys.argv[2] if len(sys.argv) > 2 else "notes"
max_size = sys.argv[3] if len(sys.argv) > 3 else None
target = int(size_mb * 1024 * 1024)

ws = tempfile.mkdtemp(prefix="pw-size-")
os.makedirs(f"{ws}/.git"); os.makedirs(f"{ws}/docs/plans"); os.makedirs(f"{ws}/docs/plan-outputs/big")
with open(f"{ws}/docs/plans/big.md", "w") as f:
    f.write("# big\n\n## Phase 1: Work\n- [ ] 1.1 a\n")
def task(i, status, **extra):
    t = {"id": f"1.{i}", "phase": "Phase 1: Work", "description": f"Task {i}: " + "d" * 120, "status": status,
         "startedAt": "2026-12-01T10:00:00.000Z"}
    t.update(extra); return t
tasks = [task(1, "completed", completedAt="2026-12-01T10:01:00.000Z", notes=""), task(2, "pending"), task(3, "failed", error="boom")]
doc = {"planPath": "docs/plans/big.md", "planName": "big", "createdAt": "2026-12-01T10:00:00.000Z",
       "lastUpdatedAt": "2026-12-01T10:05:00.000Z", "currentPhase": "Phase 1: Work", "tasks": tasks}
if shape == "notes":
    base = len(json.dumps(doc, indent=2))
    tasks[0]["notes"] = "x" * max(0, target - base)
else:
    i = 4
    while len(json.dumps(doc, indent=2)) < target:
        for _ in range(200):
            tasks.append(task(i, "completed", completedAt="2026-12-01T10:01:00.000Z", notes="n" * 200)); i += 1
text = json.dumps(doc, indent=2)
with open(f"{ws}/docs/plan-outputs/big/status.json", "w") as f:
    f.write(text)
print(f"status.json: {len(text)} bytes ({len(text)/1048576:.2f} MiB), {len(tasks)} tasks, shape {shape}")

with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
args = [f"{HERE}/bin/planwatch", f"-Dquarkus.http.port={port}"]
if max_size:
    args.append(f"-Dplanwatch.status-max-size={max_size}")
env = dict(os.environ, PLANWATCH_AOT="0")
env.pop("PLANWATCH_JVM_OPTS", None)
out = open(f"{ws}/planwatch.out", "w")
proc = subprocess.Popen(args, cwd=ws, env=env, stdout=out, stderr=subprocess.STDOUT)
def get(path, method="GET"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=b"{}" if method == "POST" else None, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            body = r.read(); return r.status, len(body), body[:200]
    except urllib.error.HTTPError as e:
        body = e.read(); return e.code, len(body), body[:200]
    except OSError as e:
        return type(e).__name__, 0, b""
def peak_rss():
    try:
        for line in open(f"/proc/{proc.pid}/status"):
            if line.startswith("VmHWM"):
                return line.split()[1] + " kB"
    except OSError:
        return "gone"
for _ in range(300):
    if proc.poll() is not None:
        break
    if get("/health")[0] == 200:
        break
    time.sleep(0.2)
if proc.poll() is not None:
    print("planwatch exited at start:", open(f"{ws}/planwatch.out").read()[-2000:]); sys.exit(1)
status = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/plans").read())
print("statusError:", status["data"][0]["statusError"])
jobs = [("GET", f"/api/plans/big{v}") for v in ("", "/status", "/tasks") for _ in range(10)]
jobs += [("POST", "/api/plans/big/tasks/1.2/skip"), ("POST", "/api/plans/big/tasks/1.3/retry")]
began = time.time()
with concurrent.futures.ThreadPoolExecutor(len(jobs)) as pool:
    results = list(pool.map(lambda j: (j, get(j[1], j[0])) if proc.poll() is None else (j, ("dead",)), jobs))
took = time.time() - began
codes = {}
for (method, path), result in results:
    key = f"{method} {path.replace('/api/plans/big', '') or '/'} -> {result[0]}"
    codes[key] = codes.get(key, 0) + 1
alive = proc.poll() is None
print(f"{len(jobs)} concurrent requests in {took:.1f} s: {codes}")
print(f"alive: {alive}; peak RSS {peak_rss()}; OutOfMemoryError in log: {'OutOfMemoryError' in open(f'{ws}/planwatch.out').read()}")
print("lock left behind:", os.path.exists(f"{ws}/docs/plan-outputs/big/status.json.lock"))
proc.terminate(); proc.wait(10)
shutil.rmtree(ws, ignore_errors=True)
