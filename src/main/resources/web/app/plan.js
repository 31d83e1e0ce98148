// One plan: phases and tasks, the orchestrator's controls, progress over time, findings, runs and the live log.

import { html, css, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { get, post, enc, ApiError } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, duration, exact, seconds } from './format.js';
import './chart.js';
import './log-view.js';
import './changes.js';

/**
 * What a finding may contain: a document, nothing more. No styles (a finding could hide the
 * controls or lay a link over the whole view), no forms or inputs (a fake token prompt), no
 * resources from elsewhere (a tracker would learn when it is read; only data: images stay), no
 * classes or ids (the page's own styles and elements), and every link opens outside the app without
 * a referrer or a handle on this window. The page's Content-Security-Policy enforces the same.
 */
const FINDING_POLICY = {
  FORBID_TAGS: ['style', 'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog',
    'iframe', 'frame', 'object', 'embed', 'audio', 'video', 'source', 'track', 'picture', 'svg', 'math', 'template'],
  FORBID_ATTR: ['style', 'class', 'id', 'name', 'srcset', 'action', 'formaction', 'background', 'poster', 'ping', 'target'],
  ALLOW_DATA_ATTR: false,
};

let findingSanitizer;

/** The finding's Markdown as HTML under FINDING_POLICY; marked and DOMPurify are loaded on first use. */
async function findingToHtml(markdown) {
  if (!findingSanitizer) {
    findingSanitizer = Promise.all([import('marked'), import('dompurify')]).then(([{ marked }, { default: DOMPurify }]) => {
      DOMPurify.addHook('afterSanitizeAttributes', (node) => {
        if (node.tagName === 'A' && node.hasAttribute('href')) {
          node.setAttribute('target', '_blank');
          node.setAttribute('rel', 'noopener noreferrer');
        }
        if (node.tagName === 'IMG' && !/^data:image\//i.test(node.getAttribute('src') || '')) {
          node.removeAttribute('src');
        }
      });
      return (text) => DOMPurify.sanitize(marked.parse(text), FINDING_POLICY);
    });
  }
  return (await findingSanitizer)(markdown);
}

class PwPlan extends LiveView {
  static clock = 15_000;
  /** It loads when its plan is set (willUpdate). */
  static loadOnConnect = false;

  static properties = {
    name: {},
    observe: { type: Boolean },
    /** The control requests' bounds from /api/dashboard/settings: the inputs accept what the server does. */
    limits: { attribute: false },
    plan: { state: true },
    orchestrator: { state: true },
    runs: { state: true },
    findings: { state: true },
    finding: { state: true },
    findingHtml: { state: true },
    reply: { state: true },
    busy: { state: true },
    error: { state: true },
    skipping: { state: true },
  };

  static styles = [shared, css`
    .head {
      margin-bottom: 1rem;
    }
    .description {
      margin: 0.25rem 0 0.75rem;
      color: var(--pw-muted);
      max-width: 60rem;
    }
    .controls {
      margin: 0.75rem 0;
    }
    .layout {
      display: grid;
      gap: 1rem;
      grid-template-columns: minmax(0, 1fr);
    }
    .side-by-side {
      display: grid;
      gap: 1rem;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
    @media (max-width: 900px) {
      .side-by-side {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    details.phase {
      border: 1px solid var(--pw-border);
      border-radius: 8px;
      margin-bottom: 0.6rem;
      background: var(--pw-surface);
    }
    details.phase > summary {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 11rem auto;
      gap: 0.75rem;
      align-items: center;
      padding: 0.55rem 0.75rem;
      cursor: pointer;
    }
    @media (max-width: 700px) {
      details.phase > summary {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    details.phase table {
      margin: 0 0 0.5rem;
    }
    .task-id {
      white-space: nowrap;
    }
    .task-error {
      color: var(--pw-failed);
      font-size: 0.85rem;
      white-space: pre-wrap;
    }
    .finding {
      border-top: 1px solid var(--pw-border);
      margin-top: 0.75rem;
      padding-top: 0.5rem;
      overflow-wrap: anywhere;
    }
    .finding pre {
      overflow-x: auto;
      background: var(--pw-surface-2);
      padding: 0.5rem;
      border-radius: 6px;
    }
    dialog {
      border: 1px solid var(--pw-border);
      border-radius: 10px;
      background: var(--pw-surface);
      color: var(--pw-text);
      width: min(28rem, 92vw);
    }
    dialog form {
      display: grid;
      gap: 0.7rem;
    }
    dialog label {
      display: grid;
      gap: 0.2rem;
    }
  `];

