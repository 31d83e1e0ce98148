// A plan's findings: a button per finding, and the one opened rendered from its Markdown under a
// policy that leaves a document and nothing more. A finding that cannot be loaded is told to
// pw-plan with a "reply" event, which shows it where the controls' replies are shown.

import { LitElement, html, css } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { plans } from './api.js';
import { shared } from './styles.js';

/**
 * What a finding may contain: a document, nothing more. No styles (a finding could hide the
 * controls or lay a link over the whole view), no forms or inputs (a fake token prompt), no
 * resources from elsewhere (a tracker would learn when it is read; only data: images stay), no
 * classes or ids (the page's own styles and elements), and every link opens outside the app without
 * a referrer or a handle on this window. The page's Content-Security-Policy enforces the same.
 */
const FINDING_POLICY = {
  FORBID_TAGS: ['style', 'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog',
    'iframe', 'frame', 'object', 'embed', 'audio', 'video', 'source', 'track', 'picture', 'svg', 'math', 'template'],
  FORBID_ATTR: ['style', 'class', 'id', 'name', 'srcset', 'action', 'formaction', 'background', 'poster', 'ping', 'target'],
  ALLOW_DATA_ATTR: false,
};

let findingSanitizer;

/** The finding's Markdown as HTML under FINDING_POLICY; marked and DOMPurify are loaded on first use. */
async function findingToHtml(markdown) {
  if (!findingSanitizer) {
    findingSanitizer = Promise.all([import('marked'), import('dompurify')]).then(([{ marked }, { default: DOMPurify }]) => {
      DOMPurify.addHook('afterSanitizeAttributes', (node) => {
        if (node.tagName === 'A' && node.hasAttribute('href')) {
          node.setAttribute('target', '_blank');
          node.setAttribute('rel', 'noopener noreferrer');
        }
        if (node.tagName === 'IMG' && !/^data:image\//i.test(node.getAttribute('src') || '')) {
          node.removeAttribute('src');
        }
      });
      return (text) => DOMPurify.sanitize(marked.parse(text), FINDING_POLICY);
    });
  }
  return (await findingSanitizer)(markdown);
}

class PwPlanFindings extends LitElement {
  static properties = {
    /** The plan's name. */
    plan: {},
    /** The plan's findings as listed: {taskId, file}. */
    findings: { attribute: false },
    finding: { state: true },
    findingHtml: { state: true },
  };

  static styles = [shared, css`
    .finding {
      border-top: 1px solid var(--pw-border);
      margin-top: 0.75rem;
      padding-top: 0.5rem;
      overflow-wrap: anywhere;
    }
    .finding pre {
      overflow-x: auto;
      background: var(--pw-surface-2);
      padding: 0.5rem;
      border-radius: 6px;
    }
  `];

  constructor() {
    super();
    this.findings = [];
    this.finding = null;
    this.findingHtml = '';
  }

  willUpdate(changed) {
    if (changed.has('plan')) {
      this.finding = null;
    }
  }

  async showFinding(taskId) {
    try {
      const finding = await plans.finding(this.plan, taskId);
      // Loaded only when a finding is opened: the first view stays small.
      this.findingHtml = await findingToHtml(finding.content);
      this.finding = finding;
    } catch (e) {
      this.dispatchEvent(new CustomEvent('reply', { detail: { ok: false, text: e.readable || String(e) } }));
    }
  }

  render() {
    return html`
      <section class="card" aria-labelledby="findings-title">
        <h2 id="findings-title">Findings</h2>
        ${this.findings.length === 0 ? html`<p class="muted">No findings yet.</p>` : html`
          <div class="row">${this.findings.map((f) => html`<button @click=${() => this.showFinding(f.taskId)}
              aria-pressed=${this.finding?.file === f.file ? 'true' : 'false'}>${f.taskId}</button>`)}</div>`}
        ${this.finding ? html`<article class="finding" aria-label="Finding ${this.finding.taskId}" data-testid="finding">${unsafeHTML(this.findingHtml)}</article>` : ''}
      </section>`;
  }
}
customElements.define('pw-plan-findings', PwPlanFindings);
