// Browser test suite for Hermana.
// Usage: node tests/browser/suite.mjs BASE_URL OUT_DIR
// See README.md beside this file for what is checked.

import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VNU_JAR = String(require('vnu-jar'));

// ---------------------------------------------------------------- settings

const LANGS = ['es', 'en'];
const OTHER = { es: 'en', en: 'es' };
const UNKNOWN_PAGES = { es: '/es/no-existe-esta-pagina', en: '/en/no-such-page' };
// The search page: results, no results, and the bare form. No link leads there, so the crawl
// cannot find it. Its language switch keeps the query.
const SEARCH_PATH = { es: '/es/buscar', en: '/en/search' };
const SEARCH_PAGES = [
  { path: '/es/buscar?q=misi%C3%B3n', switchTo: SEARCH_PATH.en },
  { path: '/en/search?q=xylophone', switchTo: SEARCH_PATH.es },
  { path: '/es/buscar', switchTo: SEARCH_PATH.en },
];
// The demo's fund, in each language: no link leads there from the demo's pages yet.
const FUND_PAGES = [
  { path: '/es/fondos/becas-arcatao', switchTo: '/en/funds/becas-arcatao' },
  { path: '/en/funds/becas-arcatao', switchTo: '/es/fondos/becas-arcatao' },
];
// The demo's events (dated from the load): the lists, a talk with its registration form, and the
// delegation with its application form. The menu does not link the events yet.
const EVENT_PAGES = [
  { path: '/es/eventos', switchTo: '/en/events' },
  { path: '/en/events', switchTo: '/es/eventos' },
  { path: '/es/eventos/charla-noticias-de-arcatao', switchTo: '/en/events/charla-noticias-de-arcatao' },
  { path: '/en/events/charla-noticias-de-arcatao', switchTo: '/es/eventos/charla-noticias-de-arcatao' },
  { path: '/es/eventos/delegacion-a-arcatao', switchTo: '/en/events/delegacion-a-arcatao' },
  { path: '/en/events/delegacion-a-arcatao', switchTo: '/es/eventos/delegacion-a-arcatao' },
];
// A word typed without its accent, and the page it must find.
const SEARCH_WORD = { es: 'mision', en: 'mission' };
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const WEIGHT_WIDTH = 1280;
const MAX_PAGES = 200;
const CONCURRENCY = Number(process.env.BROWSER_SUITE_CONCURRENCY) || 2;
const NAV_TIMEOUT = 30_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const BUDGET = {
  homeTotal: 51200, // bytes transferred, home pages
  homeRequests: 10, // requests, home pages
  html: 15360, // bytes transferred for the HTML document, every page
  css: 12288, // bytes transferred for all CSS together, every page
  js: 10240, // bytes transferred for all JS together, every page
};
// Admin journey: scripts/test creates this account before starting the server. Unset → skipped.
const ADMIN_EMAIL = process.env.HERMANA_BROWSER_EMAIL || '';
const ADMIN_PASSWORD = process.env.HERMANA_BROWSER_PASSWORD || '';
const ADMIN_SECTIONS = ['', '/members', '/audit', '/pages', '/pages/2', '/pages/9', '/pages/2/es/history', '/account', '/menus', '/media', '/media/1', '/supporters', '/supporters/1',
  '/gifts', '/gifts/batch', '/funds', '/funds/1', '/campaigns', '/fundraising/settings', '/donors', '/reports', '/statements', '/supporters/segments', '/supporters/export', '/supporters/import', '/events', '/events/new', '/events/3', '/events/3/applications', '/events/1/check-in']; // under /{lang}/admin; 9 is the demo's first article
// The image the journey uploads (the first of a fresh install: /media/1) and its alt texts.
const IMAGE_ALT = { es: 'Mural de prueba con franjas de colores', en: 'Test mural with colored stripes' };
// A second account (same password) that turns two-step sign-in on and off, so the admin's stays usable.
const TWO_STEP_EMAIL = process.env.HERMANA_BROWSER_TWO_STEP_EMAIL || '';
// An organizer (role `organizer`, same password) for the CSV import journey.
const ORGANIZER_EMAIL = process.env.HERMANA_BROWSER_ORGANIZER_EMAIL || '';
// The local Stripe stand-in (tests/browser/stripe-standin.mjs) the server was pointed at; unset →
// the donate journey is skipped (the donate page then shows only the check/transfer text).
const STRIPE_STANDIN = process.env.HERMANA_BROWSER_STRIPE || '';
// A treasurer (role `treasurer`, same password) for the deposit slip and reports journey.
const TREASURER_EMAIL = process.env.HERMANA_BROWSER_TREASURER_EMAIL || '';
const SESSION_COOKIE = /session/i; // the session cookie's name (hermana_session, __Host-hermana_session)
const ERROR_WIDTH = 390; // the wrong-password check runs once per language, at this width
const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// ---------------------------------------------------------------- arguments

const [baseArg, outArg] = process.argv.slice(2);
if (!baseArg || !outArg) {
  console.error('usage: node tests/browser/suite.mjs BASE_URL OUT_DIR');
  process.exit(2);
}
let BASE_URL;
try {
  BASE_URL = new URL(baseArg);
} catch {
  console.error(`not a URL: ${baseArg}`);
  process.exit(2);
}
const BASE = BASE_URL.origin;
const BASE_HOST = BASE_URL.host; // hostname[:port]
const OUT_DIR = path.resolve(outArg);
fs.mkdirSync(OUT_DIR, { recursive: true });

// ---------------------------------------------------------------- results

/** @type {{page: string, check: string, ok: boolean, detail: string}[]} */
const checks = [];
/** per-page figures for the summary table */
const figures = new Map();
/** wall time of each phase, for the last line */
const phases = [];

function record(pagePath, check, ok, detail = '') {
  checks.push({ page: pagePath, check, ok, detail });
}
function fig(pagePath) {
  if (!figures.has(pagePath)) {
    figures.set(pagePath, { status: '-', axe: 0, html: null, total: null, requests: null });
  }
  return figures.get(pagePath);
}

const kb = (n) => (n == null ? '-' : `${(n / 1024).toFixed(1)} KB`);
const short = (s, n = 300) => {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
};
const langOf = (p) => (p.startsWith('/en/') ? 'en' : 'es');
const isHome = (p) => p === '/es/' || p === '/en/';
const loginPath = (lang) => `/${lang}/login`;
const adminPath = (lang, section = '') => `/${lang}/admin${section}`;
const pathOf = (url) => new URL(url, BASE).pathname;
/** Pages only the admin journey visits: sign-in, sign-out and everything under /{lang}/admin. */
const isPrivate = (p) => /^\/(es|en)\/(login|logout|admin)(\/|$)/.test(p);
const isAdminPage = (p) => /^\/(es|en)\/admin(\/|$)/.test(p);

// ---------------------------------------------------------------- helpers

function isExternal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return false;
  return u.host !== BASE_HOST;
}

/** Normalises an href into a crawlable same-origin path, or null. */
function crawlablePath(href) {
  let u;
  try {
    u = new URL(href, BASE);
  } catch {
    return null;
  }
  if (u.origin !== BASE) return null;
  const p = u.pathname;
  if (!(p.startsWith('/es/') || p.startsWith('/en/'))) return null;
  const last = p.split('/').pop();
  const dot = last.lastIndexOf('.');
  if (dot > 0 && last.slice(dot).toLowerCase() !== '.html') return null;
  return p;
}

const usedSlugs = new Map();
function slugFor(pagePath) {
  if (usedSlugs.has(pagePath)) return usedSlugs.get(pagePath);
  const lang = langOf(pagePath);
  let rest = pagePath.slice(3).replace(/\.html$/, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!rest) rest = 'index';
  let slug = `${lang}-${rest}`;
  const taken = new Set(usedSlugs.values());
  for (let i = 2; taken.has(slug); i++) slug = `${lang}-${rest}-${i}`;
  usedSlugs.set(pagePath, slug);
  return slug;
}

async function newContext(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: VIEWPORTS[1],
    serviceWorkers: 'block',
    ...opts,
  });
  context.setDefaultNavigationTimeout(NAV_TIMEOUT);
  context.setDefaultTimeout(15_000);
  return context;
}

/** Aborts every request to another host; returns the list of blocked URLs. */
async function blockExternal(context) {
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isExternal(url)) {
      blocked.push(url);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  return blocked;
}