  constructor() {
    super();
    this.plan = null;
    this.orchestrator = null;
    this.runs = [];
    this.findings = [];
    this.finding = null;
    this.findingHtml = '';
    this.reply = null;
    this.busy = false;
    this.skipping = null;
    this.reload = coalesce(() => this.load(), 150);
    this.liveListeners = {
      plan: (e) => {
        if (e.detail.plan === this.name || e.detail.type === 'all-plans') {
          this.reload();
        }
      },
      event: (e) => {
        if (e.detail.plan === this.name && e.detail.type.startsWith('orchestrator:')) {
          this.reload();
        }
      },
      refresh: () => this.load(),
    };
  }

  willUpdate(changed) {
    if (changed.has('name')) {
      this.plan = null;
      this.finding = null;
      this.reply = null;
      this.load();
    }
  }

  async load() {
    const name = this.name;
    try {
      const [plan, runs, findings] = await Promise.all([
        get(`/api/plans/${enc(name)}`),
        get(`/api/plans/${enc(name)}/history`),
        get(`/api/plans/${enc(name)}/findings`),
      ]);
      if (name !== this.name) {
        return;
      }
      this.plan = plan;
      this.runs = runs;
      this.findings = findings;
      this.error = '';
      await this.loadOrchestrator();
    } catch (e) {
      this.error = e.readable || String(e);
    }
  }

  /** The orchestrator's full view (its paused state is asked over IPC), while there is one. */
  async loadOrchestrator() {
    const ref = this.plan?.orchestrator;
    if (!ref?.id) {
      this.orchestrator = null;
      return;
    }
    try {
      // From the list: an orchestrator that has just left the registry is simply absent there.
      this.orchestrator = (await get('/api/orchestrators')).find((o) => o.id === ref.id) || null;
    } catch (e) {
      this.orchestrator = null;
    }
  }

  /** Runs a control and shows its reply: the server's message, or the error as a sentence. */
  async control(what, path, body = {}) {
    this.busy = true;
    this.reply = null;
    try {
      const reply = await post(path, body);
      this.reply = { ok: true, text: reply.message || `${what}: done` };
    } catch (e) {
      this.reply = { ok: false, text: `${what} failed: ${e instanceof ApiError ? e.readable : e}`, code: e.code };
    } finally {
      this.busy = false;
      this.load();
    }
  }

  async openStart() {
    // In its own worktree by default when another plan's orchestrator runs in the main checkout.
    let checkoutBusy = false;
    try {
      const orchestrators = await get('/api/orchestrators');
      checkoutBusy = orchestrators.some((o) => o.running && !o.worktreePath && o.plan !== this.name);
    } catch (e) {
      // unknown: the box stays as the plan's own worktree suggests
    }
    const box = this.renderRoot.querySelector('#start-dialog input[name=worktree]');
    box.checked = checkoutBusy || Boolean(this.plan?.worktree);
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
    this.control('Start', `/api/plans/${enc(this.name)}/start`, body);
  }

  openSkip(task) {
    this.skipping = task;
    this.updateComplete.then(() => this.renderRoot.querySelector('#skip-dialog').showModal());
  }

  submitSkip(event) {
    event.preventDefault();
    const reason = new FormData(event.target).get('reason').trim();
    const task = this.skipping;
    this.renderRoot.querySelector('#skip-dialog').close();
    this.control(`Skip ${task.id}`, `/api/plans/${enc(this.name)}/tasks/${enc(task.id)}/skip`, reason ? { reason } : {});
  }

  async showFinding(taskId) {
    try {
      const finding = await get(`/api/plans/${enc(this.name)}/findings/${enc(taskId)}`);
      // Loaded only when a finding is opened: the first view stays small.
      this.findingHtml = await findingToHtml(finding.content);
      this.finding = finding;
    } catch (e) {
      this.reply = { ok: false, text: e.readable || String(e) };
    }
  }

