// The glossary page, rendered from the Glossary API by plain browser code (no framework, no build).
// Query parameters: api (the API's base URL, default http://localhost:8080), term (a slug, default
// transfer-learning), letter (A–Z or #: list that letter's terms instead of showing a term).

const params = new URLSearchParams(location.search);
const api = (params.get('api') || 'http://localhost:8080').replace(/\/+$/, '');
const $ = (id) => document.getElementById(id);

/** A link to this page that keeps the API base URL. */
function pageUrl(extra) {
  const next = new URLSearchParams({ api, ...extra });
  return `?${next}`;
}

/** An API failure: the problem details (RFC 9457) the API answers every 4xx and 5xx with. */
class ApiProblem extends Error {
  constructor(status, problem, retryAfter) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter; // seconds, on 429 and 503 (exposed to pages by CORS)
  }
}

async function getJson(path, init = {}) {
  const response = await fetch(api + path, { headers: { Accept: 'application/json' }, ...init });
  return readAnswer(response);
}

async function readAnswer(response) {
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : {};
  if (!response.ok) {
    throw new ApiProblem(response.status, body, response.headers.get('Retry-After'));
  }
  return { body, response };
}

function text(element, value) {
  element.textContent = value ?? '';
  return element;
}

function link(href, label) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = label;
  return a;
}

function item(child) {
  const li = document.createElement('li');
  li.append(child);
  return li;
}

function showError(where, error) {
  where.className = 'error';
  where.hidden = false;
  text(where, error instanceof ApiProblem ? error.message : `The glossary could not be reached (${error.message}).`);
}

// ------------------------------------------------------------------ the term

async function showTerm(slug) {
  // A reload revalidates (If-None-Match, 304 when unchanged) as the browser does for the document
  // itself; otherwise the HTTP cache's copy is used while Cache-Control says it is fresh.
  const navigation = performance.getEntriesByType('navigation')[0];
  const cache = navigation && navigation.type === 'reload' ? 'no-cache' : 'default';
  // An alias answers 301; fetch follows it to the canonical URL on its own.
  const { body: term, response } = await getJson(`/terms/${encodeURIComponent(slug)}`, { cache });
  if (response.redirected) {
    history.replaceState(null, '', pageUrl({ term: term.slug }));
  }
  document.title = `${term.name} – AI Glossary`;
  text($('term-name'), term.name);
  text($('term-aliases'), term.aliases.length ? `Also known as: ${term.aliases.join(', ')}` : '');
  text($('term-short'), term.shortDefinition);
  const description = $('term-description');
  description.replaceChildren(...term.description.split(/\n\s*\n/).filter((p) => p.trim())
    .map((paragraph) => text(document.createElement('p'), paragraph)));
  // As on the seed page: the link to the term's data, when it has one.
  $('term-explore').replaceChildren(...(term.exploreUrl ? [link(term.exploreUrl, 'Explore the Data')] : []));
  text($('term-updated'), `Updated ${new Date(term.updatedAt).toISOString().slice(0, 10)}`);
  // Each related term with its short definition, as the seed page shows them.
  $('related').replaceChildren(...term.relatedTerms.map((related) => {
    const li = item(link(pageUrl({ term: related.slug }), related.name));
    li.append(text(document.createElement('p'), related.shortDefinition));
    return li;
  }));
  $('term').hidden = false;
  $('term').dataset.slug = term.slug;
}

// ------------------------------------------------------------------ A–Z bar and letter listing

async function showLetters(current) {
  const { body: letters } = await getJson('/letters');
  $('letters').replaceChildren(...letters.map(({ letter, count }) => {
    if (count === 0) {
      const span = text(document.createElement('span'), letter);
      span.title = 'No terms yet';
      return span;
    }
    const a = link(pageUrl({ letter }), letter);
    a.title = `${count} term${count === 1 ? '' : 's'}`;
    if (letter === current) {
      a.setAttribute('aria-current', 'page');
    }
    return a;
  }));
}

async function showLetterListing(letter) {
  const { body: page } = await getJson(`/terms?letter=${encodeURIComponent(letter)}&size=100`);
  const section = $('letter-listing');
  text(section.querySelector('h2'), `${letter}: ${page.totalItems} term${page.totalItems === 1 ? '' : 's'}`);
  section.querySelector('ul').replaceChildren(...page.items.map((summary) =>
    item(link(pageUrl({ term: summary.slug }), summary.name))));
  section.hidden = false;
}

// ------------------------------------------------------------------ type-ahead

function wireTypeAhead() {
  const input = $('search-input');
  const list = $('suggestions');
  let latest = 0;
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      const asked = ++latest;
      if (!q) {
        list.replaceChildren();
        return;
      }
      try {
        const { body: suggestions } = await getJson(`/suggestions?q=${encodeURIComponent(q)}&limit=10`);
        if (asked === latest) { // an older answer arriving late must not overwrite a newer one
          list.replaceChildren(...suggestions.map((s) => item(link(pageUrl({ term: s.slug }), s.name))));
        }
      } catch (error) {
        if (asked === latest) {
          list.replaceChildren(showErrorItem(error));
        }
      }
    }, 150);
  });
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const first = list.querySelector('a');
    if (first) {
      location.href = first.href;
    }
  });
}

function showErrorItem(error) {
  const li = document.createElement('li');
  showError(li, error);
  return li;
}

// ------------------------------------------------------------------ newsletter box

async function showNewsletter() {
  const { body: newsletter } = await getJson('/newsletter');
  text($('newsletter-name'), newsletter.name);
  text($('newsletter-tagline'), newsletter.tagline);
  const latest = newsletter.latestIssue;
  const latestLine = $('newsletter-latest');
  latestLine.replaceChildren();
  if (latest) {
    const title = latest.url ? link(latest.url, latest.title) : text(document.createElement('strong'), latest.title);
    latestLine.append('Latest issue: ', title, ` (${new Date(latest.publishedAt).toISOString().slice(0, 10)})`);
  }
  $('newsletter').hidden = false;
}

function wireSubscribe() {
  const form = $('subscribe');
  const result = $('subscribe-result');
  const email = $('subscribe-email');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    text(result, '');
    email.removeAttribute('aria-invalid');
    try {
      const response = await fetch(`${api}/subscribers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email: form.email.value, source: 'glossary-page' }),
      });
      await readAnswer(response);
      result.className = 'ok';
      text(result, 'Almost done: check your inbox and confirm your subscription.');
      form.reset();
    } catch (error) {
      showError(result, error);
      if (error instanceof ApiProblem) {
        // The detail already says what is wrong; the field errors tell which input to mark.
        if ((error.problem.errors || []).some(({ field }) => field === 'email')) {
          email.setAttribute('aria-invalid', 'true');
        }
        if (error.retryAfter) {
          text(result, `${error.message} Try again in ${error.retryAfter} s.`);
        }
      }
    }
  });
}

// ------------------------------------------------------------------ start

async function start() {
  const letter = params.get('letter');
  const slug = params.get('term') || 'transfer-learning';
  $('home').href = pageUrl({});
  wireTypeAhead();
  wireSubscribe();
  const status = $('status');
  const parts = [
    letter ? showLetterListing(letter) : showTerm(slug),
    showLetters(letter),
    showNewsletter(),
  ];
  const outcomes = await Promise.allSettled(parts);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    showError(status, failed.reason);
  } else {
    status.hidden = true;
  }
  document.body.dataset.ready = 'true';
}

start();
