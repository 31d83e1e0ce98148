// Notifications: the channels configured, this browser's desktop notifications, a test event,
// and the recent deliveries with their attempts, status and last error (updated as they change).

import { html, css } from 'lit';
import { notifications, enc, ApiError } from './api.js';
import { LiveView, coalesce } from './live.js';
import { shared } from './styles.js';
import { ago, exact } from './format.js';
import { desktopPermission, askDesktopPermission, desktopEnabled } from './desktop.js';

class PwNotifications extends LiveView {
  static clock = 30000;

  static properties = {
    overview: { state: true },
    permission: { state: true },
    reply: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  static styles = [shared, css`
    .cards {
      margin-bottom: 1rem;
    }
    .cards .wide {
      grid-column: span 2;
    }
    table.channels {
      margin-bottom: 1.25rem;
    }
    .card button {
      margin-top: 0.4rem;
    }
  `];

  constructor() {
    super();
    this.overview = null;
    this.permission = desktopPermission();
    this.reply = null;
    this.busy = false;
    this.reload = coalesce(() => this.load(), 150);
    this.liveListeners = {
      event: (e) => {
        if (e.detail.type.startsWith('notification')) {
          this.reload();
        }
      },
      refresh: () => this.load(),
    };
  }

  async load() {
    await this.attempt(async () => {
      this.overview = await notifications.overview();
    });
  }

  async allow() {
    this.permission = await askDesktopPermission();
  }

  async test() {
    this.busy = true;
    this.reply = null;
    try {
      const reply = await notifications.test();
      this.reply = { ok: true, text: `Test event sent to ${reply.data.deliveries.length} channel(s)${desktopEnabled() ? ' and this page' : ''}.` };
    } catch (e) {
      this.reply = { ok: false, text: e instanceof ApiError ? e.readable : String(e) };
    } finally {
      this.busy = false;
      this.load();
    }
  }

  desktop() {
    switch (this.permission) {
      case 'granted':
        return html`<span data-testid="desktop-state">Shown on this desktop while planwatch is open in a tab.</span>`;
      case 'denied':
        return html`<span data-testid="desktop-state">Blocked in this browser’s site settings.</span>`;
      case 'unsupported':
        return html`<span data-testid="desktop-state">This browser cannot show desktop notifications.</span>`;
      default:
        return html`<span data-testid="desktop-state">Not allowed yet.</span>
          <button class="primary" @click=${() => this.allow()}>Allow desktop notifications</button>`;
    }
  }

  render() {
    const o = this.overview;
    const channels = (o?.channels || []);
    return html`
      <div class="row spread"><h1>Notifications</h1>
        <button class="primary" ?disabled=${this.busy || channels.length === 0} @click=${() => this.test()}>Send a test notification</button></div>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : ''}
      ${this.reply ? html`<p class="notice ${this.reply.ok ? '' : 'error'}" role="status">${this.reply.text}</p>` : ''}
      <section class="cards" aria-label="Desktop and outbox">
        <div class="card wide"><div class="muted">This browser</div><div>${this.desktop()}</div></div>
        <div class="card"><div class="muted">Waiting for an attempt</div><div><strong data-testid="pending">${o ? o.pending : '–'}</strong></div></div>
      </section>
      <h2>Channels <span class="muted">(set by configuration)</span></h2>
      ${channels.length === 0 ? html`<p class="muted">None: see planwatch.notify.* in the README.</p>` : html`
        <table class="stack channels" data-testid="channels">
          <thead><tr><th>Channel</th><th>Events</th></tr></thead>
          <tbody>${channels.map((c) => html`
            <tr><td data-label="Channel"><strong>${c.name}</strong></td>
              <td data-label="Events" class="mono">${c.events.join(' · ')}</td></tr>`)}</tbody>
        </table>`}
      <h2>Deliveries</h2>
      ${o === null ? html`<p class="muted">Loading…</p>` : o.deliveries.length === 0
        ? html`<p class="muted">Nothing sent yet: plans that complete, fail or stall will be listed here.</p>` : html`
        <table class="stack" data-testid="deliveries">
          <thead><tr><th>When</th><th>Event</th><th>Plan</th><th>Channel</th><th class="num">Attempts</th><th>Status</th><th>Last error</th></tr></thead>
          <tbody>${o.deliveries.map((d) => html`
            <tr data-delivery=${d.id}>
              <td data-label="When" title=${exact(d.createdAt)}>${ago(d.createdAt)}</td>
              <td data-label="Event" class="mono">${d.event.type}</td>
              <td data-label="Plan">${d.event.plan ? html`<a href="#/plans/${enc(d.event.plan)}">${d.event.plan}</a>` : '–'}</td>
              <td data-label="Channel">${d.channel}</td>
              <td data-label="Attempts" class="num">${d.attempts}</td>
              <td data-label="Status"><pw-badge .status=${d.status}></pw-badge></td>
              <td data-label="Last error" class="muted">${d.lastError || '–'}</td>
            </tr>`)}</tbody>
        </table>`}`;
  }
}
customElements.define('pw-notifications', PwNotifications);
