// The orchestrator's log, following live over SSE. The browser's EventSource reconnects by itself
// and sends the id of the last line it got; planwatch resumes exactly after it, so a cut stream
// leaves neither a gap nor a repeated line.

import { LitElement, html, css } from 'lit';
import { plans } from './api.js';

const MAX_LINES = 2000;

class PwLogView extends LitElement {
  static properties = {
    plan: {},
    lines: { state: true },
    state: { state: true },
    following: { state: true },
  };

  static styles = css`
    :host {
      display: block;
    }
    .bar {
      display: flex;
      gap: 0.6rem;
      align-items: center;
      margin-bottom: 0.4rem;
      color: var(--pw-muted);
      font-size: 0.85rem;
    }
    button {
      font: inherit;
      border: 1px solid var(--pw-border);
      background: var(--pw-surface-2);
      color: inherit;
      border-radius: 6px;
      padding: 0.2rem 0.6rem;
      cursor: pointer;
    }
    button:focus-visible, pre:focus-visible {
      outline: 3px solid var(--pw-focus);
      outline-offset: 2px;
    }
    pre {
      margin: 0;
      max-height: 22rem;
      overflow: auto;
      background: var(--pw-surface-2);
      border-radius: 6px;
      padding: 0.5rem 0.6rem;
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.8rem;
      line-height: 1.4;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .reset {
      color: var(--pw-paused);
    }
  `;

  constructor() {
    super();
    this.lines = [];
    this.state = 'connecting';
    this.following = true;
    this.source = null;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.close();
  }

  willUpdate(changed) {
    if (changed.has('plan')) {
      this.lines = [];
      this.connect();
    }
  }

  close() {
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  /** Opens the stream; a plan without a log yet gets its lines once the orchestrator writes them. */
  connect() {
    this.close();
    this.state = 'connecting';
    const source = new EventSource(plans.logStream(this.plan, 200));
    this.source = source;
    source.onopen = () => {
      this.state = 'live';
    };
    source.onerror = () => {
      // CONNECTING: the browser reconnects by itself and resumes after the last line it got.
      this.state = source.readyState === EventSource.CLOSED ? 'error' : 'reconnecting';
    };
    source.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type === 'log') {
        this.append({ text: message.content });
      } else if (message.type === 'reset') {
        this.lines = [];
        this.append({ text: '— the log was truncated or replaced; following the new one —', reset: true });
      }
    };
  }

  append(line) {
    const next = this.lines.length >= MAX_LINES ? this.lines.slice(this.lines.length - MAX_LINES + 1) : this.lines.slice();
    next.push(line);
    this.lines = next;
  }

  updated() {
    if (this.following) {
      const pre = this.renderRoot.querySelector('pre');
      if (pre) {
        pre.scrollTop = pre.scrollHeight;
      }
    }
  }

  render() {
    const status = {
      connecting: 'Connecting…',
      live: 'Following',
      reconnecting: 'Reconnecting…',
      error: 'The log cannot be read.',
    }[this.state];
    return html`
      <div class="bar">
        <span role="status" data-testid="log-state">${status}</span>
        <button @click=${() => (this.following = !this.following)} aria-pressed=${this.following ? 'false' : 'true'}>
          ${this.following ? 'Pause scrolling' : 'Resume scrolling'}</button>
        <span>${this.lines.length} lines</span>
      </div>
      ${this.lines.length === 0 && this.state === 'live' ? html`<p>No line yet: the log fills when the orchestrator runs.</p>` : ''}
      <pre tabindex="0" aria-label="Orchestrator log" data-testid="log" ?hidden=${this.lines.length === 0}>${this.lines.map((line) =>
        html`<span class=${line.reset ? 'reset' : ''}>${line.text}\n</span>`)}</pre>`;
  }
}
customElements.define('pw-log-view', PwLogView);
