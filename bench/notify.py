#!/usr/bin/env python3
"""bench/notify.py: notification latency and the outbox across a kill -9.

Starts the packaged planwatch (target/quarkus-app, `./mvnw -B package -DskipTests` first) on a
fresh workspace with a signed webhook pointing at a receiver in this script (the README's receiver:
it checks every signature), then

1. latency: EVENTS times (default 60) a plan goes in_progress (waited for through the API) and
   then completed; the time from the status.json rename to the receiver's request for its
   plan.completed is recorded; p50/p99/max printed. Every request's signature is checked.
2. kill -9: the receiver answers 503 while OUTAGE (default 20) plans complete, so their deliveries
   stay pending in the outbox; planwatch is killed with SIGKILL; the outbox files are counted; the
   receiver recovers and planwatch starts again on the same state directory; each event must be
   received exactly once (duplicates and losses printed).

Environment: EVENTS, OUTAGE, JAVA (default java), PLANWATCH_JVM_OPTS (default bin/planwatch's flags),
STATE_ROOT (where the state directory goes; default beside the workspace).
"""
import hashlib
import hmac
import json
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(HERE, "target", "quarkus-app", "quarkus-run.jar")
SECRET = b"bench-secret"
EVENTS = int(os.environ.get("EVENTS", "60"))
OUTAGE = int(os.environ.get("OUTAGE", "20"))

