// Progress over time: tasks completed against time, from each task's completedAt. A few dozen
// lines of SVG do this; a chart library would weigh more than the whole page.

import { LitElement, html, svg, css } from 'lit';
import { parseTime } from './format.js';

const WIDTH = 600;
const HEIGHT = 240;
const PAD = { left: 40, right: 12, top: 12, bottom: 30 };

class PwChart extends LitElement {
  static properties = { tasks: { type: Array } };

  static styles = css`
    :host {
      display: block;
    }
    svg {
      width: 100%;
      height: auto;
    }
    .axis {
      stroke: var(--pw-border);
    }
    .line {
      fill: none;
      stroke: var(--pw-completed);
      stroke-width: 2;
    }
    .area {
      fill: var(--pw-completed);
      opacity: 0.12;
    }
    text {
      fill: var(--pw-muted);
      font-size: 13px;
    }
    p {
      color: var(--pw-muted);
      margin: 0;
    }
  `;

  constructor() {
    super();
    this.tasks = [];
  }

  render() {
    const total = this.tasks.length;
    const times = this.tasks
      .filter((t) => t.status === 'completed')
      .map((t) => parseTime(t.completedAt))
      .filter((t) => t !== null)
      .sort((a, b) => a - b);
    if (times.length === 0) {
      return html`<p>No task has completed yet.</p>`;
    }
    const first = Math.min(times[0], ...this.tasks.map((t) => parseTime(t.startedAt)).filter((t) => t !== null));
    const last = Math.max(times[times.length - 1], first + 1);
    const x = (t) => PAD.left + ((t - first) / (last - first)) * (WIDTH - PAD.left - PAD.right);
    const y = (n) => HEIGHT - PAD.bottom - (n / Math.max(total, 1)) * (HEIGHT - PAD.top - PAD.bottom);
    // A step line: the count rises at each completion.
    let d = `M ${x(first)} ${y(0)}`;
    times.forEach((t, i) => {
      d += ` L ${x(t)} ${y(i)} L ${x(t)} ${y(i + 1)}`;
    });
    const end = `L ${x(last)} ${y(times.length)}`;
    const area = `${d} ${end} L ${x(last)} ${y(0)} Z`;
    // Seconds matter for a run of minutes, the day for a run of days.
    const span = last - first;
    const options = span < 3_600_000 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : span < 86_400_000 ? { hour: '2-digit', minute: '2-digit' }
        : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
    const format = (t) => new Date(t).toLocaleString(undefined, options);
    return html`
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" data-testid="progress-chart"
           aria-label="${times.length} of ${total} tasks completed between ${format(first)} and ${format(last)}">
        ${svg`
          <line class="axis" x1=${PAD.left} y1=${y(0)} x2=${WIDTH - PAD.right} y2=${y(0)}></line>
          <line class="axis" x1=${PAD.left} y1=${y(0)} x2=${PAD.left} y2=${y(total)}></line>
          <path class="area" d=${area}></path>
          <path class="line" d=${`${d} ${end}`}></path>
          <text x=${PAD.left - 6} y=${y(total) + 4} text-anchor="end">${total}</text>
          <text x=${PAD.left - 6} y=${y(0) + 4} text-anchor="end">0</text>
          <text x=${PAD.left} y=${HEIGHT - 8}>${format(first)}</text>
          <text x=${WIDTH - PAD.right} y=${HEIGHT - 8} text-anchor="end">${format(last)}</text>`}
      </svg>`;
  }
}
customElements.define('pw-chart', PwChart);
