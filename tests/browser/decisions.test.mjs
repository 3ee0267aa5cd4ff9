// decisions.test.mjs: an owners' decision as 中南家园 carries it, in Chromium. Staff, at a desk,
// draft "1栋1单元加装电梯" (a rebuild: three quarters), publish it, and — the notice period passed
// (the harness moves the publication back 15 days) — open the vote. The owner of 1栋1单元101
// votes yes on a phone (390 × 844); the head, on a phone too, enters a neighbour's signed paper
// ballot; staff watch the turnout and close; the owner then sees the result, and the A4 notice
// shows totals, no names. Screenshots go to build-san/screenshots. The tests run in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop, sql } from '../http/lib/server.mjs';
import { LAUNCH, DESKTOP, shot, overflow, shortControls, people, main, submit } from './lib/browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const TITLE = '1栋1单元加装电梯';
const NOW = Math.floor(Date.now() / 1000);

let server;
let browser;
let id;
let as; // each person signed in once (lib/browser.mjs people)

before(async () => {
  server = await startServer({ env: { YUANLI_NOW: String(NOW) } });
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
});

after(async () => {
  await browser?.close();
  if (server) await assertCleanStop(server);
});

function notice(page) { return page.locator('p.notice').first().textContent(); }

async function phoneFriendly(page, what) {
  assert.equal(await overflow(page), null, `${what} scrolls sideways`);
  assert.deepEqual(await shortControls(page, 44), [], `${what}: controls lower than 44 px`);
}

test('staff draft the decision, publish it, and open the vote once the notice period is over', async () => {
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/decisions`);
    await main(page).getByRole('link', { name: '新建表决事项', exact: true }).click();
    await page.getByLabel('事项', { exact: true }).fill(TITLE);
    await page.getByLabel('说明（方案、费用、依据）', { exact: true }).fill('在1栋1单元北侧加装电梯一部，政府补贴20万元，其余按楼层分摊，一楼不分摊。');
    await page.getByLabel('事项类别', { exact: true }).selectOption('rebuild');
    await page.getByLabel('表决范围', { exact: true }).selectOption('stairwell');
    await page.getByLabel('楼栋（范围为一栋楼或一个单元时选）', { exact: true }).selectOption('1栋');
    await page.getByLabel('单元（范围为一个单元时填，如“2”）', { exact: true }).fill('1');
    await submit(page, '保存草稿');
    assert.match(await notice(page), /草稿已保存/);
    id = Number(/\/decisions\/(\d+)/.exec(page.url())[1]);
    await submit(page, '公示（冻结表决名册）');
    assert.match(await notice(page), /已公示/);
    assert.match(await main(page).textContent(), /业主 \d+ 人（12 套）/);
    await submit(page, '开始投票');
    assert.match(await notice(page), /公示期未满/);
    await shot(page, 'decision-published-desktop.png');
    await sql(server.db, `UPDATE decisions SET published_at = ${NOW - 15 * 86400} WHERE id = ${id}`);
    await page.goto(`${server.url}/decisions/${id}`);
    await submit(page, '开始投票');
    assert.match(await notice(page), /投票中/);
  });
});

test('the owner of 1栋1单元101 votes yes on a phone', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/decisions`);
    await main(page).getByRole('link', { name: TITLE, exact: true }).click();
    await main(page).getByRole('link', { name: '去投票', exact: true }).click();
    assert.match(await main(page).textContent(), /您在名册上：1栋1单元101/);
    await main(page).getByRole('radio', { name: '同意', exact: true }).check();
    await phoneFriendly(page, 'the ballot');
    await shot(page, 'decision-ballot-phone.png');
    await submit(page, '提交我的票');
    assert.match(await notice(page), /您的票已记录/);
    assert.match(await main(page).textContent(), /您已投票：同意/);
    assert.equal(await main(page).getByRole('link', { name: '去投票', exact: true }).count(), 0);
    await phoneFriendly(page, 'the decision after voting');
    await shot(page, 'decision-voted-phone.png');
  });
});

