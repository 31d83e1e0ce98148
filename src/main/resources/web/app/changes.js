// A plan's changes: what its branch changed since it left the main branch (commits, files with
// their added and removed lines), one file's diff, and its worktree's uncommitted work. Follows
// plan:changes on the live connection. Open from the start for a plan in a worktree of its own (it
// has a branch); for the others it is asked for when a person opens it, since a plan without a
// branch of its own answers 404 NO_BRANCH.

import { html, css } from 'lit';
import { plans } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, count, exact } from './format.js';

/** A file's status as a word and a sign, never colour alone. */
const STATUS_SIGNS = { added: '+', modified: '~', deleted: '−', renamed: '→', copied: '⧉', typechange: '~', untracked: '?' };

export const changeStyles = css`
  .chip {
    display: inline-block;
    font-size: 0.78rem;
    padding: 0 0.45rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .added, .plus { color: var(--pw-completed); }
  .deleted, .minus { color: var(--pw-failed); }
  .renamed, .modified, .typechange, .copied { color: var(--pw-running); }
  .untracked { color: var(--pw-muted); }
  .conflict { color: var(--pw-failed); }
  .overlap { color: var(--pw-paused); }
  .none, .unknown { color: var(--pw-muted); }
  .counts {
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
`;

class PwPlanChanges extends LiveView {
  static loadOnConnect = false;

  static properties = {
    plan: {},
    open: { type: Boolean },
    changes: { state: true },
    diff: { state: true },
    error: { state: true },
    absent: { state: true },
  };

  static styles = [shared, changeStyles, css`
    details > summary {
      cursor: pointer;
    }
    /* Classes, not style attributes: the page's Content-Security-Policy refuses inline styles. */
    .inline-title {
      display: inline;
    }
    .spaced {
      margin-top: 1rem;
    }
    .note {
      padding: 0 0.6rem;
    }
    details[open] > summary {
      margin-bottom: 0.5rem;
    }
    .files button.path {
      border: none;
      background: none;
      padding: 0;
      color: var(--pw-link);
      text-align: left;
      white-space: normal;
      overflow-wrap: anywhere;
      cursor: pointer;
      font: inherit;
    }
    .files button.path[aria-pressed='true'] {
      font-weight: 600;
    }
    ol.commits {
      padding-left: 1.2rem;
      margin: 0.25rem 0 0.75rem;
    }
    ol.commits li {
      margin-bottom: 0.2rem;
      overflow-wrap: anywhere;
    }
    .diff {
      margin-top: 0.75rem;
      border: 1px solid var(--pw-border);
      border-radius: 8px;
      overflow: hidden;
    }
    .diff header {
      padding: 0.4rem 0.6rem;
      background: var(--pw-surface-2);
      overflow-wrap: anywhere;
    }
    .diff pre {
      margin: 0;
      overflow-x: auto;
      font-size: 0.8rem;
      line-height: 1.35;
    }
    .diff pre span {
      display: block;
      padding: 0 0.5rem;
      white-space: pre;
      min-width: max-content;
    }
    .diff pre .add {
      background: color-mix(in srgb, var(--pw-completed) 16%, transparent);
    }
    .diff pre .del {
      background: color-mix(in srgb, var(--pw-failed) 16%, transparent);
    }
    .diff pre .hunk {
      color: var(--pw-running);
      background: var(--pw-surface-2);
    }
    .diff pre .meta {
      color: var(--pw-muted);
    }
  `];

  constructor() {
    super();
    this.changes = null;
    this.diff = null;
    this.absent = '';
    this.reload = coalesce(() => this.load(), 150);
    this.liveListeners = {
      event: (e) => {
        if (e.detail.type === 'plan:changes' && e.detail.plan === this.plan) {
          this.reload();
        }
      },
      refresh: () => this.load(),
    };
  }

  willUpdate(changed) {
    if (changed.has('plan')) {
      this.changes = null;
      this.diff = null;
      this.absent = '';
      this.error = '';
    }
    if ((changed.has('plan') || changed.has('open')) && this.open) {
      this.load();
    }
  }

  toggled(event) {
    const open = event.target.open;
    if (open !== this.open) {
      this.open = open;
    }
  }

  async load() {
    if (!this.open) {
      return;
    }
    const plan = this.plan;
    try {
      const changes = await plans.changes(plan);
      if (plan !== this.plan) {
        return;
      }
      this.changes = changes;
      this.absent = '';
      this.error = '';
      if (this.diff) {
        // The file shown may have changed with the branch: show it again, or close it when it is gone.
        const list = this.diff.uncommitted ? changes.uncommitted?.files : changes.files;
        const file = (list || []).find((f) => f.path === this.diff.path);
        if (file) {
          this.showDiff(file, this.diff.uncommitted);
        } else {
          this.diff = null;
        }
      }
    } catch (e) {
      if (e.code === 'NO_BRANCH') {
        this.absent = e.message;
        this.changes = null;
      } else {
        this.error = e.readable || String(e);
      }
    }
  }

  async showDiff(file, uncommitted) {
    await this.attempt(async () => {
      this.diff = await plans.diff(this.plan, file.path, uncommitted);
    });
  }

