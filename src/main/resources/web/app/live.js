// One live connection per page: /ws/all (every plan's status on each change), /ws/events (the
// dashboard's events) and /ws/notifications (notifications and their deliveries, dispatched as
// events too). Reconnects with backoff; after a reconnect every view refreshes in full, since
// changes made while it was away were not pushed.

import { LitElement } from 'lit';
import { streamUrl } from './api.js';

const MAX_BACKOFF_MS = 10_000;

class LiveConnection extends EventTarget {
  constructor() {
    super();
    this.sockets = {};
    this.state = 'connecting';
    this.attempt = 0;
    this.everConnected = false;
  }

  start() {
    this.open('all', '/ws/all');
    this.open('events', '/ws/events');
    this.open('notifications', '/ws/notifications');
  }

  /** Closes both sockets and opens them again (after a token was entered). */
  restart() {
    Object.values(this.sockets).forEach((socket) => {
      socket.onclose = null;
      socket.close();
    });
    this.sockets = {};
    this.attempt = 0;
    this.start();
  }

  open(name, path) {
    const socket = new WebSocket(streamUrl(path, 'ws'));
    this.sockets[name] = socket;
    socket.onopen = () => {
      this.updateState();
    };
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type === 'heartbeat') {
        return;
      }
      this.dispatchEvent(new CustomEvent(name === 'all' ? 'plan' : 'event', { detail: message }));
    };
    socket.onclose = () => {
      delete this.sockets[name];
      this.updateState();
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt++);
      setTimeout(() => this.open(name, path), delay);
    };
  }

  updateState() {
    const open = ['all', 'events', 'notifications'].every((name) => this.sockets[name]?.readyState === WebSocket.OPEN);
    const state = open ? 'live' : this.everConnected ? 'reconnecting' : 'connecting';
    if (state === this.state) {
      return;
    }
    const reconnected = state === 'live' && this.everConnected;
    this.state = state;
    if (open) {
      this.everConnected = true;
      this.attempt = 0;
    }
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
    if (reconnected) {
      this.dispatchEvent(new CustomEvent('refresh'));
    }
  }
}

export const live = new LiveConnection();

/**
 * Calls {@code fn} at most once per {@code ms} for a burst of calls (the last call's turn comes
 * after the burst): a page refreshes once for a burst of changes, not once per change.
 */
export function coalesce(fn, ms = 150) {
  let timer = null;
  return () => {
    if (timer === null) {
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
    }
  };
}

/**
 * Redraws its host every {@code ms} milliseconds while the host is on the page, for the relative
 * times it shows ("2 minutes ago"): a redraw only, nothing is fetched for it.
 */
export class Clock {
  constructor(host, ms) {
    this.host = host;
    this.ms = ms;
    host.addController(this);
  }

  hostConnected() {
    this.timer = setInterval(() => this.host.requestUpdate(), this.ms);
  }

  hostDisconnected() {
    clearInterval(this.timer);
  }
}

/**
 * A view that follows the live connection while it is on the page: it loads when it is attached
 * ({@code load()}, unless {@code static loadOnConnect} is false), listens to the events named in
 * {@code this.liveListeners} ({plan, event, refresh, state}), and redraws every {@code static clock}
 * milliseconds when it shows relative times (a redraw only: nothing is fetched for it).
 */
export class LiveView extends LitElement {
  static clock = 0;
  static loadOnConnect = true;

  constructor() {
    super();
    this.liveListeners = {};
    this.error = '';
    if (this.constructor.clock) {
      new Clock(this, this.constructor.clock);
    }
  }

  connectedCallback() {
    super.connectedCallback();
    Object.entries(this.liveListeners).forEach(([type, listener]) => live.addEventListener(type, listener));
    if (this.constructor.loadOnConnect) {
      this.load();
    }
  }

  /** Runs a request of the view; a failure becomes the view's error, read as a sentence. */
  async attempt(request) {
    try {
      await request();
      this.error = '';
    } catch (e) {
      this.error = e.readable || String(e);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    Object.entries(this.liveListeners).forEach(([type, listener]) => live.removeEventListener(type, listener));
  }
}
