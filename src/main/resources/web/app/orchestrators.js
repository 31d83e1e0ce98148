// Orchestrators: every registry entry with its state, process, uptime, heartbeat, progress and controls.

import { html } from 'lit';
import { orchestrators, enc, ApiError } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, exact, seconds } from './format.js';

class PwOrchestrators extends LiveView {
  static clock = 5000;

  static properties = {
    observe: { type: Boolean },
    orchestrators: { state: true },
    reply: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  static styles = [shared];

  constructor() {
    super();
    this.orchestrators = null;
    this.reply = null;
    this.busy = false;
    this.reload = coalesce(() => this.load(), 200);
    // Uptime and heartbeat ages are counted here between events (static clock); nothing is fetched for them.
    this.liveListeners = {
      event: (e) => {
        if (e.detail.type.startsWith('orchestrator:')) {
          this.reload();
        }
      },
      refresh: () => this.load(),
    };
  }

  async load() {
    await this.attempt(async () => {
      this.orchestrators = await orchestrators.list();
    });
  }

  async command(o, command) {
    this.busy = true;
    this.reply = null;
    try {
      const reply = await orchestrators[command](o.id);
      this.reply = { ok: true, text: `${o.planName || o.id}: ${reply.message}` };
    } catch (e) {
      this.reply = { ok: false, text: `${o.planName || o.id}: ${e instanceof ApiError ? e.readable : e}` };
    } finally {
      this.busy = false;
      this.load();
    }
  }

  render() {
    return html`
      <h1>Orchestrators</h1>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : ''}
      ${this.reply ? html`<p class="notice ${this.reply.ok ? '' : 'error'}" role="status">${this.reply.text}</p>` : ''}
      ${this.orchestrators === null ? html`<p class="muted">Loading…</p>`
        : this.orchestrators.length === 0 ? html`<p class="muted">The registry lists no orchestrator.</p>` : html`
        <table class="stack" data-testid="orchestrators">
          <thead><tr><th>Plan</th><th>State</th><th class="num">pid</th><th>Up</th><th>Heartbeat</th><th>Progress</th><th></th></tr></thead>
          <tbody>${this.orchestrators.map((o) => this.row(o))}</tbody>
        </table>`}`;
  }

  row(o) {
    const disabled = this.observe || this.busy;
    const working = o.status === 'running' || o.status === 'paused';
    const now = Date.now();
    const up = o.running && o.startedAt ? (now - Date.parse(o.startedAt)) / 1000 : o.elapsedTime;
    return html`
      <tr data-orchestrator=${o.id}>
        <td data-label="Plan"><span>${o.planName ? html`<a href="#/plans/${enc(o.planName)}">${o.planName}</a>` : '–'}
          <div class="muted mono">${o.id}</div></span></td>
        <td data-label="State"><span><pw-badge .status=${o.status}></pw-badge>
          ${o.lifecycle !== o.status || o.reason ? html`<div class="muted" data-testid="lifecycle">${o.lifecycle}${o.reason ? `: ${o.reason}` : ''}</div>` : ''}</span></td>
        <td data-label="pid" class="num mono">${o.pid ?? '–'}</td>
        <td data-label="Up" title=${exact(o.startedAt)}>${seconds(up === null || up === undefined ? null : Math.floor(up))}</td>
        <td data-label="Heartbeat" title=${exact(o.lastHeartbeat)}>${ago(o.lastHeartbeat, now)}</td>
        <td data-label="Progress"><div><pw-progress .value=${o.progress} label="progress of ${o.planName}"></pw-progress>
          <div class="muted">${o.summary.completed} of ${o.summary.totalTasks}${o.currentTask ? ` · task ${o.currentTask}` : ''}</div></div></td>
        <td data-label="Controls" title=${this.observe ? 'planwatch runs in observe mode' : ''}><span class="row">
          ${working ? html`
            ${o.status === 'paused'
              ? html`<button ?disabled=${disabled} @click=${() => this.command(o, 'resume')}>Resume</button>`
              : html`<button ?disabled=${disabled} @click=${() => this.command(o, 'pause')}>Pause</button>`}
            <button ?disabled=${disabled} @click=${() => this.command(o, 'stop')}>Stop</button>` : ''}
        </span></td>
      </tr>`;
  }
}
customElements.define('pw-orchestrators', PwOrchestrators);
