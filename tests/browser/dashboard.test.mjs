// dashboard.test.mjs: the public dashboard (issue 11) as a visitor sees it, without logging in. On a
// desktop: from the home page through the nav's 数据看板, charts drawn as images with a title and a
// description, each one's table behind 查看数据表. On a 360 px phone in 长辈模式: no sideways
// scrolling, every chart as wide as its column (the SVG scales), the charts' text 16 px or more as
// drawn (its CSS size times the canvas's scale), and the page's own text as DOMAIN.md §7 asks.
// Screenshots go to build-san/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop } from '../http/lib/server.mjs';
import { LAUNCH, shot, clickSwitch, isLarge, overflow, main, withPage } from './lib/browser.mjs';

const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
});

after(async () => {
  await browser?.close();
  if (server) await assertCleanStop(server);
});

/** Every chart's width against its column's, and its text: the CSS size and the size drawn. */
function chartsOf(page) {
  return page.locator('main').evaluate((m) => [...m.querySelectorAll('figure.chart svg')].map((svg) => {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize));
    return {
      id: svg.getAttribute('aria-labelledby'),
      width: box.width,
      column: m.getBoundingClientRect().width - parseFloat(getComputedStyle(m).paddingLeft) - parseFloat(getComputedStyle(m).paddingRight),
      title: svg.querySelector('title')?.textContent ?? '',
      desc: svg.querySelector('desc')?.textContent ?? '',
      css: Math.min(...texts),
      drawn: Math.min(...texts) * scale,
    };
  }));
}

test('a visitor opens the dashboard from the nav and reads a chart and its table', async () => {
  await withPage(browser, {}, async (page) => {
    await page.goto(`${server.url}/`);
    await Promise.all([page.waitForURL(/\/dashboard/), page.getByRole('navigation').getByRole('link', { name: '数据看板' }).click()]);
    await assert.doesNotReject(main(page).getByRole('heading', { level: 1, name: '数据看板' }).waitFor());
    const charts = await chartsOf(page);
    assert.ok(charts.length >= 5, `charts: ${charts.length}`);
    for (const c of charts) {
      assert.ok(c.title && c.desc, `${c.id}: a title and a description`);
      assert.ok(c.width <= 480.5, `${c.id}: at most 480 px wide (${c.width})`);
      assert.ok(c.drawn >= 16 && c.drawn <= 30, `${c.id}: chart text drawn at ${c.drawn.toFixed(1)} px`);
    }
    const states = main(page).getByRole('img', { name: '问题办到哪一步了' });
    await assert.doesNotReject(states.waitFor());
    // the table behind the first chart: closed at first, opened by its summary
    const details = main(page).locator('details.chart-details').first();
    const table = details.locator('table.chart-data');
    assert.equal(await table.isVisible(), false);
    await details.locator('summary').click();
    assert.equal(await table.isVisible(), true);
    assert.ok((await table.locator('tbody tr').count()) > 0);
    assert.equal(await overflow(page), null);
    await shot(page, 'dashboard.png');
  });
});

test('on a 360 px phone in 长辈模式 the charts fit the screen and their text is set large', async (t) => {
  await withPage(browser, PHONE, async (page) => {
    await page.goto(`${server.url}/dashboard/1`);
    if (!(await isLarge(page))) await clickSwitch(page, '长辈模式');
    assert.ok(await isLarge(page));
    assert.equal(await overflow(page), null, 'no sideways scrolling at 360 px');
    const charts = await chartsOf(page);
    assert.ok(charts.length >= 5);
    for (const c of charts) {
      assert.ok(Math.abs(c.width - c.column) < 1, `${c.id}: as wide as the column (${c.width} of ${c.column})`);
      assert.ok(c.css >= 16, `${c.id}: chart text ${c.css} px in CSS`);
      assert.ok(c.drawn >= 16, `${c.id}: chart text drawn at ${c.drawn.toFixed(1)} px on the scaled canvas`);
    }
    t.diagnostic(`chart text drawn at ${Math.min(...charts.map((c) => c.drawn)).toFixed(1)} px at the least`);
    const sizes = await page.evaluate(() => ({
      body: parseFloat(getComputedStyle(document.body).fontSize),
      figure: parseFloat(getComputedStyle(document.querySelector('dl.dash-figures dd')).fontSize),
    }));
    assert.ok(sizes.body >= 18, `body ${sizes.body}`);
    assert.ok(sizes.figure >= 30, `the key figures ${sizes.figure}`);
    const summary = main(page).locator('details.chart-details summary').first();
    const box = await summary.boundingBox();
    assert.ok(box.height >= 60, `查看数据表 is a large target: ${box.height}`);
    await summary.click();
    assert.equal(await overflow(page), null, 'an opened table does not scroll sideways either');
    await shot(page, 'dashboard-360-large.png');
    await clickSwitch(page, '标准字号');
  });
});
