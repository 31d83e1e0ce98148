// Plans: every plan with its progress; search, filter and sort kept in the URL.

import { html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { plans, enc } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, count, exact, parseTime } from './format.js';

const STATUSES = ['pending', 'in_progress', 'completed', 'failed'];
const SORTS = {
  name: ['Name', (a, b) => a.name.localeCompare(b.name)],
  activity: ['Last activity', (a, b) => (activity(b) ?? -1) - (activity(a) ?? -1) || a.name.localeCompare(b.name)],
  size: ['Size', (a, b) => b.summary.totalTasks - a.summary.totalTasks || a.name.localeCompare(b.name)],
};

function activity(plan) {
  return parseTime(plan.lastUpdatedAt) ?? parseTime(plan.lastRunAt);
}

class PwPlans extends LiveView {
  static clock = 30_000;

  static properties = {
    params: { type: Object },
    plans: { state: true },
    error: { state: true },
  };

  static styles = [shared, css`
    .filters {
      margin-bottom: 1rem;
    }
    .filters input[type='search'] {
      min-width: 14rem;
      flex: 1;
    }
    td.progress {
      width: 12rem;
    }
    .name a {
      font-weight: 600;
    }
    .sub {
      display: block;
      font-size: 0.85rem;
      color: var(--pw-muted);
    }
  `];

  constructor() {
    super();
    this.params = {};
    this.plans = null;
    this.reload = coalesce(() => this.load(), 1000);
    this.liveListeners = {
      plan: (e) => this.patch(e.detail),
      refresh: () => this.load(),
    };
  }

  async load() {
    await this.attempt(async () => {
      this.plans = (await plans.list()).data;
    });
  }

  /** A status message patches its plan at once; the rest of the row follows with the next (coalesced) load. */
  patch(message) {
    if (!this.plans) {
      return;
    }
    if (message.type === 'status') {
      const index = this.plans.findIndex((p) => p.name === message.plan);
      if (index >= 0) {
        const plan = this.plans[index];
        const next = { ...plan, status: message.status, lastUpdatedAt: message.lastUpdatedAt, currentTask: message.currentTask,
          progress: { ...plan.progress, ...message.progress, inProgress: message.progress.in_progress } };
        this.plans = [...this.plans.slice(0, index), next, ...this.plans.slice(index + 1)];
      }
      this.reload();
    } else if (message.type === 'plan-removed' || message.type === 'all-plans') {
      this.reload();
    }
  }

  setParam(key, value) {
    const params = { ...this.params, [key]: value };
    Object.keys(params).forEach((k) => (params[k] === '' || params[k] === undefined) && delete params[k]);
    this.params = params;
    const query = new URLSearchParams(params).toString();
    history.replaceState(null, '', `#/plans${query ? '?' + query : ''}`);
  }

  visible() {
    const q = (this.params.q || '').toLowerCase();
    const status = this.params.status || '';
    const [, compare] = SORTS[this.params.sort] || SORTS.name;
    return this.plans
      .filter((p) => !status || p.status === status)
      .filter((p) => !q || p.name.toLowerCase().includes(q) || (p.title || '').toLowerCase().includes(q)
        || (p.description || '').toLowerCase().includes(q))
      .sort(compare);
  }

  render() {
    if (this.plans === null) {
      return html`<h1>Plans</h1>${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : html`<p class="muted">Loading…</p>`}`;
    }
    const shown = this.visible();
    return html`
      <h1>Plans</h1>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : ''}
      <div class="row filters">
        <input type="search" placeholder="Search by name or description" aria-label="Search plans"
               .value=${this.params.q || ''} @input=${(e) => this.setParam('q', e.target.value)}>
        <label>Status
          <select aria-label="Filter by status" @change=${(e) => this.setParam('status', e.target.value)}>
            <option value="" ?selected=${!this.params.status}>all</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${this.params.status === s}>${s.replace('_', ' ')}</option>`)}
          </select>
        </label>
        <label>Sort
          <select aria-label="Sort plans" @change=${(e) => this.setParam('sort', e.target.value)}>
            ${Object.entries(SORTS).map(([key, [text]]) => html`<option value=${key} ?selected=${(this.params.sort || 'name') === key}>${text}</option>`)}
          </select>
        </label>
        <span class="muted" data-testid="plan-count">${count(shown.length)} of ${count(this.plans.length)} plans</span>
      </div>
      <table class="stack" data-testid="plans">
        <thead><tr><th>Plan</th><th>Progress</th><th>Status</th><th>Current</th><th>Updated</th></tr></thead>
        <tbody>
          ${repeat(shown, (p) => p.name, (p) => html`
            <tr data-plan=${p.name}>
              <td class="name" data-label="Plan"><span><a href="#/plans/${enc(p.name)}">${p.name}</a>
                ${p.title && p.title !== p.name ? html`<span class="sub">${p.title}</span>` : ''}
                ${p.worktree ? html`<span class="sub mono" data-testid="plan-worktree">in ${p.worktree.path}</span>` : ''}</span></td>
              <td class="progress" data-label="Progress"><div><pw-progress .value=${p.progress.percentage} label="progress of ${p.name}"></pw-progress>
                <span class="sub">${p.summary.totalTasks ? `${p.summary.completed} of ${p.summary.totalTasks} tasks` : "not started"}</span></div></td>
              <td data-label="Status"><pw-badge .status=${p.status}></pw-badge></td>
              <td data-label="Current"><div>${p.currentPhase || p.currentTask ? html`${p.currentPhase || ''}
                ${p.currentTask ? html`<span class="sub">Task ${p.currentTask.id}${p.currentTask.description ? `: ${p.currentTask.description}` : ''}</span>` : ''}`
                : html`<span class="muted">–</span>`}</div></td>
              <td data-label="Updated"><time title=${exact(p.lastUpdatedAt || p.lastRunAt)}>${ago(p.lastUpdatedAt || p.lastRunAt)}</time></td>
            </tr>`)}
        </tbody>
      </table>
      ${shown.length === 0 ? html`<p class="muted">No plan matches.</p>` : ''}`;
  }
}
customElements.define('pw-plans', PwPlans);
