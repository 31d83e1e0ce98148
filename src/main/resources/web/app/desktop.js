// Desktop notifications: planwatch pushes each notification event over /ws/notifications ("notification"),
// and every open tab shows it as a system notification once the person allowed them. The
// notification's tag is the event id, so several open tabs show one notification, not one each.

import { notifications } from './api.js';
import { live } from './live.js';

const ASKED_KEY = 'planwatch.notifications.asked';

/** The events the page's channel shows; null while unknown or when the channel is off. */
let selection = null;
const shown = new Set();

export function desktopPermission() {
  return typeof window.Notification === 'function' ? Notification.permission : 'unsupported';
}

/** Whether the page already asked this browser (it asks once; the browser's settings change it later). */
export function desktopAsked() {
  return localStorage.getItem(ASKED_KEY) === '1';
}

export async function askDesktopPermission() {
  localStorage.setItem(ASKED_KEY, '1');
  const answer = await Notification.requestPermission();
  window.dispatchEvent(new CustomEvent('pw-desktop-permission', { detail: answer }));
  return answer;
}

export function desktopEnabled() {
  return selection !== null;
}

async function loadSelection() {
  try {
    const browser = (await notifications.overview()).channels.find((c) => c.name === 'browser');
    selection = browser ? new Set(browser.events) : null;
  } catch (e) {
    // Unreachable or asking for a token: the next refresh loads it again.
  }
}

const HEADINGS = {
  'plan.completed': 'Plan completed',
  'plan.failed': 'Plan failed',
  'task.failed': 'Task failed',
  'orchestrator.crashed': 'Orchestrator crashed',
  'plan.stalled': 'Plan stalled',
  'notification.test': 'Test notification',
};

function show(event) {
  if (desktopPermission() !== 'granted' || selection === null || shown.has(event.id)) {
    return;
  }
  if (event.type !== 'notification.test' && !selection.has(event.type)) {
    return;
  }
  shown.add(event.id);
  const heading = HEADINGS[event.type] || event.type;
  const notification = new Notification(`planwatch · ${heading}${event.plan ? `: ${event.plan}` : ''}`,
    { body: event.message, tag: event.id });
  notification.onclick = () => {
    window.focus();
    if (event.plan) {
      window.location.hash = `#/plans/${encodeURIComponent(event.plan)}`;
    }
    notification.close();
  };
}

export function startDesktopNotifications() {
  live.addEventListener('event', (e) => {
    if (e.detail.type === 'notification') {
      show(e.detail.data);
    }
  });
  live.addEventListener('refresh', loadSelection);
  loadSelection();
}