  render() {
    if (this.error && !this.plan) {
      return html`<h1>${this.name}</h1><p class="notice error" role="alert">${this.error}</p><p><a href="#/plans">All plans</a></p>`;
    }
    if (!this.plan) {
      return html`<h1>${this.name}</h1><p class="muted">Loading…</p>`;
    }
    const p = this.plan;
    const tasks = p.phases.flatMap((phase) => phase.tasks || []);
    return html`
      <div class="head">
        <p class="muted"><a href="#/plans">Plans</a> / ${p.name}</p>
        <div class="row spread">
          <h1>${p.title || p.name}</h1>
          <pw-badge .status=${p.status} data-testid="plan-status"></pw-badge>
        </div>
        ${p.description ? html`<p class="description">${p.description}</p>` : ''}
        <pw-progress .value=${p.progress.percentage} label="progress of ${p.name}" data-testid="plan-progress"></pw-progress>
        <p class="muted" data-testid="plan-counts">${p.summary.completed} of ${p.summary.totalTasks} tasks completed
          ${p.summary.inProgress ? ` · ${p.summary.inProgress} in progress` : ''}${p.summary.failed ? ` · ${p.summary.failed} failed` : ''}${p.summary.skipped ? ` · ${p.summary.skipped} skipped` : ''}
          ${p.lastUpdatedAt ? html` · updated <time title=${exact(p.lastUpdatedAt)}>${ago(p.lastUpdatedAt)}</time>` : ''}</p>
        ${p.statusError ? html`<p class="notice error">status.json cannot be read (${p.statusError}); the last good version is shown.</p>` : ''}
      </div>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : ''}
      ${this.renderControls()}
      <div class="layout">
        <div class="side-by-side">
          <section class="card" aria-labelledby="chart-title">
            <h2 id="chart-title">Progress over time</h2>
            <pw-chart .tasks=${tasks}></pw-chart>
          </section>
          <section class="card" aria-labelledby="log-title">
            <h2 id="log-title">Orchestrator log</h2>
            <pw-log-view .plan=${p.name}></pw-log-view>
          </section>
        </div>
        <section aria-labelledby="phases-title">
          <h2 id="phases-title">Phases</h2>
          ${p.phases.length === 0 ? html`<p class="muted">No task is recorded yet: the plan has not run.</p>` : ''}
          ${p.phases.map((phase) => this.renderPhase(phase, this.openPhase(p.phases)))}
        </section>
        <pw-plan-changes .plan=${p.name} .open=${Boolean(p.worktree)}></pw-plan-changes>
        <section class="card" aria-labelledby="findings-title">
          <h2 id="findings-title">Findings</h2>
          ${this.findings.length === 0 ? html`<p class="muted">No findings yet.</p>` : html`
            <div class="row">${this.findings.map((f) => html`<button @click=${() => this.showFinding(f.taskId)}
                aria-pressed=${this.finding?.file === f.file ? 'true' : 'false'}>${f.taskId}</button>`)}</div>`}
          ${this.finding ? html`<article class="finding" aria-label="Finding ${this.finding.taskId}" data-testid="finding">${unsafeHTML(this.findingHtml)}</article>` : ''}
        </section>
        <section class="card" aria-labelledby="runs-title">
          <h2 id="runs-title">Runs</h2>
          ${this.runs.length === 0 ? html`<p class="muted">No run recorded.</p>` : html`
            <table class="stack">
              <thead><tr><th>Run</th><th>Started</th><th>Took</th><th class="num">Completed</th><th class="num">Failed</th></tr></thead>
              <tbody>${this.runs.map((r) => html`<tr>
                <td data-label="Run" class="mono">${r.runId || '–'}</td>
                <td data-label="Started"><time title=${exact(r.startedAt)}>${ago(r.startedAt)}</time></td>
                <td data-label="Took">${r.completedAt ? duration(Date.parse(r.completedAt) - Date.parse(r.startedAt)) : 'not finished'}</td>
                <td data-label="Completed" class="num">${r.tasksCompleted ?? '–'}</td>
                <td data-label="Failed" class="num">${r.tasksFailed ?? '–'}</td></tr>`)}</tbody>
            </table>`}
        </section>
      </div>
      ${this.renderDialogs()}`;
  }

  renderControls() {
    const o = this.orchestrator;
    const running = this.plan.orchestrator?.running;
    const disabled = this.observe || this.busy;
    const why = this.observe ? 'planwatch runs in observe mode' : '';
    return html`
      <section class="card controls" aria-labelledby="orchestrator-title">
        <div class="row spread">
          <h2 id="orchestrator-title">Orchestrator</h2>
          ${o ? html`<pw-badge .status=${o.status} data-testid="orchestrator-status"></pw-badge>`
            : html`<span class="muted" data-testid="orchestrator-status">none running</span>`}
        </div>
        ${o ? html`<p class="muted">pid ${o.pid} · started <time title=${exact(o.startedAt)}>${ago(o.startedAt)}</time>
          · ${o.worktreePath ? html`in its worktree <span class="mono" data-testid="runs-in">${this.plan.worktree?.path || o.worktreePath}</span>`
            : html`<span data-testid="runs-in">in the main checkout</span>`}
          · up ${seconds(o.elapsedTime)}${o.lastHeartbeat ? html` · heartbeat <time title=${exact(o.lastHeartbeat)}>${ago(o.lastHeartbeat)}</time>` : ''}
          ${o.currentTask ? ` · task ${o.currentTask}` : ''}</p>` : ''}
        <div class="row" title=${why}>
          ${running ? html`
            ${o?.status === 'paused'
              ? html`<button ?disabled=${disabled} @click=${() => this.control('Resume', `/api/orchestrators/${enc(o.id)}/resume`)}>Resume</button>`
              : html`<button ?disabled=${disabled || !o} @click=${() => this.control('Pause', `/api/orchestrators/${enc(o.id)}/pause`)}>Pause</button>`}
            <button ?disabled=${disabled} @click=${() => this.control('Stop', `/api/plans/${enc(this.name)}/stop`, {})}>Stop</button>
            <button class="danger" ?disabled=${disabled} @click=${() => this.control('Force stop', `/api/plans/${enc(this.name)}/stop`, { force: true, timeout: 5 })}>Force stop</button>`
          : html`<button class="primary" ?disabled=${disabled} @click=${this.openStart}>Start…</button>`}
          ${this.busy ? html`<span class="muted">Working…</span>` : ''}
        </div>
        ${this.reply ? html`<p class="notice ${this.reply.ok ? '' : 'error'}" role="status" data-testid="reply">${this.reply.text}</p>` : ''}
      </section>`;
  }

