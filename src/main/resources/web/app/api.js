// The API as the page uses it: the token, the {success, data} envelope, and errors a person can read.

const TOKEN_KEY = 'planwatch.token';

/** Readable sentences for the error codes a control can answer; anything else shows the server's own message. */
const MESSAGES = {
  ALREADY_RUNNING: 'An orchestrator is already running for this plan.',
  WORKSPACE_BUSY: 'Another plan is running in this checkout; only one can run at a time.',
  RESOURCE_EXHAUSTED: 'The limit of plan worktrees (worktrees.max_concurrent) is reached.',
  INSUFFICIENT_DISK: 'There is not enough free disk space for a new worktree.',
  WORKTREE_EXISTS: 'The plan’s worktree or branch exists already.',
  WORKTREE_NOT_FOUND: 'The plan has no worktree (or no branch to attach).',
  WORKTREE_BUSY: 'The plan’s orchestrator runs in this worktree; stop it first.',
  WORKTREE_DIRTY: 'The worktree has uncommitted changes.',
  WORKTREE_UNMERGED: 'The worktree’s branch has commits the main branch does not have.',
  CONTROL_DISABLED: 'planwatch runs in observe mode: it shows progress but does not control orchestrators.',
  NOT_RUNNING: 'No orchestrator is running for this plan.',
  ORCHESTRATOR_UNREACHABLE: 'The orchestrator did not answer.',
  ORCHESTRATOR_NOT_FOUND: 'This orchestrator is no longer in the registry.',
  PLAN_NOT_FOUND: 'This plan is not in the workspace.',
  TASK_NOT_FOUND: 'This task is not in the plan’s status file.',
  TASK_NOT_SKIPPABLE: 'Only a pending or failed task can be skipped.',
  TASK_NOT_RETRYABLE: 'Only a failed or skipped task can be retried, at most twice.',
  STATUS_LOCKED: 'Another tool is writing the plan’s status file; try again in a moment.',
  STATUS_NOT_FOUND: 'This plan has no status file yet.',
  STATUS_TOO_LARGE: 'The plan’s status file is larger than planwatch reads; it was not changed.',
  STATUS_UNUSABLE: 'The plan’s status file is not a status file planwatch can change.',
  STATUS_MOVED: 'The plan’s output folder was replaced while the change waited; nothing was written.',
  START_FAILED: 'The orchestrator did not start.',
  STOP_FAILED: 'Some processes of the orchestrator did not exit.',
  SHUTTING_DOWN: 'planwatch is shutting down.',
  AUTH_REQUIRED: 'The access token is missing or wrong.',
  INVALID_REQUEST: 'The request was refused.',
  NO_BRANCH: 'This plan has no branch of its own.',
  FILE_NOT_CHANGED: 'The plan did not change this file.',
  GIT_UNAVAILABLE: 'git could not answer (missing, failing or too slow).',
};

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }

  /** What the page shows: the sentence for the code, with the server's own words when they add something. */
  get readable() {
    const known = MESSAGES[this.code];
    if (!known) {
      return this.message || `Request failed (${this.status})`;
    }
    return this.message && this.message !== known ? `${known} ${this.message}` : known;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** Listeners told when the server asks for a token (401). */
const authListeners = new Set();

export function onAuthRequired(listener) {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

/** A URL of this origin, with the token as a query parameter (WebSockets and event streams cannot send headers). */
export function streamUrl(path, protocol) {
  const url = new URL(path, window.location.href);
  if (protocol === 'ws') {
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  }
  const t = token();
  if (t) {
    url.searchParams.set('access_token', t);
  }
  return url.toString();
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) {
    headers.Authorization = `Bearer ${t}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'planwatch cannot be reached.');
  }
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    // not JSON: reported below
  }
  if (!response.ok || !json || json.success === false) {
    const error = new ApiError(response.status, json?.code || 'HTTP_' + response.status, json?.error || response.statusText, json?.details);
    if (response.status === 401) {
      authListeners.forEach((listener) => listener(error));
    }
    throw error;
  }
  return json;
}

/** GET: the reply's {@code data}. */
async function get(path) {
  return (await request('GET', path)).data;
}

/** GET: the whole reply (for the replies with more top-level keys than data). */
function getReply(path) {
  return request('GET', path);
}

/** POST: the whole reply ({success, message, data, …}). */
function post(path, body = {}) {
  return request('POST', path, body);
}

/** DELETE: the whole reply. */
function del(path) {
  return request('DELETE', path);
}

export const enc = encodeURIComponent;

// The endpoints the page calls. Every /api/ URL is built here and nowhere else (PageSourcesTest):
// a view names what it wants (plans.skip(name, task, body)), never a path. A reader's reply is its
// data; a control's is the whole reply, whose message the view shows.

const plan = (name) => `/api/plans/${enc(name)}`;

export const plans = {
  /** The whole reply: the list is its data. */
  list: () => getReply('/api/plans'),
  get: (name) => get(plan(name)),
  history: (name) => get(`${plan(name)}/history`),
  findings: (name) => get(`${plan(name)}/findings`),
  finding: (name, taskId) => get(`${plan(name)}/findings/${enc(taskId)}`),
  changes: (name) => get(`${plan(name)}/changes`),
  diff: (name, path, uncommitted) => get(`${plan(name)}/changes/diff?path=${enc(path)}${uncommitted ? '&uncommitted=true' : ''}`),
  /** The log stream's URL for an EventSource, which cannot send the token as a header. */
  logStream: (name, lines) => streamUrl(`${plan(name)}/logs?follow=true&lines=${lines}`),
  start: (name, body) => post(`${plan(name)}/start`, body),
  stop: (name, body) => post(`${plan(name)}/stop`, body),
  skip: (name, taskId, body) => post(`${plan(name)}/tasks/${enc(taskId)}/skip`, body),
  retry: (name, taskId) => post(`${plan(name)}/tasks/${enc(taskId)}/retry`),
};

const orchestrator = (id) => `/api/orchestrators/${enc(id)}`;

export const orchestrators = {
  list: () => get('/api/orchestrators'),
  pause: (id) => post(`${orchestrator(id)}/pause`),
  resume: (id) => post(`${orchestrator(id)}/resume`),
  stop: (id) => post(`${orchestrator(id)}/stop`),
};

export const worktrees = {
  list: () => get('/api/worktrees'),
  create: (planName, body) => post(`/api/worktrees/${enc(planName)}`, body),
  remove: (planName, force) => del(`/api/worktrees/${enc(planName)}${force ? '?force=true' : ''}`),
  conflicts: () => get('/api/worktrees/conflicts'),
};

export const dashboard = {
  settings: () => get('/api/dashboard/settings'),
  summary: () => get('/api/dashboard/summary'),
  resources: () => get('/api/resources'),
  activity: (pageSize) => get(`/api/activity?pageSize=${pageSize}`),
};

export const notifications = {
  overview: () => get('/api/notifications'),
  test: () => post('/api/notifications/test'),
};
