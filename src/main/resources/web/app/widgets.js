// Small pieces every view uses: a status badge (a word and a sign, never colour alone) and a progress bar.

import { LitElement, html, css } from 'lit';
import { label } from './format.js';

const SIGNS = {
  completed: '✓',
  sent: '✓',
  in_progress: '▶',
  running: '▶',
  paused: '⏸',
  pending: '○',
  failed: '✕',
  skipped: '↷',
  stopped: '■',
  crashed: '✕',
  active: '●',
  stale: '◔',
  abandoned: '◌',
  prunable: '◌',
};

export class PwBadge extends LitElement {
  static properties = { status: {} };

  static styles = css`
    :host {
      display: inline-block;
    }
    .badge {
      display: inline-flex;
      gap: 0.3em;
      align-items: center;
      padding: 0.05rem 0.5rem;
      border-radius: 999px;
      font-size: 0.8rem;
      white-space: nowrap;
      border: 1px solid currentColor;
      color: var(--pw-muted);
    }
    .completed, .active, .sent { color: var(--pw-completed); }
    .in_progress, .running { color: var(--pw-running); }
    .paused, .stale { color: var(--pw-paused); }
    .failed, .crashed, .abandoned { color: var(--pw-failed); }
    .skipped, .stopped, .pending, .prunable { color: var(--pw-muted); }
  `;

  render() {
    const status = this.status || 'unknown';
    return html`<span class="badge ${status}" part="badge"><span aria-hidden="true">${SIGNS[status] || '·'}</span>${label(status)}</span>`;
  }
}
customElements.define('pw-badge', PwBadge);

export class PwProgress extends LitElement {
  static properties = { value: { type: Number }, label: {} };

  static styles = css`
    :host {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      min-width: 8rem;
    }
    .track {
      flex: 1;
      height: 0.5rem;
      border-radius: 999px;
      background: var(--pw-track);
      overflow: hidden;
    }
    .bar {
      height: 100%;
      background: var(--pw-completed);
      border-radius: 999px;
      transition: width 0.3s;
    }
    .text {
      font-size: 0.8rem;
      font-variant-numeric: tabular-nums;
      min-width: 2.6rem;
      text-align: right;
    }
  `;

  get percent() {
    return Math.max(0, Math.min(100, this.value || 0));
  }

  render() {
    const value = this.percent;
    return html`
      <div class="track" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${value}
           aria-label=${this.label || 'progress'}><div class="bar"></div></div>
      <span class="text">${value}%</span>`;
  }

  updated() {
    // Set through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    this.renderRoot.querySelector('.bar').style.width = `${this.percent}%`;
  }
}
customElements.define('pw-progress', PwProgress);
