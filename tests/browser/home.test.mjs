// home.test.mjs: the resident's home on a phone (issue 11). The owner of 1栋1单元101 opens the
// home on a 390 × 844 phone and on a 360 px one, in 长辈模式: every section of "what concerns me"
// is there, and the page holds to DOMAIN.md §7 — body text ≥ 18 px, the largest ≥ 30 px, every
// link and button in the header and main ≥ 60 × 60 px, no sideways scrolling; also at 200% zoom,
// emulated as a 180 CSS px wide viewport at deviceScaleFactor 2 (a 360 px phone zoomed twice).
// In standard size, the keyboard alone reaches the 去投票 button and opens the ballot.
// Screenshots go to build-san/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop } from '../http/lib/server.mjs';
import { LAUNCH, shot, overflow, people, main, isLarge, clickSwitch } from './lib/browser.mjs';

const phone = (width, height = 800, scale = 2) =>
  ({ viewport: { width, height }, deviceScaleFactor: scale, isMobile: true, hasTouch: true, locale: 'zh-CN' });
const PHONE = phone(390, 844);
const SECTIONS = ['要我表决的事', '我的物业费', '我反映的问题', '我楼栋的改造', '我楼栋的志愿者', '给我的公示'];

let server;
let browser;
let as;

before(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
});

after(async () => {
  await browser?.close();
  if (server) await assertCleanStop(server);
});

/** Font sizes of every rendered element with text of its own, and the body's. */
function sizes(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right < 0) continue; // hidden, or the skip link off-screen
      out.push({ text: el.textContent.trim().slice(0, 30), size: parseFloat(getComputedStyle(el).fontSize) });
    }
    return { body: parseFloat(getComputedStyle(document.body).fontSize), text: out };
  });
}

/** Links and buttons of the header and main narrower or lower than min px. */
function smallTargets(page, min) {
  return page.evaluate((least) => [...document.querySelectorAll('header a, header button, main a, main button')]
    .map((e) => {
      const r = e.getBoundingClientRect();
      return { what: e.textContent.trim().slice(0, 30), w: Math.round(r.width), h: Math.round(r.height) };
    })
    .filter((t) => t.w > 0 && (t.w < least || t.h < least)), min);
}

/** DOMAIN.md §7 in 长辈模式, measured on the page shown. */
async function elderFriendly(page, what) {
  assert.ok(await isLarge(page), `${what}: 长辈模式 on`);
  const s = await sizes(page);
  assert.ok(s.body >= 18, `${what}: body ${s.body}px ≥ 18px`);
  const largest = Math.max(...s.text.map((t) => t.size));
  assert.ok(largest >= 30, `${what}: largest text ${largest}px ≥ 30px`);
  assert.deepEqual(s.text.filter((t) => t.size < 18), [], `${what}: no text under 18px`);
  assert.deepEqual(await smallTargets(page, 60), [], `${what}: targets ≥ 60 × 60 px`);
  assert.equal(await overflow(page), null, `${what}: scrolls sideways`);
}

async function sectionsShown(page) {
  for (const name of SECTIONS)
    assert.ok(await main(page).getByRole('heading', { name, exact: true }).isVisible(), `section ${name}`);
  // the open 1栋 elevator vote waits for this owner, with the way to the ballot
  const votes = main(page).getByRole('region', { name: '要我表决的事' });
  assert.match(await votes.textContent(), /1栋加装电梯[\s\S]*还没投票/);
  assert.ok(await votes.getByRole('link', { name: '去投票', exact: true }).isVisible());
}

test('the owner\'s home on a 390 × 844 phone in 长辈模式: every section, sizes and targets as §7 asks', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/`);
    if (!(await isLarge(page))) await clickSwitch(page, '长辈模式'); // kept on the account from now on
    await sectionsShown(page);
    await elderFriendly(page, '390 px');
    await shot(page, 'home-390-large.png');
  });
});

test('on a 360 px phone, and at 200% zoom (180 CSS px at scale 2), nothing scrolls sideways or shrinks', async () => {
  for (const [what, options, file] of [['360 px', phone(360), 'home-360-large.png'],
    ['200% zoom', phone(180, 400, 2), 'home-zoom200-large.png']]) {
    await as('owner', options, async (page) => {
      await page.goto(`${server.url}/`);
      await sectionsShown(page);
      await elderFriendly(page, what);
      await shot(page, file);
    });
  }
});

test('in standard size the keyboard alone reaches 去投票 and opens the ballot', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/`);
    await clickSwitch(page, '标准字号'); // leave the account as the demo had it
    assert.equal(await isLarge(page), false);
    assert.deepEqual(await smallTargets(page, 44), [], 'targets ≥ 44 × 44 px');
    assert.equal(await overflow(page), null);
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent.trim() === '去投票');
    }
    assert.ok(reached, 'Tab reaches 去投票');
    await Promise.all([page.waitForURL(/\/decisions\/\d+\/vote$/), page.keyboard.press('Enter')]);
    assert.ok(await main(page).getByRole('button', { name: '提交我的票', exact: true }).isVisible(), 'the ballot');
    await shot(page, 'home-vote-from-home.png');
  });
});
