// End-to-end test of the example page in Debian's Chromium, driven by playwright-core. e2e/run.sh
// starts the packaged service and the page's static server and passes their URLs:
//   API_URL=http://127.0.0.1:P1 PAGE_URL=http://127.0.0.1:P2 OTHER_PAGE_URL=http://127.0.0.1:P3 \
//   SCREENSHOTS=dir node e2e/glossary-page.e2e.mjs   (both page origins allowed by the API's CORS)
// Exits 1 when any check fails; every check runs, so one run shows everything that is wrong.
import { chromium } from 'playwright-core';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const api = required('API_URL');
const pageOrigin = required('PAGE_URL');
const otherPageOrigin = required('OTHER_PAGE_URL');
const screenshots = required('SCREENSHOTS');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = 10_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value.replace(/\/+$/, '');
}

const pageFor = (extra = {}, origin = pageOrigin) => `${origin}/?${new URLSearchParams({ api, ...extra })}`;
const results = [];

async function check(name, body) {
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`PASS ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`);
  }
}

function expect(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

async function rendered(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: WAIT });
}

await mkdir(screenshots, { recursive: true });
const profile = await mkdtemp(join(tmpdir(), 'glossary-e2e-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1100, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Everything the browser reports as wrong, from every page of the context.
const problems = [];
const statuses = []; // [url, status] of every answer Playwright reports, redirects included
let wire; // set once the page exists
// Chromium logs every fetch answered 4xx as a console error; the one 400 a check provokes on purpose
// is the only console error let through, and only while that check runs.
let provokedConsoleError = null;
context.on('console', (message) => {
  const entry = `${message.text()} (${message.location().url})`;
  if (message.type() === 'error' && entry === provokedConsoleError) {
    provokedConsoleError = null;
  } else if (message.type() === 'error') {
    problems.push(`console: ${entry}`);
  }
});
context.on('weberror', (error) => problems.push(`page error: ${error.error().message}`));
context.on('response', (response) => statuses.push([response.url(), response.status()]));
context.on('requestfailed', (request) => {
  const failure = request.failure()?.errorText ?? '';
  // Playwright reports net::ERR_ABORTED for a request answered 304 although the page's fetch got its
  // cached body (microsoft/playwright#32752); only that one is not a failure.
  const revalidated = wire?.list(request.url()).some(([url, status]) => url === request.url() && status === 304);
  if (!(failure === 'net::ERR_ABORTED' && revalidated)) {
    problems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  }
});
const answered = (path, status) => statuses.some(([url, s]) => url === api + path && s === status);

/**
 * Statuses as they came over the wire, from the DevTools protocol: Playwright (like fetch) reports a
 * revalidated answer as the 200 it turned into, so a 304 is only visible here.
 */
async function wireStatuses(page) {
  const cdp = await context.newCDPSession(page);
  const urls = new Map();
  const seen = [];
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.responseReceivedExtraInfo', (event) => seen.push([event.requestId, event.statusCode]));
  await cdp.send('Network.enable');
  return {
    clear: () => seen.splice(0),
    sent: (path, status) => seen.some(([id, s]) => urls.get(id) === api + path && s === status),
    list: (fragment) => seen.map(([id, s]) => [urls.get(id), s]).filter(([url]) => url?.includes(fragment)),
  };
}

try {
  const page = context.pages()[0] ?? await context.newPage();
  wire = await wireStatuses(page);

  // The cached-answer case (issue 9, point 1): the term's URL opened as a top-level page puts a
  // fresh (max-age=60) copy without CORS headers in the HTTP cache; the page on the allowed origin
  // that fetches the same URL next must not be handed that copy. Both origins are on 127.0.0.1, so
  // they share one cache partition, as a site and its API on one host do.
  await check('cached answer: the term opened directly, then the page on the allowed origin renders it', async () => {
    const direct = await page.goto(`${api}/terms/transfer-learning`);
    expect(direct.status() === 200, `direct open answered ${direct.status()}`);
    const opened = Date.now();
    await page.goto(pageFor({ term: 'transfer-learning' }));
    await rendered(page);
    expect(Date.now() - opened < 60_000, 'the page loaded after the cached copy went stale');
    await shot(page, '01-cached-answer');
    const name = await page.textContent('#term-name');
    expect(name === 'Transfer Learning', `term shows "${name}", status "${await page.textContent('#status')}"`);
  });

  // The same trap between two allowed origins of one site: the copy fetched for the first carries
  // its Access-Control-Allow-Origin, which the second must not be handed. Unlike the case above
  // (where the navigation's Accept differs from the page's, so Vary: Accept alone already keeps
  // Chromium from reusing the copy), only Vary: Origin tells the two requests apart.
  const clearCache = async () => (await context.newCDPSession(page)).send('Network.clearBrowserCache');
  await clearCache();
  await check('cached answer: the page on one allowed origin, then on another, both render the term', async () => {
    await page.goto(pageFor({ term: 'fine-tuning' }));
    await rendered(page);
    expect(await page.textContent('#term-name') === 'Fine-Tuning', 'first origin');
    await page.goto(pageFor({ term: 'fine-tuning' }, otherPageOrigin));
    await rendered(page);
    await shot(page, '01-cached-answer-other-origin');
    const name = await page.textContent('#term-name');
    expect(name === 'Fine-Tuning', `second origin shows "${name}", status "${await page.textContent('#status')}"`);
  });

  // The rest starts from an empty HTTP cache, so it does not depend on the cases above.
  await clearCache();
  await page.goto(pageFor());
  await rendered(page).catch(() => {});
  await shot(page, '02-page');

  await check('term renders: name, short definition, description', async () => {
    expect(await page.textContent('#term-name') === 'Transfer Learning', 'name');
    expect((await page.textContent('#term-short')).startsWith('A technique where knowledge gained'), 'short definition');
    expect((await page.textContent('#term-description')).includes('Transfer learning is the foundation'), 'description');
  });

  await check('six related terms as links', async () => {
    const names = await page.$$eval('#related a', (links) => links.map((a) => a.textContent));
    const expected = ['AI Alignment', 'Artificial General Intelligence (AGI)', 'ChatGPT', 'Fine-Tuning',
      'Foundation Model', 'Frontier Model'];
    expect(JSON.stringify(names) === JSON.stringify(expected), `related: ${JSON.stringify(names)}`);
  });

  await check('each related term shows its short definition', async () => {
    const shorts = await page.$$eval('#related li', (items) => items.map((li) => li.querySelector('p')?.textContent ?? ''));
    expect(shorts.length === 6 && shorts.every((short) => short.length > 0), `short definitions: ${JSON.stringify(shorts)}`);
    expect(shorts[0].startsWith('The research field focused on ensuring AI systems'), `AI Alignment: ${shorts[0]}`);
  });

  await check('no explore link while the term has no exploreUrl', async () => {
    expect(await page.$$eval('#term-explore a', (links) => links.length) === 0, 'an explore link without exploreUrl');
  });

  await check('A–Z bar has 27 entries, A to Z then #', async () => {
    const letters = await page.$$eval('#letters > *', (entries) => entries.map((e) => e.textContent));
    expect(letters.length === 27 && letters[0] === 'A' && letters[25] === 'Z' && letters[26] === '#',
      `letters: ${letters.join('')}`);
    const linked = await page.$$eval('#letters a', (links) => links.map((a) => a.textContent).join(''));
    expect(linked === 'ACFT', `letters with terms: ${linked}`);
  });

  await check('newsletter box: name, tagline, latest issue', async () => {
    expect(await page.textContent('#newsletter-name') === 'AI Economy Pulse', 'name');
    expect(await page.textContent('#newsletter-tagline')
      === 'Every Friday: the 3 AI data points that actually matter this week.', 'tagline');
    const latest = await page.textContent('#newsletter-latest');
    expect(latest.includes('AI Investment Hits $42B in Q1 2026') && latest.includes('2026-04-03'), `latest: ${latest}`);
  });

  await check('type-ahead for "fin" suggests Fine-Tuning', async () => {
    await page.locator('#search-input').pressSequentially('fin', { delay: 60 });
    await page.waitForSelector('#suggestions a', { timeout: WAIT });
    const suggested = await page.$$eval('#suggestions a', (links) => links.map((a) => a.textContent));
    expect(suggested.includes('Fine-Tuning'), `suggestions: ${JSON.stringify(suggested)}`);
    await shot(page, '03-type-ahead');
  });

  await check('subscribe: 202 and the confirmation hint', async () => {
    await page.fill('#subscribe-email', `e2e-${Date.now()}@example.org`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${api}/subscribers` && r.request().method() === 'POST', { timeout: WAIT }),
      page.click('#subscribe button'),
    ]);
    expect(response.status() === 202, `status ${response.status()}`);
    await page.waitForSelector('#subscribe-result.ok', { timeout: WAIT });
    expect((await page.textContent('#subscribe-result')).includes('check your inbox'), 'hint');
    await shot(page, '04-subscribed');
  });

  await check('subscribe: 400 shows the problem detail and marks the field it names', async () => {
    await page.fill('#subscribe-email', 'not-an-address');
    provokedConsoleError = `Failed to load resource: the server responded with a status of 400 (Bad Request) (${api}/subscribers)`;
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${api}/subscribers` && r.request().method() === 'POST', { timeout: WAIT }),
      page.click('#subscribe button'),
    ]);
    expect(response.status() === 400, `status ${response.status()}`);
    const problem = await response.json();
    await page.waitForSelector('#subscribe-result.error', { timeout: WAIT });
    const shown = await page.textContent('#subscribe-result');
    expect(problem.detail && shown === problem.detail, `shown "${shown}", detail "${problem.detail}"`);
    expect(problem.errors?.some((e) => e.field === 'email'), `errors ${JSON.stringify(problem.errors)}`);
    expect(await page.getAttribute('#subscribe-email', 'aria-invalid') === 'true', 'the email input is not marked invalid');
    await shot(page, '05-subscribe-400');
  });
  provokedConsoleError = null;

  await check('reload revalidates the term: 304, and the term still renders', async () => {
    wire.clear();
    await page.reload();
    await rendered(page);
    expect(wire.sent('/terms/transfer-learning', 304), `answers for the term: ${JSON.stringify(wire.list('/terms/'))}`);
    expect(await page.textContent('#term-name') === 'Transfer Learning', 'term after reload');
    await shot(page, '06-reloaded');
  });

  await check('alias agi: 301 followed across origins to the canonical term', async () => {
    await page.goto(pageFor({ term: 'agi' }));
    await rendered(page);
    expect(answered('/terms/agi', 301), 'no 301 for /terms/agi');
    expect(answered('/terms/artificial-general-intelligence', 200), 'no 200 for the canonical URL');
    const name = await page.textContent('#term-name');
    expect(name === 'Artificial General Intelligence (AGI)', `term shows "${name}"`);
    expect(new URL(page.url()).searchParams.get('term') === 'artificial-general-intelligence', `page URL ${page.url()}`);
    await shot(page, '07-alias');
  });

  await check('explore link labelled "Explore the Data" when the term has an exploreUrl', async () => {
    // No seed term has an exploreUrl: this answer gets one on its way to the page.
    const termUrl = `${api}/terms/fine-tuning`;
    const exploreUrl = 'https://data.example.org/fine-tuning';
    await page.route(termUrl, async (route) => {
      const term = await (await route.fetch()).json();
      await route.fulfill({ json: { ...term, exploreUrl }, headers: { 'Access-Control-Allow-Origin': pageOrigin } });
    });
    try {
      await page.goto(pageFor({ term: 'fine-tuning' }));
      await rendered(page);
      const links = await page.$$eval('#term-explore a', (found) => found.map((a) => ({ text: a.textContent, href: a.href })));
      expect(links.length === 1 && links[0].text === 'Explore the Data' && links[0].href === exploreUrl,
        `explore links: ${JSON.stringify(links)}`);
      await shot(page, '08-explore');
    } finally {
      await page.unroute(termUrl);
    }
  });

  await check('zero console errors, page errors or failed requests', async () => {
    expect(problems.length === 0, `${problems.length}:\n  ${problems.join('\n  ')}`);
  });
  if (problems.length) {
    console.log(`  ${problems.join('\n  ')}`);
  }
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length} of ${results.length} checks passed; screenshots in ${screenshots}`);
process.exit(failed.length ? 1 : 0);
