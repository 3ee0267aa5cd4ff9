// a11y.test.mjs: accessibility of every page a resident sees (issue 11) — the list comes from the
// route table (lib/pages.mjs): every public page signed out, and signed in the owner's home and
// every page of the owner's own (the public pages are checked once, signed out). axe (WCAG 2.1 A +
// AA) finds no violation in standard text on a desktop nor in 长辈模式 on a phone; in 长辈模式 the
// sizes of DOMAIN.md §7 hold (body ≥ 18 px, h1 ≥ 30 px, targets ≥ 60 × 60 px) and nothing scrolls
// sideways at 360 px nor at 200% zoom (180 CSS px at deviceScaleFactor 2 is what a 360 px phone
// shows at 200%); a resident votes with the keyboard alone. One browser, one context per person
// and mode, pages one after another, no screenshots per page: this file has to fit make check's
// budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop } from '../http/lib/server.mjs';
import { LAUNCH, DESKTOP, PHONE, people, clickSwitch, isLarge, overflow, shot } from './lib/browser.mjs';
import { residentRoutes, samples, axeReady, axeViolations, largeTextProblems } from './lib/pages.mjs';


let server;
let browser;
let as;
let pages;

before(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
  const routes = residentRoutes();
  const fill = await samples(server.db);
  // Signed in, the public pages differ from the signed-out ones only in the header, which every
  // page of the owner's own has too; the home page is the exception (the resident's home). So the
  // owner's round is the home and the owner's own pages: each page is checked once per mode.
  pages = { public: routes.public.map(fill), owner: ['/', ...routes.owner].map(fill) };
});

after(async () => {
  await browser?.close();
  if (server) await assertCleanStop(server);
});

/** Shows `where`; a page that is not there (not 200) is a problem of its own. */
async function visit(page, where, problems) {
  const r = await page.goto(`${server.url}${where}`);
  if (r.status() !== 200) {
    problems.push(`${where}: answered ${r.status()}, not 200 (fix the sample in lib/pages.mjs)`);
    return false;
  }
  return true;
}

async function setLarge(page, want) {
  if (await isLarge(page) !== want) await clickSwitch(page, want ? '长辈模式' : '标准字号');
  assert.equal(await isLarge(page), want);
}

/** axe on each page in turn; in 长辈模式 also the sizes and sideways scrolling at 360 and 180 px. */
async function check(page, list, large) {
  const problems = [];
  await axeReady(page.context());
  await page.goto(`${server.url}/`);
  await setLarge(page, large);
  for (const where of list) {
    if (!await visit(page, where, problems)) continue;
    problems.push(...await axeViolations(page, `${where}${large ? ' (长辈模式)' : ''}`));
    if (!large) continue;
    problems.push(...await largeTextProblems(page, where));
    const wide = await overflow(page);
    if (wide) problems.push(`${where} at 360 px: ${wide}`);
    await page.setViewportSize({ width: 180, height: 370 });
    const zoomed = await overflow(page);
    if (zoomed) problems.push(`${where} at 200% zoom (180 CSS px): ${zoomed}`);
    await page.setViewportSize(PHONE.viewport);
  }
  return problems;
}

test('every public page, signed out: no axe violation (WCAG 2.1 AA), standard text on a desktop', async () => {
  const context = await browser.newContext(DESKTOP);
  try {
    assert.deepEqual(await check(await context.newPage(), pages.public, false), []);
  } finally {
    await context.close();
  }
});

test('every page the owner may read: no axe violation, standard text on a desktop', async () => {
  assert.ok(pages.owner.length > 20, 'the owner reads pages of their own (bills, receipts, votes, problems …)');
  assert.deepEqual(await as('owner', DESKTOP, (page) => check(page, pages.owner, false)), []);
});

test('a resident votes with the keyboard alone, and sees where the focus is', async () => {
  await as('owner', DESKTOP, async (page) => {
    await page.goto(`${server.url}/`);
    const focus = () => page.evaluate(() => {
      const e = document.activeElement;
      const cs = getComputedStyle(e);
      return { tag: e.tagName, text: (e.textContent || '').trim(), href: e.getAttribute('href'), type: e.type, value: e.value,
        outline: cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) === 0 ? 'none' : `${cs.outlineWidth} ${cs.outlineStyle}` };
    });
    // Tab until the focus is on what `match` accepts (at most `limit` stops), each stop outlined.
    async function tabTo(what, match, limit = 60) {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        const f = await focus();
        assert.notEqual(f.outline, 'none', `the focused ${f.tag} "${f.text}" shows a focus outline`);
        if (match(f)) return f;
      }
      assert.fail(`${what} not reached by Tab in ${limit} stops`);
    }
    await page.keyboard.press('Tab');
    assert.equal((await focus()).href, '#main', 'the first Tab stop is the skip link');
    await tabTo('the decisions in the navigation', (f) => f.tag === 'A' && f.href === '/decisions');
    await Promise.all([page.waitForURL(`${server.url}/decisions`), page.keyboard.press('Enter')]);
    await tabTo('the open decision', (f) => f.tag === 'A' && /^\/decisions\/\d+$/.test(f.href) && f.text === '1栋加装电梯');
    await Promise.all([page.waitForURL(/\/decisions\/\d+$/), page.keyboard.press('Enter')]);
    await tabTo('the way to the ballot', (f) => f.tag === 'A' && /\/vote$/.test(f.href || ''));
    await Promise.all([page.waitForURL(/\/vote$/), page.keyboard.press('Enter')]);
    await tabTo('the first choice', (f) => f.type === 'radio');
    await page.keyboard.press('Space');
    const choice = await page.evaluate(() => document.activeElement.closest('label').textContent.trim());
    await tabTo('the button that casts the ballot', (f) => f.tag === 'BUTTON' && f.type === 'submit');
    await Promise.all([page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
      page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    await shot(page, 'a11y-keyboard-voted.png');
    assert.match(await page.locator('main').innerText(), new RegExp(`已.*${choice}|${choice}.*已`), 'the vote is confirmed with its choice');
  });
});

test('in 长辈模式 on a phone: no axe violation, DOMAIN §7 sizes, no sideways scrolling at 360 px and 200% zoom', async () => {
  const anonymous = await browser.newContext(PHONE);
  let problems;
  try {
    problems = await check(await anonymous.newPage(), pages.public, true);
  } finally {
    await anonymous.close();
  }
  problems.push(...await as('owner', PHONE, (page) => check(page, pages.owner, true)));
  assert.deepEqual(problems, []);
});
