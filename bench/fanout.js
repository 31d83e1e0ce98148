#!/usr/bin/env node
// fanout.js BASE_URL WORKSPACE PLAN CLIENTS [WRITES]
// Opens CLIENTS WebSockets on /ws/plans/PLAN, then WRITES times rewrites
// WORKSPACE/docs/plan-outputs/PLAN/status.json atomically (temp file + rename) with a unique
// lastUpdatedAt, and measures, for every client, the time from the rename to the message carrying
// that marker. Prints fanout_cN_* lines: p50/p99/max over all deliveries, and missed deliveries.
// Loopback only; the original status.json is restored at the end. Node >= 18, no packages.
'use strict';
const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const [BASE, WSDIR, PLAN, CLIENTS_ARG, WRITES_ARG] = process.argv.slice(2);
if (!BASE || !WSDIR || !PLAN || !CLIENTS_ARG) { console.error('usage: fanout.js BASE_URL WORKSPACE PLAN CLIENTS [WRITES]'); process.exit(2); }
const base = new URL(BASE);
if (!/^(127\.|localhost$|\[::1\]$)/.test(base.hostname)) { console.error('refusing non-loopback BASE_URL'); process.exit(2); }
const CLIENTS = parseInt(CLIENTS_ARG, 10);
const WRITES = parseInt(WRITES_ARG || '20', 10);
const TIMEOUT_MS = 5000;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connect() {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path: `/ws/plans/${encodeURIComponent(PLAN)}`, headers: {
      Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64') } });
    req.on('upgrade', (res, socket) => {
      const client = { socket, buffer: Buffer.alloc(0), onText: null };
      socket.on('data', (chunk) => {
        client.buffer = Buffer.concat([client.buffer, chunk]);
        for (;;) {
          const b = client.buffer;
          if (b.length < 2) return;
          let len = b[1] & 0x7f; let off = 2;
          if (len === 126) { if (b.length < 4) return; len = b.readUInt16BE(2); off = 4; }
          else if (len === 127) { if (b.length < 10) return; len = Number(b.readBigUInt64BE(2)); off = 10; }
          if (b.length < off + len) return;
          const opcode = b[0] & 0x0f; const payload = b.subarray(off, off + len);
          client.buffer = b.subarray(off + len);
          if (opcode === 1 && client.onText) client.onText(payload.toString('utf8'), now());
          if (opcode === 9) { // ping -> masked pong
            const mask = crypto.randomBytes(4); const masked = Buffer.from(payload).map((x, i) => x ^ mask[i % 4]);
            socket.write(Buffer.concat([Buffer.from([0x8a, 0x80 | payload.length]), mask, masked]));
          }
        }
      });
      socket.on('error', () => {});
      resolve(client);
    });
    req.on('response', (res) => reject(new Error(`handshake refused: HTTP ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] : NaN; }

(async () => {
  const statusPath = path.join(WSDIR, 'docs', 'plan-outputs', PLAN, 'status.json');
  const original = fs.readFileSync(statusPath, 'utf8');
  const clients = [];
  for (let i = 0; i < CLIENTS; i += 50) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, connect)));
  }
  await sleep(500);
  const latencies = []; let missed = 0;
  try {
    for (let w = 0; w < WRITES; w++) {
      const marker = `fanout-${process.pid}-${w}-${crypto.randomBytes(3).toString('hex')}`;
      const doc = JSON.parse(original); doc.lastUpdatedAt = marker;
      const arrivals = new Array(CLIENTS).fill(null);
      let pending = CLIENTS; let done;
      const all = new Promise((r) => { done = r; });
      clients.forEach((c, i) => { c.onText = (text, t) => { if (arrivals[i] === null && text.includes(marker)) { arrivals[i] = t; if (--pending === 0) done(); } }; });
      const tmp = `${statusPath}.tmp.${process.pid}`;
      fs.writeFileSync(tmp, JSON.stringify(doc, null, 2));
      const t0 = now();
      fs.renameSync(tmp, statusPath);
      await Promise.race([all, sleep(TIMEOUT_MS)]);
      for (const t of arrivals) { if (t === null) missed++; else latencies.push(t - t0); }
      await sleep(100 + Math.random() * 100);
    }
  } finally {
    const tmp = `${statusPath}.tmp.${process.pid}`;
    fs.writeFileSync(tmp, original); fs.renameSync(tmp, statusPath);
    clients.forEach((c) => c.socket.destroy());
  }
  latencies.sort((a, b) => a - b);
  const f = (x) => Number.isFinite(x) ? x.toFixed(1) : 'n/a';
  const n = `fanout_c${CLIENTS}`;
  console.log(`${n}_deliveries: ${latencies.length}`);
  console.log(`${n}_missed: ${missed}`);
  console.log(`${n}_p50_ms: ${f(percentile(latencies, 50))}`);
  console.log(`${n}_p99_ms: ${f(percentile(latencies, 99))}`);
  console.log(`${n}_max_ms: ${f(latencies[latencies.length - 1])}`);
  process.exit(0);
})().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });
