#!/usr/bin/env node
// control.js BASE_URL WORKSPACE PLAN [CYCLES]
// CYCLES times: POST /api/plans/PLAN/start, then POST /api/plans/PLAN/stop, against a planwatch
// serving WORKSPACE (run it under ../shared/bench/subreaper.py so detached orchestrators are reaped
// at once). Prints:
//   control_start_ms           start request → 200
//   control_confirm_after_register_ms   registry started_at of the entry → 200 (what the service adds)
//   control_stop_ms            stop request → 200
//   control_stop_after_exit_ms process exit (seen by polling /proc every 1 ms) → 200
// Loopback only. Node >= 18, no packages.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const [BASE, WSDIR, PLAN, CYCLES_ARG] = process.argv.slice(2);
if (!BASE || !WSDIR || !PLAN) { console.error('usage: control.js BASE_URL WORKSPACE PLAN [CYCLES]'); process.exit(2); }
const base = new URL(BASE);
if (!/^(127\.|localhost$|\[::1\]$)/.test(base.hostname)) { console.error('refusing non-loopback BASE_URL'); process.exit(2); }
const CYCLES = parseInt(CYCLES_ARG || '20', 10);
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const wallMs = () => Date.now() + (Number(process.hrtime.bigint() % 1000000n) / 1e6) % 1;

function post(p, body) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request({ host: base.hostname, port: base.port, path: p, method: 'POST', agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': data.length } }, (res) => {
      let text = ''; res.setEncoding('utf8'); res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null, at: nowMs(), wall: Date.now() }));
    });
    req.on('error', reject); req.end(data);
  });
}

function stats(name, xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const pct = (p) => s.length ? s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)].toFixed(1) : 'n/a';
  console.log(`${name}_p50: ${pct(50)}`);
  console.log(`${name}_p99: ${pct(99)}`);
  console.log(`${name}_max: ${s.length ? s[s.length - 1].toFixed(1) : 'n/a'}`);
}

(async () => {
  const start = [], confirm = [], stop = [], afterExit = []; let failures = 0;
  const registry = path.join(WSDIR, '.claude', 'orchestrator-registry.json');
  for (let i = 0; i < CYCLES; i++) {
    const t0 = nowMs();
    const s = await post(`/api/plans/${PLAN}/start`, {});
    if (s.status !== 200) { failures++; console.error(`start ${i}: HTTP ${s.status} ${JSON.stringify(s.body)}`); continue; }
    start.push(s.at - t0);
    const entry = (JSON.parse(fs.readFileSync(registry, 'utf8')).instances || []).find((e) => e.id === s.body.orchestrator.id);
    if (entry) confirm.push(s.wall - Date.parse(entry.started_at));
    const pid = s.body.orchestrator.pid;
    let exitedAt = null;
    const watcher = setInterval(() => { if (exitedAt === null && !fs.existsSync(`/proc/${pid}`)) exitedAt = nowMs(); }, 1);
    const t1 = nowMs();
    const st = await post(`/api/plans/${PLAN}/stop`, { timeout: 10 });
    clearInterval(watcher);
    if (st.status !== 200) { failures++; console.error(`stop ${i}: HTTP ${st.status} ${JSON.stringify(st.body)}`); continue; }
    stop.push(st.at - t1);
    if (exitedAt !== null) afterExit.push(st.at - exitedAt);
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`control_cycles: ${CYCLES}`);
  console.log(`control_failures: ${failures}`);
  stats('control_start_ms', start);
  stats('control_confirm_after_register_ms', confirm);
  stats('control_stop_ms', stop);
  stats('control_stop_after_exit_ms', afterExit);
  process.exit(0);
})().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });
