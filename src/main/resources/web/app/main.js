// The page's shell: navigation, the connection indicator, the token prompt and the views by URL.
// URLs are fragments (#/plans/alpha) so every view can be linked to and the back button works
// without the server knowing the page's routes.

import { LitElement, html, css } from 'lit';
import { dashboard, onAuthRequired, setToken, token, ApiError } from './api.js';
import { live } from './live.js';
import './widgets.js';
import './overview.js';
import './plans.js';
import './plan.js';
import './orchestrators.js';
import './worktrees.js';
import './notifications.js';
import { startDesktopNotifications } from './desktop.js';

const NAV = [
  ['#/', 'Overview'],
  ['#/plans', 'Plans'],
  ['#/orchestrators', 'Orchestrators'],
  ['#/worktrees', 'Worktrees'],
  ['#/notifications', 'Notifications'],
];

/** The view for a fragment: its name and parameters. */
export function route(hash) {
  const [path, query = ''] = (hash || '#/').replace(/^#/, '').split('?');
  const params = Object.fromEntries(new URLSearchParams(query));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'plans' && parts[1]) {
    return { view: 'plan', name: parts[1], params };
  }
  if (['plans', 'orchestrators', 'worktrees', 'notifications'].includes(parts[0])) {
    return { view: parts[0], params };
  }
  return { view: 'overview', params };
}

class PwApp extends LitElement {
  static properties = {
    route: { state: true },
    connection: { state: true },
    settings: { state: true },
    askToken: { state: true },
    tokenError: { state: true },
  };

  static styles = css`
    :host {
      display: block;
      min-height: 100vh;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1.25rem;
      padding: 0.6rem 1.25rem;
      border-bottom: 1px solid var(--pw-border);
      background: var(--pw-surface);
      position: sticky;
      top: 0;
      z-index: 5;
    }
    .brand {
      font-weight: 700;
      font-size: 1.05rem;
      color: var(--pw-text);
      text-decoration: none;
    }
    .workspace {
      color: var(--pw-muted);
      font-size: 0.85rem;
    }
    nav {
      display: flex;
      gap: 0.25rem;
      flex-wrap: wrap;
    }
    nav a {
      color: var(--pw-text);
      text-decoration: none;
      padding: 0.3rem 0.6rem;
      border-radius: 6px;
    }
    nav a[aria-current='page'] {
      background: var(--pw-surface-2);
      font-weight: 600;
    }
    nav a:focus-visible, .brand:focus-visible, button:focus-visible, input:focus-visible {
      outline: 3px solid var(--pw-focus);
      outline-offset: 2px;
    }
    .connection {
      margin-left: auto;
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      font-size: 0.85rem;
      color: var(--pw-muted);
    }
    .dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: var(--pw-paused);
    }
    .live .dot {
      background: var(--pw-completed);
    }
    main {
      padding: 1.25rem;
      max-width: 80rem;
      margin: 0 auto;
    }
    .overlay {
      position: fixed;
      inset: 0;
      background: rgb(0 0 0 / 45%);
      display: grid;
      place-items: center;
      z-index: 10;
    }
    form {
      background: var(--pw-surface);
      border: 1px solid var(--pw-border);
      border-radius: 10px;
      padding: 1.25rem;
      width: min(26rem, 90vw);
      display: grid;
      gap: 0.75rem;
    }
    input {
      font: inherit;
      padding: 0.4rem 0.5rem;
      border: 1px solid var(--pw-border);
      border-radius: 6px;
      background: var(--pw-surface-2);
      color: inherit;
    }
    button {
      font: inherit;
      padding: 0.4rem 0.8rem;
      border-radius: 6px;
      border: 1px solid var(--pw-accent);
      background: var(--pw-accent);
      color: var(--pw-on-accent);
      cursor: pointer;
    }
    .error {
      color: var(--pw-failed);
    }
  `;

  constructor() {
    super();
    this.route = route(window.location.hash);
    this.connection = live.state;
    this.settings = null;
    this.askToken = false;
    this.tokenError = '';
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', () => {
      this.route = route(window.location.hash);
      window.scrollTo(0, 0);
    });
    live.addEventListener('state', (e) => {
      this.connection = e.detail;
    });
    onAuthRequired(() => {
      this.tokenError = token() ? 'That token was not accepted.' : '';
      this.askToken = true;
    });
    this.loadSettings();
    live.start();
    startDesktopNotifications();
  }

  async loadSettings() {
    try {
      this.settings = await dashboard.settings();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) {
        this.settings = { mode: 'control', workspaceName: '' };
      }
    }
  }

  submitToken(event) {
    event.preventDefault();
    const value = new FormData(event.target).get('token').trim();
    setToken(value);
    this.askToken = false;
    this.tokenError = '';
    live.restart();
    this.loadSettings();
    // Every view loads again, now with the token.
    live.dispatchEvent(new CustomEvent('refresh'));
  }

  render() {
    const r = this.route;
    const current = r.view === 'plan' ? 'plans' : r.view;
    const observe = this.settings?.mode === 'observe';
    return html`
      <header>
        <a class="brand" href="#/">planwatch</a>
        <span class="workspace">${this.settings?.workspaceName || ''}${observe ? ' · observe mode' : ''}</span>
        <nav aria-label="Views">
          ${NAV.map(([href, text]) => html`<a href=${href}
              aria-current=${(href === '#/' ? 'overview' : href.slice(2)) === current ? 'page' : 'false'}>${text}</a>`)}
        </nav>
        <span class="connection ${this.connection}" role="status" aria-live="polite" data-testid="connection">
          <span class="dot" aria-hidden="true"></span>${this.connection === 'live' ? 'Live' : this.connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
        </span>
      </header>
      <main>${this.view(r, observe)}</main>
      ${this.askToken ? html`
        <div class="overlay">
          <form @submit=${this.submitToken} aria-labelledby="token-title">
            <h2 id="token-title">Access token</h2>
            <p>This planwatch asks for its access token (<code>PLANWATCH_SECURITY_TOKEN</code>). It is kept for this tab only.</p>
            ${this.tokenError ? html`<p class="error" role="alert">${this.tokenError}</p>` : ''}
            <input name="token" type="password" autocomplete="current-password" aria-label="Access token" required autofocus>
            <button type="submit">Continue</button>
          </form>
        </div>` : ''}`;
  }

  view(r, observe) {
    switch (r.view) {
      case 'plans':
        return html`<pw-plans .params=${r.params}></pw-plans>`;
      case 'plan':
        return html`<pw-plan .name=${r.name} .observe=${observe} .limits=${this.settings?.limits}></pw-plan>`;
      case 'orchestrators':
        return html`<pw-orchestrators .observe=${observe}></pw-orchestrators>`;
      case 'worktrees':
        return html`<pw-worktrees></pw-worktrees>`;
      case 'notifications':
        return html`<pw-notifications></pw-notifications>`;
      default:
        return html`<pw-overview></pw-overview>`;
    }
  }
}
customElements.define('pw-app', PwApp);
