// problems.test.mjs: a problem as the people of 中南家园 carry it, in Chromium. On a phone
// (390 × 844) the owner of 1栋1单元101 reports a tree blocking the light with a photo and finds it
// under 我反映的; the head, on a phone too, checks it on site and sends it up in a list; staff, at
// a desk, open the list, accept it and refer it to 雨花区园林局; the parks department answers
// and marks it resolved; the owner rates it 5 on the phone. Screenshots of the report form and of
// the finished problem on the phone go to build-san/screenshots; neither page scrolls sideways,
// and their controls are big enough to press. The tests run in order and share the problem's id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop } from '../http/lib/server.mjs';
import { png } from '../http/lib/problems.mjs';
import { LAUNCH, DESKTOP, shot, overflow, shortControls, people, main, submit } from './lib/browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const DESCRIPTION = '3栋前那棵香樟树的枝条伸到二楼窗口，白天屋里也要开灯。';

let server;
let browser;
let dir;
let photo; // a PNG on disk, as a phone's gallery would hand it over
let problemId;
let listTitle;
let as; // each person signed in once (lib/browser.mjs people)

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yuanli-browser-'));
  photo = path.join(dir, 'IMG_2031.png');
  await writeFile(photo, png(320, 200));
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
});

after(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (server) await assertCleanStop(server);
});

async function openProblem(page) {
  await page.goto(`${server.url}/problems/${problemId}`);
  assert.equal(await page.locator('h1').textContent(), `编号 ${problemId}`);
}

/** What a page must hold to on a phone: no sideways scrolling, controls at least 44 px high. */
async function phoneFriendly(page, what) {
  assert.equal(await overflow(page), null, `${what} scrolls sideways`);
  assert.deepEqual(await shortControls(page, 44), [], `${what}: controls lower than 44 px`);
}

test('on a phone the owner reports a tree blocking the light, with a photo, and finds it under 我反映的', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/problems`);
    await main(page).getByRole('link', { name: '反映问题', exact: true }).click();
    await page.waitForURL(`${server.url}/problems/new`);
    await page.getByLabel('类别', { exact: true }).selectOption({ label: '绿化/树木' });
    await page.getByLabel('问题描述', { exact: true }).fill(DESCRIPTION);
    await page.getByLabel('楼栋', { exact: true }).selectOption({ label: '1栋' });
    await page.getByLabel('单元', { exact: true }).fill('1单元');
    await page.getByLabel(/^照片/).setInputFiles(photo);
    await phoneFriendly(page, 'the report form');
    await shot(page, 'problem-report-phone.png');

    await submit(page, '提交');
    const m = /\/problems\/(\d+)\?done=report$/.exec(page.url());
    assert.ok(m, page.url());
    problemId = Number(m[1]);
    assert.equal(await page.getByRole('status').textContent(), `已提交。编号 ${problemId}。`);
    const img = main(page).locator('.photos img');
    assert.equal(await img.count(), 1);
    await img.scrollIntoViewIfNeeded();
    assert.equal(await img.evaluate((e) => e.complete && e.naturalWidth), 320, 'the photo shows');

    await page.goto(`${server.url}/problems`);
    await main(page).getByRole('link', { name: '我反映的', exact: true }).click();
    await page.waitForURL(/\/problems\?mine=1$/);
    const mine = main(page).locator(`li.problem a[href="/problems/${problemId}"]`);
    assert.equal(await mine.count(), 1);
    assert.match(await mine.textContent(), /绿化\/树木 1栋1单元/);
  });
});

test('on a phone the head checks it on site and sends it up in a list of its own', async () => {
  await as('head', PHONE, async (page) => {
    await openProblem(page);
    await submit(page, '现场核实属实');
    assert.equal(await page.getByRole('status').textContent(), '已记录：现场核实属实。');
    assert.match(await page.locator('p.lead.state').textContent(), /邻长已现场核实/);

    await page.goto(`${server.url}/problems`);
    await main(page).getByRole('link', { name: '问题清单报送', exact: true }).click();
    await page.waitForURL(`${server.url}/problems/lists`);
    // Every checked, unsent problem is offered, checked; this list is only for the new one.
    const boxes = main(page).locator('ul.pick input[type="checkbox"]');
    assert.ok(await boxes.count() > 1);
    for (const box of await boxes.all())
      await box.setChecked(Number(await box.getAttribute('value')) === problemId);
    listTitle = await page.getByLabel('清单标题', { exact: true }).inputValue();
    assert.match(listTitle, /^王建国 报送于 \d{4}-\d{2}-\d{2}$/);
    await page.getByLabel('说明', { exact: true }).fill('1栋住户反映，已到现场看过');
    await submit(page, '报送社区');
    assert.equal(await page.getByRole('status').textContent(), '清单已报送，共 1 个问题。');
    await phoneFriendly(page, 'the lists page');
  });
});

test('staff open the list, accept the problem and refer it to 雨花区园林局', async () => {
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/problems/lists`);
    await main(page).getByRole('link', { name: listTitle, exact: true }).click();
    await page.waitForURL(/\/problems\/lists\/\d+$/);
    assert.match(await main(page).textContent(), /1栋住户反映，已到现场看过/);
    const box = main(page).locator(`input[name="id"][value="${problemId}"]`);
    assert.ok(await box.isChecked());
    await submit(page, '受理所选问题');
    assert.equal(await page.getByRole('status').textContent(), '已处理 1 个问题。');

    assert.ok(await box.isChecked(), 'an accepted problem stays checked, ready to refer');
    await page.getByLabel('把所选问题转交给', { exact: true }).selectOption({ label: '雨花区园林局' });
    await submit(page, '转交部门');
    assert.equal(await page.getByRole('status').textContent(), '已处理 1 个问题。');

    await openProblem(page);
    const facts = await main(page).locator('dl.facts').textContent();
    assert.match(facts, /部门雨花区园林局/);
    assert.match(facts, /办结期限\d{4}-\d{2}-\d{2}/);
  });
});

