// plan_consultation.test.mjs: the consultation on 中南家园's renovation plan, in Chromium. Staff
// publish a plan of two items (by the API); the owner of 1栋1单元101, on a phone, opens the
// consultation, gives an opinion on the elevator through the form and sees it listed with the
// counts; in large-text mode nothing scrolls sideways and every control is big enough; staff, at a
// desk, answer it, and the owner then reads the answer. Screenshots go to build-san/screenshots.
// The tests run in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop } from '../http/lib/server.mjs';
import { api, tokenFor } from '../http/lib/registry.mjs';
import { LAUNCH, DESKTOP, shot, overflow, shortControls, people, main, clickSwitch } from './lib/browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const UNTIL = new Date(Date.now() + 365 * 86400e3).toISOString().slice(0, 10);

let server;
let browser;
let plan;
let as;

before(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
  const staff = api(server.url, await tokenFor(server, 'staff'));
  const p = await staff.post('/api/v1/communities/1/plans', { title: '中南家园老旧小区改造方案', summary: '基础类、完善类项目各一项，征求全体居民意见。' });
  assert.equal(p.status, 201, p.text);
  plan = p.json.id;
  for (const it of [
    { title: '雨污分流改造', description: '全小区雨水、污水管分开，更换破损井盖。', class: 'basic', mandatory: true, scope: { type: 'community' },
      place: '小区主路', cost: '120000.00', funding: { government: '100000.00', residents: '20000.00' } },
    { title: '1栋加装电梯', description: '1栋每个单元加装一部电梯，一楼不分摊。', class: 'improvement', mandatory: false, owners_decide: true,
      scope: { type: 'building', building: '1栋' }, place: '1栋北侧', cost: '400000.00',
      funding: { government: '200000.00', residents: '200000.00' }, share_rule: 'elevator' },
  ]) {
    const r = await staff.post(`/api/v1/plans/${plan}/items`, it);
    assert.equal(r.status, 201, r.text);
  }
  const pub = await staff.post(`/api/v1/plans/${plan}/publish`, { changelog: '首次公布。', consult_until: UNTIL });
  assert.equal(pub.status, 200, pub.text);
  const head = api(server.url, await tokenFor(server, 'head'));
  const paper = await head.post(`/api/v1/plans/${plan}/opinions`, {
    channel: 'paper', author_name: '王奶奶', unit: '1栋2单元301', source: 'owner', item: 2, stance: 'support', body: '腿脚不好，盼着装电梯。',
  });
  assert.equal(paper.status, 201, paper.text);
});

after(async () => {
  await browser?.close();
  await assertCleanStop(server);
});

test('the owner gives an opinion on the elevator from a phone and sees it counted', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/plans/${plan}/consultation`);
    const item = main(page).locator('#item-2');
    await item.locator('details.give > summary').click();
    await item.getByLabel('建议').check();
    await item.getByLabel('意见内容').fill('电梯口请加扶手，方便老人。');
    await shot(page, 'plan-consultation-owner-form.png');
    await Promise.all([
      page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
      item.getByRole('button', { name: '提交意见', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await main(page).locator('.notice').innerText(), /意见已记录/);
    assert.match(await main(page).locator('#item-2 .counts').innerText(), /支持 1 条，反对 0 条，建议 1 条；待答复 2 条。/);
    assert.match(await main(page).locator('#item-2').innerText(), /纸质意见，邻长代录/);
    await shot(page, 'plan-consultation-owner.png');
  });
});

test('in large-text mode the page does not scroll sideways and its controls are big enough', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/plans/${plan}/consultation`);
    await clickSwitch(page, '长辈模式');
    await main(page).locator('#item-1').locator('details.give > summary').click();
    assert.equal(await overflow(page), null);
    // a radio's target is its whole label (fieldset.vote), which must be the tall one
    const short = (await shortControls(page, 60)).filter((c) => !/^input#(stance|answer)$/.test(c.what));
    assert.deepEqual(short, []);
    const labels = await main(page).locator('#item-1 fieldset.vote label').evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().height));
    assert.equal(labels.length, 3);
    for (const h of labels) assert.ok(h >= 60, `a choice only ${h} px high`);
    await shot(page, 'plan-consultation-owner-large.png');
  });
});

test('staff answer the owner\'s opinion; the owner reads the answer', async () => {
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/plans/${plan}/consultation`);
    const mine = main(page).locator('#item-2 li').filter({ hasText: '电梯口请加扶手' });
    await mine.getByLabel('采纳').check();
    await mine.getByLabel('答复内容').fill('采纳：扶手列入电梯设计。');
    await Promise.all([
      page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
      mine.getByRole('button', { name: '公开答复', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await main(page).locator('.notice').innerText(), /答复已公开/);
    await shot(page, 'plan-consultation-staff.png');
  });
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/plans/${plan}/consultation`);
    assert.match(await main(page).locator('#item-2').innerText(), /社区答复（采纳，[^）]+）：\s*采纳：扶手列入电梯设计。/);
  });
});