async function runPool(items, limit, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

// ---------------------------------------------------------------- crawl

async function crawl(browser) {
  const context = await newContext(browser, { javaScriptEnabled: false });
  // Only documents are needed to read links; abort everything else (and anything external).
  await context.route('**/*', (route) => {
    const req = route.request();
    if (isExternal(req.url()) || req.resourceType() !== 'document') return route.abort('blockedbyclient');
    return route.continue();
  });
  const page = await context.newPage();
  const queue = LANGS.map((l) => `/${l}/`);
  const seen = new Set(queue);
  const pages = [];
  while (queue.length && pages.length < MAX_PAGES) {
    const p = queue.shift();
    let links = [];
    try {
      await page.goto(BASE + p, { waitUntil: 'domcontentloaded' });
      links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
      // A link that redirects to a page already listed is not visited twice.
      const finalPath = new URL(page.url()).pathname;
      if (finalPath !== p) {
        if (pages.includes(finalPath)) continue;
        seen.add(finalPath);
      }
    } catch (e) {
      console.log(`crawl: ${p}: ${short(e.message, 200)}`);
    }
    pages.push(p);
    for (const href of links) {
      const lp = crawlablePath(href);
      if (lp && !seen.has(lp) && !Object.values(UNKNOWN_PAGES).includes(lp) && !isPrivate(lp)) {
        seen.add(lp);
        queue.push(lp);
      }
    }
  }
  if (queue.length) console.log(`crawl: capped at ${MAX_PAGES} pages, ${queue.length} left unvisited`);
  await context.close();
  return pages;
}

// ---------------------------------------------------------------- raw HTML + Nu validator

/**
 * The raw HTML the server sends for a page. With a cookie (admin pages) redirects are not followed:
 * a signed-out answer would be the sign-in page, and validating that instead would prove nothing.
 */
async function fetchRaw(pagePath, cookie = '') {
  if (!cookie) {
    const res = await fetch(BASE + pagePath, { redirect: 'follow' });
    return { status: res.status, body: await res.text() };
  }
  const res = await fetch(BASE + pagePath, { redirect: 'manual', headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) {
    throw new Error(`answered ${res.status}${res.headers.get('location') ? ` → ${res.headers.get('location')}` : ''} with the session cookie, expected 200`);
  }
  return { status: res.status, body };
}

/** Cookie header for BASE from a browser context, as the browser would send it. */
async function cookieHeader(context) {
  return (await context.cookies(BASE)).map((c) => `${c.name}=${c.value}`).join('; ');
}

function runVnu(files) {
  return new Promise((resolve) => {
    const child = spawn('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => resolve({ error: `could not run java: ${e.message}` }));
    child.on('close', (code) => {
      // The JSON report goes to stderr; the JVM may print notices before it.
      const text = `${err}\n${out}`;
      const end = text.lastIndexOf('}') + 1;
      for (let start = text.indexOf('{'); start >= 0 && start < end; start = text.indexOf('{', start + 1)) {
        try {
          const json = JSON.parse(text.slice(start, end));
          if (Array.isArray(json.messages)) return resolve({ code, json });
        } catch {
          // not the report yet
        }
      }
      resolve({ error: `vnu exited ${code} without a JSON report: ${short(text, 500)}` });
    });
  });
}

/**
 * Runs the Nu validator once over every entry: {page, check, body} (raw HTML already in hand) or
 * {page, check, cookie?} (fetched here with Node's fetch, sending the cookie when given).
 */
async function validateHtml(entries) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hermana-vnu-'));
  const fileToEntry = new Map();
  const files = [];
  try {
    for (const [i, e] of entries.entries()) {
      let body = e.body;
      if (body == null) {
        try {
          body = (await fetchRaw(e.page, e.cookie)).body;
        } catch (err) {
          record(e.page, e.check, false, `could not fetch raw HTML: ${err.message}`);
          continue;
        }
      }
      const file = path.join(dir, `${i}.html`);
      fs.writeFileSync(file, body);
      files.push(file);
      fileToEntry.set(`file:${file}`, e);
    }
    if (!files.length) return;
    const res = await runVnu(files);
    if (res.error) {
      for (const e of fileToEntry.values()) record(e.page, e.check, false, res.error);
      return;
    }
    const byFile = new Map([...fileToEntry.keys()].map((f) => [f, []]));
    const global = [];
    for (const m of res.json.messages || []) {
      if (m.type === 'info') continue; // warnings, not requested with --errors-only
      const f = byFile.has(m.url) ? m.url : [...byFile.keys()].find((k) => m.url && m.url.endsWith(k.slice(5)));
      const line = `${m.type === 'error' ? '' : `[${m.type}] `}line ${m.lastLine ?? '?'}: ${short(m.message, 200)}${m.extract ? `  «${short(m.extract, 80)}»` : ''}`;
      if (f) byFile.get(f).push(line);
      else global.push(line);
    }
    for (const [f, errs] of byFile) {
      const e = fileToEntry.get(f);
      record(e.page, e.check, errs.length === 0 && global.length === 0,
        errs.length ? `${path.basename(f.slice(5))} → ${BASE}${e.page}${e.what ? ` (${e.what})` : ''}\n      ${errs.join('\n      ')}` : global.join('\n      '));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- per-page visit

/** Collects transferred bytes per request through CDP (cold cache, real on-the-wire sizes). */
async function trackWeight(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const reqs = new Map(); // requestId -> {url, type, bytes, done, encoding}
  const hops = []; // redirect hops: {url, bytes}
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    if (e.redirectResponse) hops.push({ url: e.redirectResponse.url, bytes: e.redirectResponse.encodedDataLength || 0 });
    reqs.set(e.requestId, { url: e.request.url, type: e.type, bytes: 0, done: false, encoding: '' });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.type = e.type || r.type;
    const h = e.response.headers || {};
    r.encoding = h['content-encoding'] || h['Content-Encoding'] || '';
    r.status = e.response.status;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.bytes = e.encodedDataLength;
    r.done = true;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = reqs.get(e.requestId);
    if (r) r.failed = true;
  });
  return () => {
    // Requests that never got a response are left out: the external ones are failed by their own
    // check, and Playwright's routing cancels Chromium's automatic favicon request (checked apart).
    const all = [...reqs.values()];
    const list = all.filter((r) => r.status !== undefined);
    const sum = (f) => list.filter(f).reduce((a, r) => a + r.bytes, 0);
    const doc = list.find((r) => r.type === 'Document');
    return {
      total: sum(() => true) + hops.reduce((a, h) => a + h.bytes, 0),
      requests: list.length + hops.length,
      html: doc ? doc.bytes : null,
      htmlEncoding: doc ? doc.encoding : '',
      css: sum((r) => r.type === 'Stylesheet'),
      js: sum((r) => r.type === 'Script'),
      pending: all.filter((r) => !r.done && !r.failed).map((r) => r.url),
      list,
    };
  };
}

/**
 * Every per-page check for one page at one width, in a fresh context.
 * opts.storageState: a signed-in browser state (admin pages); such a page must answer itself,
 * not redirect. opts.switchTo: the exact path the language switch must lead to.
 * opts.extra(page, W): more checks on the loaded page (on the weight visit only).
 */
async function visit(browser, pagePath, viewport, expectedStatus, opts = {}) {
  const W = viewport.width;
  const isWeight = W === WEIGHT_WIDTH;
  const admin = isAdminPage(pagePath);
  const context = await newContext(browser, { viewport, ...(opts.storageState ? { storageState: opts.storageState } : {}) });
  const blocked = await blockExternal(context);
  const page = await context.newPage();
  const errors = [];
  let collecting = true;
  page.on('console', (m) => {
    if (!collecting || m.type() !== 'error') return;
    const loc = m.location();
    // Chromium logs the expected 404 of the main document itself; that one is not a fault.
    if (expectedStatus === 404 && /status of 404/.test(m.text()) && loc && loc.url === BASE + pagePath) return;
    errors.push(`console: ${short(m.text(), 200)}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (e) => {
    if (collecting) errors.push(`pageerror: ${short(e.message, 200)}`);
  });
  const weight = isWeight ? await trackWeight(context, page) : null;
  const f = fig(pagePath);
  try {
    let resp;
    try {
      resp = await page.goto(BASE + pagePath, { waitUntil: 'load' });
    } catch (e) {
      record(pagePath, `load@${W}`, false, short(e.message, 300));
      return;
    }
    const status = resp ? resp.status() : 0;
    f.status = status;
    const landed = pathOf(page.url());
    if (opts.storageState && landed !== pagePath) {
      // Signed in, an admin page must answer itself; a redirect means the session was refused.
      f.status = `→${landed}`;
      record(pagePath, `load@${W}`, false, `redirected to ${new URL(page.url()).pathname}${new URL(page.url()).search} (status ${status}): the session was not accepted`);
      return;
    }
    record(pagePath, `load@${W}`, status === expectedStatus, status === expectedStatus ? '' : `status ${status}, expected ${expectedStatus}`);

    // Let late requests (icon, fonts, …) finish so the weight figures are complete.
    // On a loaded machine (several builds at once) "network idle" can come late: wait for the
    // requests the page started, not a fixed time.
    if (isWeight) {
      await page.waitForLoadState('networkidle', { timeout: 15000 }).catch(() => {});
      for (let i = 0; i < 50 && weight().pending.length > 0; i += 1) await page.waitForTimeout(200);
    }

    if (weight) {
      const w = weight();
      Object.assign(f, { html: w.html, total: w.total, requests: w.requests });
      const problems = [];
      if (w.html == null) problems.push('no HTML document response seen');
      else if (w.html > BUDGET.html) problems.push(`HTML document ${w.html} B > ${BUDGET.html} B`);
      // Admin pages are for a handful of members: only the HTML budget applies to them.
      if (!admin && w.css > BUDGET.css) problems.push(`CSS ${w.css} B > ${BUDGET.css} B`);
      if (!admin && w.js > BUDGET.js) problems.push(`JS ${w.js} B > ${BUDGET.js} B`);
      if (isHome(pagePath)) {
        if (w.total > BUDGET.homeTotal) problems.push(`total ${w.total} B > ${BUDGET.homeTotal} B`);
        if (w.requests > BUDGET.homeRequests) problems.push(`${w.requests} requests > ${BUDGET.homeRequests}`);
      }
      if (w.pending.length) problems.push(`requests still pending: ${w.pending.join(', ')}`);
      const figuresLine = `html ${w.html ?? '-'} B (content-encoding: ${w.htmlEncoding || 'none'}), css ${w.css} B, js ${w.js} B, total ${w.total} B in ${w.requests} requests`;
      const breakdown = w.list.map((r) => `${r.type} ${r.bytes} B ${r.encoding ? `[${r.encoding}] ` : ''}${r.url}`).join('\n      ');
      record(pagePath, 'weight', problems.length === 0,
        `${problems.length ? `${problems.join('; ')}\n      ` : ''}${figuresLine}\n      ${breakdown}`);
    }

    try {
      await page.screenshot({ path: path.join(OUT_DIR, `${slugFor(pagePath)}-${W}.png`), fullPage: true });
    } catch (e) {
      record(pagePath, `screenshot@${W}`, false, short(e.message, 200));
    }

    await checkAxe(page, pagePath, `axe@${W}`);

    if (isWeight) {
      const lang = langOf(pagePath);
      const htmlLang = await page.evaluate(() => document.documentElement.getAttribute('lang') || '');
      record(pagePath, 'html-lang', htmlLang.toLowerCase().split('-')[0] === lang,
        `<html lang="${htmlLang}">, expected "${lang}"`);
    }

    if (isWeight) await checkFavicon(page, pagePath);

    if (isHome(pagePath)) await checkSkipLink(page, pagePath, W);

    if (isWeight && opts.extra) await opts.extra(page, W);

    // Errors so far belong to this page; stop collecting before following the language link.
    collecting = false;
    const external = [...new Set(blocked)];
    record(pagePath, `external-requests@${W}`, external.length === 0,
      external.length ? `blocked requests to other hosts:\n      ${external.join('\n      ')}` : '');
    record(pagePath, `console-errors@${W}`, errors.length === 0, errors.join('\n      '));

    if (isWeight) await checkLanguageSwitch(page, pagePath, expectedStatus, opts.switchTo);
  } finally {
    await context.close();
  }
}

/**
 * axe-core: evaluated through the DevTools protocol so a strict Content-Security-Policy
 * does not block it (an injected <script> tag would be refused and log a console error).
 */
async function checkAxe(page, pagePath, name) {
  try {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    const v = result.violations;
    fig(pagePath).axe += v.reduce((a, x) => a + x.nodes.length, 0);
    const lines = v.flatMap((x) => [
      `${x.id} (${x.impact}): ${x.help} — ${x.helpUrl}`,
      ...x.nodes.slice(0, 5).map((n) => `   ${n.target.join(' ')}: ${short(n.failureSummary, 200)}`),
      ...(x.nodes.length > 5 ? [`   … and ${x.nodes.length - 5} more`] : []),
    ]);
    record(pagePath, name, v.length === 0, lines.join('\n      '));
  } catch (e) {
    record(pagePath, name, false, `axe could not run: ${short(e.message, 200)}`);
  }
}

/** Browsers fetch the declared icon, or /favicon.ico when none is declared; a 404 there is a console error. */
async function checkFavicon(page, pagePath) {
  try {
    const declared = await page.$$eval('link[rel~="icon" i]', (ls) => ls.map((l) => l.href));
    const icons = declared.length ? declared : [`${BASE}/favicon.ico`];
    const problems = [];
    for (const href of icons) {
      if (href.startsWith('data:')) continue;
      if (isExternal(href)) {
        problems.push(`icon ${href} is on another host`);
        continue;
      }
      const res = await fetch(href);
      await res.arrayBuffer();
      if (res.status !== 200) problems.push(`icon ${new URL(href).pathname} answers ${res.status}${declared.length ? '' : ' (no <link rel="icon"> declared, so browsers ask for /favicon.ico)'}`);
    }
    record(pagePath, 'favicon', problems.length === 0, problems.join('; ') || icons.join(' '));
  } catch (e) {
    record(pagePath, 'favicon', false, short(e.message, 200));
  }
}

async function checkSkipLink(page, pagePath, W) {
  const name = `skip-link@${W}`;
  try {
    await page.evaluate(() => {
      if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
      window.scrollTo(0, 0);
    });
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { none: true };
      const r = el.getBoundingClientRect();
      const href = el.getAttribute('href');
      return {
        tag: el.tagName.toLowerCase(),
        href,
        targetExists: !!(href && href.startsWith('#') && href.length > 1 &&
          document.getElementById(decodeURIComponent(href.slice(1)))),
        text: (el.textContent || '').trim().slice(0, 60),
        rect: { x: r.x, y: r.y, w: r.width, h: r.height },
        vw: window.innerWidth,
        vh: window.innerHeight,
      };
    });
    if (info.none) return record(pagePath, name, false, 'Tab focused nothing');
    const problems = [];
    if (info.tag !== 'a' || !info.href || !info.href.startsWith('#')) problems.push(`first focusable is <${info.tag} href="${info.href}">, expected a skip link a[href^="#"]`);
    else if (!info.targetExists) problems.push(`skip link target ${info.href} does not exist`);
    const { x, y, w, h } = info.rect;
    if (!(w > 0 && h > 0)) problems.push(`focused skip link has an empty box (${w}x${h})`);
    else if (x + w <= 0 || y + h <= 0 || x >= info.vw || y >= info.vh) problems.push(`focused skip link is outside the viewport (${x},${y} ${w}x${h})`);
    record(pagePath, name, problems.length === 0,
      problems.length ? problems.join('; ') : `"${info.text}" → ${info.href}`);
  } catch (e) {
    record(pagePath, name, false, short(e.message, 200));
  }
}

async function checkLanguageSwitch(page, pagePath, expectedStatus, switchTo) {
  const name = 'language-switch';
  const lang = langOf(pagePath);
  const other = OTHER[lang];
  try {
    const link = page.locator('nav.language-switch a[hreflang], a[data-language-switch]').first();
    if ((await link.count()) === 0) {
      return record(pagePath, name, false, 'no "nav.language-switch a[hreflang]" nor "a[data-language-switch]" found');
    }
    const href = await link.getAttribute('href');
    const hreflang = await link.getAttribute('hreflang');
    const target = new URL(href ?? '', BASE + pagePath);
    const problems = [];
    if (target.origin !== BASE) problems.push(`switch link ${target.href} leaves the site`);
    if (!target.pathname.startsWith(`/${other}/`)) problems.push(`switch link ${target.pathname} does not start with /${other}/`);
    if (hreflang && hreflang.toLowerCase().split('-')[0] !== other) problems.push(`hreflang="${hreflang}", expected "${other}"`);
    if (switchTo && target.pathname !== switchTo) problems.push(`switch link leads to ${target.pathname}, expected ${switchTo}`);
    if (target.origin === BASE) {
      // With the context's cookies, as the browser would ask (admin pages need the session).
      const cookie = await cookieHeader(page.context());
      const res = await fetch(target.href, { redirect: 'follow', headers: cookie ? { cookie } : {} });
      await res.arrayBuffer();
      if (res.status !== 200) problems.push(`switch target ${target.pathname} answers ${res.status}`);
    }
    if (!problems.length) {
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before, { waitUntil: 'domcontentloaded' }), link.click()]);
      const landed = new URL(page.url()).pathname;
      if (!landed.startsWith(`/${other}/`)) problems.push(`following the switch landed on ${landed}`);
      else if (switchTo && landed !== switchTo) problems.push(`following the switch landed on ${landed}, expected ${switchTo}`);
      if (!problems.length) return record(pagePath, name, true, `→ ${landed}`);
    }
    record(pagePath, name, false, problems.join('; '));
  } catch (e) {
    record(pagePath, name, false, short(e.message, 200));
  }
}

async function checkNoJs(browser, pagePath) {
  const context = await newContext(browser, { javaScriptEnabled: false });
  await blockExternal(context);
  try {
    const page = await context.newPage();
    const resp = await page.goto(BASE + pagePath, { waitUntil: 'load' });
    const status = resp ? resp.status() : 0;
    const h1 = page.locator('h1').first();
    const visible = (await h1.count()) > 0 && (await h1.isVisible());
    const text = visible ? short(await h1.innerText(), 60) : '';
    record(pagePath, 'no-js', status === 200 && visible,
      status !== 200 ? `status ${status}` : visible ? `h1 "${text}"` : 'no visible h1 with JavaScript off');
  } catch (e) {
    record(pagePath, 'no-js', false, short(e.message, 200));
  } finally {
    await context.close();
  }
}

/**
 * With JavaScript off, at phone width: the header's search box on the home page is visible,
 * and the word typed into it leads to the language's search page listing the home page.
 */
async function checkNoJsSearch(browser, lang) {
  const home = `/${lang}/`;
  const name = 'no-js-search';
  const context = await newContext(browser, { viewport: VIEWPORTS[0], javaScriptEnabled: false });
  await blockExternal(context);
  try {
    const page = await context.newPage();
    await page.goto(BASE + home, { waitUntil: 'load' });
    const form = page.locator('header form[role="search"]').first();
    if ((await form.count()) === 0) return record(home, name, false, 'no form[role="search"] in the header');
    const input = form.locator('input[name="q"]').first();
    const button = form.locator('button[type="submit"], button:not([type])').first();
    const problems = [];
    if (!(await input.isVisible())) problems.push(`the search field is not visible at ${VIEWPORTS[0].width} px`);
    if (!(await button.isVisible())) problems.push(`the search button is not visible at ${VIEWPORTS[0].width} px`);
    if (!problems.length) {
      await input.fill(SEARCH_WORD[lang]);
      await Promise.all([page.waitForURL((u) => u.pathname !== home, { waitUntil: 'load' }), button.click()]);
      const landed = new URL(page.url());
      if (landed.pathname !== SEARCH_PATH[lang]) problems.push(`landed on ${landed.pathname}, expected ${SEARCH_PATH[lang]}`);
      if (landed.searchParams.get('q') !== SEARCH_WORD[lang]) problems.push(`q is ${landed.searchParams.get('q')}`);
      const found = await page.$$eval('main li a[href]', (as) => as.map((a) => new URL(a.href).pathname));
      if (!found.includes(home)) problems.push(`"${SEARCH_WORD[lang]}" did not find ${home}: ${found.join(' ') || 'nothing'}`);
    }
    record(home, name, problems.length === 0, problems.join('; ') || `"${SEARCH_WORD[lang]}" → ${SEARCH_PATH[lang]}, finds ${home}`);
  } catch (e) {
    record(home, name, false, short(e.message, 200));
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- admin journey

/** A context for the journey: external requests aborted, console and page errors collected. */
async function journeyContext(browser, lang, viewport, javaScriptEnabled = true) {
  const context = await newContext(browser, { viewport, javaScriptEnabled });
  const blocked = await blockExternal(context);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location();
    // Chromium logs the expected 422 of a refused sign-in for the document itself; not a fault.
    if (/status of 422/.test(m.text()) && loc && loc.url === BASE + loginPath(lang)) return;
    errors.push(`console: ${short(m.text(), 200)}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${short(e.message, 200)}`));
  return { context, page, blocked, errors };
}

/**
 * Fills #email and #password of the sign-in form and clicks its submit button, like a person.
 * Returns the response to the form's POST (a redirect is not followed by this response) once the
 * page it leads to has loaded.
 */
async function submitLogin(page, lang, email, password) {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  const submit = page.locator('form:has(#password)').locator('button[type="submit"], button:not([type]), input[type="submit"]').first();
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === loginPath(lang));
  const navigated = page.waitForEvent('framenavigated', { predicate: (fr) => fr === page.mainFrame() });
  await submit.click();
  const post = await posted;
  await navigated;
  await page.waitForLoadState('load');
  return post;
}

const sessionCookieOf = async (context) => (await context.cookies(BASE)).find((c) => SESSION_COOKIE.test(c.name));

/** A wrong password through the real form: 422, a visible .form-error, screenshots, axe, raw HTML for Nu. */
async function checkWrongPassword(page, lang, W, nuEntries) {
  const lp = loginPath(lang);
  const name = `wrong-password@${W}`;
  try {
    const post = await submitLogin(page, lang, ADMIN_EMAIL, `${ADMIN_PASSWORD} (wrong)`);
    const problems = [];
    if (post.status() !== 422) problems.push(`POST ${lp} answered ${post.status()}, expected 422`);
    const landed = pathOf(page.url());
    if (landed !== lp) problems.push(`landed on ${landed}, expected ${lp}`);
    const error = page.locator('.form-error').first();
    const shown = (await error.count()) > 0 && (await error.isVisible());
    if (!shown) problems.push('no visible .form-error');
    const text = shown ? short(await error.innerText(), 120) : '';
    if (post.status() === 422) {
      try {
        nuEntries.push({ page: lp, check: 'html-valid-error', what: 'the 422 answer to a wrong password', body: await post.text() });
      } catch (e) {
        record(lp, 'html-valid-error', false, `no raw body of the 422 answer: ${short(e.message, 200)}`);
      }
    }
    await checkAxe(page, lp, `axe-error@${W}`);
    for (const vp of [...VIEWPORTS.filter((v) => v.width === W), ...VIEWPORTS.filter((v) => v.width !== W)]) {
      try {
        await page.setViewportSize(vp);
        await page.screenshot({ path: path.join(OUT_DIR, `${slugFor(lp)}-error-${vp.width}.png`), fullPage: true });
      } catch (e) {
        problems.push(`screenshot at ${vp.width}: ${short(e.message, 200)}`);
      }
    }
    await page.setViewportSize(VIEWPORTS.find((v) => v.width === W));
    record(lp, name, problems.length === 0, problems.join('; ') || `${post.status()}, .form-error "${text}"`);
  } catch (e) {
    record(lp, name, false, short(e.message, 300));
  }
}

/**
 * Signs in through the real form in a fresh context; the context stays open for the sign-out.
 * At ERROR_WIDTH a wrong password is tried first. Returns the session (state is null on failure).
 */
async function signIn(browser, lang, viewport, nuEntries) {
  const W = viewport.width;
  const lp = loginPath(lang);
  const ap = adminPath(lang);
  const j = await journeyContext(browser, lang, viewport);
  const session = { lang, W, j, state: null, cookie: '' };
  const name = `sign-in@${W}`;
  try {
    const resp = await j.page.goto(BASE + lp, { waitUntil: 'load' });
    if (!resp || resp.status() !== 200) return record(lp, name, false, `${lp} answered ${resp ? resp.status() : 'nothing'}`), session;
    if (W === ERROR_WIDTH) await checkWrongPassword(j.page, lang, W, nuEntries);

    const post = await submitLogin(j.page, lang, ADMIN_EMAIL, ADMIN_PASSWORD);
    const problems = [];
    if (post.status() !== 303) {
      const formError = await j.page.locator('.form-error').first().innerText().catch(() => '');
      problems.push(`POST ${lp} answered ${post.status()}, expected 303${formError ? ` (.form-error "${short(formError, 100)}")` : ''}`);
    } else {
      const location = post.headers().location || '';
      if (pathOf(location) !== ap) problems.push(`redirect to ${location}, expected ${ap}`);
    }
    const landed = pathOf(j.page.url());
    if (landed !== ap) problems.push(`landed on ${landed}, expected ${ap}`);
    const next = post.request().redirectedTo();
    const final = next ? await next.response() : null;
    if (final && final.status() !== 200) problems.push(`${landed} answered ${final.status()}`);
    const cookie = await sessionCookieOf(j.context);
    if (!cookie) problems.push(`no session cookie (name matching ${SESSION_COOKIE}) in the browser context`);
    else if (!cookie.httpOnly) problems.push(`session cookie ${cookie.name} is not HttpOnly`);
    const h1 = j.page.locator('h1').first();
    const h1Text = (await h1.count()) && (await h1.isVisible()) ? short(await h1.innerText(), 60) : '';
    if (!h1Text) problems.push('no visible h1 after signing in');
    if (!problems.length) {
      session.state = await j.context.storageState();
      session.cookie = await cookieHeader(j.context);
    }
    record(lp, name, problems.length === 0, problems.join('; ') ||
      `303 → ${ap}, cookie ${cookie.name} (HttpOnly, SameSite=${cookie.sameSite}), h1 "${h1Text}"`);
  } catch (e) {
    record(lp, name, false, short(e.message, 300));
  }
  return session;
}

/**
 * Signs out with the header's button (a form POST to /{lang}/logout): lands on /{lang}/, the cookie
 * is gone, /{lang}/admin sends to /{lang}/login?next=/{lang}/admin and the old cookie is refused.
 * Then records the journey's console errors and external requests, and closes its context.
 */
async function signOut(session) {
  const { lang, W, j } = session;
  const ap = adminPath(lang);
  const lp = loginPath(lang);
  const name = `sign-out@${W}`;
  try {
    if (!session.state) {
      record(ap, name, false, 'skipped: the sign-in failed');
      return;
    }
    const problems = [];
    await j.page.goto(BASE + ap, { waitUntil: 'load' });
    if (pathOf(j.page.url()) !== ap) throw new Error(`still signed in? ${ap} led to ${pathOf(j.page.url())}`);
    const form = j.page.locator(`header form[action$="/${lang}/logout"]`).first();
    if ((await form.count()) === 0) throw new Error(`no form posting to /${lang}/logout in the header`);
    const method = ((await form.getAttribute('method')) || 'get').toLowerCase();
    if (method !== 'post') problems.push(`the sign-out form's method is ${method}, expected post`);
    const button = form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first();
    if ((await button.count()) === 0) throw new Error('the sign-out form has no submit button');
    if (!(await button.isVisible())) problems.push(`the sign-out button is not visible at ${W} px`);
    const posted = j.page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === `/${lang}/logout`);
    const navigated = j.page.waitForEvent('framenavigated', { predicate: (fr) => fr === j.page.mainFrame() });
    await button.click();
    const post = await posted;
    await navigated;
    await j.page.waitForLoadState('load');
    if (post.status() !== 303) problems.push(`POST /${lang}/logout answered ${post.status()}, expected 303`);
    const landed = pathOf(j.page.url());
    if (landed !== `/${lang}/`) problems.push(`landed on ${landed}, expected /${lang}/`);
    const left = await sessionCookieOf(j.context);
    if (left) problems.push(`session cookie ${left.name} still in the browser context`);
    await j.page.goto(BASE + ap, { waitUntil: 'load' });
    const after = new URL(j.page.url());
    if (after.pathname !== lp || after.searchParams.get('next') !== ap) {
      problems.push(`${ap} after signing out led to ${after.pathname}${after.search}, expected ${lp}?next=${ap}`);
    }
    // The server must have ended the session, not only asked the browser to forget it.
    const old = await fetch(BASE + ap, { redirect: 'manual', headers: { cookie: session.cookie } });
    await old.arrayBuffer();
    if (old.status === 200) problems.push(`the signed-out session cookie still opens ${ap} (200)`);
    record(ap, name, problems.length === 0, problems.join('; ') ||
      `303 → /${lang}/, cookie cleared, ${ap} → ${after.pathname}${after.search}, old cookie → ${old.status}`);
  } catch (e) {
    record(ap, name, false, short(e.message, 300));
  } finally {
    const external = [...new Set(j.blocked)];
    record(lp, `journey-external-requests@${W}`, external.length === 0,
      external.length ? `blocked requests to other hosts:\n      ${external.join('\n      ')}` : '');
    record(lp, `journey-console-errors@${W}`, j.errors.length === 0, j.errors.join('\n      '));
    await j.context.close();
  }
}

/** With JavaScript off, the form signs in (dashboard h1 visible) and the header button signs out. */
async function checkNoJsSignIn(browser, lang) {
  const lp = loginPath(lang);
  const ap = adminPath(lang);
  const j = await journeyContext(browser, lang, VIEWPORTS[0], false);
  try {
    const resp = await j.page.goto(BASE + lp, { waitUntil: 'load' });
    if (!resp || resp.status() !== 200) return record(lp, 'no-js-sign-in', false, `${lp} answered ${resp ? resp.status() : 'nothing'}`);
    const post = await submitLogin(j.page, lang, ADMIN_EMAIL, ADMIN_PASSWORD);
    const landed = pathOf(j.page.url());
    const h1 = j.page.locator('h1').first();
    const h1Text = (await h1.count()) && (await h1.isVisible()) ? short(await h1.innerText(), 60) : '';
    const problems = [];
    if (post.status() !== 303) problems.push(`POST ${lp} answered ${post.status()}, expected 303`);
    if (landed !== ap) problems.push(`landed on ${landed}, expected ${ap}`);
    if (!h1Text) problems.push('no visible h1 on the dashboard with JavaScript off');
    record(lp, 'no-js-sign-in', problems.length === 0, problems.join('; ') || `→ ${landed}, h1 "${h1Text}"`);
    if (problems.length) return;
    const button = j.page.locator(`header form[action$="/${lang}/logout"]`).locator('button[type="submit"], button:not([type]), input[type="submit"]').first();
    const navigated = j.page.waitForEvent('framenavigated', { predicate: (fr) => fr === j.page.mainFrame() });
    await button.click();
    await navigated;
    await j.page.waitForLoadState('load');
    const out = pathOf(j.page.url());
    record(ap, 'no-js-sign-out', out === `/${lang}/`, out === `/${lang}/` ? `→ ${out}` : `landed on ${out}, expected /${lang}/`);
  } catch (e) {
    record(lp, 'no-js-sign-in', false, short(e.message, 300));
  } finally {
    await j.context.close();
  }
}

/** Members page: a form in main with a submit button, and checkboxes grouped in fieldsets with a legend. */
async function checkMembersForm(page, pagePath) {
  try {
    const info = await page.evaluate(() => {
      const forms = [...document.querySelectorAll('main form')];
      const withSubmit = forms.filter((f) => f.querySelector('button[type="submit"], button:not([type]), input[type="submit"]'));
      const legends = [...document.querySelectorAll('main fieldset > legend')].map((l) => l.textContent.trim());
      return { forms: forms.length, withSubmit: withSubmit.length, legends };
    });
    const problems = [];
    if (!info.withSubmit) problems.push(`no form in main with a submit button (${info.forms} form(s) in main)`);
    if (!info.legends.length) problems.push('no "fieldset legend" in main');
    else if (info.legends.some((t) => !t)) problems.push('a fieldset legend is empty');
    record(pagePath, 'members-form', problems.length === 0, problems.join('; ') ||
      `${info.withSubmit} form(s) with a submit button, legends: ${info.legends.map((t) => `"${short(t, 40)}"`).join(', ')}`);
  } catch (e) {
    record(pagePath, 'members-form', false, short(e.message, 200));
  }
}

// ---------------------------------------------------------------- the writing journey

/**
 * A volunteer writes an article in Spanish on a phone, translates it into English, publishes it,
 * reads it on the public site in both languages and finds it with the search box. Runs once, with
 * the Spanish session at 390 px, before the sessions end.
 */
async function articleJourney(browser, session) {
  const name = 'article-journey';
  const where = adminPath('es', '/pages');
  const context = await newContext(browser, { viewport: { width: session.W, height: 844 }, storageState: session.state });
  await blockExternal(context);
  const page = await context.newPage();
  const steps = [];
  const step = async (label, fn) => {
    try {
      const detail = await fn();
      steps.push(`${label}${detail ? ` (${detail})` : ''}`);
    } catch (e) {
      throw new Error(`${label}: ${short(e.message, 240)}`);
    }
  };
  const expectText = async (selector, expected) => {
    const text = (await page.locator(selector).first().innerText()).trim();
    if (!text.includes(expected)) throw new Error(`${selector} reads "${short(text, 120)}", expected "${expected}"`);
    return text;
  };
  try {
    const stamp = Date.now().toString(36);
    const esTitle = `Cosecha de café en Arcatao ${stamp}`;
    let editor = '';
    await step('create', async () => {
      await page.goto(BASE + where, { waitUntil: 'load' });
      await page.fill('#new-page-title', esTitle);
      await page.check('input[name=kind][value=article]');
      await page.check('input[name=language][value=es]');
      await Promise.all([page.waitForURL(/\/es\/admin\/pages\/\d+$/), page.click('.new-page button[type=submit]')]);
      editor = pathOf(page.url());
      return editor;
    });
    await step('write in Spanish', async () => {
      await page.fill('#body-es', 'La **cosecha** de café reúne a las familias de Arcatao.');
      await Promise.all([page.waitForURL(/saved=es/), page.click('#es button[value=save]')]);
      await expectText('#es .form-notice', 'Guardado');
      await expectText('#en h2 .badge', 'Sin escribir');
    });
    const esSlug = await page.inputValue('#slug-es');
    await step('translate into English', async () => {
      await page.fill('#title-en', `Coffee harvest in Arcatao ${stamp}`);
      await page.fill('#slug-en', `coffee-harvest-${stamp}`);
      await page.fill('#body-en', 'The coffee **harvest** brings the families of Arcatao together.');
      await Promise.all([page.waitForURL(/saved=en/), page.click('#en button[value=save]')]);
      await expectText('#en .form-notice', 'Guardado');
    });
    await step('publish', async () => {
      await Promise.all([page.waitForURL(new RegExp(`${editor}$`)), page.click('.page-state button[type=submit]')]);
      await expectText('.page-state .badge', 'Publicado');
    });
    await page.screenshot({ path: path.join(OUT_DIR, `journey-article-editor-${session.W}.png`), fullPage: true });
    await step('read it in Spanish', async () => {
      const resp = await page.goto(`${BASE}/es/articulos/${esSlug}`, { waitUntil: 'load' });
      if (resp.status() !== 200) throw new Error(`status ${resp.status()}`);
      await expectText('h1', esTitle);
      await page.screenshot({ path: path.join(OUT_DIR, `journey-article-es-${session.W}.png`), fullPage: true });
    });
    await step('read it in English', async () => {
      await page.click('nav.language-switch a');
      await page.waitForLoadState('load');
      if (pathOf(page.url()) !== `/en/articles/coffee-harvest-${stamp}`) throw new Error(`landed on ${page.url()}`);
      await expectText('h1', `Coffee harvest in Arcatao ${stamp}`);
    });
    await step('find it', async () => {
      await page.goto(`${BASE}/es/buscar?q=${encodeURIComponent('cosecha cafe')}`, { waitUntil: 'load' });
      const hrefs = await page.$$eval('.search-results a', (as) => as.map((a) => new URL(a.href).pathname));
      if (!hrefs.includes(`/es/articulos/${esSlug}`)) throw new Error(`not among the results: ${hrefs.join(' ')}`);
    });
    record(where, name, true, steps.join(' → '));
  } catch (e) {
    await page.screenshot({ path: path.join(OUT_DIR, `journey-article-failed-${session.W}.png`), fullPage: true }).catch(() => {});
    record(where, name, false, `${steps.join(' → ')}${steps.length ? ' → ' : ''}${e.message}`);
  } finally {
    await context.close();
  }
}

/** RFC 6238 (HMAC-SHA1, 6 digits, 30 s) from the key as the account page shows it (base 32). */
function totpCode(shownKey, atSeconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of shownKey.replace(/\s+/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atSeconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Clicks the submit button of the form posting to `action` and waits for the next page. */
async function submitForm(page, action) {
  const form = page.locator(`main form[action$="${action}"]`).first();
  const navigated = page.waitForEvent('framenavigated', { predicate: (fr) => fr === page.mainFrame() });
  await form.locator('button[type="submit"]').first().click();
  await navigated;
  await page.waitForLoadState('load');
}

/**
 * Two-step sign-in with the second account, like a person with an authenticator app: turn it on
 * from the account page (the code computed here from the key shown), see the recovery codes,
 * sign out, sign in with password and code, then turn it off again with the password.
 */
async function checkTwoStep(browser, lang, nuEntries) {
  const name = 'two-step';
  const acct = adminPath(lang, '/account');
  const codePath = `/${lang}/login/code`;
  const j = await journeyContext(browser, lang, VIEWPORTS[0]);
  const problems = [];
  const shot = (what) => j.page.screenshot({ path: path.join(OUT_DIR, `${slugFor(acct)}-${what}-390.png`), fullPage: true });
  try {
    await j.page.goto(BASE + loginPath(lang), { waitUntil: 'load' });
    await submitLogin(j.page, lang, TWO_STEP_EMAIL, ADMIN_PASSWORD);
    await j.page.goto(BASE + acct, { waitUntil: 'load' });
    await submitForm(j.page, '/account/two-step');
    const key = (await j.page.locator('#two-step-secret').innerText()).trim();
    const uri = await j.page.locator('a.otpauth').getAttribute('href');
    if (!/^otpauth:\/\/totp\//.test(uri || '')) problems.push(`the app link is ${uri}`);
    await shot('setting-up');
    await checkAxe(j.page, acct, 'axe-two-step-setup');
    nuEntries.push({ page: acct, check: 'html-valid-two-step-setup', body: (await fetchRaw(acct, await cookieHeader(j.context))).body });
    const now = Date.now() / 1000;
    await j.page.locator('#confirm-code').fill(totpCode(key, now));
    await submitForm(j.page, '/two-step/confirm');
    const codes = await j.page.locator('.recovery-codes li').count();
    if (codes !== 10) problems.push(`${codes} recovery codes shown, expected 10`);
    await shot('codes');
    await checkAxe(j.page, acct, 'axe-two-step-codes');

    // Sign out, then in again: the password leads to the code page, and the next code opens.
    const out = j.page.locator(`header form[action$="/${lang}/logout"] button`).first();
    const left = j.page.waitForEvent('framenavigated', { predicate: (fr) => fr === j.page.mainFrame() });
    await out.click();
    await left;
    await j.page.goto(BASE + loginPath(lang), { waitUntil: 'load' });
    await submitLogin(j.page, lang, TWO_STEP_EMAIL, ADMIN_PASSWORD);
    if (pathOf(j.page.url()) !== codePath) problems.push(`the password led to ${pathOf(j.page.url())}, expected ${codePath}`);
    if (await sessionCookieOf(j.context)) problems.push('a session cookie before the code');
    await j.page.screenshot({ path: path.join(OUT_DIR, `${slugFor(codePath)}-390.png`), fullPage: true });
    await checkAxe(j.page, codePath, 'axe');
    nuEntries.push({ page: codePath, check: 'html-valid', body: (await fetchRaw(codePath, await cookieHeader(j.context))).body });
    // The code just used to confirm is spent: the app's next one (one step of clock skew) opens.
    await j.page.locator('#code').fill(totpCode(key, Date.now() / 1000 + 30));
    await submitForm(j.page, '/login/code');
    if (pathOf(j.page.url()) !== adminPath(lang)) problems.push(`the code led to ${pathOf(j.page.url())}, expected ${adminPath(lang)}`);
    if (!(await sessionCookieOf(j.context))) problems.push('no session cookie after the code');

    // Off again, with the password.
    await j.page.goto(BASE + acct, { waitUntil: 'load' });
    await j.page.locator('#off-proof').fill(ADMIN_PASSWORD);
    await submitForm(j.page, '/two-step/off');
    const notice = await j.page.locator('.form-notice').first().innerText().catch(() => '');
    if (!notice) problems.push('no notice after turning two-step off');
    record(acct, name, problems.length === 0, problems.join('; ') || `on (${codes} recovery codes), signed in with a code, off: "${short(notice, 80)}"`);
  } catch (e) {
    record(acct, name, false, short(e.message, 300));
  } finally {
    record(acct, 'two-step-console-errors', j.errors.length === 0, j.errors.join('\n      '));
    await j.context.close();
  }
}

/** A CSV of `rows` people, every tenth one repeating an earlier address in capitals. */
function importCsv(rows, prefix) {
  const lines = ['Correo electrónico,Nombre,Apellido,Código postal,Etiquetas'];
  for (let n = 0; n < rows; n++) {
    const person = n % 10 === 9 ? n - 4 : n;
    const email = person === n ? `${prefix}${person}@example.org` : `${prefix.toUpperCase()}${person}@Example.org`;
    lines.push(`${email},Amiga ${person},Núñez ${person},5370${person % 10},navegador`);
  }
  return lines.join('\n') + '\n';
}

/**
 * An organizer imports a CSV in Spanish on a phone: uploads it, reads the preview, commits, and
 * watches the progress bar move in place until the results show. Then the same with JavaScript
 * off, where the page refreshes itself until the import is done.
 */
async function importJourney(browser, nuEntries) {
  const ip = adminPath('es', '/supporters/import');
  const name = 'import-journey';
  if (!ORGANIZER_EMAIL) return console.log('note: HERMANA_BROWSER_ORGANIZER_EMAIL unset, import journey skipped');
  for (const js of [true, false]) {
    const label = js ? 'js' : 'no-js';
    const j = await journeyContext(browser, 'es', VIEWPORTS[0], js);
    const problems = [];
    const shot = (what) => j.page.screenshot({ path: path.join(OUT_DIR, `${slugFor(ip)}-${what}-390.png`), fullPage: true });
    try {
      await j.page.goto(BASE + loginPath('es'), { waitUntil: 'load' });
      await submitLogin(j.page, 'es', ORGANIZER_EMAIL, ADMIN_PASSWORD);
      await j.page.goto(BASE + ip, { waitUntil: 'load' });
      const rows = js ? 20_000 : 300;
      const file = path.join(OUT_DIR, `amigos-${label}.csv`);
      fs.writeFileSync(file, importCsv(rows, `amiga-${label}-`));
      await j.page.locator('#file').setInputFiles(file);
      await Promise.all([j.page.waitForURL(/\/import\/\d+/), j.page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click()]);
      const at = pathOf(j.page.url());
      const counts = await j.page.locator('#preview .import-counts').innerText().catch(() => '');
      const created = rows - rows / 10;
      if (!counts.includes(`${created} simpatizantes nuevos`)) problems.push(`preview says "${short(counts, 120)}"`);
      if (js) {
        await shot('preview');
        await checkAxe(j.page, at, 'axe-import-preview');
        nuEntries.push({ page: at, check: 'html-valid-import-preview', body: (await fetchRaw(at, await cookieHeader(j.context))).body });
      }
      await submitForm(j.page, at);
      const bar = j.page.locator('progress#import-progress');
      if (js) {
        if ((await bar.count()) === 0) {
          problems.push('no progress bar after committing');
        } else {
          const first = Number(await bar.getAttribute('value'));
          await shot('running');
          await checkAxe(j.page, at, 'axe-import-running');
          nuEntries.push({ page: at, check: 'html-valid-import-running', body: (await fetchRaw(at, await cookieHeader(j.context))).body });
          // The bar moves without the page being reloaded (the script polls the progress).
          const moved = await j.page
            .waitForFunction((v) => { const b = document.getElementById('import-progress'); return b && b.value > v && b.value < b.max; }, first, { timeout: 30_000, polling: 100 })
            .then(() => true, () => false);
          if (!moved) problems.push(`the bar did not move in place from ${first}`);
          else await shot('moving');
        }
      }
      await j.page.locator('#done-heading').waitFor({ timeout: 120_000 });
      const done = await j.page.locator('.import-counts').first().innerText();
      if (!done.includes(`${created} simpatizantes nuevos`) || !done.includes(`${rows / 10} filas coinciden`)) problems.push(`results say "${short(done, 160)}"`);
      await shot(`done-${label}`);
      // axe runs as a script in the page: only where scripts run.
      if (js) await checkAxe(j.page, at, 'axe-import-done');
      if (j.errors.length) problems.push(...j.errors);
      record(ip, `${name}-${label}`, problems.length === 0, problems.join('; ') || `${rows} rows: ${short(done.replace(/\s+/g, ' '), 140)}`);
    } catch (e) {
      record(ip, `${name}-${label}`, false, short(e.message, 300));
    } finally {
      await j.context.close();
    }
  }
}

/**
 * A treasurer enters a deposit slip in Spanish on a phone: three checks under a slip total that
 * does not add up (refused, with the checks' real sum in the error and nothing lost), then the
 * right total (recorded). Then the year's reports in both languages: the chart with its
 * title and description, the table that says the same, and the new gifts in them.
 */
async function treasurerJourney(browser, nuEntries) {
  const bp = adminPath('es', '/gifts/batch');
  if (!TREASURER_EMAIL) return console.log('note: HERMANA_BROWSER_TREASURER_EMAIL unset, treasurer journey skipped');
  const j = await journeyContext(browser, 'es', VIEWPORTS[0]);
  const problems = [];
  const shot = (p, what, page = j.page) => page.screenshot({ path: path.join(OUT_DIR, `${slugFor(p)}-${what}.png`), fullPage: true });
  try {
    await j.page.goto(BASE + loginPath('es'), { waitUntil: 'load' });
    await submitLogin(j.page, 'es', TREASURER_EMAIL, ADMIN_PASSWORD);
    await j.page.goto(BASE + bp, { waitUntil: 'load' });
    const checks = [['Rosa Ejemplo', '4101', '100,00'], ['Luis Fiel', '4102', '150,00'], ['Marta Lapsa', '4103', '25,50']];
    for (const [i, [name, number, amount]] of checks.entries()) {
      await j.page.locator(`#donor_name_${i + 1}`).fill(name);
      await j.page.locator(`#check_number_${i + 1}`).fill(number);
      await j.page.locator(`#amount_${i + 1}`).fill(amount);
    }
    await j.page.locator('#total').fill('300,00');
    const submit = j.page.locator('form.batch button[type="submit"]:not([name])');
    const [wrong] = await Promise.all([
      j.page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === bp),
      submit.click(),
    ]);
    await j.page.waitForLoadState('load');
    const error = await j.page.locator('#total-error').innerText().catch(() => '');
    if (wrong.status() !== 422) problems.push(`a slip that does not add up answered ${wrong.status()}`);
    if (!error.includes('275,50')) problems.push(`the total's error says "${short(error, 120)}"`);
    if ((await j.page.locator('#amount_2').inputValue()) !== '150,00') problems.push('the typed checks were lost');
    await shot(bp, 'wrong-total-390');
    await checkAxe(j.page, bp, 'axe-batch-wrong-total');
    await j.page.locator('#total').fill('275,50');
    await Promise.all([j.page.waitForURL((u) => pathOf(u.toString()) === bp && u.toString().includes('?')), submit.click()]).catch(() => {});
    await j.page.waitForLoadState('load');
    const status = await j.page.locator('[role=status]').first().innerText().catch(() => '');
    if (!status.includes('275,50')) problems.push(`after the right total the page says "${short(status, 120)}"`);
    await shot(bp, 'recorded-390');
    record(bp, 'treasurer-deposit-slip', problems.length === 0, problems.join('; ') || short(status, 140));
  } catch (e) {
    record(bp, 'treasurer-deposit-slip', false, short(e.message, 300));
  }
  for (const lang of LANGS) {
    const rp = adminPath(lang, '/reports');
    const found = [];
    try {
      for (const vp of VIEWPORTS) {
        await j.page.setViewportSize({ width: vp.width, height: vp.height });
        await j.page.goto(BASE + rp, { waitUntil: 'load' });
        await shot(rp, `treasurer-${vp.width}`);
      }
      const title = await j.page.locator('figure.report-chart svg title').textContent();
      const desc = await j.page.locator('figure.report-chart svg desc').textContent();
      if (!title || !desc || !desc.includes(lang === 'es' ? '275,50' : '275.50')) found.push(`chart title "${title}", desc "${short(desc || '', 160)}"`);
      const rows = await j.page.locator('table.report-months tbody tr').count();
      if (rows !== 12) found.push(`${rows} months in the table`);
      await checkAxe(j.page, rp, 'axe-reports-treasurer');
      nuEntries.push({ page: rp, check: 'html-valid-reports-treasurer', body: (await fetchRaw(rp, await cookieHeader(j.context))).body });
      record(rp, 'treasurer-reports', found.length === 0, found.join('; ') || short(desc, 140));
    } catch (e) {
      record(rp, 'treasurer-reports', false, short(e.message, 300));
    }
  }
  // Chromium logs the expected 422 of the slip that does not add up; not a fault.
  const unexpected = j.errors.filter((e) => !(e.includes('status of 422') && e.includes(bp)));
  if (unexpected.length) record(bp, 'treasurer-console', false, unexpected.join('; '));
  await j.context.close();
}

/** A `datetime-local` value `days` from now at 19:00 (the browser's clock; the server reads it in its zone). */
function dateTimeIn(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T19:00`;
}

/** The path of the first cancel link in an .eml written to `email` (HERMANA_DATA_DIR/mail), waiting for it. */
async function cancelLinkFor(email) {
  const dir = path.join(process.env.HERMANA_DATA_DIR || '', 'mail');
  for (let i = 0; i < 200; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const f of files) {
      // Quoted-printable: join soft line breaks, decode `=3D`.
      const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (!text.toLowerCase().includes(`to: ${email}`) && !text.includes(`<${email}>`)) continue;
      const m = text.match(/https?:\/\/[^\s"<>]*(\/es\/eventos\/cancelar\/[A-Za-z0-9_-]+)/);
      if (m) return m[1];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return '';
}

/**
 * Events on a phone, in Spanish: an organizer creates a talk with one seat; a visitor registers,
 * a second one goes to the waitlist; the first cancels with the emailed link and the second is
 * promoted (the organizer sees her confirmed); the organizer checks her in at the door. Then a
 * visitor applies to the demo's delegation ("Postularse").
 */
async function eventsJourney(browser, nuEntries) {
  const name = 'events-journey';
  const ep = adminPath('es', '/events');
  if (!ORGANIZER_EMAIL || !process.env.HERMANA_DATA_DIR) return console.log('note: organizer or data dir unset, events journey skipped');
  const org = await journeyContext(browser, 'es', VIEWPORTS[0]);
  const visitors = [];
  const problems = [];
  const shot = (j, what) => j.page.screenshot({ path: path.join(OUT_DIR, `events-${what}-390.png`), fullPage: true });
  const visitor = async () => {
    const v = await journeyContext(browser, 'es', VIEWPORTS[0]);
    visitors.push(v);
    return v;
  };
  try {
    await org.page.goto(BASE + loginPath('es'), { waitUntil: 'load' });
    await submitLogin(org.page, 'es', ORGANIZER_EMAIL, ADMIN_PASSWORD);
    await org.page.goto(BASE + adminPath('es', '/events/new'), { waitUntil: 'load' });
    await org.page.selectOption('#kind', 'talk');
    await org.page.fill('#title_es', 'Charla del recorrido');
    await org.page.fill('#title_en', 'Journey talk');
    await org.page.fill('#starts_at', dateTimeIn(30));
    await org.page.fill('#capacity', '1');
    await Promise.all([org.page.waitForURL(/\/es\/admin\/events\/\d+$/), org.page.locator('main form.event-form button[type="submit"]').click()]);
    const adminEvent = pathOf(org.page.url());
    const publicPath = pathOf(await org.page.locator('.page-state a[href^="/es/eventos/"]').first().getAttribute('href'));

    const register = async (v, who, email) => {
      await v.page.goto(BASE + publicPath, { waitUntil: 'load' });
      await v.page.fill('#name', who);
      await v.page.fill('#email', email);
      await v.page.waitForTimeout(3_500); // the form refuses answers faster than a person types
      await Promise.all([v.page.waitForURL(/#register$/), v.page.locator('#register form button[type="submit"]').click()]);
      await v.page.waitForLoadState('load');
      return (await v.page.locator('#register-title').innerText()).trim();
    };
    const first = await visitor();
    const one = await register(first, 'Rosa Recorrido', 'rosa-recorrido@example.org');
    if (one !== '¡Listo, está inscrito!') problems.push(`first registration: "${one}"`);
    const second = await visitor();
    await second.page.goto(BASE + publicPath, { waitUntil: 'load' });
    await checkAxe(second.page, publicPath, 'axe-event-register');
    const two = await register(second, 'Elena Espera', 'elena-espera@example.org');
    if (two !== 'Está en la lista de espera') problems.push(`second registration: "${two}"`);
    await shot(second, 'waitlisted');

    const cancel = await cancelLinkFor('rosa-recorrido@example.org');
    if (!cancel) problems.push('no cancel link emailed to the first visitor');
    else {
      await first.page.goto(BASE + cancel, { waitUntil: 'load' });
      await shot(first, 'cancel');
      await submitForm(first.page, cancel);
      const done = await first.page.locator('.form-notice').first().innerText().catch(() => '');
      if (!done) problems.push('no notice after cancelling');
    }
    await org.page.goto(BASE + adminEvent, { waitUntil: 'load' });
    const row = (await org.page.locator('#registrations tr', { hasText: 'Elena Espera' }).first().innerText().catch(() => '')).replace(/\s+/g, ' ');
    if (!row.includes('Confirmada')) problems.push(`the waitlisted visitor is not shown confirmed to the organizer: "${short(row, 120)}"`);
    await shot(org, 'promoted');

    // The door, on the phone: find her, tick her arrival.
    const door = `${adminEvent}/check-in`;
    await org.page.goto(BASE + door, { waitUntil: 'load' });
    await org.page.fill('#q', 'elena');
    await Promise.all([org.page.waitForURL(/check-in\?q=elena/), org.page.locator('form.checkin-search button[type="submit"]').click()]);
    await org.page.locator('.checkin-person', { hasText: 'Elena Espera' }).locator('button[type="submit"]').first().click();
    await org.page.waitForLoadState('load');
    const count = await org.page.locator('.checkin-count').innerText().catch(() => '');
    if (!count.includes('Llegaron 1 de 1')) problems.push(`check-in count says "${short(count, 80)}"`);
    await checkAxe(org.page, door, 'axe-check-in');
    await shot(org, 'check-in');
    nuEntries.push({ page: door, check: 'html-valid-check-in', body: (await fetchRaw(door, await cookieHeader(org.context))).body });

    // A delegation: the application, in Spanish.
    const delegation = '/es/eventos/delegacion-a-arcatao';
    const applicant = await visitor();
    await applicant.page.goto(BASE + delegation, { waitUntil: 'load' });
    const heading = (await applicant.page.locator('#register-title').innerText()).trim();
    if (heading !== 'Postularse') problems.push(`the delegation's form is titled "${heading}"`);
    await checkAxe(applicant.page, delegation, 'axe-delegation-apply');
    await applicant.page.fill('#name', 'Marta Viajera');
    await applicant.page.fill('#email', 'marta-viajera@example.org');
    await applicant.page.fill('#passport_name', 'MARTA VIAJERA LOPEZ');
    await applicant.page.fill('#date_of_birth', '1988-05-14');
    await applicant.page.fill('#emergency_contact', 'Luis, +1 608 555 0123');
    await applicant.page.selectOption('#spanish_level', 'conversational');
    await applicant.page.fill('#motivation', 'Acompañar a la comunidad y aprender de su historia.');
    await applicant.page.waitForTimeout(3_500);
    await Promise.all([applicant.page.waitForURL(/#register$/), applicant.page.locator('#register form button[type="submit"]').click()]);
    await applicant.page.waitForLoadState('load');
    const applied = (await applicant.page.locator('#register-title').innerText()).trim();
    if (applied !== 'Recibimos su solicitud') problems.push(`after applying: "${applied}"`);
    await shot(applicant, 'applied');

    for (const j of [org, ...visitors]) if (j.errors.length) problems.push(...j.errors);
    record(ep, name, problems.length === 0, problems.join('; ') || 'registered, waitlisted, cancelled, promoted, checked in; applied to the delegation');
  } catch (e) {
    record(ep, name, false, short(e.message, 300));
  } finally {
    for (const j of [org, ...visitors]) await j.context.close();
  }
}

/** A small PNG (warm stripes), built by hand: signature, IHDR, zlib-compressed rows, IEND. */
function fixturePng(width = 320, height = 200) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      const stripe = Math.floor((x + y) / 40) % 3;
      rows.set(stripe === 0 ? [196, 80, 40] : stripe === 1 ? [240, 190, 90] : [40, 110, 90], o);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The media journey, like a volunteer: upload a PNG with both alt texts, copy its snippet into
 * the text of page 2 in the editor, save, then see the picture (loaded, with the alt text) on
 * the public page, signed out.
 */
async function uploadImage(browser, session) {
  const lang = session.lang;
  const mp = adminPath(lang, '/media');
  const context = await newContext(browser, { viewport: VIEWPORTS[0], storageState: session.state });
  await blockExternal(context);
  const page = await context.newPage();
  try {
    const file = path.join(OUT_DIR, 'fixture.png');
    fs.writeFileSync(file, fixturePng());
    await page.goto(BASE + mp, { waitUntil: 'load' });
    await page.locator('#alt_es').fill(IMAGE_ALT.es);
    await page.locator('#alt_en').fill(IMAGE_ALT.en);
    await page.locator('#file').setInputFiles(file);
    await Promise.all([page.waitForURL(/\/admin\/media\/\d+/), page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()]);
    const landed = pathOf(page.url());
    if (landed !== adminPath(lang, '/media/1')) return record(mp, 'media-upload', false, `landed on ${landed}, expected ${adminPath(lang, '/media/1')}`);
    const snippet = await page.locator('#snippet').inputValue();
    record(mp, 'media-upload', true, `→ ${landed}, snippet ${snippet}`);

    const editor = adminPath(lang, '/pages/2');
    await page.goto(BASE + editor, { waitUntil: 'load' });
    const body = page.locator(`#body-${lang}`);
    await body.fill(`${await body.inputValue()}\n\n${snippet}\n`);
    await Promise.all([page.waitForURL(/saved=/), page.locator(`form:has(#body-${lang}) button[value="save"]`).click()]);
    const publicPath = await page.locator('.page-state a').first().getAttribute('href');
    if (!publicPath) return record(editor, 'media-in-page', false, 'no link to the public page in the editor');

    const visitor = await newContext(browser, { viewport: VIEWPORTS[0] });
    try {
      const vp = await visitor.newPage();
      await vp.goto(BASE + publicPath, { waitUntil: 'load' });
      const img = vp.locator('main picture img').first();
      await img.scrollIntoViewIfNeeded();
      await vp.waitForFunction(() => {
        const i = document.querySelector('main picture img');
        return i && i.complete && i.naturalWidth > 0;
      }, null, { timeout: 10_000 });
      const alt = await img.getAttribute('alt');
      const shown = await img.evaluate((i) => i.currentSrc);
      record(publicPath, 'media-in-page', alt === IMAGE_ALT[lang], `alt "${alt}", showing ${pathOf(shown)}`);
    } finally {
      await visitor.close();
    }
  } catch (e) {
    record(mp, 'media-upload', false, short(e.message, 300));
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- main

/**
 * Becoming a Friend in Spanish on a phone: fill the form like a person (the server refuses a
 * form sent within 3 s of being shown), send it, and see the "check your email" answer.
 */
async function checkSignUp(browser) {
  const p = '/es/amigos';
  const name = 'sign-up@390';
  const j = await journeyContext(browser, 'es', VIEWPORTS.find((v) => v.width === 390));
  try {
    const resp = await j.page.goto(BASE + p, { waitUntil: 'load' });
    if (!resp || resp.status() !== 200) return record(p, name, false, `${p} answered ${resp ? resp.status() : 'nothing'}`);
    await j.page.locator('#first_name').fill('Prueba');
    await j.page.locator('#last_name').fill('Navegador');
    await j.page.locator('#email').fill(`prueba.navegador.${Date.now()}@example.org`);
    await j.page.locator('input[name="interest"]').first().check();
    await j.page.screenshot({ path: path.join(OUT_DIR, 'es-amigos-filled-390.png'), fullPage: true });
    await j.page.waitForTimeout(3500);
    const posted = j.page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === p);
    await j.page.locator('form.form button[type="submit"]').click();
    const post = await posted;
    await j.page.waitForLoadState('load');
    const problems = [];
    if (post.status() !== 200) problems.push(`POST ${p} answered ${post.status()}, expected 200`);
    const status = j.page.locator('[role="status"]').first();
    if (!((await status.count()) > 0 && (await status.isVisible()))) problems.push('no visible [role=status] answer');
    await checkAxe(j.page, p, 'axe-sent@390');
    await j.page.screenshot({ path: path.join(OUT_DIR, 'es-amigos-sent-390.png'), fullPage: true });
    if (j.errors.length) problems.push(...j.errors);
    record(p, name, problems.length === 0, problems.join('; ') || 'sent, answer shown');
  } catch (e) {
    record(p, name, false, short(e.message, 300));
  } finally {
    await j.context.close();
  }
}

/**
 * A monthly gift in Spanish on a phone, through the local Stripe stand-in: the donate form, the
 * pretend checkout page, back to the thank-you page; then the treasurer (the admin account) sees
 * the gift, which only the signed webhook recorded.
 */
async function donateJourney(browser, nuEntries) {
  const p = '/es/donar';
  const name = 'donate-journey@390';
  if (!STRIPE_STANDIN) return console.log('note: HERMANA_BROWSER_STRIPE unset, donate journey skipped');
  const standinHost = new URL(STRIPE_STANDIN).host;
  const context = await newContext(browser, { viewport: VIEWPORTS.find((v) => v.width === 390) });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.host === BASE_HOST || url.host === standinHost ? route.continue() : route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${short(e.message, 200)}`));
  const donor = `Donante Navegador ${Date.now()}`;
  const shot = (what) => page.screenshot({ path: path.join(OUT_DIR, `es-donar-${what}-390.png`), fullPage: true });
  const problems = [];
  try {
    await page.goto(BASE + p, { waitUntil: 'load' });
    await page.locator('input[name="amount"][value="25"]').check();
    await page.locator('input[name="frequency"][value="month"]').check();
    await page.locator('#fund').selectOption('becas-arcatao');
    await page.locator('#name').fill(donor);
    await page.locator('#email').fill(`donante.${Date.now()}@example.org`);
    await page.locator('#dedication').fill('En memoria de Octavio Ortiz');
    await shot('filled');
    await Promise.all([page.waitForURL((u) => u.host === standinHost), page.locator('main form button[type="submit"]').click()]);
    await shot('standin-checkout');
    await Promise.all([page.waitForURL((u) => u.host === BASE_HOST && u.pathname === '/es/donar/gracias'), page.locator('button[type="submit"]').click()]);
    await page.waitForLoadState('load');
    const heading = await page.locator('h1').innerText();
    if (heading.trim() !== '¡Gracias!') problems.push(`thank-you heading "${short(heading, 80)}"`);
    await checkAxe(page, '/es/donar/gracias', 'axe-thanks@390');
    await shot('thanks');
    nuEntries.push({ page: '/es/donar/gracias', check: 'html-valid', body: (await fetchRaw('/es/donar/gracias')).body });
    // What went to "Stripe": a form-encoded monthly session in cents, with an Idempotency-Key.
    const sent = await (await fetch(`${STRIPE_STANDIN}/requests`)).json();
    const create = sent.filter((r) => r.path === '/v1/checkout/sessions').pop();
    const form = new URLSearchParams(create ? create.body : '');
    if (!create || !create.idempotencyKey || !create.authorized || !create.contentType.startsWith('application/x-www-form-urlencoded')) problems.push('the session request lacked its key, Idempotency-Key or form encoding');
    if (form.get('mode') !== 'subscription' || form.get('line_items[0][price_data][unit_amount]') !== '2500') problems.push(`session asked for ${form.get('mode')} ${form.get('line_items[0][price_data][unit_amount]')}`);
    // The treasurer sees the gift.
    if (ADMIN_EMAIL && ADMIN_PASSWORD) {
      await page.goto(BASE + loginPath('es'), { waitUntil: 'load' });
      await submitLogin(page, 'es', ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.goto(BASE + adminPath('es', '/gifts'), { waitUntil: 'load' });
      const rows = await page.locator('main table tbody tr').allInnerTexts();
      const row = rows.find((r) => r.includes(donor));
      if (!row) problems.push('the treasurer does not see the gift');
      else if (!row.includes('25,00')) problems.push(`the gift's row reads "${short(row, 120)}"`);
      await shot('treasurer-gifts');
    }
    if (errors.length) problems.push(...errors);
    record(p, name, problems.length === 0, problems.join('; ') || 'monthly gift through the stand-in, thanked, seen by the treasurer');
  } catch (e) {
    record(p, name, false, short(e.message, 300));
  } finally {
    await context.close();
  }
}

async function main() {
  const started = Date.now();
  let lap = started;
  const phase = (name) => {
    const now = Date.now();
    phases.push(`${name} ${((now - lap) / 1000).toFixed(1)} s`);
    lap = now;
  };
  console.log(`Hermana browser suite against ${BASE} → screenshots in ${OUT_DIR}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  console.log(`Chromium ${browser.version()}`);
  try {
    const crawled = await crawl(browser);
    phase('crawl');
    console.log(`crawled ${crawled.length} page(s): ${crawled.join(' ')}`);
    const unknown = LANGS.map((l) => UNKNOWN_PAGES[l]);
    const resets = LANGS.map((l) => `/${l}/password-reset`);
    const logins = LANGS.map(loginPath);
    const targets = [
      ...resets.map((p) => ({ path: p, status: 200, opts: { switchTo: `/${OTHER[langOf(p)]}/password-reset` } })),
      ...crawled.map((p) => ({ path: p, status: 200, opts: {} })),
      ...unknown.map((p) => ({ path: p, status: 404, opts: {} })),
      ...logins.map((p) => ({ path: p, status: 200, opts: { switchTo: loginPath(OTHER[langOf(p)]) } })),
      ...SEARCH_PAGES.map(({ path: p, switchTo }) => ({ path: p, status: 200, opts: { switchTo } })),
      ...FUND_PAGES.map(({ path: p, switchTo }) => ({ path: p, status: 200, opts: { switchTo } })),
      ...EVENT_PAGES.map(({ path: p, switchTo }) => ({ path: p, status: 200, opts: { switchTo } })),
    ];
    const searches = SEARCH_PAGES.map((x) => x.path);
    const funds = FUND_PAGES.map((x) => x.path);
    const eventPages = EVENT_PAGES.map((x) => x.path);
    const nuEntries = [...crawled, ...unknown, ...logins, ...resets, ...searches, ...funds, ...eventPages].map((p) => ({ page: p, check: 'html-valid' }));

    // Admin journey, first half: sign in through the form once per language and width.
    const sessions = [];
    const journey = Boolean(ADMIN_EMAIL && ADMIN_PASSWORD);
    if (!journey) {
      console.log('note: HERMANA_BROWSER_EMAIL / HERMANA_BROWSER_PASSWORD unset, admin journey skipped (sign-in, admin pages, sign-out)');
    } else {
      for (const lang of LANGS) for (const vp of VIEWPORTS) sessions.push(await signIn(browser, lang, vp, nuEntries));
      const uploader = sessions.find((x) => x.state);
      if (uploader) await uploadImage(browser, uploader);
      else record(adminPath(LANGS[0], '/media'), 'media-upload', false, 'skipped: not signed in');
      for (const lang of LANGS) {
        const signedIn = sessions.filter((x) => x.lang === lang && x.state);
        for (const section of ADMIN_SECTIONS) {
          const p = adminPath(lang, section);
          const optsFor = (W) => {
            const session = signedIn.find((x) => x.W === W);
            if (!session) return null;
            return {
              storageState: session.state,
              switchTo: adminPath(OTHER[lang], section),
              extra: section === '/members' ? (page) => checkMembersForm(page, p) : undefined,
            };
          };
          targets.push({ path: p, status: 200, opts: optsFor });
          // Raw HTML for Nu, fetched now with the session cookie, while every session is valid.
          if (!signedIn.length) {
            record(p, 'html-valid', false, 'could not fetch raw HTML: not signed in');
            continue;
          }
          try {
            const raw = await fetchRaw(p, signedIn[0].cookie);
            nuEntries.push({ page: p, check: 'html-valid', body: raw.body });
          } catch (e) {
            record(p, 'html-valid', false, `could not fetch raw HTML: ${e.message}`);
          }
        }
      }
    }

    if (journey) phase('sign-in');

    // The Nu validator (a JVM) runs alongside the browser work.
    const vnuDone = validateHtml(nuEntries);

    await runPool(targets, CONCURRENCY, async ({ path: p, status, opts }) => {
      for (const vp of VIEWPORTS) {
        const o = typeof opts === 'function' ? opts(vp.width) : opts;
        if (o == null) record(p, `load@${vp.width}`, false, `skipped: not signed in at ${vp.width} (see sign-in@${vp.width})`);
        else await visit(browser, p, vp, status, o);
      }
    });

    phase('pages');

    const writer = sessions.find((x) => x.lang === 'es' && x.W === 390 && x.state);
    if (writer) await articleJourney(browser, writer);
    else if (journey) record(adminPath('es', '/pages'), 'article-journey', false, 'skipped: not signed in at 390');
    if (journey) phase('article journey');

    // Admin journey, second half: sign out of every session.
    for (const session of sessions) await signOut(session);
    if (journey) phase('sign-out');

    const noJsPages = [...LANGS.map((l) => `/${l}/`)];
    const other = crawled.find((p) => !isHome(p));
    if (other) noJsPages.push(other);
    await runPool(noJsPages.filter((p) => crawled.includes(p)), CONCURRENCY, (p) => checkNoJs(browser, p));
    await runPool(LANGS, CONCURRENCY, (lang) => checkNoJsSearch(browser, lang));
    if (journey) await runPool(LANGS, CONCURRENCY, (lang) => checkNoJsSignIn(browser, lang));
    // One language at a time: both use the same account.
    const lateNu = [];
    if (journey && TWO_STEP_EMAIL) for (const lang of LANGS) await checkTwoStep(browser, lang, lateNu);

    phase('no-js');
    if (journey) await importJourney(browser, lateNu);
    phase('import');
    if (journey) await treasurerJourney(browser, lateNu);
    phase('treasurer');
    if (journey) await eventsJourney(browser, lateNu);
    phase('events');
    await checkSignUp(browser);
    phase('sign-up');
    await donateJourney(browser, lateNu);
    phase('donate');
    await vnuDone;
    if (lateNu.length) await validateHtml(lateNu);
    phase('nu (rest)');
  } finally {
    await browser.close();
  }
  report(started);
}

function report(started) {
  const pages = [...new Set(checks.map((c) => c.page))];
  const order = (p) => (isPrivate(p) ? 3 : Object.values(UNKNOWN_PAGES).includes(p) ? 2 : isHome(p) ? 0 : 1);
  pages.sort((a, b) => order(a) - order(b) || a.localeCompare(b));

  console.log('\n== Checks');
  if (!process.env.VERBOSE && checks.every((c) => c.ok)) console.log('all checks passed');
  for (const p of pages) {
    for (const c of checks.filter((x) => x.page === p)) {
      const mark = c.ok ? 'ok  ' : 'FAIL';
      const detail = !c.detail ? '' : c.ok && !process.env.VERBOSE ? `  ${c.detail.split('\n')[0]}` : `\n      ${c.detail}`;
      if (!c.ok || process.env.VERBOSE) console.log(`${mark} ${p} ${c.check}${detail}`);
    }
  }

  console.log('\n== Summary');
  const rows = [['page', 'status', 'axe', 'html (wire)', 'total (wire)', 'requests', 'failed checks']];
  for (const p of pages) {
    const f = fig(p);
    const failed = checks.filter((c) => c.page === p && !c.ok).map((c) => c.check);
    rows.push([p, String(f.status), String(f.axe), kb(f.html), kb(f.total), f.requests == null ? '-' : String(f.requests), failed.join(',') || '-']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const passed = checks.filter((c) => c.ok).length;
  const failed = checks.length - passed;
  console.log(`\ntime ${((Date.now() - started) / 1000).toFixed(1)} s (${phases.join(', ')})`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || checks.length === 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log(`${checks.filter((c) => c.ok).length} passed, ${checks.filter((c) => !c.ok).length + 1} failed`);
  process.exit(1);
});
