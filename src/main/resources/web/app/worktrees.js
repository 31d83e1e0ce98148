// Worktrees and resources: the plan worktrees with their age, and what a new one would need.

import { html } from 'lit';
import { get, enc } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, count, exact } from './format.js';
import './conflicts.js';

class PwWorktrees extends LiveView {
  static properties = {
    worktrees: { state: true },
    resources: { state: true },
    error: { state: true },
  };

  static styles = [shared];

  constructor() {
    super();
    this.worktrees = null;
    this.resources = null;
    // A worktree's coming and going is seen as a change of the plans it holds (git runs for each
    // load, so bursts are coalesced generously).
    this.reload = coalesce(() => this.load(), 2000);
    this.liveListeners = {
      plan: () => this.reload(),
      refresh: () => this.load(),
    };
  }

  async load() {
    await this.attempt(async () => {
      const [worktrees, resources] = await Promise.all([get('/api/worktrees'), get('/api/resources')]);
      this.worktrees = worktrees;
      this.resources = resources;
    });
  }

  render() {
    const w = this.worktrees;
    const r = this.resources;
    const warnings = [...new Set([...(w?.warnings || []), ...(r?.warnings || [])])];
    return html`
      <div class="row spread"><h1>Worktrees and resources</h1><button @click=${() => this.load()}>Refresh</button></div>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : ''}
      ${warnings.map((warning) => html`<p class="notice error" role="alert">${warning}</p>`)}
      ${r ? html`
        <section class="cards spaced-below" aria-label="Resources">
          <div class="card"><div class="muted">Plan worktrees</div>
            <div data-testid="worktrees-current"><strong>${r.limits.concurrentWorktrees.current}</strong> of ${r.limits.concurrentWorktrees.max} allowed</div></div>
          <div class="card"><div class="muted">Disk space</div>
            <div><strong>${count(r.limits.diskSpace.availableMB)} MB</strong> free
              ${r.limits.diskSpace.sufficient ? '' : html`<span class="error">(${count(r.limits.diskSpace.requiredMB)} MB needed)</span>`}</div></div>
          <div class="card"><div class="muted">A new worktree</div>
            <div>${r.canCreateWorktree ? 'can be created' : html`<span class="error">cannot be created</span>`}</div></div>
          <div class="card"><div class="muted">Stale / abandoned</div>
            <div><strong>${r.worktrees.stale}</strong> / <strong>${r.worktrees.abandoned}</strong></div></div>
        </section>` : ''}
      ${w === null ? html`<p class="muted">Loading…</p>` : w.worktrees.length === 0
        ? html`<p class="muted">No plan worktree: every plan runs in the main checkout.</p>` : html`
        <table class="stack" data-testid="worktrees">
          <thead><tr><th>Worktree</th><th>Branch</th><th>Plan</th><th>State</th><th>Last commit</th></tr></thead>
          <tbody>${w.worktrees.map((t) => html`
            <tr>
              <td data-label="Worktree"><span>${t.name}<div class="muted mono">${t.path}</div></span></td>
              <td data-label="Branch" class="mono">${t.branch || '–'}</td>
              <td data-label="Plan">${t.planName ? html`<a href="#/plans/${enc(t.planName)}">${t.planName}</a>` : '–'}</td>
              <td data-label="State"><pw-badge .status=${t.status}></pw-badge></td>
              <td data-label="Last commit" title=${exact(t.age?.lastCommitAt)}>${t.age?.lastCommitAt
                ? html`${ago(t.age.lastCommitAt)}${t.age.isStale ? html` <span class="error">(stale)</span>` : ''}` : '–'}</td>
            </tr>`)}</tbody>
        </table>`}
      <pw-conflicts></pw-conflicts>`;
  }
}
customElements.define('pw-worktrees', PwWorktrees);