received = []  # (monotonic ns, event id, type, plan, status answered)
bad_signatures = []
answer = {"status": 204}
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        now = time.monotonic_ns()
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, self.headers.get("X-Planwatch-Signature", "")):
            bad_signatures.append(self.headers.get("X-Planwatch-Delivery"))
        event = json.loads(body)
        status = answer["status"]
        with lock:
            received.append((now, self.headers["X-Planwatch-Delivery"], event["type"], event["plan"], status))
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_atomically(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def status_json(plan, statuses):
    tasks = [{"id": f"1.{i + 1}", "phase": "Phase 1: Go", "description": f"task {i + 1}", "status": s}
             for i, s in enumerate(statuses)]
    return json.dumps({"planName": plan, "lastUpdatedAt": time.strftime("%Y-%m-%dT%H:%M:%S") + f".{time.time_ns() % 10**9:09d}Z",
                       "tasks": tasks})


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
        return json.loads(r.read())


def wait_for(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except Exception:
            pass
        time.sleep(0.005)
    raise SystemExit(f"timed out waiting for {what}")


def start(workspace, state, port, receiver_port):
    opts = shlex.split(os.environ.get("PLANWATCH_JVM_OPTS", "-XX:+UseSerialGC -Xmx96m -XX:TieredStopAtLevel=1 -Xshare:auto"))
    env = dict(os.environ, PLANWATCH_WORKSPACE=workspace, PLANWATCH_STATE_DIR=state, QUARKUS_HTTP_PORT=str(port),
               PLANWATCH_NOTIFY_WEBHOOK_URL=f"http://127.0.0.1:{receiver_port}/hook",
               PLANWATCH_NOTIFY_WEBHOOK_SECRET=SECRET.decode(),
               PLANWATCH_NOTIFY_RETRY_INITIAL="200ms", PLANWATCH_NOTIFY_RETRY_MAX="1s",
               PLANWATCH_NOTIFY_MAX_ATTEMPTS="1000")
    log = open(os.path.join(os.path.dirname(workspace), f"planwatch-{port}.log"), "a")
    process = subprocess.Popen([os.environ.get("JAVA", "java"), *opts, "-jar", JAR], env=env, stdout=log, stderr=log)
    wait_for(lambda: get(port, "/health")["status"] == "ok", 60, "planwatch to answer")
    return process


def plan_status(port, plan):
    return get(port, f"/api/plans/{plan}")["data"]["status"]


def completions(plan=None):
    with lock:
        return [r for r in received if r[2] == "plan.completed" and (plan is None or r[3] == plan)]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main():
    if not os.path.exists(JAR):
        raise SystemExit(f"{JAR} missing: run ./mvnw -B package -DskipTests first")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = tempfile.mkdtemp(prefix="planwatch-notify-bench.")
    workspace = os.path.join(root, "repo")
    # STATE_ROOT=/dev/shm puts the outbox on tmpfs: the difference is the cost of forcing it to disk.
    state = os.path.join(tempfile.mkdtemp(dir=os.environ["STATE_ROOT"]) if os.environ.get("STATE_ROOT") else root, "state")
    os.makedirs(os.path.join(workspace, ".git"))
    os.makedirs(state)
    plans = os.path.join(workspace, "docs", "plans")
    outputs = os.path.join(workspace, "docs", "plan-outputs")
    write_atomically(os.path.join(plans, "lat.md"), "# Plan lat\n\n## Phase 1: Go\n- [ ] 1.1 a\n- [ ] 1.2 b\n")
    write_atomically(os.path.join(outputs, "lat", "status.json"), status_json("lat", ["completed", "in_progress"]))
    for i in range(OUTAGE):
        name = f"out-{i}"
        write_atomically(os.path.join(plans, name + ".md"), f"# Plan {name}\n\n## Phase 1: Go\n- [ ] 1.1 a\n- [ ] 1.2 b\n")
        write_atomically(os.path.join(outputs, name, "status.json"), status_json(name, ["completed", "in_progress"]))
    port = free_port()
    process = start(workspace, state, port, server.server_address[1])
    print(f"# workspace {workspace}, state {state}, java: "
          + subprocess.run([os.environ.get("JAVA", "java"), "-version"], capture_output=True, text=True).stderr.splitlines()[0])

    # 1. latency
    latencies = []
    status_path = os.path.join(outputs, "lat", "status.json")
    for i in range(EVENTS + 5):
        write_atomically(status_path, status_json("lat", ["completed", "in_progress"]))
        wait_for(lambda: plan_status(port, "lat") == "in_progress", 10, "in_progress")
        before = len(completions("lat"))
    
        t0 = time.monotonic_ns()
        write_atomically(status_path, status_json("lat", ["completed", "completed"]))
        wait_for(lambda: len(completions("lat")) > before, 10, "plan.completed")
        if i >= 5:  # the first five warm the path up (class loading, the HTTP client's first connection)
            latencies.append((completions("lat")[before][0] - t0) / 1e6)
    ids = [r[1] for r in completions("lat")]
    print(f"status.json write -> receiver request, {len(latencies)} plan.completed events:"
          f" p50 {statistics.median(latencies):.1f} ms, p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms;"
          f" {len(ids)} requests for {len(set(ids))} events; bad signatures: {len(bad_signatures)}")

    # 2. outbox across kill -9
    answer["status"] = 503
    for i in range(OUTAGE):
        write_atomically(os.path.join(outputs, f"out-{i}", "status.json"), status_json(f"out-{i}", ["completed", "completed"]))
    wait_for(lambda: len({r[3] for r in completions() if r[3].startswith("out-")}) == OUTAGE, 30, "first attempts")
    process.send_signal(signal.SIGKILL)
    process.wait()
    outbox = os.path.join(state, "notify", "deliveries")
    pending = 0
    for name in os.listdir(outbox):
        if name.endswith(".json"):
            with open(os.path.join(outbox, name)) as f:
                pending += json.load(f)["status"] == "pending"
    attempts_before = len([r for r in completions() if r[3].startswith("out-")])
    print(f"kill -9 with the receiver answering 503: {OUTAGE} events, {attempts_before} refused attempts,"
          f" {pending} deliveries pending in the outbox")
    answer["status"] = 204
    t_restart = time.monotonic_ns()
    process = start(workspace, state, port, server.server_address[1])
    wait_for(lambda: len({r[3] for r in completions() if r[3].startswith("out-") and r[4] == 204}) == OUTAGE, 60, "redelivery")
    time.sleep(2)  # anything sent twice would arrive now
    accepted = [r for r in completions() if r[3].startswith("out-") and r[4] == 204]
    last = max(r[0] for r in accepted)
    print(f"after restart: {len({r[1] for r in accepted})} of {OUTAGE} events accepted, {len(accepted) - len({r[1] for r in accepted})}"
          f" duplicates, all within {(last - t_restart) / 1e6:.0f} ms of the restart (JVM start included);"
          f" lat told again: {len(completions('lat')) - len(ids)}")
    process.send_signal(signal.SIGTERM)
    process.wait()
    server.shutdown()


if __name__ == "__main__":
    main()
