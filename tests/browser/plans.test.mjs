// plans.test.mjs: a renovation plan revised with the residents of 中南家园, in Chromium (issue 8).
// Staff, at a desk, draft version 1 (1栋's outer walls, partly paid by 1栋's owners by area, and
// stairwell lights) and publish it for consultation. The owner of 1栋1单元101, on a phone, reads
// it and their own share, and comments on the walls; the head enters a neighbour's opinion
// collected on paper; staff answer both in public, revise the walls (dearer) and publish
// version 2 with a changelog. The owner then sees what changed, the answer to their comment, and
// their new share — the same amount, to the fen, as the cost-share computation gives. Last, staff
// record a payment on the demo's lights work and the owner sees it paid on the progress page. The
// tests run in order; screenshots go to build-san/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop, sql } from '../http/lib/server.mjs';
import { api, tokenFor } from '../http/lib/registry.mjs';
import { LAUNCH, DESKTOP, shot, overflow, shortControls, people, main, submit } from './lib/browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const TITLE = '中南家园二期改造方案';
const WALLS = '1栋外墙保温';

let server;
let browser;
let as;
let plan; // its id
let staffApi;
let ownerId; // the register's owner of 1栋1单元101

before(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
  staffApi = api(server.url, await tokenFor(server, 'staff'));
  ownerId = Number((await sql(server.db, 'SELECT u.owner_id FROM units u JOIN buildings b ON b.id = u.building_id ' +
    "JOIN stairwells s ON s.id = u.stairwell_id WHERE u.community_id = 1 AND b.name = '1栋' AND s.name = '1单元' " +
    "AND u.room = '101'")).trim());
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

/** What the cost-share computation gives the owner for `total` yuan shared by area over 1栋. */
async function expectedShare(total) {
  const r = await staffApi.post('/api/v1/communities/1/cost-shares',
    { total, rule: 'area', scope: { type: 'building', building: '1栋' } });
  assert.equal(r.status, 200, r.text);
  const mine = r.json.shares.find((s) => s.owner_id === ownerId);
  assert.ok(mine, `owner ${ownerId} is among 1栋's payers`);
  return mine.amount;
}

function inDays(n) {
  return new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
}

/** Fills the item fields inside `scope` (the add form, or one item's edit form). */
async function fillItem(scope, { title, cls = 'basic', building, cost, government, residents }) {
  if (title) await scope.getByLabel('项目名称', { exact: true }).fill(title);
  await scope.getByLabel('类别', { exact: true }).selectOption(cls);
  if (building) {
    await scope.getByLabel('项目范围', { exact: true }).selectOption('building');
    await scope.getByLabel('楼栋（范围为一栋楼或一个单元时选）', { exact: true }).selectOption(building);
  }
  await scope.getByLabel('估算造价（元）', { exact: true }).fill(cost);
  await scope.getByLabel('政府补助', { exact: true }).fill(government);
  await scope.getByLabel('居民出资', { exact: true }).fill(residents ?? '');
}

test('staff draft version 1 of a plan and publish it for consultation', async () => {
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/plans`);
    await main(page).getByLabel('方案名称', { exact: true }).fill(TITLE);
    await main(page).getByLabel('方案说明', { exact: true }).fill('邻长入户收集的第二批问题。');
    await submit(page, '建立方案（第1版草稿）');
    assert.match(await notice(page), /方案已建立/);
    plan = Number(/\/plans\/(\d+)\/draft/.exec(page.url())[1]);

    const add = page.locator('#add-item');
    // a split that does not add up is refused, naming the difference, and nothing is added
    await fillItem(add, { title: WALLS, building: '1栋', cost: '200000.00', government: '150000.00', residents: '40000.00' });
    await submit(page, '添加项目');
    assert.match(await notice(page), /合计 190000\.00 元，比估算造价 200000\.00 元少 10000\.00 元/);
    assert.equal(await page.locator('details.item-edit').count(), 0);
    await fillItem(page.locator('#add-item'), { title: WALLS, building: '1栋', cost: '200000.00', government: '150000.00', residents: '50000.00' });
    await submit(page, '添加项目');
    assert.match(await notice(page), /已保存/);
    await fillItem(page.locator('#add-item'), { title: '楼道照明', cost: '30000.00', government: '30000.00' });
    await submit(page, '添加项目');
    assert.equal(await page.locator('details.item-edit').count(), 2);

    await page.locator('#publish').getByLabel('征求意见截止日期', { exact: true }).fill(inDays(30));
    await shot(page, 'plan-draft-desktop.png');
    await submit(page, '公布这一版并征求意见');
    assert.match(await notice(page), /第1版已公布/);
    assert.match(await main(page).textContent(), /合计造价 230000\.00 元/);
  });
});

test('the owner of 1栋1单元101 reads version 1 and their own share on a phone', async () => {
  const share = await expectedShare('50000.00');
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/plans`);
    await main(page).getByRole('link', { name: TITLE, exact: true }).click();
    const text = await main(page).textContent();
    assert.match(text, /第1版/);
    assert.match(text, new RegExp(`${WALLS}`));
    assert.match(await page.locator('#my-share').textContent(), new RegExp(`合计 ${share.replace('.', '\\.')} 元`));
    await phoneFriendly(page, 'the plan');
    await shot(page, 'plan-v1-phone.png');
  });
});