  render() {
    return html`
      <details class="card" ?open=${this.open} @toggle=${this.toggled} data-testid="changes">
        <summary><h2 id="changes-title" class="inline-title">Changes</h2>
          ${this.changes ? html`<span class="muted counts"> · ${count(this.changes.commitCount)} commits, ${count(this.changes.totals.files)} files
            <span class="plus">+${count(this.changes.totals.added)}</span> <span class="minus">−${count(this.changes.totals.removed)}</span></span>`
            : this.open ? '' : html`<span class="muted"> · what the plan's branch changed</span>`}</summary>
        ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : ''}
        ${this.absent ? html`<p class="muted" data-testid="changes-absent">${this.absent}: its work is not on a branch of its own.</p>` : ''}
        ${this.changes ? this.renderChanges(this.changes) : this.absent || this.error || !this.open ? '' : html`<p class="muted">Loading…</p>`}
      </details>`;
  }

  renderChanges(c) {
    return html`
      <p data-testid="changes-summary"><span class="mono">${c.branch}</span> since it left <span class="mono">${c.baseBranch}</span>
        (<span class="mono" title=${c.base}>${c.base.slice(0, 8)}</span>): ${count(c.commitCount)} commit${c.commitCount === 1 ? '' : 's'},
        ${count(c.totals.files)} file${c.totals.files === 1 ? '' : 's'},
        <span class="counts"><span class="plus">+${count(c.totals.added)}</span> <span class="minus">−${count(c.totals.removed)}</span></span></p>
      ${c.commits.length ? html`
        <h3>Commits</h3>
        <ol class="commits" data-testid="commits">${c.commits.map((commit) => html`
          <li><span class="mono" title=${commit.sha}>${commit.sha.slice(0, 8)}</span> ${commit.subject}
            <span class="muted">· ${commit.author} · <time title=${exact(commit.time)}>${ago(commit.time)}</time></span></li>`)}</ol>
        ${c.commitsTruncated ? html`<p class="muted">${count(c.commitCount - c.commits.length)} older commits not listed.</p>` : ''}`
        : html`<p class="muted">No commit on the branch yet.</p>`}
      ${c.files.length ? html`<h3>Files</h3>${this.renderFiles(c.files, false, 'files')}
        ${c.filesTruncated ? html`<p class="muted">More files changed than are listed.</p>` : ''}` : ''}
      ${c.uncommitted ? html`
        <h3 class="spaced">Uncommitted in the worktree</h3>
        <p class="muted mono">${c.uncommitted.worktreePath}</p>
        ${c.uncommitted.files.length ? this.renderFiles(c.uncommitted.files, true, 'uncommitted')
          : html`<p class="muted">Nothing uncommitted.</p>`}` : ''}
      ${this.diff ? this.renderDiff(this.diff) : ''}`;
  }

  renderFiles(files, uncommitted, testId) {
    const open = (file) => this.diff && this.diff.path === file.path && this.diff.uncommitted === uncommitted;
    return html`
      <table class="stack files" data-testid=${testId}>
        <thead><tr><th>File</th><th>Change</th><th class="num">Lines</th></tr></thead>
        <tbody>${files.map((file) => html`
          <tr data-path=${file.path}>
            <td data-label="File"><span><button class="path mono" aria-pressed=${open(file) ? 'true' : 'false'}
                @click=${() => this.showDiff(file, uncommitted)}>${file.path}</button>
              ${file.oldPath ? html`<div class="muted mono">from ${file.oldPath}</div>` : ''}</span></td>
            <td data-label="Change"><span><span class="chip ${file.status}"><span aria-hidden="true">${STATUS_SIGNS[file.status] || '·'}</span>
              ${file.status}${file.binary ? ', binary' : ''}</span></span></td>
            <td data-label="Lines" class="num"><span class="counts">${file.added === null ? '–'
              : html`<span class="plus">+${count(file.added)}</span> <span class="minus">−${count(file.removed)}</span>`}</span></td>
          </tr>`)}</tbody>
      </table>`;
  }

  renderDiff(d) {
    return html`
      <article class="diff" aria-label="Diff of ${d.path}" data-testid="diff">
        <header class="row spread"><span class="mono">${d.oldPath ? `${d.oldPath} → ` : ''}${d.path}${d.uncommitted ? ' (uncommitted)' : ''}</span>
          <button @click=${() => { this.diff = null; }} aria-label="Close the diff">Close</button></header>
        ${d.binary ? html`<p class="muted note">Binary file: not shown.</p>` : html`
          <pre>${d.diff.split('\n').map((line) => html`<span class=${lineClass(line)}>${line}</span>`)}</pre>
          ${d.truncated ? html`<p class="muted note">The diff is cut at 256 KiB.</p>` : ''}`}
      </article>`;
  }
}

/** How a line of a unified diff is marked: added, removed, a hunk header, or git's own header lines. */
function lineClass(line) {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')
      || line.startsWith('similarity ') || line.startsWith('rename ') || line.startsWith('new file') || line.startsWith('deleted file')) {
    return 'meta';
  }
  if (line.startsWith('@@')) {
    return 'hunk';
  }
  if (line.startsWith('+')) {
    return 'add';
  }
  return line.startsWith('-') ? 'del' : '';
}

customElements.define('pw-plan-changes', PwPlanChanges);