test('the parks department finds it in its inbox, answers, and marks it resolved', async () => {
  await as('parks', DESKTOP, async (page) => {
    await page.goto(`${server.url}/problems`);
    assert.equal(await page.locator('h1').textContent(), '转交给本部门的问题');
    await main(page).locator(`li.problem a[href="/problems/${problemId}"]`).click();
    await page.waitForURL(`${server.url}/problems/${problemId}`);
    await page.getByLabel('答复内容', { exact: true }).fill('已派园林工人修剪了伸到窗口的枝条。');
    await submit(page, '答复');
    assert.equal(await page.getByRole('status').textContent(), '已记录：答复。');
    await submit(page, '确认已解决');
    assert.equal(await page.getByRole('status').textContent(), '已记录：确认已解决。');
  });
});

test('on a phone the owner rates it 5; the page shows the whole history', async () => {
  await as('owner', PHONE, async (page) => {
    await openProblem(page);
    assert.match(await page.locator('p.lead.state').textContent(), /已解决，待评价/);
    await main(page).getByRole('radio', { name: '5 分', exact: true }).check();
    await page.getByLabel('评价意见', { exact: true }).fill('修剪得很及时，屋里亮堂了。');
    await submit(page, '评价');
    assert.equal(await page.getByRole('status').textContent(), '已记录：评价。');
    assert.match(await page.locator('p.lead.state').textContent(), /已评价/);
    const history = await main(page).locator('ol.history li strong').allTextContents();
    assert.deepEqual(history, ['反映问题', '现场核实属实', '受理', '转交部门', '答复', '确认已解决', '评价']);
    assert.match(await main(page).locator('dl.facts').textContent(), /满意度（1–5）5 分/);
    await phoneFriendly(page, 'the rated problem');
    await shot(page, 'problem-rated-phone.png');
  });
});
