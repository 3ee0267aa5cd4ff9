// finance.test.mjs: issue 10's scenario in Chromium — "the committee records a payment and an
// expense, publishes November's disclosure, an owner sees their receipt and the disclosure".
// The demo is built with the clock at 2026-11-20 (bills for 08–11, 08–10 disclosed, a repair of
// November waiting for a second member) and served with the clock at 2026-12-02, so November is
// over. The committee (陈桂兰, desktop) takes 1栋1单元101's November fees in cash from 曹振华 and
// books 保洁用品 with a voucher photo; publishing November is refused while the repair waits;
// committee2 approves it (the member who recorded it cannot); November is published. The owner,
// on a phone in 长辈模式, sees the bill paid and the receipt (number, unit, amount in figures and
// in capitals, date); the owner and a passer-by read the disclosure, whose figures are checked
// against the journal, and which never names the payer. Screenshots and the two PDFs go to
// build-san/screenshots. The tests run in order; the last three check what the first version of
// the pages got wrong (the receipt's print, its layout on a phone, the disclosure's phone cards).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startServer, assertCleanStop, freshDemoDb, tempDir, sql } from '../http/lib/server.mjs';
import { png } from '../http/lib/problems.mjs';
import { LAUNCH, DESKTOP, shot, shotPath, overflow, shortControls, people, main, submit, clickSwitch, isLarge } from './lib/browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const BUILT = Date.UTC(2026, 10, 20, 2) / 1000; // 2026-11-20 10:00 +08:00: the demo's clock
const NOW = Date.UTC(2026, 11, 2, 2) / 1000; // 2026-12-02 10:00 +08:00: the server's clock
const NOV = 202611;
const UNIT = '1栋1单元101';
const PAYER = '曹振华'; // the demo owner, who hands the money over
const PAID_ON = '2026-11-30';
const SUPPLIES = { amount: '260.00', payee: '雨花区惠民日杂店', what: '保洁用品（垃圾袋、拖把、消毒液）', on: '2026-11-28' };
const REPAIRER = '长沙市安居维修队'; // the demo's November repair, above the threshold


let dir;
let server;
let browser;
let as;
const paid = {}; // the committee's payment: id, receipt number, fen
const phoneDisclosure = {}; // what the owner's phone showed of the disclosure, for the last test

before(async () => {
  dir = await tempDir('yuanli-finance-');
  const db = await freshDemoDb(dir, { env: { YUANLI_NOW: String(BUILT) } });
  // the demo's voucher photos are beside the database (it is built without a folder of its own)
  server = await startServer({ db, env: { YUANLI_NOW: String(NOW) }, args: ['--files', `${db}-files`] });
  browser = await chromium.launch(LAUNCH);
  as = people(browser, server.url);
});

