#!/usr/bin/env node
// worktrees.js BASE_URL WORKSPACE PLAN1,PLAN2,PLAN3 [WRITES]
// Parallel plans: starts each plan in its own worktree (POST /api/plans/P/start {worktree:true}),
// then, with all of them running, opens /ws/plans/P for each and makes WRITES changes to the
// worktrees' status.json files in turn (under the status tools' lock: mkdir status.json.lock,
// read, a unique lastUpdatedAt, temporary file renamed over, rmdir), measuring the time from the
// rename to the WebSocket message carrying that lastUpdatedAt. Then stops every plan and removes
// its worktree (DELETE /api/worktrees/P?force=true). Prints:
//   worktree_start_ms            start request -> 200 (worktree created, orchestrator confirmed)
//   worktree_confirm_after_register_ms   registry started_at of the entry -> 200
//   worktree_push_ms             rename in a worktree's status.json -> /ws/plans/P message
//   worktree_push_missed         writes whose message did not come within 5 s
// Loopback only. Node >= 18, no packages (the shared kit's netlib.js for the WebSocket).
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
// The shared kit's WebSocket client (SHARED, default ../shared beside the repository).
const { wsConnect, now } = require(path.join(process.env.SHARED || path.join(__dirname, '..', '..', 'shared'), 'bench', 'netlib.js'));

const [BASE, WSDIR, PLANS_ARG, WRITES_ARG] = process.argv.slice(2);
if (!BASE || !WSDIR || !PLANS_ARG) { console.error('usage: worktrees.js BASE_URL WORKSPACE PLAN1,PLAN2,PLAN3 [WRITES]'); process.exit(2); }
const base = new URL(BASE);
if (!/^(127\.|localhost$|\[::1\]$)/.test(base.hostname)) { console.error('refusing non-loopback BASE_URL'); process.exit(2); }
const PLANS = PLANS_ARG.split(',');
const WRITES = parseInt(WRITES_ARG || '60', 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function request(method, p, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {};
    const req = http.request({ host: base.hostname, port: base.port, path: p, method, agent: false, headers }, (res) => {
      let text = ''; res.setEncoding('utf8'); res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null, at: now(), wall: Date.now() }));
    });
    req.on('error', reject); req.end(data || undefined);
  });
}

function stats(name, xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const pct = (p) => s.length ? s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)].toFixed(1) : 'n/a';
  console.log(`${name}_n: ${s.length}`);
  console.log(`${name}_p50: ${pct(50)}`);
  console.log(`${name}_p99: ${pct(99)}`);
  console.log(`${name}_max: ${s.length ? s[s.length - 1].toFixed(1) : 'n/a'}`);
}

/** One change of the plan's status.json in its worktree, as the status tools make it; returns the rename time. */
async function write(plan, marker) {
  const file = path.join(WSDIR, 'worktrees', `plan-${plan}`, 'docs', 'plan-outputs', plan, 'status.json');
  const lock = file + '.lock';
  for (;;) {
    try { fs.mkdirSync(lock); break; } catch (e) { if (e.code !== 'EEXIST') throw e; await sleep(2); }
  }
  try {
    const status = JSON.parse(fs.readFileSync(file, 'utf8'));
    status.lastUpdatedAt = marker;
    const tmp = `${file}.tmp.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(status, null, 2));
    fs.renameSync(tmp, file);
    return now();
  } finally {
    fs.rmdirSync(lock);
  }
}

(async () => {
  const starts = [], confirms = [], pushes = []; let missed = 0;
  const registry = path.join(WSDIR, '.claude', 'orchestrator-registry.json');
  try {
    for (const plan of PLANS) {
      const t0 = now();
      const s = await request('POST', `/api/plans/${plan}/start`, { worktree: true, mode: 'continuous' });
      if (s.status !== 200) { console.error(`start ${plan}: HTTP ${s.status} ${JSON.stringify(s.body)}`); process.exitCode = 1; return; }
      starts.push(s.at - t0);
      const entry = (JSON.parse(fs.readFileSync(registry, 'utf8')).instances || []).find((e) => e.id === s.body.orchestrator.id);
      if (entry) confirms.push(s.wall - Date.parse(entry.started_at.endsWith('Z') ? entry.started_at : entry.started_at + 'Z'));
    }
    const clients = {};
    for (const plan of PLANS) {
      clients[plan] = await wsConnect(`${BASE.replace(/^http/, 'ws')}/ws/plans/${encodeURIComponent(plan)}`);
    }
    await sleep(500);
    const base2030 = Date.parse('2030-01-01T00:00:00.000Z');
    for (let i = 0; i < WRITES; i++) {
      const plan = PLANS[i % PLANS.length];
      const marker = new Date(base2030 + i * 1000 + Math.floor(Math.random() * 999)).toISOString();
      const seen = new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), 5000);
        clients[plan].onmessage = (m) => { if (m.text.includes(marker)) { clearTimeout(timer); resolve(m.t); } };
      });
      const written = await write(plan, marker);
      const at = await seen;
      if (at === null) missed++; else pushes.push(at - written);
      await sleep(50);
    }
    Object.values(clients).forEach((c) => c.close());
  } finally {
    for (const plan of PLANS) {
      await request('POST', `/api/plans/${plan}/stop`, { timeout: 10 }).catch(() => {});
      await request('DELETE', `/api/worktrees/${plan}?force=true`).catch(() => {});
    }
  }
  stats('worktree_start_ms', starts);
  stats('worktree_confirm_after_register_ms', confirms);
  stats('worktree_push_ms', pushes);
  console.log(`worktree_push_missed: ${missed}`);
})().catch((e) => { console.error(e); process.exit(1); });
