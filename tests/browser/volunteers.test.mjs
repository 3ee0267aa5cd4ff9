// volunteers.test.mjs: a Party member reports in and serves, in Chromium (issue 9). The owner of
// 1栋1单元101, on a phone, reports in as a Party member (亮身份、亮分工、亮承诺) for 1栋; staff, at a
// desk, confirm; the new volunteer signs up for next week's safety walk; after it (the harness
// moves it into the past) staff confirm two hours; the volunteer sees them; and a neighbour
// living in 1栋 finds the new volunteer's card, with the commitment in their own words, on the
// home page. The tests run in order; screenshots go to build-san/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop, sql, yuanli } from '../http/lib/server.mjs';
import { LAUNCH, DESKTOP, shot, overflow, shortControls, people, main, submit } from './lib/browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const NAME = '曹振华'; // the demo owner's name in the register
const WORDS = '楼里水管漏了、灯坏了，先找我。';
const WALK = '改造工地周边安全巡查';

let server;
let browser;
let as;
let walk; // the activity's id

before(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
  // a neighbour in 1栋 with an account of their own
  const add = await yuanli(['user', 'add', 'neighbour', '--grant', 'resident@1', '--db', server.db],
    { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
  assert.equal(add.code, 0, add.stderr);
  await sql(server.db, "UPDATE residents SET account_id = (SELECT id FROM accounts WHERE name = 'neighbour') WHERE id = " +
    '(SELECT min(r.id) FROM residents r JOIN units u ON u.id = r.unit_id JOIN buildings b ON b.id = u.building_id ' +
    "WHERE b.name = '1栋' AND r.account_id IS NULL)");
  walk = Number((await sql(server.db, `SELECT id FROM activities WHERE title = '${WALK}'`)).trim());
  assert.ok(walk > 0, 'the demo has next week\'s walk');
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

test('a Party member reports in from a phone', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/volunteers/join`);
    assert.equal(await main(page).getByLabel('姓名', { exact: true }).inputValue(), NAME);
    await main(page).getByLabel('我是党员').check();
    await main(page).getByLabel('所在党组织（党员必填）').fill('中南院社区党委第一支部');
    await main(page).getByLabel('特长').fill('会修水电');
    await main(page).getByLabel('我的承诺（会显示在名片上）').fill(WORDS);
    await main(page).getByLabel('监督员').check();
    await main(page).getByLabel(/联系的楼栋/).fill('1栋');
    await phoneFriendly(page, 'the join form');
    await shot(page, 'volunteer-join-phone.png');
    await submit(page, '提交报到');
    assert.match(await notice(page), /已提交报到/);
  });
});

test('staff confirm the registration', async () => {
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/volunteers?state=applied`);
    const entry = main(page).locator('form').filter({ has: page.getByRole('button', { name: '确认', exact: true }) })
      .filter({ has: page.locator(`input[value="${NAME}"], :text("${NAME}")`) });
    const forms = await entry.count();
    const form = forms ? entry.first()
      : main(page).locator('article, li, section').filter({ hasText: NAME }).locator('form')
        .filter({ has: page.getByRole('button', { name: '确认', exact: true }) }).first();
    await shot(page, 'volunteer-applied-desktop.png');
    await Promise.all([
      page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
      form.getByRole('button', { name: '确认', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await notice(page), /已确认/);
  });
});

test('the new volunteer signs up for next week\'s walk', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/activities/${walk}`);
    assert.match(await main(page).textContent(), new RegExp(WALK));
    await submit(page, '报名：任何志愿者');
    assert.match(await notice(page), /报名成功/);
    assert.match(await main(page).textContent(), new RegExp(NAME));
    await phoneFriendly(page, 'the activity');
    await shot(page, 'volunteer-signed-up-phone.png');
  });
});

test('after the walk staff confirm two hours, and the volunteer sees them', async () => {
  const now = Math.floor(Date.now() / 1000);
  await sql(server.db, `UPDATE activities SET starts_at = ${now - 3 * 3600}, ends_at = ${now - 3600} WHERE id = ${walk}`);
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/activities/${walk}`);
    const mine = main(page).locator('fieldset.attendance').filter({ hasText: NAME });
    await mine.getByLabel('服务时长（分钟）').fill('120');
    await submit(page, '确认出勤');
    assert.match(await notice(page), /出勤已确认/);
  });
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/volunteers/me/hours`);
    const text = await main(page).textContent();
    assert.match(text, new RegExp(WALK));
    assert.match(text, /出勤 120 分钟/);
    assert.match(text, /2\.00/);
    await shot(page, 'volunteer-hours-phone.png');
  });
});

test('a neighbour in 1栋 finds the new volunteer\'s card on the home page', async () => {
  await as('neighbour', PHONE, async (page) => {
    await page.goto(`${server.url}/`);
    const text = await main(page).textContent();
    assert.match(text, /我楼栋的志愿者/);
    assert.match(text, new RegExp(NAME));
    assert.match(text, new RegExp(WORDS));
    assert.doesNotMatch(text, /139\d{8}/, 'no phone on a card');
    await phoneFriendly(page, 'the home page');
    await shot(page, 'volunteer-home-neighbour-phone.png');
  });
});
