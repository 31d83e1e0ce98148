// Overview: the summary figures, the orchestrators at work, and the activity as it happens.

import { html, css } from 'lit';
import { dashboard, orchestrators, enc } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, count, exact } from './format.js';

const FEED_SIZE = 30;

class PwOverview extends LiveView {
  static clock = 15_000;

  static properties = {
    summary: { state: true },
    orchestrators: { state: true },
    feed: { state: true },
    error: { state: true },
  };

  static styles = [shared, css`
    .figure {
      font-size: 1.7rem;
      font-weight: 650;
      font-variant-numeric: tabular-nums;
    }
    .feed {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .feed li {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr) auto;
      overflow-wrap: anywhere;
      gap: 0.6rem;
      padding: 0.4rem 0;
      border-bottom: 1px solid var(--pw-border);
      align-items: baseline;
    }
    .columns {
      display: grid;
      gap: 1rem;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
    @media (max-width: 900px) {
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .orchestrator {
      display: grid;
      gap: 0.3rem;
      padding: 0.5rem 0;
      border-bottom: 1px solid var(--pw-border);
    }
  `];

  constructor() {
    super();
    this.summary = null;
    this.orchestrators = [];
    this.feed = [];
    this.reloadSummary = coalesce(() => this.loadSummary(), 200);
    this.reloadOrchestrators = coalesce(() => this.loadOrchestrators(), 200);
    this.liveListeners = {
      plan: () => this.reloadSummary(),
      event: (e) => this.handleEvent(e.detail),
      refresh: () => this.load(),
    };
  }

  async load() {
    await Promise.all([this.loadSummary(), this.loadOrchestrators(), this.loadFeed()]);
  }

  async loadSummary() {
    await this.attempt(async () => {
      this.summary = await dashboard.summary();
    });
  }

  async loadOrchestrators() {
    await this.attempt(async () => {
      this.orchestrators = await orchestrators.list();
    });
  }

  async loadFeed() {
    await this.attempt(async () => {
      this.feed = (await dashboard.activity(FEED_SIZE)).items;
    });
  }

  handleEvent(event) {
    if (event.type === 'activity:new') {
      const item = event.data;
      if (!this.feed.some((existing) => existing.id === item.id)) {
        this.feed = [item, ...this.feed].slice(0, FEED_SIZE);
      }
    } else if (event.type.startsWith('orchestrator:')) {
      this.reloadOrchestrators();
    }
  }

  render() {
    const s = this.summary;
    const working = this.orchestrators.filter((o) => o.status === 'running' || o.status === 'paused');
    return html`
      <h1>Overview</h1>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : ''}
      <section class="cards" aria-label="Summary" data-testid="summary">
        ${this.figure('Plans', s?.plans.total, 'plans-total')}
        ${this.figure('Pending plans', s?.plans.pending, 'plans-pending')}
        ${this.figure('Plans in progress', s?.plans.active, 'plans-active')}
        ${this.figure('Completed plans', s?.plans.completed, 'plans-completed')}
        ${this.figure('Failed plans', s?.plans.failed, 'plans-failed')}
        ${this.figure('Running orchestrators', s?.orchestrators.running, 'orchestrators-running')}
        ${this.figure('Tasks completed today', s?.tasks.completedToday, 'tasks-completed-today')}
        ${this.figure('Failed tasks', s?.tasks.failed, 'tasks-failed')}
      </section>
      <div class="columns spaced-above">
        <section class="card" aria-labelledby="working-title">
          <h2 id="working-title">Orchestrators at work</h2>
          ${working.length === 0 ? html`<p class="muted">None is running.</p>` : working.map((o) => html`
            <div class="orchestrator" data-testid="working-orchestrator">
              <div class="row spread">
                <a href="#/plans/${enc(o.planName || o.plan || '')}">${o.planName || o.plan || o.id}</a>
                <pw-badge .status=${o.status}></pw-badge>
              </div>
              <pw-progress .value=${o.progress} label="progress of ${o.planName}"></pw-progress>
              <span class="muted">${o.worktreePath ? html`<span data-testid="working-worktree">in worktree plan-${o.plan}</span> · ` : ''}
                ${[o.currentTask ? `Task ${o.currentTask}` : '', o.summary ? `${o.summary.completed} of ${o.summary.totalTasks} done` : '']
                  .filter(Boolean).join(' · ')}</span>
            </div>`)}
        </section>
        <section class="card" aria-labelledby="activity-title">
          <h2 id="activity-title">Activity</h2>
          ${this.feed.length === 0 ? html`<p class="muted">No task has started yet.</p>` : html`
            <ul class="feed" data-testid="activity">
              ${this.feed.map((item) => html`
                <li>
                  <pw-badge .status=${item.action === 'started' ? 'in_progress' : item.action}></pw-badge>
                  <span><a href="#/plans/${enc(item.plan)}">${item.plan}</a> · ${item.message}</span>
                  <time class="muted" datetime=${item.timestamp} title=${exact(item.timestamp)}>${ago(item.timestamp)}</time>
                </li>`)}
            </ul>`}
        </section>
      </div>`;
  }

  figure(title, value, id) {
    return html`<div class="card"><div class="muted">${title}</div><div class="figure" data-testid=${id}>${count(value)}</div></div>`;
  }
}
customElements.define('pw-overview', PwOverview);
