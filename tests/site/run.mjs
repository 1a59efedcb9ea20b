#!/usr/bin/env node
// Real-browser checks for the static site emitted by `rbc build` (see README.md here).
// Usage: node tests/site/run.mjs --site DIR --expect FILE --shots DIR [--mode http|file|both]
//        [--base /PATH/] [--site-url URL] [--axe light,dark]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: { site: { type: 'string' }, expect: { type: 'string' }, shots: { type: 'string' }, mode: { type: 'string', default: 'both' },
    base: { type: 'string', default: '/' }, 'site-url': { type: 'string' }, axe: { type: 'string', default: 'light,dark' } },
});
if (!opt.site || !opt.expect || !opt.shots || !['http', 'file', 'both'].includes(opt.mode) || !/^\/([^/?#]+\/)*$/.test(opt.base)
  || (opt.base !== '/' && opt.mode !== 'http')) {
  console.error('usage: node run.mjs --site DIR --expect FILE --shots DIR [--mode http|file|both] [--base /PATH/ (http only)] [--site-url URL] [--axe light,dark|none]');
  process.exit(2);
}
// The site served under a sub-path, as on GitHub or GitLab Pages (`/REPO/`): any other
// path, at any depth, gets 404.html with status 404, as those hosts do.
const BASE = opt.base;
const SITE_URL = opt['site-url'] || null;
const AXE_SCHEMES = opt.axe === 'none' ? [] : opt.axe.split(',');
const AXE_SOURCE = fs.readFileSync(fileURLToPath(new URL('node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
const SITE = fs.realpathSync(opt.site);
const EXPECT = JSON.parse(fs.readFileSync(opt.expect, 'utf8'));
const SHOTS = path.resolve(opt.shots);
const MODES = opt.mode === 'both' ? ['http', 'file'] : [opt.mode];
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const sleep = ms => new Promise(r => setTimeout(r, ms));

// ---------- reporting ----------
const tally = { passed: 0, failed: 0, skipped: 0 };
class Fail extends Error { constructor(msg, details = []) { super(msg); this.details = details; } }
const assert = (cond, why) => { if (!cond) throw new Fail(why); };
function failList(problems) { // many problems -> one FAIL line plus indented details; repeats counted
  const counts = new Map();
  for (const p of problems) counts.set(p, (counts.get(p) || 0) + 1);
  const uniq = [...counts].map(([p, n]) => (n > 1 ? `${p} (x${n})` : p));
  if (uniq.length) throw new Fail(`${uniq.length} problem(s): ${uniq[0]}`, uniq.slice(1, 60));
}
async function check(mode, name, fn) {
  try {
    await fn();
    tally.passed++; console.log(`ok   ${mode} ${name}`);
  } catch (e) {
    tally.failed++;
    console.log(`FAIL ${mode} ${name}: ${(e instanceof Fail ? e.message : String(e.message || e).split('\n')[0])}`);
    for (const d of e.details || []) console.log(`       - ${d}`);
  }
}
// A section absent from the expect file is a FAIL; set it to false to skip it on purpose.
function section(mode, key, name) {
  if (EXPECT[key] === false) { tally.skipped++; console.log(`skip ${mode} ${name}: "${key}" is false in the expect file`); return null; }
  if (EXPECT[key] == null) { tally.failed++; console.log(`FAIL ${mode} ${name}: no "${key}" in the expect file`); return null; }
  return EXPECT[key];
}

// ---------- static server (http mode) ----------
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.sh': 'text/x-shellscript; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };
function startServer(root) {
  const server = http.createServer((req, res) => {
    let rel, asked;
    try { rel = asked = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    const inside = rel.startsWith(BASE);
    rel = inside ? rel.slice(BASE.length - 1) : '/\0outside';
    let file = path.resolve(root, '.' + rel);
    if (inside && (rel.includes('\0') || (file !== root && !file.startsWith(root + path.sep)))) { res.writeHead(403).end('forbidden'); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) { status = 404; file = path.join(root, '404.html'); server.misses.push(asked); }
    const body = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.from('not found');
    res.writeHead(status, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.misses = []; // 404s as the server saw them (Chromium's own /favicon.ico fetch is invisible to playwright)
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------- in-page helpers (run inside the browser) ----------
// Problems with scripts/handlers: on* attributes under `scope`, and any <script> that is neither
// loaded from assets/ or search/ nor a JSON data block.
function pageScriptProblems([scope, rootUrl]) {
  const out = [];
  for (const el of document.querySelectorAll(scope === 'document' ? '*' : `${scope}, ${scope} *`))
    for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) out.push(`<${el.localName} ${a.name}="${a.value.slice(0, 60)}">`);
  for (const s of document.scripts) {
    const src = s.getAttribute('src');
    if (src === null) { if ((s.type || '').toLowerCase() !== 'application/json') out.push(`inline <script>${s.textContent.slice(0, 60)}`); continue; }
    const u = new URL(src, location.href).href;
    if (!u.startsWith(rootUrl + 'assets/') && !u.startsWith(rootUrl + 'search/')) out.push(`<script src="${src}"> not under assets/ or search/`);
  }
  if (scope !== 'document' && !document.querySelector(scope)) out.push(`no <${scope}> element`);
  return out;
}

// ---------- one mode ----------
async function runMode(browser, mode) {
  const server = mode === 'http' ? await startServer(SITE) : null;
  const base = server ? `http://127.0.0.1:${server.address().port}${BASE}` : pathToFileURL(SITE).href + '/';
  const own = u => u.startsWith(base);
  const rel = u => (own(u) ? u.slice(base.length) : u);
  const mon = { requests: [], console: [], dialogs: [], pages: [], expect404: new Set() };
  const origin = server ? base.slice(0, -BASE.length) : '';

  async function newContext(options = {}) {
    const ctx = await browser.newContext(options);
    ctx.setDefaultTimeout(10000);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], server ? { origin: base.slice(0, -1) } : {});
    // Record what the page copies, still calling the real clipboard.
    await ctx.addInitScript(() => {
      const C = window.Clipboard && Clipboard.prototype;
      if (!C || !C.writeText) return;
      const orig = C.writeText;
      C.writeText = function (text) { window.__copied = String(text); window.__copies = (window.__copies || 0) + 1; return orig.call(this, text); };
    });
    ctx.on('request', r => { const u = r.url(); if (!own(u) && !/^(data|blob):/.test(u)) mon.requests.push(`request to ${u} (page ${rel(r.frame().url())})`); });
    ctx.on('requestfailed', r => mon.requests.push(`failed ${rel(r.url())}: ${r.failure()?.errorText}`));
    ctx.on('response', r => { if (r.status() >= 400 && !(r.status() === 404 && mon.expect404.has(r.url()))) mon.requests.push(`HTTP ${r.status()} for ${rel(r.url())}`); });
    ctx.on('console', m => { if (m.type() === 'error' && !(mon.expect404.has(m.page()?.url()) && /status of 404/.test(m.text()))) mon.console.push(`console error on ${rel(m.page()?.url() || '?')}: ${m.text()}`); });
    ctx.on('page', p => p.on('pageerror', e => mon.console.push(`page error on ${rel(p.url())}: ${e.message}`)));
    ctx.on('dialog', d => { mon.dialogs.push(`${d.type()} "${d.message()}" on ${rel(d.page()?.url() || '?')}`); d.dismiss().catch(() => {}); });
    return ctx;
  }
  const existsCache = new Map();
  async function exists(u) { // same-site URL (without fragment) -> does the target exist?
    if (!existsCache.has(u)) {
      existsCache.set(u, server
        ? fetch(u).then(r => r.status === 200, () => false)
        : Promise.resolve((() => { try { return fs.statSync(fileURLToPath(u)).isFile(); } catch { return false; } })()));
    }
    return existsCache.get(u);
  }
  const ctx = await newContext();
  const page = await ctx.newPage();
  const open = async (p, pg = page) => { const r = await pg.goto(base + p); if (server) assert(r && r.status() === 200, `${p}: HTTP ${r && r.status()}`); };

  // 6. keyboard
  await check(mode, 'keyboard: "/" focuses #search', async () => {
    await open('index.html');
    await page.evaluate(() => document.activeElement?.blur()); // in case the page autofocuses the box
    await page.keyboard.press('/');
    const r = await page.evaluate(() => ({ id: document.activeElement?.id, v: document.getElementById('search')?.value }));
    assert(r.id === 'search', `activeElement is #${r.id || '(none)'}`);
    assert(r.v === '', `the "/" was typed into the box (value ${JSON.stringify(r.v)}); preventDefault it`);
  });

  // 7. dark mode
  await check(mode, 'dark mode: body background differs', async () => {
    const bg = async scheme => { await page.emulateMedia({ colorScheme: scheme }); await open('index.html'); await sleep(100);
      return page.evaluate(() => getComputedStyle(document.body).backgroundColor); };
    const light = await bg('light'), dark = await bg('dark');
    await page.emulateMedia({ colorScheme: null });
    assert(light !== dark, `both are ${light}`);
  });

  // print: navigation, search, fill-in and copy buttons are not printed; commands are
  await check(mode, 'print: chrome hidden, commands kept', async () => {
    await page.emulateMedia({ media: 'print' });
    await open('index.html');
    const r = await page.evaluate(() => {
      const shown = sel => [...document.querySelectorAll(sel)].some(e => getComputedStyle(e).display !== 'none');
      return { header: shown('header.top'), table: shown('table#runbooks') };
    });
    await page.emulateMedia({ media: null });
    assert(!r.header, 'the header (search, navigation) is printed');
    assert(r.table, 'the runbook table is not printed');
  });

  // source pages: the style sheet numbers the lines; a click on a number links to it
  const srcPage = (EXPECT.search_pages || []).find(p => p.startsWith('src/'));
  if (srcPage) {
    await check(mode, `source: ${srcPage} numbers its lines and links a clicked number`, async () => {
      await open(srcPage);
      const r = await page.evaluate(() => {
        const l = document.getElementById('L3');
        const before = l && getComputedStyle(l, '::before');
        const box = l && l.getBoundingClientRect();
        return l && { number: before.content, width: parseFloat(before.width), x: box.left, y: box.top + box.height / 2,
          lines: document.querySelectorAll('pre.source code > span[id^="L"]').length };
      });
      assert(r, 'no line L3');
      assert(/counter\(ln/.test(r.number), `L3's number is drawn by ${r.number}, not the line counter`);
      assert(r.width > 0 && r.lines > 3, `gutter ${r.width}px, ${r.lines} lines`);
      await page.mouse.click(r.x + r.width / 2, r.y);
      const after = await page.evaluate(() => ({ hash: location.hash, target: getComputedStyle(document.getElementById('L3')).backgroundColor,
        other: getComputedStyle(document.getElementById('L2')).backgroundColor }));
      assert(after.hash === '#L3', `hash after the click is ${after.hash}`);
      assert(after.target !== after.other, 'the linked line is not highlighted');
    });
  }

  // index filters (severity select hides rows of other severities)
  await check(mode, 'index: severity filter hides other rows', async () => {
    await open('index.html');
    const vals = await page.$$eval('select#filter-severity option', os => os.map(o => o.value));
    assert(vals.length > 1 && vals[0] === '', `select#filter-severity options ${JSON.stringify(vals)} (want "" first, then severities)`);
    assert(await page.locator('select#filter-tag').count() === 1, 'no select#filter-tag');
    const rows = () => page.$$eval('table#runbooks tr[data-id]', trs => trs.map(tr => ({ id: tr.dataset.id, sev: tr.dataset.severity,
      shown: !tr.hidden && getComputedStyle(tr).display !== 'none' })));
    for (const v of [...vals.slice(1), '']) {
      await page.selectOption('select#filter-severity', v);
      await sleep(50);
      const rs = await rows();
      const bad = rs.filter(r => r.shown !== (v === '' || r.sev === v));
      assert(!bad.length, `severity "${v}": ${bad.map(r => `${r.id}(${r.sev}) ${r.shown ? 'shown' : 'hidden'}`).join(', ')}`);
      assert(rs.some(r => r.shown), `severity "${v}": no row shown`);
    }
  });

  // 1. search
  const searches = section(mode, 'search', 'search');
  if (searches) {
    const pages = EXPECT.search_pages || ['index.html', ...(EXPECT.fill?.page ? [EXPECT.fill.page] : [])];
    for (const pg of pages) for (const s of searches) {
      await check(mode, `search ${JSON.stringify(s.query)} -> ${s.expect} in top ${s.rank} (${pg})`, async () => {
        await open(pg);
        await page.focus('#search');
        await page.keyboard.type(s.query, { delay: 30 });
        const ids = await settledResults(page);
        const at = ids.indexOf(s.expect);
        assert(at >= 0 && at < s.rank, `got [${ids.slice(0, Math.max(s.rank, 5)).join(', ')}${ids.length > 5 ? ', …' : ''}]`);
        const href = await page.locator(`ol#search-results li[data-id="${s.expect}"] a`).first().getAttribute('href', { timeout: 1000 }).catch(() => null);
        assert(href, `result ${s.expect} has no <a href>`);
        const target = new URL(href, page.url());
        const file = decodeURIComponent(target.pathname.split('/').pop());
        assert(own(target.href) && (file.startsWith(`${s.expect}-`) || file === `${s.expect}.html`) && file.endsWith('.html'),
          `result link ${rel(target.href)} is not the ${s.expect} page`);
        target.hash = '';
        assert(await exists(target.href), `result link ${rel(target.href)} does not exist`);
      });
    }
  }

  // 2. fill-in, copy, persistence
  const fill = section(mode, 'fill', 'fill');
  if (fill) {
    const { placeholder: ph, value } = fill;
    const input = `form#fill input[data-placeholder="${ph}"]`, span = `span.ph[data-ph="${ph}"]`;
    const fp = await ctx.newPage(); // its own tab: fresh sessionStorage
    const typeValue = async v => { await fp.locator(input).fill(''); await fp.locator(input).pressSequentially(v, { delay: 20 }); await sleep(100); };
    const spansShow = async v => {
      const texts = await fp.$$eval(span, ss => ss.map(s => s.textContent));
      assert(texts.length > 0, `no ${span} on ${rel(fp.url())}`);
      const bad = texts.filter(t => t !== v);
      assert(!bad.length, `${bad.length}/${texts.length} ${span} show ${JSON.stringify(bad[0])}, not ${JSON.stringify(v)}`);
      const left = await fp.$$eval('.cmd code', (cs, n) => cs.filter(c => c.textContent.includes(`<${n}>`)).length, ph);
      assert(!left, `${left} .cmd code still contain <${ph}>`);
    };
    const copyFirst = async () => { // click the first command's copy button; returns [code text, copied text, clipboard text]
      const cmd = fp.locator('.cmd').filter({ has: fp.locator(span) }).first();
      assert(await cmd.count(), `no .cmd contains ${span}`);
      const before = await fp.evaluate(() => window.__copies || 0);
      await cmd.locator('button.copy').click();
      await fp.waitForFunction(n => (window.__copies || 0) > n, before, { timeout: 3000 })
        .catch(() => { throw new Fail('copy button did not call navigator.clipboard.writeText'); });
      const real = await fp.evaluate(() => navigator.clipboard.readText().then(t => ({ t }), e => ({ e: e.message })));
      assert(!real.e, `navigator.clipboard.readText failed: ${real.e}`);
      const [code, template] = await cmd.locator('pre code').evaluate((el, sel) => {
        const c = el.cloneNode(true);
        c.querySelectorAll(sel).forEach(x => x.replaceWith('\uE000'));
        return [el.textContent, c.textContent];
      }, span);
      return [code, await fp.evaluate(() => window.__copied), real.t, template];
    };
    // The copied command must mean, word for word, the command with the value in each placeholder.
    const sameWords = (copied, template, v) => {
      const want = shellWords(template)?.map(x => x.split('\uE000').join(v)), got = shellWords(copied);
      assert(want, `cannot split the command into shell words: ${JSON.stringify(template)}`);
      assert(JSON.stringify(got) === JSON.stringify(want), `copied ${JSON.stringify(copied)}: bash would see ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
    };
    await check(mode, `fill: ${ph}=${value} fills spans and copy (${fill.page})`, async () => {
      await open(fill.page, fp);
      assert(await fp.locator(input).count() === 1, `want exactly one ${input}`);
      await typeValue(value);
      await spansShow(value);
      const [code, copied, clip, template] = await copyFirst();
      if (/^[\w@%+=:,.\/-]+$/.test(value)) // needs no quoting: copied exactly as shown
        assert(copied.trim() === code.trim(), `copied ${JSON.stringify(copied)}, code shows ${JSON.stringify(code)}`);
      sameWords(copied, template, value);
      assert(clip === copied, `clipboard holds ${JSON.stringify(clip)}, writeText got ${JSON.stringify(copied)}`);
    });
    await check(mode, `fill: "my pod" is copied shell-quoted (${fill.page})`, async () => {
      assert(await fp.locator(input).count() === 1, `no ${input}`);
      await typeValue('my pod');
      const [, copied, clip, template] = await copyFirst();
      assert(copied.includes("'my pod'"), `copied ${JSON.stringify(copied)}`);
      sameWords(copied, template, 'my pod');
      assert(clip === copied, `clipboard holds ${JSON.stringify(clip)}, writeText got ${JSON.stringify(copied)}`);
    });
    await check(mode, `fill: ${ph} persists to ${fill.other_page}`, async () => {
      assert(fill.other_page, 'no "other_page" in the fill section');
      assert(await fp.locator(input).count() === 1, `no ${input}`);
      await typeValue(value);
      await open(fill.other_page, fp);
      assert(await fp.locator(input).count() === 1, `want exactly one ${input} on ${fill.other_page}`);
      await sleep(100);
      const v = await fp.inputValue(input);
      assert(v === value, `input shows ${JSON.stringify(v)}`);
      await spansShow(value);
    });
    // A link that carries values (an alert's runbook_url with its labels): they fill the
    // page as if typed, named by the normalised name (`POD_NAME` for <pod-name>), and
    // the page says where they came from. A hostile value stays text, and is copied
    // shell-quoted.
    await check(mode, `fill: a link's query fills ${ph} (${fill.page})`, async () => {
      const qp = await ctx.newPage();
      try {
        const v = `x'"$(id) <b>&amp;`;
        const key = ph.toUpperCase().replace(/-/g, '_');
        await open(`${fill.page}?${encodeURIComponent(key)}=${encodeURIComponent(v)}&unrelated=1`, qp);
        await sleep(100);
        const got = await qp.inputValue(input);
        assert(got === v, `input shows ${JSON.stringify(got)}, not ${JSON.stringify(v)}`);
        const texts = await qp.$$eval(span, ss => ss.map(s => s.textContent));
        assert(texts.length && texts.every(t => t === v), `${span} show ${JSON.stringify(texts[0])}`);
        assert(!(await qp.locator('.cmd code b').count()), 'the value became markup');
        const note = await qp.locator('form#fill .fill-source').textContent();
        assert(note.includes(`Filled from the link: ${ph} (${key})`), `note says ${JSON.stringify(note)}`);
        assert(await qp.locator('form#fill .fill-source').isVisible(), 'the note is hidden');
        const cmd = qp.locator('.cmd').filter({ has: qp.locator(span) }).first();
        await cmd.locator('button.copy').click();
        await qp.waitForFunction(() => (window.__copies || 0) > 0, null, { timeout: 3000 });
        const [copied, template] = [await qp.evaluate(() => window.__copied), await cmd.locator('pre code').evaluate((el, sel) => {
          const c = el.cloneNode(true); c.querySelectorAll(sel).forEach(x => x.replaceWith('\uE000')); return c.textContent; }, span)];
        sameWords(copied, template, v);
      } finally { await qp.close(); }
    });
    await fp.close();
  }

  // 3. links (crawl) + no inline JS on any page
  await check(mode, 'links: every same-site link resolves, no external links', async () => {
    const problems = [], scriptProblems = [], ids = new Map(), frags = [], seen = new Set();
    const queue = [base + 'index.html', base + '404.html'];
    const lp = await ctx.newPage();
    while (queue.length) {
      const u = queue.shift();
      if (seen.has(u)) continue;
      seen.add(u);
      if (seen.size > 5000) { problems.push('more than 5000 pages; stopping the crawl'); break; }
      if (!(await exists(u))) continue; // reported where it is linked from (or below for the two roots)
      await lp.goto(u);
      const info = await lp.evaluate(() => ({
        ids: [...document.querySelectorAll('[id]')].map(e => e.id).concat([...document.querySelectorAll('a[name]')].map(e => e.name)),
        refs: [...document.querySelectorAll('a[href], link[href]:not([rel=canonical]), script[src], img[src]')].map(e => {
          const attr = e.localName === 'script' || e.localName === 'img' ? 'src' : 'href';
          return { tag: e.localName, attr, raw: e.getAttribute(attr) };
        }),
        canonical: [...document.querySelectorAll('link[rel=canonical]')].map(e => e.getAttribute('href')),
      }));
      const page404 = rel(u) === '404.html';
      const want = SITE_URL && !page404 ? [rel(u) === 'index.html' ? SITE_URL : SITE_URL + rel(u)] : [];
      if (JSON.stringify(info.canonical) !== JSON.stringify(want))
        problems.push(`${rel(u)}: canonical links ${JSON.stringify(info.canonical)}, want ${JSON.stringify(want)}`);
      if (!page404) mon.pages.push(u);
      scriptProblems.push(...(await lp.evaluate(pageScriptProblems, ['document', base])).map(p => `${rel(u)}: ${p}`));
      ids.set(u, new Set(info.ids));
      for (const { tag, attr, raw } of info.refs) {
        const where = `${rel(u)} <${tag} ${attr}="${raw.slice(0, 100)}">`;
        if (/^\s*(javascript|data|vbscript):/i.test(raw)) { problems.push(`${where}: ${raw.split(':')[0]}: URL`); continue; }
        if (/^\s*mailto:/i.test(raw) && attr === 'href') continue;
        let t;
        try { t = new URL(raw.trim(), u); } catch { problems.push(`${where}: not a URL`); continue; }
        if (!own(t.href)) { problems.push(`${where}: external (the site must be self-contained)`); continue; }
        const frag = t.hash.slice(1);
        t.hash = '';
        if (!(await exists(t.href))) { problems.push(`${where}: ${rel(t.href)} does not exist`); continue; }
        if (t.pathname.endsWith('.html')) {
          queue.push(t.href);
          if (frag) frags.push({ where, target: t.href, id: decodeURIComponent(frag) });
        }
      }
    }
    await lp.close();
    for (const root of ['index.html', '404.html']) if (!(await exists(base + root))) problems.push(`${root} does not exist`);
    for (const f of frags) if (ids.get(f.target) && !ids.get(f.target).has(f.id)) problems.push(`${f.where}: no id "${f.id}" on ${rel(f.target)}`);
    mon.crawled = seen.size; mon.scriptProblems = scriptProblems;
    failList(problems);
  });
  await check(mode, `scripts: no inline script or on* attribute on any crawled page (${mon.crawled || 0} pages)`, async () => {
    assert(mon.crawled > 2, `only ${mon.crawled || 0} pages were crawled`);
    failList(mon.scriptProblems);
  });

  // sitemap.xml: with a site URL, exactly the crawled pages (404.html aside), at that URL
  if (SITE_URL) {
    await check(mode, 'sitemap.xml lists every page at the site URL', async () => {
      const xml = server ? await fetch(base + 'sitemap.xml').then(r => (r.ok ? r.text() : '')) : fs.readFileSync(path.join(SITE, 'sitemap.xml'), 'utf8');
      const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map(m => m[1].replace(/&amp;/g, '&'));
      assert(locs.length, 'no sitemap.xml, or no <loc> in it');
      const want = mon.pages.map(u => (rel(u) === 'index.html' ? SITE_URL : SITE_URL + rel(u))).sort();
      const got = [...locs].sort();
      failList([...want.filter(w => !got.includes(w)).map(w => `${w} is not in the sitemap`),
        ...got.filter(g => !want.includes(g)).map(g => `${g} is in the sitemap but is no crawled page`)]);
    });
  }

  // Under a sub-path: a missing path at any depth gets the 404 page, styled, with working links and search
  if (server && BASE !== '/') {
    for (const missing of ['no-such-page.html', 'deep/er/no-such-page.html', 'RB-001/']) {
      await check(mode, `404: ${BASE}${missing} gets the 404 page with styles, links and search`, async () => {
        const np = await ctx.newPage();
        mon.expect404.add(base + missing);
        const r = await np.goto(base + missing);
        assert(r && r.status() === 404, `HTTP ${r && r.status()}, want 404`);
        const info = await np.evaluate(() => ({
          h1: document.querySelector('h1')?.textContent,
          styled: [...document.styleSheets].some(s => { try { return s.href && s.href.endsWith('assets/rbc.css') && s.cssRules.length > 0; } catch { return false; } }),
          skipHidden: getComputedStyle(document.querySelector('a.skip') || document.body).position !== 'static',
          links: [...document.querySelectorAll('a[href], link[href], script[src]')].map(e => e.href || e.src),
        }));
        const problems = [];
        if (!/not found/i.test(info.h1 || '')) problems.push(`h1 is ${JSON.stringify(info.h1)}`);
        if (!info.styled) problems.push('assets/rbc.css is not applied');
        if (!info.skipHidden) problems.push('the skip link is not styled');
        for (const l of info.links) {
          const t = new URL(l); t.hash = '';
          if (t.href === np.url().split('#')[0]) continue; // the skip link to #main
          if (!own(t.href)) problems.push(`${l} is outside ${base}`);
          else if (!(await exists(t.href))) problems.push(`${l} does not exist`);
        }
        const q = searches && searches[0];
        if (q) {
          await np.focus('#search');
          await np.keyboard.type(q.query, { delay: 20 });
          const ids = await settledResults(np).catch(e => { problems.push(`search: ${e.message}`); return []; });
          const href = ids.length ? await np.locator('ol#search-results li[data-id] a').first().getAttribute('href') : null;
          if (ids.length && !(href && (await exists(new URL(href, np.url()).href.split('#')[0])))) problems.push(`search result link ${href} does not resolve`);
        }
        await np.close();
        failList(problems);
      });
    }
    await check(mode, `404: a path outside ${BASE} gets 404`, async () => {
      mon.expect404.add(origin + '/index.html');
      const r = await fetch(origin + '/index.html');
      assert(r.status === 404, `HTTP ${r.status}`);
    });
  }

  // axe-core: WCAG 2 A and AA, on every crawled page, in each colour scheme
  for (const scheme of server ? AXE_SCHEMES : []) {
    await check(mode, `axe: no WCAG 2 A/AA violation on ${mon.pages.length + 1} pages (${scheme})`, async () => {
      assert(mon.pages.length > 1, `only ${mon.pages.length} pages were crawled`);
      const ap = await ctx.newPage();
      await ap.emulateMedia({ colorScheme: scheme });
      const problems = [];
      for (const u of [...mon.pages, base + '404.html']) {
        await ap.goto(u);
        await ap.addScriptTag({ content: AXE_SOURCE });
        const v = await ap.evaluate(() => window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
          resultTypes: ['violations'],
        }).then(r => r.violations.map(x => ({ id: x.id, impact: x.impact, help: x.help, nodes: x.nodes.slice(0, 3).map(n => n.target.join(' ')) }))));
        for (const x of v) problems.push(`${rel(u)}: ${x.impact} ${x.id} (${x.help}): ${x.nodes.join(', ')}`);
      }
      await ap.close();
      failList(problems);
    });
  }

  // 5. hostile content
  const hostile = section(mode, 'hostile', 'hostile');
  if (hostile) {
    await check(mode, `hostile: ${hostile.page} is inert`, async () => {
      const hp = await ctx.newPage();
      await open(hostile.page, hp);
      await sleep(300); // let timers/onload handlers fire
      const problems = [...mon.dialogs.map(d => `dialog ${d}`)];
      const h1 = await hp.locator('h1').first().textContent({ timeout: 1000 }).catch(() => null);
      if (h1 === null) problems.push('no <h1>');
      else if (!h1.includes(hostile.title_text)) problems.push(`<h1> is ${JSON.stringify(h1)}, does not contain ${JSON.stringify(hostile.title_text)}`);
      problems.push(...await hp.evaluate(pageScriptProblems, ['main', base]));
      await hp.close();
      failList(problems);
    });
  }

  // 9. alerts: a runbook page shows the expression of each alert that leads to it; the
  // alerts page lists every alert, and the ones without a runbook as gaps.
  const alerts = section(mode, 'alerts', 'alerts');
  if (alerts) {
    await check(mode, `alerts: ${alerts.page} shows ${alerts.alert}'s expression`, async () => {
      const ap = await ctx.newPage();
      await open(alerts.page, ap);
      const text = await ap.locator('section.alerts').textContent({ timeout: 1000 }).catch(() => '');
      await ap.close();
      assert(text.includes(alerts.alert), `no alert ${alerts.alert} in section.alerts`);
      assert(text.includes(alerts.expression), `no expression ${JSON.stringify(alerts.expression)} in section.alerts`);
    });
    await check(mode, `alerts: alerts.html lists ${alerts.missing.join(', ')} without a runbook`, async () => {
      const ap = await ctx.newPage();
      await open('alerts.html', ap);
      const gaps = await ap.evaluate(() => [...document.querySelectorAll('#alerts tbody tr')]
        .filter(tr => tr.getAttribute('data-status') !== 'runbook')
        .map(tr => tr.querySelector('td').textContent.trim()));
      const linked = await ap.evaluate(() => [...document.querySelectorAll('#alerts tbody tr[data-status="runbook"] a')].length);
      await ap.close();
      const problems = alerts.missing.filter(m => !gaps.includes(m)).map(m => `${m} is not listed as a gap (gaps: ${gaps.join(', ')})`);
      if (linked < 1) problems.push('no alert links to its runbook');
      failList(problems);
    });
  }

  // 8. screenshots (http only)
  if (server) {
    const shots = section(mode, 'screenshots', 'screenshots');
    if (shots) {
      fs.mkdirSync(SHOTS, { recursive: true });
      const sizes = { desktop: { viewport: { width: 1280, height: 800 } },
        phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } };
      for (const [kind, o] of Object.entries(sizes)) {
        const sctx = await newContext(o);
        const sp = await sctx.newPage();
        for (const s of shots) {
          const out = path.join(SHOTS, `${s.name}-${kind}.png`);
          await check(mode, `screenshot ${path.basename(out)}`, async () => {
            await open(s.page, sp);
            await sp.evaluate(() => document.fonts.ready);
            // What an on-call needs fits the screen: the page never scrolls sideways
            // (a wide command scrolls inside its own block).
            // (clientWidth: on a phone, innerWidth grows with a page that overflows.)
            const w = await sp.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
            assert(w.page <= w.view + 1, `${s.page} is ${w.page}px wide in a ${w.view}px ${kind} window`);
            await sp.screenshot({ path: out, fullPage: true });
            assert(fs.statSync(out).size > 1000, `${out} is nearly empty`);
          });
        }
        await sctx.close();
      }
    }
  }

  // 4. requests & console, over everything above
  await check(mode, 'requests: all to the site itself, none failed', async () => failList([...mon.requests,
    ...(server ? server.misses.filter(m => !existsCache.has(origin + m) && !mon.expect404.has(origin + m)).map(m => `server answered 404 for ${m}`) : [])]));
  await check(mode, 'console: no errors, page errors or dialogs', async () =>
    failList([...mon.console, ...mon.dialogs.map(d => `dialog ${d}`)]));

  await ctx.close();
  if (server) await new Promise(r => server.close(r));
}

// The words bash would see in `s` (quotes, backslashes, line continuations, comments); null if a quote is open.
// Operators such as | ; && stay inside words: both sides of a comparison are split the same way.
function shellWords(s) {
  const words = [];
  let w = null, i = 0;
  const add = c => { w = (w ?? '') + c; };
  while (i < s.length) {
    const c = s[i++];
    if (c === '\\') { if (s[i] === '\n') i++; else if (i < s.length) add(s[i++]); }
    else if (c === "'") { const j = s.indexOf("'", i); if (j < 0) return null; add(s.slice(i, j)); i = j + 1; }
    else if (c === '"') {
      add('');
      for (;;) {
        if (i >= s.length) return null;
        const d = s[i++];
        if (d === '"') break;
        if (d === '\\' && '$`"\\\n'.includes(s[i])) { if (s[i] !== '\n') add(s[i]); i++; } else add(d);
      }
    } else if (/\s/.test(c)) { if (w !== null) words.push(w); w = null; }
    else if (c === '#' && w === null) { while (i < s.length && s[i] !== '\n') i++; }
    else add(c);
  }
  if (w !== null) words.push(w);
  return words;
}

// Results of #search-results once non-empty and unchanged for 200 ms (5 s at most).
async function settledResults(page) {
  const t0 = Date.now();
  let last = null, since = t0;
  while (Date.now() - t0 < 5000) {
    const ids = await page.$$eval('ol#search-results li[data-id]', ls => ls.map(l => l.dataset.id));
    const key = ids.join('\n');
    if (key !== last) { last = key; since = Date.now(); } else if (ids.length && Date.now() - since >= 200) return ids;
    await sleep(50);
  }
  throw new Fail(last ? `results never settled within 5 s (last: ${last.replace(/\n/g, ', ')})` : 'no results in ol#search-results within 5 s');
}

const t0 = Date.now();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  for (const mode of MODES) {
    try { await runMode(browser, mode); } catch (e) { tally.failed++; console.log(`FAIL ${mode} harness: ${e.stack}`); }
  }
} finally {
  await browser.close();
}
if (tally.passed + tally.failed === 0) { tally.failed++; console.log('FAIL - no check ran'); }
console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s, site ${SITE}`);
console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`);
process.exit(tally.failed ? 1 : 0);