  /** The phases shown open: those at work or with a failure, else the first one not completed. */
  openPhase(phases) {
    const active = phases.filter((phase) => phase.status === 'in_progress' || phase.status === 'failed'
      || (phase.tasks || []).some((task) => task.status === 'failed'));
    if (active.length > 0) {
      return new Set(active.map((phase) => phase.name));
    }
    const next = phases.find((phase) => phase.status !== 'completed');
    return new Set(next ? [next.name] : []);
  }

  renderPhase(phase, open) {
    const expanded = open.has(phase.name);
    return html`
      <details class="phase" ?open=${expanded} data-phase=${phase.number}>
        <summary>
          <span><strong>${phase.number ? `Phase ${phase.number}: ` : ''}${phase.name}</strong>
            <span class="muted"> · ${phase.completed}/${phase.total}${phase.startedAt ? html` · ${phase.completedAt
              ? duration(Date.parse(phase.completedAt) - Date.parse(phase.startedAt)) : 'since ' + ago(phase.startedAt)}` : ''}</span></span>
          <pw-progress .value=${phase.percentage} label="progress of phase ${phase.number}"></pw-progress>
          <pw-badge .status=${phase.status}></pw-badge>
        </summary>
        <table class="stack">
          <thead><tr><th>Task</th><th>Status</th><th>Took</th><th></th></tr></thead>
          <tbody>${(phase.tasks || []).map((task) => this.renderTask(task))}</tbody>
        </table>
      </details>`;
  }

  renderTask(task) {
    const disabled = this.observe || this.busy;
    const skippable = task.status === 'pending' || task.status === 'failed';
    const retryable = (task.status === 'failed' || task.status === 'skipped') && task.retryCount < task.maxRetries;
    return html`
      <tr data-task=${task.id}>
        <td data-label="Task"><span><span class="task-id mono">${task.id}</span> ${task.description || ''}
          ${task.error ? html`<div class="task-error">${task.error}</div>` : ''}</span></td>
        <td data-label="Status"><pw-badge .status=${task.status} data-testid="task-status"></pw-badge></td>
        <td data-label="Took">${task.status === 'in_progress' && task.startedAt ? 'since ' + ago(task.startedAt) : duration(task.duration)}</td>
        <td data-label="Actions"><span class="row">
          ${skippable ? html`<button ?disabled=${disabled} @click=${() => this.openSkip(task)} aria-label="Skip task ${task.id}">Skip</button>` : ''}
          ${retryable ? html`<button ?disabled=${disabled} aria-label="Retry task ${task.id}"
              @click=${() => this.control(`Retry ${task.id}`, `/api/plans/${enc(this.name)}/tasks/${enc(task.id)}/retry`)}>Retry</button>` : ''}
        </span></td>
      </tr>`;
  }

  /** A number input of the start dialog, bounded as the server bounds that field (unbounded until the limits load). */
  numberInput(name) {
    const range = this.limits?.[name];
    return html`<input name=${name} type="number" min=${range?.min ?? nothing} max=${range?.max ?? nothing} placeholder="default">`;
  }

  renderDialogs() {
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
            <span class="muted">(worktrees/plan-${this.name} on branch plan/${this.name}, beside other plans)</span></label>
          <div class="row">
            <button class="primary" type="submit">Start</button>
            <button type="button" @click=${() => this.renderRoot.querySelector('#start-dialog').close()}>Cancel</button>
          </div>
        </form>
      </dialog>
      <dialog id="skip-dialog" aria-labelledby="skip-title">
        <form @submit=${this.submitSkip}>
          <h2 id="skip-title">Skip task ${this.skipping?.id || ''}</h2>
          <label>Reason (kept in status.json) <input name="reason" maxlength=${this.limits?.skipReasonLength ?? nothing} placeholder="optional"></label>
          <div class="row">
            <button class="primary" type="submit">Skip</button>
            <button type="button" @click=${() => this.renderRoot.querySelector('#skip-dialog').close()}>Cancel</button>
          </div>
        </form>
      </dialog>`;
  }
}
customElements.define('pw-plan', PwPlan);
