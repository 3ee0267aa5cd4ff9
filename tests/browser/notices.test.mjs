// notices.test.mjs: the notice board as people use it (issue 11) — staff write a notice with a
// Markdown list and publish it; an owner reads it on a phone in 长辈模式 without sideways
// scrolling; its A4 print is one page, large type, with a QR code of at least 30 mm, and the PDF's
// text holds the title and the audit head the page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop, sh, tempDir } from '../http/lib/server.mjs';
import { LAUNCH, DESKTOP, PHONE, people, main, submit, clickSwitch, isLarge, overflow, shot, shotPath } from './lib/browser.mjs';

const TITLE = '楼道照明施工通知';
// about 600 characters: what a notice on the board usually is
const BODY = [
  '各位居民：',
  '',
  '根据小区改造方案第2版，楼道照明改造工程将于下周一开工，施工单位为湖南明亮电气安装有限公司。为保证施工安全和居民出行，现将有关事项通知如下：',
  '',
  '- 施工时间：每天上午8:30至12:00、下午2:30至6:00，中午和晚上不施工',
  '- 施工顺序：3栋、4栋、5栋、6栋依次进行，每栋约三天',
  '- 施工期间楼道内会临时断电两小时左右，断电前半天在单元门口张贴提示',
  '- 请不要在楼道内堆放杂物，已堆放的请在开工前自行清理，确有困难的可以找楼长帮忙',
  '- 家中有行动不便老人需要出门的，请提前告诉楼长，施工人员会协助',
  '',
  '改造后每层楼道安装声光控节能灯，单元门口加装感应灯，夜间出入更加安全。施工中如发现质量问题或者施工人员不文明行为，请拨打社区电话0731-85550101反映，也可以在院里“问题”页面上报，我们会在一个工作日内答复。',
  '',
  '工程费用由改造资金承担，居民不需要另外交钱。如有人以施工名义上门收费，请不要相信，并及时向社区报告。',
  '',
  '施工期间请照看好家中小孩，不要在施工梯子和电线附近玩耍。施工结束后，社区将组织居民代表和楼长一起验收，验收结果在公示栏公示，欢迎大家参加。对新装灯具的位置和亮度有意见的，也可以在验收时当面提出，我们会请施工单位调整。',
  '',
  '感谢大家的理解和支持！施工期间给大家带来的不便，敬请谅解。',
  '',
  '中南院社区居民委员会、中南家园业主委员会',
].join('\n');

let server;
let browser;
let as;
let dir;
let noticeUrl;

before(async () => {
  server = await startServer();
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
  dir = await tempDir('yuanli-notices-');
});

after(async () => {
  await browser?.close();
  if (server) await assertCleanStop(server);
});

test('staff write a notice with a Markdown list and publish it', async () => {
  assert.ok(BODY.length >= 500 && BODY.length <= 650, `a notice of about 600 characters (${BODY.length})`);
  await as('staff', DESKTOP, async (page) => {
    await page.goto(`${server.url}/notices/new`);
    await page.getByLabel('标题', { exact: true }).fill(TITLE);
    await page.getByLabel('正文', { exact: true }).fill(BODY);
    await submit(page, '保存草稿');
    assert.match(page.url(), /\/notices\/\d+\?done=created$/);
    noticeUrl = new URL(page.url()).pathname;
    await submit(page, '发布');
    assert.equal(await main(page).locator('h1').textContent(), TITLE);
    assert.equal(await main(page).locator('.description li').count(), 5, 'the Markdown list is a list');
  });
});

test('an owner reads it on a phone in 长辈模式 without sideways scrolling', async () => {
  assert.ok(noticeUrl, 'the notice was published');
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/notices`);
    if (!await isLarge(page)) await clickSwitch(page, '长辈模式');
    assert.ok(await isLarge(page));
    await Promise.all([page.waitForURL(`${server.url}${noticeUrl}`),
      main(page).getByRole('link', { name: TITLE, exact: true }).click()]);
    const items = await main(page).locator('.description li').allTextContents();
    assert.equal(items.length, 5);
    assert.ok(items[0].startsWith('施工时间'), items[0]);
    assert.equal(await overflow(page), null);
    await shot(page, 'notice-phone-large.png');
    await clickSwitch(page, '标准字号'); // the choice is the owner's account's: leave it as found
  });
});

test('the printed notice is one A4 page in large type with a QR code of 30 mm or more', async () => {
  assert.ok(noticeUrl, 'the notice was published');
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}${noticeUrl}/print`);
    const hash = (await page.locator('code.hash').textContent()).trim();
    assert.match(hash, /^[0-9a-f]{64}$/, 'the audit head when it was published');
    await page.emulateMedia({ media: 'print' });
    const m = await page.evaluate(() => {
      const mm = (px) => (px * 25.4) / 96;
      const pt = (e) => Math.round((parseFloat(getComputedStyle(e).fontSize) * 72) / 96 * 100) / 100; // px kept to 1/64
      const qr = document.querySelector('.notice-print svg.qr').getBoundingClientRect();
      return { qr: [mm(qr.width), mm(qr.height)], text: pt(document.querySelector('.notice-print .description p')),
        list: pt(document.querySelector('.notice-print .description li')), header: getComputedStyle(document.querySelector('header.site')).display };
    });
    assert.ok(m.qr[0] >= 30 && m.qr[1] >= 30, `QR code ${m.qr.map((x) => x.toFixed(1)).join(' × ')} mm ≥ 30 mm`);
    assert.ok(m.text >= 16 && m.list >= 16, `text ${m.text} pt and list ${m.list} pt ≥ 16 pt`);
    assert.equal(m.header, 'none', 'no site header on paper');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const file = path.join(dir, 'notice.pdf');
    await writeFile(file, pdf);
    assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length, 1, 'one A4 page');
    const text = (await sh('pdftotext', ['-layout', file, '-'])).replace(/\s+/g, '');
    assert.ok(text.includes(TITLE), 'the PDF holds the title');
    assert.ok(text.includes(hash), 'the PDF holds the audit head');
    assert.ok(text.includes('中南家园'), "the PDF names the compound");
    await sh('pdftoppm', ['-png', '-r', '50', '-singlefile', file, shotPath('notice-print').replace(/\.png$/, '')]);
  } finally {
    await context.close();
  }
});
