// A plan's runs as its history records them: when each started, how long it took, what it did.

import { LitElement, html } from 'lit';
import { Clock } from './live.js';
import { shared } from './styles.js';
import { ago, duration, exact } from './format.js';

class PwPlanRuns extends LitElement {
  static properties = {
    /** The plan's runs, as its history lists them. */
    runs: { attribute: false },
  };

  static styles = [shared];

  constructor() {
    super();
    this.runs = [];
    new Clock(this, 15_000);
  }

  render() {
    return html`
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
      </section>`;
  }
}
customElements.define('pw-plan-runs', PwPlanRuns);
