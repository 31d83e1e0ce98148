// The look shared by every view: light and dark from the system, readable at 390 px and 1280 px.

import { css } from 'lit';

export const shared = css`
  :host {
    display: block;
    color: var(--pw-text);
  }
  h1, h2, h3 {
    margin: 0 0 0.6rem;
    font-weight: 600;
  }
  h1 { font-size: 1.4rem; }
  h2 { font-size: 1.1rem; }
  h3 { font-size: 1rem; }
  a {
    color: var(--pw-link);
  }
  button, select, input, textarea {
    font: inherit;
    color: inherit;
  }
  button {
    white-space: nowrap;
    overflow-wrap: normal;
    border: 1px solid var(--pw-border);
    background: var(--pw-surface-2);
    border-radius: 6px;
    padding: 0.3rem 0.7rem;
    cursor: pointer;
  }
  button.primary {
    background: var(--pw-accent);
    border-color: var(--pw-accent);
    color: var(--pw-on-accent);
  }
  button.danger {
    border-color: var(--pw-failed);
    color: var(--pw-failed);
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  input, select, textarea {
    border: 1px solid var(--pw-border);
    background: var(--pw-surface);
    border-radius: 6px;
    padding: 0.3rem 0.5rem;
  }
  :is(a, button, input, select, textarea, summary, [tabindex]):focus-visible {
    outline: 3px solid var(--pw-focus);
    outline-offset: 2px;
  }
  .card {
    background: var(--pw-surface);
    border: 1px solid var(--pw-border);
    border-radius: 10px;
    padding: 1rem;
  }
  .grid {
    display: grid;
    gap: 1rem;
  }
  .spaced-above {
    margin-top: 1rem;
  }
  .spaced-below {
    margin-bottom: 1rem;
  }
  .cards {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr));
  }
  .muted {
    color: var(--pw-muted);
  }
  .row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
  }
  .spread {
    justify-content: space-between;
  }
  .error {
    color: var(--pw-failed);
  }
  .notice {
    border-left: 4px solid var(--pw-accent);
    padding: 0.4rem 0.7rem;
    background: var(--pw-surface-2);
    border-radius: 4px;
  }
  .notice.error {
    border-left-color: var(--pw-failed);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th, td {
    text-align: left;
    padding: 0.45rem 0.5rem;
    border-bottom: 1px solid var(--pw-border);
    vertical-align: top;
    overflow-wrap: anywhere;
  }
  th {
    font-weight: 600;
    color: var(--pw-muted);
    font-size: 0.85rem;
  }
  td.num, th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  code, .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.88em;
  }
  @media (max-width: 700px) {
    table.stack thead {
      display: none;
    }
    table.stack tr {
      display: block;
      border-bottom: 1px solid var(--pw-border);
      padding: 0.4rem 0;
    }
    table.stack td {
      display: grid;
      grid-template-columns: 6.5rem minmax(0, 1fr);
      gap: 0.5rem;
      border: none;
      padding: 0.15rem 0;
    }
    table.stack td[data-label]::before {
      content: attr(data-label);
      color: var(--pw-muted);
      font-size: 0.85rem;
    }
    table.stack td.num {
      text-align: left;
    }
  }
`;

/** A form in a modal dialog (the plan's start and skip dialogs): the page's surface, fields one under another. */
export const dialogs = css`
  dialog {
    border: 1px solid var(--pw-border);
    border-radius: 10px;
    background: var(--pw-surface);
    color: var(--pw-text);
    width: min(28rem, 92vw);
  }
  dialog form {
    display: grid;
    gap: 0.7rem;
  }
  dialog label {
    display: grid;
    gap: 0.2rem;
  }
`;