after(async () => {
  await browser?.close();
  if (server) await assertCleanStop(server);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** One number from SQL. */
async function num(query) {
  const out = (await sql(server.db, query)).trim();
  assert.match(out, /^-?\d+$/, `${query} gave ${out}`);
  return Number(out);
}

/** Fen as the pages write it: 4604 → "46.04". */
function yuan(fen) {
  const s = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${s}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Fen in Chinese capitals (大写) as a receipt writes them, for amounts under 10,000 yuan:
 *  one 零 for a run of zeros inside, 零 for a missing 角 before 分, 整 when there is no 角 or 分. */
function capitals(fen) {
  const D = '零壹贰叁肆伍陆柒捌玖';
  const P = ['仟', '佰', '拾', ''];
  assert.ok(fen > 0 && fen < 1_000_000, 'capitals() here covers 0.01–9,999.99');
  const y = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const f = fen % 10;
  let out = '';
  let zero = false;
  String(y).padStart(4, '0').split('').map(Number).forEach((d, i) => {
    if (d === 0) { zero = out !== ''; return; }
    if (zero) out += '零';
    zero = false;
    out += D[d] + P[i];
  });
  if (y > 0) out += '元';
  if (jiao === 0 && f === 0) return `${out}整`;
  if (jiao > 0) out += `${D[jiao]}角`;
  else if (y > 0) out += '零';
  if (f > 0) out += `${D[f]}分`;
  return out;
}

function notice(page) { return main(page).locator('p.notice').first().innerText(); }

/** The disclosure's figures: {caption: {row label: cell text}} from its tables' th/td rows. */
function figuresOf(page) {
  return main(page).locator('table.figures').evaluateAll((ts) => Object.fromEntries(ts.map((t) => [
    t.caption.textContent.trim(),
    Object.fromEntries([...t.tBodies[0].rows].map((r) => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])),
  ])));
}

/** Pages in a PDF: "/Type /Page" objects, not the "/Type /Pages" tree. */
function pdfPages(buf) {
  return (buf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
}

// the SQL of a Shanghai month's instants (UTC seconds)
const DEC1 = Date.UTC(2026, 10, 30, 16) / 1000;
const NOV1 = Date.UTC(2026, 9, 31, 16) / 1000;

test('the committee records the November fees of 1栋1单元101 in cash at the payment desk', async () => {
  const unitId = await num("SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id JOIN stairwells s ON s.id = u.stairwell_id " +
    "WHERE u.community_id = 1 AND b.name = '1栋' AND s.name = '1单元' AND u.room = '101'");
  const owed = await num(`SELECT sum(b.total) - coalesce((SELECT sum(pa.amount) FROM bills x JOIN payment_allocations pa ` +
    `ON pa.community_id = x.community_id AND pa.bill_id = x.id WHERE x.community_id = 1 AND x.unit_id = ${unitId}), 0) ` +
    `FROM bills b WHERE b.community_id = 1 AND b.unit_id = ${unitId}`);
  const november = await num(`SELECT total FROM bills WHERE unit_id = ${unitId} AND first_month = ${NOV}`);
  assert.ok(owed > 0 && owed === november, `the demo owner owes November only (owes ${owed}, November ${november})`);
  paid.fen = owed;
  paid.unit = unitId;

  await as('committee', DESKTOP, async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation').getByRole('link', { name: '财务', exact: true }).click();
    await main(page).getByRole('link', { name: '收费登记', exact: true }).click();
    assert.match(page.url(), /\/finance\/payments$/);
    await main(page).getByLabel('房号（如 1栋1单元101）', { exact: true }).fill(UNIT);
    await submit(page, '查这户');
    assert.match(await main(page).locator('p.owed').innerText(), new RegExp(`现在欠费 ${yuan(owed).replace('.', '\\.')} 元`));
    assert.match(await main(page).locator('table.bills').innerText(), /2026-11/);

    const form = main(page).locator('form[action="/finance/payments"][method="post"]');
    assert.equal(await form.locator('input[name="unit"]').inputValue(), UNIT, 'the record form carries the unit looked up');
    await form.locator('input[name="amount"]').fill(yuan(owed));
    await main(page).getByLabel('付款方式', { exact: true }).selectOption({ label: '现金' });
    await main(page).getByLabel('交款人', { exact: true }).fill(PAYER);
    await main(page).getByLabel('交款日期', { exact: true }).fill(PAID_ON);
    await shot(page, 'finance-desk-desktop.png');
    await submit(page, '登记并开收据');

    assert.match(page.url(), /\/receipts\/\d+\?done=recorded$/);
    assert.match(await notice(page), /已记录/);
    paid.id = Number(/\/receipts\/(\d+)/.exec(page.url())[1]);
    paid.no = (await sql(server.db, `SELECT receipt_no FROM payments WHERE id = ${paid.id}`)).trim();
    assert.match(paid.no, /^\d{4}-\d+$/);
    assert.match(await main(page).locator('.receipt').innerText(), new RegExp(paid.no));
    await shot(page, 'finance-receipt-desktop.png');
  });

  const row = (await sql(server.db, `SELECT p.unit_id, p.amount, p.method, p.payer, p.reverses_id IS NULL, e.month FROM payments p ` +
    `JOIN journal_entries e ON e.id = p.entry_id WHERE p.id = ${paid.id}`)).trim();
  assert.equal(row, `${unitId}|${owed}|cash|${PAYER}|1|${NOV}`, 'a cash payment booked in November');
  const lines = (await sql(server.db, 'SELECT account, debit, credit FROM journal_lines WHERE community_id = 1 AND entry_id = ' +
    `(SELECT entry_id FROM payments WHERE id = ${paid.id}) ORDER BY position`)).trim();
  assert.equal(lines, `cash|${owed}|0\nreceivable|0|${owed}`);
});

test('the committee books 保洁用品 with a voucher photo, at once (under the threshold)', async () => {
  const threshold = await num('SELECT finance_threshold FROM communities WHERE id = 1');
  assert.ok(26000 <= threshold, `260.00 is within the threshold ${yuan(threshold)}`);
  await as('committee', DESKTOP, async (page) => {
    await page.goto(`${server.url}/finance`);
    await main(page).getByRole('link', { name: '支出与其他收入', exact: true }).click();
    const record = main(page).locator('section#record');
    await record.getByLabel('金额（元）', { exact: true }).fill(SUPPLIES.amount);
    await record.getByLabel('类别', { exact: true }).selectOption({ label: '保洁' });
    await record.getByLabel('收款方', { exact: true }).fill(SUPPLIES.payee);
    await record.getByLabel('用途说明', { exact: true }).fill(SUPPLIES.what);
    await record.getByLabel('支付方式', { exact: true }).selectOption({ label: '现金' });
    await record.getByLabel('支出日期', { exact: true }).fill(SUPPLIES.on);
    await record.getByLabel('凭证照片（发票或收据）', { exact: true })
      .setInputFiles({ name: '小票.png', mimeType: 'image/png', buffer: png(64, 48) });
    await shot(page, 'finance-expense-form-desktop.png');
    await submit(page, '记录支出');
    assert.match(page.url(), /\/finance\/expenses\/\d+\?done=approved$/);
    assert.match(await notice(page), /已记录/);
    assert.match(await main(page).locator('p.state').innerText(), /已入账/);
    const id = Number(/\/finance\/expenses\/(\d+)/.exec(page.url())[1]);
    const row = (await sql(server.db, `SELECT x.amount, x.category, x.state, x.decided_by IS NULL, e.month FROM expenses x ` +
      `JOIN journal_entries e ON e.id = x.entry_id WHERE x.id = ${id}`)).trim();
    assert.equal(row, `26000|cleaning|approved|1|${NOV}`);
    // the voucher is kept, and served
    const voucher = await page.request.get(`${server.url}/expenses/${id}/voucher`);
    assert.equal(voucher.status(), 200);
    assert.match(voucher.headers()['content-type'], /^image\/png/);
  });
});

test('November cannot be published while its repair waits; the member who recorded it cannot approve it', async () => {
  const pending = await num(`SELECT count(*) FROM expenses WHERE community_id = 1 AND state = 'pending' AND spent_at >= ${NOV1} AND spent_at < ${DEC1}`);
  assert.equal(pending, 1, 'the demo has one November repair waiting');
  await as('committee', DESKTOP, async (page) => {
    await page.goto(`${server.url}/finance`);
    await main(page).getByRole('link', { name: '财务公开', exact: true }).click();
    const publish = main(page).getByRole('button', { name: '公开 2026-11 的账目', exact: true });
    assert.equal(await publish.count(), 1, 'November is offered for publication');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      publish.click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(answer.status(), 409);
    assert.equal(await notice(page), '还有 1 笔 2026-11 的支出等待审批，请先处理。');
    await shot(page, 'finance-publish-refused-desktop.png');

    await page.goto(`${server.url}/finance/expenses`);
    const waiting = main(page).locator('table.expenses').filter({ has: page.locator('caption', { hasText: '等待审批的支出' }) });
    await waiting.getByRole('link', { name: REPAIRER, exact: true }).click();
    assert.match(await main(page).locator('p.state').innerText(), /待审批/);
    assert.match(await main(page).innerText(), /这笔支出是您记录的，要由另一位业委会委员审批。/);
    assert.equal(await main(page).getByRole('button', { name: '审批通过', exact: true }).count(), 0);
  });
  assert.equal(await num(`SELECT count(*) FROM disclosures WHERE community_id = 1 AND first_month = ${NOV}`), 0);
});

test('committee2, a second member, approves the repair', async () => {
  await as('committee2', DESKTOP, async (page) => {
    await page.goto(`${server.url}/finance/expenses`);
    const waiting = main(page).locator('table.expenses').filter({ has: page.locator('caption', { hasText: '等待审批的支出' }) });
    await waiting.getByRole('link', { name: REPAIRER, exact: true }).click();
    await main(page).getByLabel('审批意见', { exact: true }).fill('已核对发票和施工照片');
    await shot(page, 'finance-approve-desktop.png');
    await submit(page, '审批通过');
    assert.match(page.url(), /done=approved$/);
    assert.match(await main(page).locator('p.state').innerText(), /已入账/);
    assert.match(await main(page).innerText(), /已核对发票和施工照片/);
  });
  const row = (await sql(server.db, `SELECT x.state, a.name, e.month FROM expenses x JOIN accounts a ON a.id = x.decided_by ` +
    `JOIN journal_entries e ON e.id = x.entry_id WHERE x.payee = '${REPAIRER}' AND x.spent_at >= ${NOV1} AND x.spent_at < ${DEC1}`)).trim();
  assert.equal(row, `approved|committee2|${NOV}`);
});

test('the committee publishes November', async () => {
  await as('committee', DESKTOP, async (page) => {
    await page.goto(`${server.url}/disclosures/1`);
    await submit(page, '公开 2026-11 的账目');
    assert.match(page.url(), /\/disclosures\/1\/2026-11\?done=published$/);
    assert.match(await notice(page), /已公开/);
    assert.equal(await main(page).getByRole('button', { name: '公开 2026-11 的账目', exact: true }).count(), 0);
  });
  assert.equal(await num(`SELECT count(*) FROM disclosures WHERE community_id = 1 AND first_month = ${NOV}`), 1);
});

test('the owner, on a phone in 长辈模式, sees November paid and the receipt', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/bills`);
    if (!(await isLarge(page))) await clickSwitch(page, '长辈模式');
    assert.ok(await isLarge(page), 'large text is on');
    assert.match(await main(page).locator('p.owed').innerText(), /已全部交清/);
    const nov = main(page).locator('table.bills tbody tr').filter({ hasText: '2026-11' });
    assert.equal(await nov.count(), 1);
    assert.equal((await nov.locator('td[data-label="已交"]').innerText()).trim(), yuan(paid.fen));
    assert.equal((await nov.locator('td[data-label="未交"]').innerText()).trim(), '0.00');
    const mine = main(page).locator('table.payments tbody tr').filter({ hasText: paid.no });
    assert.equal(await mine.count(), 1, 'the payment is listed with its receipt number');
    assert.match(await mine.innerText(), new RegExp(PAID_ON));
    assert.equal(await overflow(page), null, 'the bills scroll sideways');
    assert.deepEqual(await shortControls(page, 60), [], 'the bills: controls lower than 60 px');
    await shot(page, 'finance-bills-phone-large.png');

    await mine.getByRole('link', { name: paid.no, exact: true }).click();
    const facts = await main(page).locator('dl.receipt-facts').evaluate((dl) => {
      const out = {};
      for (const dt of dl.querySelectorAll('dt')) out[dt.textContent.trim()] = dt.nextElementSibling.textContent.trim();
      return out;
    });
    assert.equal(facts['收据号'], paid.no);
    assert.equal(facts['房号'], UNIT);
    assert.equal(facts['金额'], `${yuan(paid.fen)} 元`);
    assert.equal(facts['金额大写'], capitals(paid.fen));
    assert.equal(facts['交款日期'], PAID_ON);
    assert.equal(facts['付款方式'], '现金');
    assert.equal(await main(page).getByRole('button', { name: '冲正', exact: true }).count(), 0, 'an owner cannot reverse');
    assert.equal(await overflow(page), null, 'the receipt scrolls sideways');
    assert.deepEqual(await shortControls(page, 60), [], 'the receipt: controls lower than 60 px');
    await shot(page, 'finance-receipt-phone-large.png');
  });
});

/** Facts of the receipt (dt text → lines its dd takes) that wrap onto more than one line. */
function wrappedFacts(page, labels) {
  return main(page).locator('dl.receipt-facts').evaluate((dl, want) => [...dl.querySelectorAll('dt')]
    .filter((dt) => want.includes(dt.textContent.trim()))
    .map((dt) => {
      const r = document.createRange();
      r.selectNodeContents(dt.nextElementSibling);
      return { fact: dt.textContent.trim(), lines: new Set([...r.getClientRects()].map((c) => Math.round(c.top))).size };
    })
    .filter((f) => f.lines > 1), labels);
}

// The receipt's facts keep their width on a phone: the label over its figure, neither broken.
test('on the phone in 长辈模式 the receipt number, unit, amount and date each stay on one line',
  async () => {
    await as('owner', PHONE, async (page) => {
      await page.goto(`${server.url}/receipts/${paid.id}`);
      assert.ok(await isLarge(page));
      assert.deepEqual(await wrappedFacts(page, ['收据号', '房号', '金额', '交款日期']), []);
    });
  });

// The receipt prints with its heading on one sheet.
test('the receipt prints on one sheet', async () => {
  await as('owner', PHONE, async (page) => {
    await page.goto(`${server.url}/receipts/${paid.id}`);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, path: shotPath('finance-receipt.pdf') });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(pdfPages(pdf), 1, 'the receipt prints on one sheet');
  });
});

test('the November disclosure agrees with the journal and names no payer, for the owner and for anyone', async () => {
  // the figures from the database, as an accountant would add them up
  const bal = async (account, before) => num(`SELECT coalesce(sum(l.debit - l.credit), 0) FROM journal_lines l JOIN journal_entries e ` +
    `ON e.community_id = l.community_id AND e.id = l.entry_id WHERE l.community_id = 1 AND l.account = '${account}' AND e.month < ${before}`);
  const want = {
    openCash: await bal('cash', NOV), openBank: await bal('bank', NOV),
    closeCash: await bal('cash', 202612), closeBank: await bal('bank', 202612),
    fees: await num('SELECT coalesce(sum(l.credit - l.debit), 0) FROM journal_lines l JOIN journal_entries e ' +
      `ON e.community_id = l.community_id AND e.id = l.entry_id WHERE l.community_id = 1 AND e.month = ${NOV} ` +
      "AND e.kind IN ('payment', 'reversal') AND l.account = 'receivable'"),
    cleaning: await num(`SELECT sum(amount) FROM expenses WHERE community_id = 1 AND state = 'approved' AND category = 'cleaning' AND spent_at >= ${NOV1} AND spent_at < ${DEC1}`),
    cleaningVouchers: await num(`SELECT count(*) FROM expenses WHERE community_id = 1 AND state = 'approved' AND category = 'cleaning' AND spent_at >= ${NOV1} AND spent_at < ${DEC1}`),
    billed: await num(`SELECT sum(total) FROM bills WHERE community_id = 1 AND first_month = ${NOV}`),
    // November's bills, then what was paid on them before December (CROSS JOIN keeps SQLite in that order)
    collected: await num('SELECT coalesce(sum(pa.amount), 0) FROM bills b CROSS JOIN payment_allocations pa ON pa.community_id = b.community_id ' +
      'AND pa.bill_id = b.id CROSS JOIN payments p ON p.community_id = pa.community_id AND p.id = pa.payment_id ' +
      `WHERE b.community_id = 1 AND b.first_month = ${NOV} AND p.paid_at < ${DEC1}`),
  };
  // the whole of cash and bank moved, and the books add up: opening + income − expenses = closing
  const spent = await num(`SELECT coalesce(sum(amount), 0) FROM expenses WHERE community_id = 1 AND state = 'approved' AND spent_at >= ${NOV1} AND spent_at < ${DEC1}`);
  const other = await num(`SELECT coalesce(sum(amount), 0) FROM incomes WHERE community_id = 1 AND received_at >= ${NOV1} AND received_at < ${DEC1}`);
  assert.equal(want.openCash + want.openBank + want.fees + other - spent, want.closeCash + want.closeBank, 'the journal itself balances');
  assert.ok(want.fees >= paid.fen, 'November\'s fee income holds the payment');
  assert.ok(want.cleaningVouchers >= 3, 'two cleaners\' wages and the supplies');
  const rate = want.collected >= want.billed ? 1000 : Math.floor((want.collected * 1000) / want.billed);

  const read = async (page, who) => {
    await page.goto(`${server.url}/disclosures/1/2026-11`);
    const html = await page.content();
    assert.ok(!html.includes(PAYER), `${who}: the disclosure names the payer ${PAYER}`);
    assert.doesNotMatch(await main(page).innerText(), /草稿/, `${who}: it is published, not a draft`);
    const f = await figuresOf(page);
    assert.deepEqual(f['期初结余'], { 库存现金: yuan(want.openCash), 银行存款: yuan(want.openBank), 合计: yuan(want.openCash + want.openBank) });
    assert.deepEqual(f['期末结余'], { 库存现金: yuan(want.closeCash), 银行存款: yuan(want.closeBank), 合计: yuan(want.closeCash + want.closeBank) });
    assert.equal(f['本期收入']['物业费收入'], yuan(want.fees));
    assert.equal(f['本期收入']['合计'], yuan(want.fees + other));
    assert.equal(f['本期支出'][`保洁（凭证 ${want.cleaningVouchers} 张）`], yuan(want.cleaning));
    assert.equal(f['本期支出']['合计'], yuan(spent));
    assert.equal(f['物业费收缴']['本期应收'], yuan(want.billed));
    assert.equal(f['物业费收缴']['本期已收'], yuan(want.collected));
    assert.equal(f['物业费收缴']['收缴率'], `${Math.floor(rate / 10)}.${rate % 10}%`);
    const large = main(page).locator('table.large tbody tr').filter({ hasText: REPAIRER });
    assert.equal(await large.count(), 1, `${who}: the repair is listed by payee`);
    assert.match(await large.innerText(), /3600\.00/);
    const voucher = await page.request.get(new URL(await large.getByRole('link', { name: '凭证', exact: true }).getAttribute('href'), server.url).href);
    assert.equal(voucher.status(), 200, `${who}: the repair's voucher opens`);
    assert.equal(await main(page).locator('p.notice.error').count(), 0, `${who}: no "books do not agree" notice`);
    return f;
  };

  await as('owner', PHONE, async (page) => {
    await read(page, 'the owner');
    assert.ok(await isLarge(page), 'still in large text');
    assert.equal(await overflow(page), null, 'the disclosure scrolls sideways on a phone');
    assert.deepEqual(await shortControls(page, 60), [], 'the disclosure: controls lower than 60 px');
    await shot(page, 'finance-disclosure-phone-large.png');
    phoneDisclosure.large = await isLarge(page);
    phoneDisclosure.bare = await main(page).locator('table.large tbody td').evaluateAll((tds) => tds
      .filter((td) => !td.dataset.label).map((td) => td.textContent.trim()));
    phoneDisclosure.download = await main(page).getByRole('link', { name: '下载表格（XLSX）', exact: true }).boundingBox();
  });

  const context = await browser.newContext(DESKTOP);
  try {
    const page = await context.newPage();
    await read(page, 'a passer-by');
    await shot(page, 'finance-disclosure-desktop.png');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'finance-disclosure-print.png');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: shotPath('finance-disclosure.pdf') });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdfPages(pdf) >= 1 && pdf.length > 10_000, `the A4 disclosure is ${pdf.length} bytes, ${pdfPages(pdf)} pages`);
  } finally {
    await context.close();
  }
});

// On a phone the large expenses are cards whose lines say what they are; the download is a button.
test('on the phone in 长辈模式 the large expenses say what each figure is, and the download is big enough to tap',
  async () => {
    // measured on the owner's phone in the test before (drawing the page again takes long)
    assert.ok(phoneDisclosure.large, 'the disclosure was read on the phone');
    assert.deepEqual(phoneDisclosure.bare, [], 'cells without their label on a phone');
    const box = phoneDisclosure.download;
    assert.ok(box.height >= 60 && box.width >= 60, `the download link is ${box.width} × ${box.height} px`);
  });
