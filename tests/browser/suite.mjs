// Browser test suite for Hermana.
// Usage: node tests/browser/suite.mjs BASE_URL OUT_DIR
// See README.md beside this file for what is checked.

import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VNU_JAR = String(require('vnu-jar'));

// ---------------------------------------------------------------- settings

const LANGS = ['es', 'en'];
const OTHER = { es: 'en', en: 'es' };
const UNKNOWN_PAGES = { es: '/es/no-existe-esta-pagina', en: '/en/no-such-page' };
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
      if (lp && !seen.has(lp) && !Object.values(UNKNOWN_PAGES).includes(lp)) {
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

async function fetchRaw(pagePath) {
  const res = await fetch(BASE + pagePath, { redirect: 'follow' });
  return { status: res.status, body: await res.text() };
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

async function validateHtml(allPages) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hermana-vnu-'));
  const fileToPage = new Map();
  const files = [];
  try {
    for (const [i, p] of allPages.entries()) {
      let raw;
      try {
        raw = await fetchRaw(p);
      } catch (e) {
        record(p, 'html-valid', false, `could not fetch raw HTML: ${e.message}`);
        continue;
      }
      const file = path.join(dir, `${i}.html`);
      fs.writeFileSync(file, raw.body);
      files.push(file);
      fileToPage.set(`file:${file}`, p);
    }
    if (!files.length) return;
    const res = await runVnu(files);
    if (res.error) {
      for (const p of fileToPage.values()) record(p, 'html-valid', false, res.error);
      return;
    }
    const byPage = new Map([...fileToPage.values()].map((p) => [p, []]));
    const global = [];
    for (const m of res.json.messages || []) {
      if (m.type === 'info') continue; // warnings, not requested with --errors-only
      const p = fileToPage.get(m.url) ?? [...fileToPage.entries()].find(([f]) => m.url && m.url.endsWith(f.slice(5)))?.[1];
      const line = `${m.type === 'error' ? '' : `[${m.type}] `}line ${m.lastLine ?? '?'}: ${short(m.message, 200)}${m.extract ? `  «${short(m.extract, 80)}»` : ''}`;
      if (p) byPage.get(p).push(line);
      else global.push(line);
    }
    for (const [p, errs] of byPage) {
      const file = [...fileToPage.entries()].find(([, v]) => v === p)[0].slice(5);
      record(p, 'html-valid', errs.length === 0 && global.length === 0,
        errs.length ? `${path.basename(file)} → ${BASE}${p}\n      ${errs.join('\n      ')}` : global.join('\n      '));
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

async function visit(browser, pagePath, viewport, expectedStatus) {
  const W = viewport.width;
  const isWeight = W === WEIGHT_WIDTH;
  const context = await newContext(browser, { viewport });
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
    record(pagePath, `load@${W}`, status === expectedStatus, status === expectedStatus ? '' : `status ${status}, expected ${expectedStatus}`);

    // Let late requests (icon, fonts, …) finish so the weight figures are complete.
    if (isWeight) await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});

    if (weight) {
      const w = weight();
      Object.assign(f, { html: w.html, total: w.total, requests: w.requests });
      const problems = [];
      if (w.html == null) problems.push('no HTML document response seen');
      else if (w.html > BUDGET.html) problems.push(`HTML document ${w.html} B > ${BUDGET.html} B`);
      if (w.css > BUDGET.css) problems.push(`CSS ${w.css} B > ${BUDGET.css} B`);
      if (w.js > BUDGET.js) problems.push(`JS ${w.js} B > ${BUDGET.js} B`);
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

    // axe-core: evaluated through the DevTools protocol so a strict Content-Security-Policy
    // does not block it (an injected <script> tag would be refused and log a console error).
    try {
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        AXE_TAGS,
      );
      const v = result.violations;
      f.axe += v.reduce((a, x) => a + x.nodes.length, 0);
      const lines = v.flatMap((x) => [
        `${x.id} (${x.impact}): ${x.help} — ${x.helpUrl}`,
        ...x.nodes.slice(0, 5).map((n) => `   ${n.target.join(' ')}: ${short(n.failureSummary, 200)}`),
        ...(x.nodes.length > 5 ? [`   … and ${x.nodes.length - 5} more`] : []),
      ]);
      record(pagePath, `axe@${W}`, v.length === 0, lines.join('\n      '));
    } catch (e) {
      record(pagePath, `axe@${W}`, false, `axe could not run: ${short(e.message, 200)}`);
    }

    if (isWeight) {
      const lang = langOf(pagePath);
      const htmlLang = await page.evaluate(() => document.documentElement.getAttribute('lang') || '');
      record(pagePath, 'html-lang', htmlLang.toLowerCase().split('-')[0] === lang,
        `<html lang="${htmlLang}">, expected "${lang}"`);
    }

    if (isWeight) await checkFavicon(page, pagePath);

    if (isHome(pagePath)) await checkSkipLink(page, pagePath, W);

    // Errors so far belong to this page; stop collecting before following the language link.
    collecting = false;
    const external = [...new Set(blocked)];
    record(pagePath, `external-requests@${W}`, external.length === 0,
      external.length ? `blocked requests to other hosts:\n      ${external.join('\n      ')}` : '');
    record(pagePath, `console-errors@${W}`, errors.length === 0, errors.join('\n      '));

    if (isWeight) await checkLanguageSwitch(page, pagePath, expectedStatus);
  } finally {
    await context.close();
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

async function checkLanguageSwitch(page, pagePath, expectedStatus) {
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
    if (target.origin === BASE) {
      const res = await fetch(target.href, { redirect: 'follow' });
      await res.arrayBuffer();
      if (res.status !== 200) problems.push(`switch target ${target.pathname} answers ${res.status}`);
    }
    if (!problems.length) {
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before, { waitUntil: 'domcontentloaded' }), link.click()]);
      const landed = new URL(page.url()).pathname;
      if (!landed.startsWith(`/${other}/`)) problems.push(`following the switch landed on ${landed}`);
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

// ---------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  console.log(`Hermana browser suite against ${BASE} → screenshots in ${OUT_DIR}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  console.log(`Chromium ${browser.version()}`);
  try {
    const crawled = await crawl(browser);
    console.log(`crawled ${crawled.length} page(s): ${crawled.join(' ')}`);
    const unknown = LANGS.map((l) => UNKNOWN_PAGES[l]);
    const targets = [...crawled.map((p) => [p, 200]), ...unknown.map((p) => [p, 404])];
    const allPages = targets.map(([p]) => p);

    // The Nu validator (a JVM) runs alongside the browser work.
    const vnuDone = validateHtml(allPages);

    await runPool(targets, CONCURRENCY, async ([p, expected]) => {
      for (const vp of VIEWPORTS) await visit(browser, p, vp, expected);
    });

    const noJsPages = [...LANGS.map((l) => `/${l}/`)];
    const other = crawled.find((p) => !isHome(p));
    if (other) noJsPages.push(other);
    await runPool(noJsPages.filter((p) => crawled.includes(p)), CONCURRENCY, (p) => checkNoJs(browser, p));

    await vnuDone;
  } finally {
    await browser.close();
  }
  report(started);
}

function report(started) {
  const pages = [...new Set(checks.map((c) => c.page))];
  const order = (p) => (Object.values(UNKNOWN_PAGES).includes(p) ? 2 : isHome(p) ? 0 : 1);
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
  console.log(`\ntime ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || checks.length === 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log(`${checks.filter((c) => c.ok).length} passed, ${checks.filter((c) => !c.ok).length + 1} failed`);
  process.exit(1);
});
