// district.test.mjs: the street office's view as its staff member uses it. The demo's district
// login signs in through the form, goes from the home page to the district view, sees the three
// compounds side by side with their total, opens one compound's register from its row, and the
// table stays readable on a 360 px phone (no sideways scrolling, every figure with its label,
// text at a readable size) and in 长辈模式.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop } from '../http/lib/server.mjs';
import { LAUNCH, DESKTOP, shot, logIn, clickSwitch, isLarge, overflow } from './lib/browser.mjs';

const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const DEMO = ['中南家园', '东塘小区', '砂子塘社区'];

let server;
let browser;
let districtState; // the district login's cookies after one login through the form

before(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
});

after(async () => {
  await browser?.close();
  if (server) await assertCleanStop(server);
});

async function withPage(options, fn) {
  const context = await browser.newContext({ ...DESKTOP, ...options });
  const page = await context.newPage();
  try {
    return await fn(page);
  } finally {
    await context.close();
  }
}

function main(page) { return page.getByRole('main'); }

// Each body row of the table as the person reads it: the community, then "label：value" per cell.
function rowsOf(page) {
  return page.locator('table.district tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    community: tr.querySelector('th').firstChild.textContent,
    cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.label, td.textContent.trim()])),
  })));
}

// What makes the table hard to read: cells cut off or running out of their row or the screen,
// text smaller than 16 px, and on a phone (headings hidden) a figure without its column's name.
function readability(page) {
  return page.locator('table.district').evaluate((table) => {
    const problems = [];
    const width = document.documentElement.clientWidth;
    // with the column headings hidden (a phone), each figure must carry its own label
    const cards = getComputedStyle(table.tHead).display === 'none';
    for (const tr of table.querySelectorAll('tbody tr, tfoot tr')) {
      const row = tr.getBoundingClientRect();
      for (const cell of tr.querySelectorAll('th, td')) {
        const r = cell.getBoundingClientRect();
        if (r.width === 0) continue; // an empty cell of the total, hidden
        const what = `${cell.tagName.toLowerCase()}[${cell.dataset.label || cell.textContent.trim().slice(0, 8)}]`;
        if (r.right > width + 0.5 || r.left < -0.5) problems.push(`${what} leaves the screen (${Math.round(r.left)}..${Math.round(r.right)})`);
        if (r.right > row.right + 0.5) problems.push(`${what} runs out of its row`);
        if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`${what} is cut off`);
        const size = parseFloat(getComputedStyle(cell).fontSize);
        if (size < 16 && cell.tagName === 'TD') problems.push(`${what} at ${size} px`);
        if (cards && cell.tagName === 'TD' && cell.dataset.label) {
          const label = getComputedStyle(cell, '::before').content;
          if (!label.includes(cell.dataset.label)) problems.push(`${what} shows no label (${label})`);
        }
      }
    }
    return problems;
  });
}

test('the district staff member signs in, goes from the home page to the view and sees the three compounds with their total', async () => {
  await withPage({}, async (page) => {
    await page.goto(`${server.url}/login`);
    await logIn(page, server.url, 'district');
    districtState = await page.context().storageState();
    assert.ok(await main(page).getByText('街道（区）工作人员 · 3 个社区', { exact: true }).isVisible());
    await Promise.all([
      page.waitForURL(`${server.url}/district`),
      main(page).getByRole('link', { name: '街道总览', exact: true }).click(),
    ]);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '街道总览');
    const rows = await rowsOf(page);
    assert.deepEqual(rows.map((r) => r.community), DEMO);
    assert.deepEqual(rows.map((r) => r.cells['房屋（套）']), ['2156', '294', '192']);
    const total = await page.locator('table.district tfoot tr').evaluate((tr) =>
      Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.label, td.textContent])));
    assert.equal(total['房屋（套）'], String(2156 + 294 + 192));
    // the full chain head is there for whoever points at the short one
    const title = await page.locator('table.district tbody tr').first().locator('code.hash').getAttribute('title');
    assert.match(title, /^[0-9a-f]{64}$/);
    assert.deepEqual(await readability(page), []);
    await shot(page, 'district.png');
  });
});

test('a row opens that compound\'s register, with the compound named in the header', async () => {
  await withPage({ storageState: districtState }, async (page) => {
    await page.goto(`${server.url}/district`);
    await Promise.all([
      page.waitForURL(`${server.url}/registry?community=2`),
      page.getByRole('row', { name: /东塘小区/ }).getByRole('link', { name: '房屋登记', exact: true }).click(),
    ]);
    assert.equal(await page.locator('header .brand').textContent(), '东塘小区');
    assert.match(await main(page).locator('.lead').textContent(), /东塘小区：7 栋楼，294 套房屋/);
    // filtering keeps to the same compound
    await main(page).getByLabel('房号或业主姓名', { exact: true }).fill('101');
    await Promise.all([
      page.waitForURL(/\/registry\?.*community=2/),
      main(page).getByRole('button', { name: '筛选', exact: true }).click(),
    ]);
    assert.equal(await page.locator('header .brand').textContent(), '东塘小区');
  });
});

test('on a 360 px phone the table is readable: no sideways scrolling, each figure under its label, 16 px or more', async () => {
  await withPage({ ...PHONE, storageState: districtState }, async (page) => {
    await page.goto(`${server.url}/district`);
    assert.equal(await overflow(page), null);
    assert.deepEqual(await readability(page), []);
    const rows = await rowsOf(page);
    assert.deepEqual(rows.map((r) => r.community), DEMO);
    await shot(page, 'district-360.png');
  });
});

test('and in 长辈模式 at 360 px as well, with links big enough to tap', async () => {
  await withPage({ ...PHONE, storageState: districtState }, async (page) => {
    await page.goto(`${server.url}/district`);
    if (!(await isLarge(page))) await clickSwitch(page, '长辈模式');
    assert.ok(await isLarge(page));
    assert.equal(await overflow(page), null);
    assert.deepEqual(await readability(page), []);
    const small = await page.locator('table.district a').evaluateAll((as) => as
      .map((a) => ({ text: a.textContent, h: Math.round(a.getBoundingClientRect().height), w: Math.round(a.getBoundingClientRect().width) }))
      .filter((a) => a.h < 60 || a.w < 60));
    assert.deepEqual(small, []);
    await shot(page, 'district-360-large.png');
    await clickSwitch(page, '标准字号'); // the choice is kept on the account; leave it as found
  });
});
