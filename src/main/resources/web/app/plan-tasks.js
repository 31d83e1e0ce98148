// A plan's phases and their tasks, each task with its skip and retry, and the skip dialog. Skip and
// retry are asked of pw-plan with a "control" event, as the orchestrator's controls are.

import { LitElement, html, css, nothing } from 'lit';
import { plans } from './api.js';
import { Clock } from './live.js';
import { shared, dialogs } from './styles.js';
import { ago, duration } from './format.js';

/** The phases shown open: those at work or with a failure, else the first one not completed. */
function openPhases(phases) {
  const active = phases.filter((phase) => phase.status === 'in_progress' || phase.status === 'failed'
    || (phase.tasks || []).some((task) => task.status === 'failed'));
  if (active.length > 0) {
    return new Set(active.map((phase) => phase.name));
  }
  const next = phases.find((phase) => phase.status !== 'completed');
  return new Set(next ? [next.name] : []);
}

class PwPlanTasks extends LitElement {
  static properties = {
    /** The plan's name. */
    plan: {},
    /** The plan's phases, each with its tasks. */
    phases: { attribute: false },
    observe: { type: Boolean },
    /** True while a control runs: skip and retry wait for its reply. */
    busy: { type: Boolean },
    /** The skip request's bounds from /api/dashboard/settings. */
    limits: { attribute: false },
    skipping: { state: true },
  };

  static styles = [shared, dialogs, css`
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
  `];

  constructor() {
    super();
    this.phases = [];
    this.skipping = null;
    new Clock(this, 15_000);
  }

  /** Asks pw-plan to run {@code request} (a function making the API call), reported as {@code what}. */
  control(what, request) {
    this.dispatchEvent(new CustomEvent('control', { detail: { what, request } }));
  }

  openSkip(task) {
    this.skipping = task;
    this.updateComplete.then(() => this.renderRoot.querySelector('#skip-dialog').showModal());
  }

  submitSkip(event) {
    event.preventDefault();
    const reason = new FormData(event.target).get('reason').trim();
    const task = this.skipping;
    const name = this.plan;
    this.renderRoot.querySelector('#skip-dialog').close();
    this.control(`Skip ${task.id}`, () => plans.skip(name, task.id, reason ? { reason } : {}));
  }

  render() {
    const open = openPhases(this.phases);
    return html`
      <section aria-labelledby="phases-title">
        <h2 id="phases-title">Phases</h2>
        ${this.phases.length === 0 ? html`<p class="muted">No task is recorded yet: the plan has not run.</p>` : ''}
        ${this.phases.map((phase) => this.renderPhase(phase, open))}
      </section>
      ${this.renderSkipDialog()}`;
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
    const name = this.plan;
    return html`
      <tr data-task=${task.id}>
        <td data-label="Task"><span><span class="task-id mono">${task.id}</span> ${task.description || ''}
          ${task.error ? html`<div class="task-error">${task.error}</div>` : ''}</span></td>
        <td data-label="Status"><pw-badge .status=${task.status} data-testid="task-status"></pw-badge></td>
        <td data-label="Took">${task.status === 'in_progress' && task.startedAt ? 'since ' + ago(task.startedAt) : duration(task.duration)}</td>
        <td data-label="Actions"><span class="row">
          ${skippable ? html`<button ?disabled=${disabled} @click=${() => this.openSkip(task)} aria-label="Skip task ${task.id}">Skip</button>` : ''}
          ${retryable ? html`<button ?disabled=${disabled} aria-label="Retry task ${task.id}"
              @click=${() => this.control(`Retry ${task.id}`, () => plans.retry(name, task.id))}>Retry</button>` : ''}
        </span></td>
      </tr>`;
  }

  renderSkipDialog() {
    return html`
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
customElements.define('pw-plan-tasks', PwPlanTasks);
