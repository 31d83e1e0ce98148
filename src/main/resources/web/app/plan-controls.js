// A plan's orchestrator: its state and process, the controls (start, pause, resume, stop, force
// stop) and the start dialog. A control is asked of pw-plan with a "control" event, which runs it
// and hands its reply and the busy state back down.

import { LitElement, html, css, nothing } from 'lit';
import { plans, orchestrators } from './api.js';
import { Clock } from './live.js';
import { shared, dialogs } from './styles.js';
import { ago, exact, seconds } from './format.js';

class PwPlanControls extends LitElement {
  static properties = {
    /** The plan's name. */
    plan: {},
    /**
     * Whether the plan's orchestrator runs, as the plan reports it, or its run in the cluster waits
     * for its pod (pending): either can be stopped, and neither started again.
     */
    running: { type: Boolean },
    /** The plan's worktree ({path}), or null when it has none. */
    worktree: { attribute: false },
    /** The orchestrator's full view (with its paused state), or null. */
    orchestrator: { attribute: false },
    observe: { type: Boolean },
    /** True while a control runs: every control waits for its reply. */
    busy: { type: Boolean },
    /** The last control's reply: {ok, text}. */
    reply: { attribute: false },
    /** The start request's bounds from /api/dashboard/settings: the inputs accept what the server does. */
    limits: { attribute: false },
  };

  static styles = [shared, dialogs, css`
    .controls {
      margin: 0.75rem 0;
    }
  `];

  constructor() {
    super();
    this.orchestrator = null;
    this.worktree = null;
    this.reply = null;
    new Clock(this, 15_000);
  }

  /** Asks pw-plan to run {@code request} (a function making the API call), reported as {@code what}. */
  control(what, request) {
    this.dispatchEvent(new CustomEvent('control', { detail: { what, request } }));
  }

  async openStart() {
    // In its own worktree by default when another plan's orchestrator runs in the main checkout.
    let checkoutBusy = false;
    try {
      const all = await orchestrators.list();
      checkoutBusy = all.some((o) => o.running && !o.worktreePath && o.plan !== this.plan);
    } catch (e) {
      // unknown: the box stays as the plan's own worktree suggests
    }
    const box = this.renderRoot.querySelector('#start-dialog input[name=worktree]');
    box.checked = checkoutBusy || Boolean(this.worktree);
    this.renderRoot.querySelector('#start-dialog').showModal();
  }

  submitStart(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { mode: form.get('mode') };
    if (form.get('worktree')) {
      body.worktree = true;
    }
    for (const key of ['batchSize', 'maxIterations', 'timeout']) {
      const value = form.get(key);
      if (value) {
        body[key] = Number(value);
      }
    }
    this.renderRoot.querySelector('#start-dialog').close();
    const name = this.plan;
    this.control('Start', () => plans.start(name, body));
  }

  render() {
    const o = this.orchestrator;
    const name = this.plan;
    const disabled = this.observe || this.busy;
    const why = this.observe ? 'planwatch runs in observe mode' : '';
    return html`
      <section class="card controls" aria-labelledby="orchestrator-title">
        <div class="row spread">
          <h2 id="orchestrator-title">Orchestrator</h2>
          ${o ? html`<pw-badge .status=${o.status} data-testid="orchestrator-status"></pw-badge>`
            : html`<span class="muted" data-testid="orchestrator-status">none running</span>`}
        </div>
        ${o?.reason ? html`<p class="notice ${o.status === 'failed' ? 'error' : ''}" data-testid="orchestrator-reason">${o.lifecycle}: ${o.reason}</p>` : ''}
        ${o ? html`<p class="muted">${o.pid == null ? html`run <span class="mono">${o.id}</span>` : `pid ${o.pid}`}
          · started <time title=${exact(o.startedAt)}>${ago(o.startedAt)}</time>
          · ${o.pid == null ? html`<span data-testid="runs-in">in the cluster</span>`
            : o.worktreePath ? html`in its worktree <span class="mono" data-testid="runs-in">${this.worktree?.path || o.worktreePath}</span>`
            : html`<span data-testid="runs-in">in the main checkout</span>`}
          · up ${seconds(o.elapsedTime)}${o.lastHeartbeat ? html` · heartbeat <time title=${exact(o.lastHeartbeat)}>${ago(o.lastHeartbeat)}</time>` : ''}
          ${o.currentTask ? ` · task ${o.currentTask}` : ''}</p>` : ''}
        <div class="row" title=${why}>
          ${this.running ? html`
            ${o?.status === 'paused'
              ? html`<button ?disabled=${disabled} @click=${() => this.control('Resume', () => orchestrators.resume(o.id))}>Resume</button>`
              : html`<button ?disabled=${disabled || !o || o.lifecycle === 'pending'} @click=${() => this.control('Pause', () => orchestrators.pause(o.id))}>Pause</button>`}
            <button ?disabled=${disabled} @click=${() => this.control('Stop', () => plans.stop(name, {}))}>Stop</button>
            <button class="danger" ?disabled=${disabled} @click=${() => this.control('Force stop', () => plans.stop(name, { force: true, timeout: 5 }))}>Force stop</button>`
          : html`<button class="primary" ?disabled=${disabled} @click=${this.openStart}>Start…</button>`}
          ${this.busy ? html`<span class="muted">Working…</span>` : ''}
        </div>
        ${this.reply ? html`<p class="notice ${this.reply.ok ? '' : 'error'}" role="status" data-testid="reply">${this.reply.text}</p>` : ''}
      </section>
      ${this.renderStartDialog()}`;
  }

  /** A number input of the start dialog, bounded as the server bounds that field (unbounded until the limits load). */
  numberInput(name) {
    const range = this.limits?.[name];
    return html`<input name=${name} type="number" min=${range?.min ?? nothing} max=${range?.max ?? nothing} placeholder="default">`;
  }

  renderStartDialog() {
    return html`
      <dialog id="start-dialog" aria-labelledby="start-title">
        <form @submit=${this.submitStart}>
          <h2 id="start-title">Start the orchestrator</h2>
          <label>Mode
            <select name="mode">
              <option value="batch">batch: one batch of tasks, then stop</option>
              <option value="continuous">continuous: until the plan is done</option>
            </select>
          </label>
          <label>Batch size (tasks per iteration) ${this.numberInput('batchSize')}</label>
          <label>Max iterations ${this.numberInput('maxIterations')}</label>
          <label>Timeout per session (seconds) ${this.numberInput('timeout')}</label>
          <label class="row"><input name="worktree" type="checkbox"> In its own worktree
            <span class="muted">(worktrees/plan-${this.plan} on branch plan/${this.plan}, beside other plans)</span></label>
          <div class="row">
            <button class="primary" type="submit">Start</button>
            <button type="button" @click=${() => this.renderRoot.querySelector('#start-dialog').close()}>Cancel</button>
          </div>
        </form>
      </dialog>`;
  }
}
customElements.define('pw-plan-controls', PwPlanControls);