test('the owner comments on the walls from the phone', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/plans/${plan}`);
    await main(page).getByRole('link', { name: '意见征求', exact: true }).click();
    const walls = main(page).locator('#item-1');
    await walls.locator('details.give > summary').click();
    await walls.getByLabel('建议').check();
    await walls.getByLabel('意见内容').fill('外墙请用浅色涂料，夏天屋里不那么热。');
    await phoneFriendly(page, 'the consultation');
    await Promise.all([
      page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
      walls.getByRole('button', { name: '提交意见', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await notice(page), /意见已记录/);
    assert.match(await main(page).locator('#item-1 .counts').innerText(), /建议 1 条；待答复 1 条/);
  });
});

test('the head enters a neighbour\'s opinion collected on paper', async () => {
  await as('head', PHONE, async (page) => {
    await page.goto(`${server.url}/plans/${plan}/consultation`);
    await main(page).getByLabel('姓名（照纸质意见表填写）').fill('王奶奶');
    await main(page).getByLabel('房号（如 1栋1单元101）').fill('1栋2单元301');
    await main(page).getByLabel('项目', { exact: true }).selectOption({ label: `1. ${WALLS}` });
    await main(page).locator('form', { hasText: '录入这条意见' }).getByLabel('支持').check();
    await main(page).locator('form', { hasText: '录入这条意见' }).getByLabel('意见内容').fill('墙皮掉得厉害，早点修。');
    await submit(page, '录入这条意见');
    assert.match(await notice(page), /意见已记录/);
    const walls = await main(page).locator('#item-1').innerText();
    assert.match(walls, /支持 1 条，反对 0 条，建议 1 条；待答复 2 条/);
    assert.match(walls, /纸质意见，邻长代录/);
  });
});

test('staff answer both opinions in public', async () => {
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/plans/${plan}/consultation`);
    for (const [text, kind, answer] of [['浅色涂料', '采纳', '采纳：第2版外墙改用浅色保温涂料。'],
      ['墙皮掉得厉害', '解释说明', '外墙保温列入本期，开工时间另行公告。']]) {
      const op = main(page).locator('#item-1 li').filter({ hasText: text });
      await op.getByLabel(kind).check();
      await op.getByLabel('答复内容').fill(answer);
      await Promise.all([
        page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
        op.getByRole('button', { name: '公开答复', exact: true }).click(),
      ]);
      await page.waitForLoadState('load');
      assert.match(await notice(page), /答复已公开/);
    }
    assert.match(await main(page).locator('#item-1 .counts').innerText(), /待答复 0 条/);
    await shot(page, 'plan-consultation-answered-desktop.png');
  });
});

test('staff revise the walls and publish version 2 with what changed', async () => {
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/plans/${plan}`);
    await submit(page, '开始修订下一版');
    const walls = page.locator('details.item-edit', { hasText: WALLS });
    await walls.locator('summary').click();
    await fillItem(walls, { building: '1栋', cost: '240000.00', government: '180000.00', residents: '60000.00' });
    await Promise.all([
      page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
      walls.getByRole('button', { name: '保存项目', exact: true }).click(),
    ]);
    assert.match(await notice(page), /已保存/);
    await page.locator('#publish').getByLabel('本版修改说明', { exact: true }).fill('按居民意见：外墙改用浅色保温涂料，造价调整。');
    await page.locator('#publish').getByLabel('征求意见截止日期', { exact: true }).fill(inDays(30));
    await submit(page, '公布这一版并征求意见');
    assert.match(await notice(page), /第2版已公布/);
  });
});

test('the owner sees what changed between the versions and their new share', async () => {
  const share = await expectedShare('60000.00');
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/plans/${plan}`);
    assert.match(await main(page).textContent(), /第2版/);
    assert.match(await page.locator('#my-share').textContent(), new RegExp(`合计 ${share.replace('.', '\\.')} 元`));
    await submit(page, '看看改了什么');
    const diff = await main(page).textContent();
    assert.match(diff, /第2版与第1版相比/);
    assert.match(diff, /合计造价从 230000\.00 元变为 270000\.00 元（\+40000\.00 元）/);
    assert.match(diff, new RegExp(`修改 1\\. ${WALLS}`));
    assert.match(diff, /造价 200000\.00 元 → 240000\.00 元/);
    assert.match(diff, /居民出资 \+10000\.00 元/);
    assert.match(diff, /按居民意见：外墙改用浅色保温涂料/);
    await phoneFriendly(page, 'the diff');
    await shot(page, 'plan-diff-phone.png');
    await page.goto(`${server.url}/plans/${plan}/consultation?version=1`);
    assert.match(await main(page).locator('#item-1').innerText(), /社区答复（采纳[^）]*）：\s*采纳：第2版外墙改用浅色保温涂料。/);
  });
});

// issue 11: spending against budget — a payment recorded on the work page shows on the public
// progress page
test('staff record a payment on the lights under way; the owner sees it paid on the progress page', async () => {
  const lights = Number((await sql(server.db, "SELECT min(id) FROM works WHERE community_id = 1 AND state = 'underway'")).trim());
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/works/${lights}`);
    const money = main(page).locator('#payments');
    assert.match(await money.innerText(), /已付\s*40000\.00 元（占预算 50\.0%）/);
    await money.getByLabel('金额（元）', { exact: true }).fill('8000.00');
    await money.getByLabel('发票或转账单号', { exact: true }).fill('发票 43001200');
    await submit(page, '记录一笔工程款');
    assert.match(await notice(page), /工程款已记录/);
    assert.match(await main(page).locator('#payments').innerText(), /还可支付\s*32000\.00 元/);
  });
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/progress/1`);
    assert.match(await main(page).textContent(), /预算 80000\.00 元 · 已付 48000\.00 元（60\.0%）/);
    await phoneFriendly(page, 'the progress page');
  });
});