test('the head enters a neighbour\'s signed paper ballot on a phone', async () => {
  await as('head', PHONE, async (page) => {
    await page.goto(`${server.url}/decisions/${id}`);
    await main(page).getByRole('link', { name: '登记纸质票 / 代投', exact: true }).click();
    await page.getByLabel('楼栋', { exact: true }).selectOption('1栋');
    await page.getByLabel('单元', { exact: true }).fill('1');
    await page.getByLabel('房号', { exact: true }).fill('102');
    await page.getByLabel('纸质票编号', { exact: true }).fill('1-1-007');
    await page.getByLabel('签字人姓名', { exact: true }).fill('张桂兰');
    await main(page).getByRole('radio', { name: '同意', exact: true }).check();
    await phoneFriendly(page, 'the paper entry');
    await shot(page, 'decision-paper-phone.png');
    await submit(page, '登记这张票');
    assert.match(await notice(page), /已登记/);
  });
  const row = (await sql(server.db, `SELECT channel, serial, signer FROM ballots WHERE decision_id = ${id} AND channel = 'paper'`)).trim();
  assert.equal(row, 'paper|1-1-007|张桂兰');
});

test('staff watch the turnout and close the vote', async () => {
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/decisions/${id}/turnout`);
    assert.match(await main(page).textContent(), /网上 1，纸质 1，代投 0/);
    await shot(page, 'decision-turnout-desktop.png');
    await page.goto(`${server.url}/decisions/${id}`);
    await submit(page, '结束投票');
    assert.match(await notice(page), /投票已结束/);
  });
});

test('the owner sees the result on the phone; the A4 notice has totals and no names', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/decisions/${id}`);
    await main(page).getByRole('link', { name: '表决结果', exact: true }).click();
    const text = await main(page).textContent();
    assert.match(text, /未达到三分之二/);
    assert.match(text, /结果：未通过/);
    await phoneFriendly(page, 'the result');
    await shot(page, 'decision-result-phone.png');
  });
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/decisions/${id}/print`);
    await page.emulateMedia({ media: 'print' });
    const text = await main(page).textContent();
    assert.match(text, /表决结果公告/);
    const names = (await sql(server.db, "SELECT o.name FROM owners o JOIN units u ON u.owner_id = o.id JOIN buildings b ON b.id = u.building_id WHERE b.name = '1栋'")).trim().split('\n');
    for (const n of names) assert.ok(!text.includes(n), `the notice names ${n}`);
    await shot(page, 'decision-notice-print.png');
  });
});

test('朗读 reads the decision aloud with the browser\'s speech synthesis, and a second press stops it', async () => {
  await as('owner', PHONE, async (page) => {
    // record what would be spoken instead of speaking (headless Chromium has no voices)
    await page.addInitScript(() => {
      window.__spoken = [];
      let speaking = false;
      Object.defineProperty(window.speechSynthesis, 'speaking', { get: () => speaking });
      window.speechSynthesis.speak = (u) => { window.__spoken.push({ text: u.text, lang: u.lang }); speaking = true; };
      window.speechSynthesis.cancel = () => { speaking = false; window.__spoken.push('cancel'); };
    });
    await page.goto(`${server.url}/decisions/${id}`);
    const button = main(page).getByRole('button', { name: '朗读', exact: true });
    assert.ok(await button.isVisible(), 'the button is shown where the browser can speak');
    const box = await button.boundingBox();
    assert.ok(box.height >= 44, `the button is ${box.height} px high`);
    await button.click();
    const spoken = await page.evaluate(() => window.__spoken);
    assert.equal(spoken.length, 1);
    assert.equal(spoken[0].lang, 'zh-CN');
    assert.ok(spoken[0].text.trim().length > 0);
    const body = (await sql(server.db, `SELECT body FROM decisions WHERE id = ${id}`)).trim();
    if (body) assert.ok(spoken[0].text.includes(body.split('\n')[0].replace(/[#*>`-]/g, '').trim().slice(0, 8)));
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    await button.click();
    assert.deepEqual((await page.evaluate(() => window.__spoken)).slice(-1), ['cancel']);
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
  });
});
