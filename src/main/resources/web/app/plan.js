// One plan: its head (title, status, progress, counts), the layout of its parts and their data. It
// loads the plan, its runs, findings and orchestrator, hands them down to the parts (controls, phases
// and tasks, findings, runs, changes, chart, log), and runs the controls they ask for, one at a time,
// showing the reply in the controls.

import { html, css } from 'lit';
import { plans, orchestrators, ApiError } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, exact } from './format.js';
import './chart.js';
import './log-view.js';
import './changes.js';
import './plan-controls.js';
import './plan-tasks.js';
import './plan-findings.js';
import './plan-runs.js';

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
    reply: { state: true },
    busy: { state: true },
    error: { state: true },
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
  `];

  constructor() {
    super();
    this.plan = null;
    this.orchestrator = null;
    this.runs = [];
    this.findings = [];
    this.reply = null;
    this.busy = false;
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
      this.reply = null;
      this.load();
    }
  }

  async load() {
    const name = this.name;
    try {
      const [plan, runs, findings] = await Promise.all([plans.get(name), plans.history(name), plans.findings(name)]);
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
      this.orchestrator = (await orchestrators.list()).find((o) => o.id === ref.id) || null;
    } catch (e) {
      this.orchestrator = null;
    }
  }

  /**
   * Runs the control a part asked for ({what, request}: its name and the function making the call)
   * and shows its reply: the server's message, or the error as a sentence.
   */
  async control(event) {
    const { what, request } = event.detail;
    this.busy = true;
    this.reply = null;
    try {
      const reply = await request();
      this.reply = { ok: true, text: reply.message || `${what}: done` };
    } catch (e) {
      this.reply = { ok: false, text: `${what} failed: ${e instanceof ApiError ? e.readable : e}`, code: e.code };
    } finally {
      this.busy = false;
      this.load();
    }
  }

  /** A part's own failure ({ok, text}), shown where the controls' replies are. */
  showReply(event) {
    this.reply = event.detail;
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
      <pw-plan-controls .plan=${this.name} .running=${Boolean(p.orchestrator?.running) || p.orchestrator?.status === 'pending'} .worktree=${p.worktree || null}
          .orchestrator=${this.orchestrator} .observe=${this.observe} .busy=${this.busy} .reply=${this.reply} .limits=${this.limits}
          @control=${this.control}></pw-plan-controls>
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
        <pw-plan-tasks .plan=${this.name} .phases=${p.phases} .observe=${this.observe} .busy=${this.busy} .limits=${this.limits}
            @control=${this.control}></pw-plan-tasks>
        <pw-plan-changes .plan=${p.name} .open=${Boolean(p.worktree)}></pw-plan-changes>
        <pw-plan-findings .plan=${this.name} .findings=${this.findings} @reply=${this.showReply}></pw-plan-findings>
        <pw-plan-runs .runs=${this.runs}></pw-plan-runs>
      </div>`;
  }
}
customElements.define('pw-plan', PwPlan);
