// Worktrees and resources: the plan worktrees with their age, and what a new one would need.

import { html, css } from 'lit';
import { worktrees, dashboard, enc, ApiError } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, count, exact } from './format.js';
import './conflicts.js';

class PwWorktrees extends LiveView {
  static properties = {
    worktrees: { state: true },
    resources: { state: true },
    error: { state: true },
    removing: { state: true },
    refusal: { state: true },
    reply: { state: true },
  };

  // Classes, not style attributes: the page's Content-Security-Policy refuses inline styles.
  static styles = [shared, css`dialog { max-width: 40rem; } dialog ul { padding-left: 1.2rem; } form.new-worktree { margin-bottom: 1rem; }`];

  constructor() {
    super();
    this.worktrees = null;
    this.resources = null;
    this.removing = null;
    this.refusal = null;
    this.reply = null;
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
      const [report, resources] = await Promise.all([worktrees.list(), dashboard.resources()]);
      this.worktrees = report;
      this.resources = resources;
    });
  }

  async create(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const plan = String(form.get('plan') || '').trim();
    try {
      const reply = await worktrees.create(plan, { attach: Boolean(form.get('attach')) });
      this.reply = { ok: true, text: `Created ${reply.data.path} on ${reply.data.branch}` };
      event.target.reset();
    } catch (e) {
      this.reply = { ok: false, text: `Create failed: ${e instanceof ApiError ? e.readable : e}` };
    }
    this.load();
  }

  /** Asks first, saying what is lost: the directory and anything uncommitted in it; the branch stays unless merged. */
  confirmRemove(worktree) {
    this.removing = worktree;
    this.refusal = null;
    this.updateComplete.then(() => this.renderRoot.querySelector('#remove-dialog').showModal());
  }

  async remove(force) {
    const w = this.removing;
    try {
      const reply = await worktrees.remove(w.planName, force);
      this.renderRoot.querySelector('#remove-dialog').close();
      this.reply = { ok: true, text: `Removed ${reply.data.path}; branch ${reply.data.branch} ${reply.data.branchDeleted ? 'deleted (merged)' : 'kept'}` };
      this.removing = null;
    } catch (e) {
      // Dirty or unmerged: the dialog now lists what a forced removal would lose.
      this.refusal = e instanceof ApiError ? e : new ApiError(0, 'ERROR', String(e));
    }
    this.load();
  }

  renderRemoveDialog() {
    const w = this.removing;
    const r = this.refusal;
    const forceable = r && (r.code === 'WORKTREE_DIRTY' || r.code === 'WORKTREE_UNMERGED');
    return html`
      <dialog id="remove-dialog" aria-labelledby="remove-title">
        ${w ? html`
          <h2 id="remove-title">Remove ${w.name}?</h2>
          <p>The directory <span class="mono">${w.path}</span> is deleted with <span class="mono">git worktree remove</span>.
            Uncommitted changes in it would be lost, so planwatch refuses while there are any, or while its
            orchestrator runs. The branch <span class="mono">${w.branch}</span> is kept unless it is merged.</p>
          ${r ? html`<p class="notice error" role="alert" data-testid="remove-refusal">${r.readable}</p>
            ${(r.details.changes || []).length ? html`<p>Lost if removed anyway:</p>
              <ul class="mono">${r.details.changes.map((c) => html`<li>${c}</li>`)}</ul>` : ''}
            ${(r.details.commits || []).length ? html`<p>Commits not in ${r.details.mainBranch} (kept on the branch):</p>
              <ul class="mono">${r.details.commits.map((c) => html`<li>${c}</li>`)}</ul>` : ''}` : ''}
          <div class="row">
            ${forceable
              ? html`<button class="danger" @click=${() => this.remove(true)}>Remove anyway</button>`
              : html`<button class="danger" @click=${() => this.remove(false)}>Remove</button>`}
            <button @click=${() => this.renderRoot.querySelector('#remove-dialog').close()}>Cancel</button>
          </div>` : ''}
      </dialog>`;
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
      <form class="row new-worktree" @submit=${this.create} aria-label="New worktree">
        <label>Plan <input name="plan" required pattern="[A-Za-z0-9_-]+" placeholder="plan name"></label>
        <label class="row"><input name="attach" type="checkbox"> on its existing branch</label>
        <button type="submit">Create worktree</button>
      </form>
      ${this.reply ? html`<p class="notice ${this.reply.ok ? '' : 'error'}" role="status" data-testid="worktree-reply">${this.reply.text}</p>` : ''}
      ${w === null ? html`<p class="muted">Loading…</p>` : w.worktrees.length === 0
        ? html`<p class="muted">No plan worktree: every plan runs in the main checkout.</p>` : html`
        <table class="stack" data-testid="worktrees">
          <thead><tr><th>Worktree</th><th>Branch</th><th>Plan</th><th>State</th><th>Last commit</th><th></th></tr></thead>
          <tbody>${w.worktrees.map((t) => html`
            <tr>
              <td data-label="Worktree"><span>${t.name}<div class="muted mono">${t.path}</div></span></td>
              <td data-label="Branch" class="mono">${t.branch || '–'}</td>
              <td data-label="Plan">${t.planName ? html`<a href="#/plans/${enc(t.planName)}">${t.planName}</a>` : '–'}</td>
              <td data-label="State"><pw-badge .status=${t.status}></pw-badge></td>
              <td data-label="Last commit" title=${exact(t.age?.lastCommitAt)}>${t.age?.lastCommitAt
                ? html`${ago(t.age.lastCommitAt)}${t.age.isStale ? html` <span class="error">(stale)</span>` : ''}` : '–'}</td>
              <td data-label="">${t.planName && t.status !== 'prunable'
                ? html`<button class="danger" @click=${() => this.confirmRemove(t)}>Remove…</button>` : ''}</td>
            </tr>`)}</tbody>
        </table>`}
      ${this.renderRemoveDialog()}
      <pw-conflicts></pw-conflicts>`;
  }
}
customElements.define('pw-worktrees', PwWorktrees);
