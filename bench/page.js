// The page's own figures, in Debian's Chromium driven by playwright-core:
//   node bench/page.js [URL]            (default http://127.0.0.1:3100/)
// prints, for the overview and the plans view: bytes transferred for the first view (compressed,
// as on the wire) and the time from navigation until the figures, or every plan row, are on
// screen. Needs `npm install playwright-core` (no browser download:
// PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1) and /usr/bin/chromium. Run planwatch first, e.g. on the
// 1,000-plan workspace of bench/generate-workspace.py.
const { chromium } = require('playwright-core');

const base = process.argv[2] || 'http://127.0.0.1:3100/';

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.PLANWATCH_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  for (const [name, fragment] of [['overview', '#/'], ['plans', '#/plans']]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const client = await context.newCDPSession(page);
    await client.send('Network.enable');
    let bytes = 0;
    client.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
    const started = Date.now();
    await page.goto(new URL(fragment, base).toString());
    await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    if (name === 'plans') {
      const expected = (await (await page.request.get(new URL('/api/plans', base).toString())).json()).data.length;
      await page.waitForFunction((n) => {
        const app = document.querySelector('pw-app');
        const view = app && app.shadowRoot.querySelector('pw-plans');
        return view && view.shadowRoot && view.shadowRoot.querySelectorAll('tbody tr').length === n;
      }, expected, { timeout: 60_000 });
      const shown = Date.now() - started;
      console.log(`${name}: ${expected} plans on screen ${shown} ms after navigation; first view ${(bytes / 1024).toFixed(1)} KB transferred`);
    } else {
      await page.getByTestId('plans-total').filter({ hasText: /\d/ }).waitFor();
      console.log(`${name}: figures on screen ${Date.now() - started} ms after navigation; first view ${(bytes / 1024).toFixed(1)} KB transferred`);
    }
    await context.close();
  }
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
