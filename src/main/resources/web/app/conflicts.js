// Where parallel plans collide: each pair of plan branches (and each with the main branch) as git's
// dry-run merge found it, the files several branches change, and the order to merge them in.
// Follows worktrees:conflicts on the live connection.

import { html, css } from 'lit';
import { worktrees, enc } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { count } from './format.js';
import { changeStyles } from './changes.js';

const SEVERITY_SIGNS = { conflict: '✕', overlap: '◐', none: '✓', unknown: '?' };

class PwConflicts extends LiveView {
  static properties = {
    report: { state: true },
    error: { state: true },
  };

  static styles = [shared, changeStyles, css`
    /* A class, not a style attribute: the page's Content-Security-Policy refuses inline styles. */
    :host {
      display: block;
      margin-top: 1rem;
    }
    ol.order {
      padding-left: 1.4rem;
      margin: 0.25rem 0 0.75rem;
    }
    ol.order li {
      margin-bottom: 0.35rem;
    }
    ul.files {
      margin: 0;
      padding-left: 1rem;
    }
    ul.files li {
      overflow-wrap: anywhere;
    }
  `];

  constructor() {
    super();
    this.report = null;
    this.reload = coalesce(() => this.load(), 300);
    this.liveListeners = {
      event: (e) => {
        if (e.detail.type === 'worktrees:conflicts') {
          this.reload();
        }
      },
      refresh: () => this.load(),
    };
  }

  async load() {
    await this.attempt(async () => {
      this.report = await worktrees.conflicts();
    });
  }

  render() {
    const r = this.report;
    return html`
      <section class="card" aria-labelledby="conflicts-title" data-testid="conflicts">
        <h2 id="conflicts-title">Conflicts between plan branches</h2>
        ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : ''}
        ${r === null ? (this.error ? '' : html`<p class="muted">Loading…</p>`) : this.renderReport(r)}
      </section>`;
  }

  renderReport(r) {
    const collisions = r.pairs.filter((p) => p.severity !== 'none');
    const clean = r.pairs.length - collisions.length;
    return html`
      ${r.warnings.map((warning) => html`<p class="notice">${warning}</p>`)}
      ${r.branches.length === 0 ? html`<p class="muted">No plan branch has work that is not in ${r.mainBranch || 'the main branch'}.</p>` : html`
        <p class="muted">${r.branches.length} plan branch${r.branches.length === 1 ? '' : 'es'} with work, each tried against every other
          and against <span class="mono">${r.mainBranch}</span> with a dry-run merge (git merge-tree): nothing checked out or written.</p>
        <h3>Merge order</h3>
        <ol class="order" data-testid="merge-order">${r.mergeOrder.map((step) => html`
          <li><a href="#/plans/${enc(step.plan)}" class="mono">${step.branch}</a> <span class="muted">— ${step.reason}</span></li>`)}</ol>
        <h3>Pairs</h3>
        ${collisions.length === 0 ? html`<p class="muted">No two branches change the same file.</p>` : html`
          <table class="stack" data-testid="pairs">
            <thead><tr><th>Branches</th><th>Severity</th><th>Files</th></tr></thead>
            <tbody>${collisions.map((p) => html`
              <tr data-pair="${p.a} ${p.b}">
                <td data-label="Branches"><span class="mono">${p.a}<br>+ ${p.b}</span></td>
                <td data-label="Severity"><span><span class="chip ${p.severity}"><span aria-hidden="true">${SEVERITY_SIGNS[p.severity]}</span>
                  ${p.severity}</span></span></td>
                <td data-label="Files">${p.error ? html`<span class="muted">${p.error}</span>` : html`<ul class="files">
                  ${p.conflicts.map((c) => html`<li class="mono conflict" title=${c.kinds.join(', ')}>${c.path}
                    <span class="muted">(${c.kinds.join(', ') || 'conflict'})</span></li>`)}
                  ${p.overlapping.filter((path) => !p.conflicts.some((c) => c.path === path))
                    .map((path) => html`<li class="mono">${path} <span class="muted">(merges cleanly)</span></li>`)}</ul>`}</td>
              </tr>`)}</tbody>
          </table>`}
        ${clean ? html`<p class="muted">${count(clean)} other pair${clean === 1 ? '' : 's'} change no common file and merge cleanly.</p>` : ''}
        ${r.overlaps.length ? html`
          <h3>Files several branches change</h3>
          <table class="stack" data-testid="overlaps">
            <thead><tr><th>File</th><th>Branches (lines +/−)</th></tr></thead>
            <tbody>${r.overlaps.map((o) => html`<tr>
              <td data-label="File" class="mono">${o.path}</td>
              <td data-label="Branches"><span>${o.branches.map((b) => html`<div><span class="mono">${b.branch}</span>
                <span class="counts">${b.added === null ? b.status : html`<span class="plus">+${b.added}</span> <span class="minus">−${b.removed}</span>`}</span></div>`)}</span></td>
            </tr>`)}</tbody>
          </table>` : ''}`}`;
  }
}
customElements.define('pw-conflicts', PwConflicts);
