// disclosures.test.mjs: the financial disclosure (财务公开, issue 10, books) of a compound made
// here, the server's clock pinned at 2026-12-10: bills, payments and allocations written with SQL
// (the fees and payments slices' tables, balanced journal entries too), income and expenses
// through the API. Every figure is checked against its own SQL sum; opening + movements =
// closing; no payer's name anywhere public; publishing refused before the period ends, twice, and
// with an expense waiting; after publishing nothing more can be dated in November.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, client, loggedIn, csrfOf, rawRequest, sql, yuanli, SUITE } from './lib/server.mjs';
import { api, tokenFor } from './lib/registry.mjs';
import { compound, unit } from './lib/decisions.mjs';
import { member, postExpense, num, yuan, zipEntry, addToMonthSums, addToCollections, collectionsOf, keptCollections }
  from './lib/books.mjs';

const NOW = Math.floor(Date.parse('2026-12-10T10:00:00+08:00') / 1000);
const at = (iso) => Math.floor(Date.parse(`${iso}T10:00:00+08:00`) / 1000);
const PAYER = '付款人王秘密';

let srv;
let cid;
let a; // committee member A (records)
let b; // committee member B (approves)
let accountA;
let pending;

async function insert(q) {
  return Number((await sql(srv.db, q)).trim());
}

/** A bill of `total` fen for unit u in month m, in its own billing run with its journal entry. */
async function bill(u, m, total) {
  const entry = await insert(`INSERT INTO journal_entries (community_id, month, kind, ref_type, created_by, created_at)
    VALUES (${cid}, ${m}, 'billing', 'billing_run', ${accountA}, ${NOW}) RETURNING id`);
  await sql(srv.db, `INSERT INTO journal_lines (community_id, entry_id, position, account, debit, credit) VALUES
    (${cid}, ${entry}, 1, 'receivable', ${total}, 0), (${cid}, ${entry}, 2, 'fee_income', 0, ${total})`);
  await sql(srv.db, addToMonthSums(cid, entry));
  const run = await insert(`INSERT INTO billing_runs (community_id, first_month, months, bills, total, entry_id, created_by, created_at)
    VALUES (${cid}, ${m}, 1, 1, ${total}, ${entry}, ${accountA}, ${NOW}) RETURNING id`);
  const id = await insert(`INSERT INTO bills (community_id, unit_id, run_id, first_month, last_month, area, price_months, area_fee,
    fixed_fee, relief, total, created_at) VALUES (${cid}, ${u}, ${run}, ${m}, ${m}, 10000, 45, ${total}, 0, 0, ${total}, ${NOW})
    RETURNING id`);
  // the run's bills are read as its stretch of ids, as store_billing_run records it (schema/018)
  await sql(srv.db, `UPDATE billing_runs SET first_bill = ${id}, last_bill = ${id} WHERE id = ${run}`);
  return id;
}

/** A payment of `amount` fen towards bill b by PAYER at `when`, with its allocation and entry. */
async function pay(u, billId, amount, when, method, receipt) {
  const money = method === 'cash' ? 'cash' : 'bank';
  const entry = await insert(`INSERT INTO journal_entries (community_id, month, kind, ref_type, created_by, created_at)
    VALUES (${cid}, ${when.slice(0, 7).replace('-', '')}, 'payment', 'payment', ${accountA}, ${NOW}) RETURNING id`);
  await sql(srv.db, `INSERT INTO journal_lines (community_id, entry_id, position, account, debit, credit) VALUES
    (${cid}, ${entry}, 1, '${money}', ${amount}, 0), (${cid}, ${entry}, 2, 'receivable', 0, ${amount})`);
  await sql(srv.db, addToMonthSums(cid, entry));
  const p = await insert(`INSERT INTO payments (community_id, unit_id, receipt_no, amount, method, payer, paid_at, entry_id,
    recorded_by, recorded_at) VALUES (${cid}, ${u}, '${receipt}', ${amount}, '${method}', '${PAYER}', ${at(when)}, ${entry},
    ${accountA}, ${NOW}) RETURNING id`);
  await sql(srv.db, `INSERT INTO payment_allocations (community_id, payment_id, bill_id, amount) VALUES (${cid}, ${p}, ${billId}, ${amount})`);
  // and on the bill, and in the fee collections, as the payment that writes an allocation keeps
  // them (schema/020, 022)
  await sql(srv.db, `UPDATE bills SET paid = paid + ${amount} WHERE community_id = ${cid} AND id = ${billId}`);
  await sql(srv.db, addToCollections(cid, p, at(when)));
}

describe('the financial disclosure', SUITE, () => {
  before(async () => {
    // the test keeps books of a compound of its own: the demo copied, only the server's clock pinned
    srv = await startServer({ env: { YUANLI_NOW: String(NOW) }, demoEnv: null });
    const admin = api(srv.url, await tokenFor(srv, 'admin'));
    const staff = api(srv.url, await tokenFor(srv, 'staff'));
    ({ cid } = await compound(srv, admin, staff, '账目小区', [unit('1栋', '101', '80.00', 'b1'), unit('1栋', '102', '90.00', 'b2'),
      unit('1栋', '201', '70.00', 'b3')]));
    a = api(srv.url, await member(srv, 'books-a', cid));
    b = api(srv.url, await member(srv, 'books-b', cid));
    accountA = await num(srv.db, "SELECT id FROM accounts WHERE name = 'books-a'");
    const units = (await sql(srv.db, `SELECT id FROM units WHERE community_id = ${cid} ORDER BY id`)).trim().split('\n').map(Number);
    const op = await a.post(`/api/v1/communities/${cid}/opening-balance`, { cash: '500.00', bank: '10000.00', month: '2026-10' });
    assert.equal(op.status, 201, op.text);
    // October: one bill left unpaid; November: three bills, one paid in November, one in December
    await bill(units[2], 202610, 8000);
    const b1 = await bill(units[0], 202611, 10000);
    const b2 = await bill(units[1], 202611, 20000);
    await bill(units[2], 202611, 15050);
    await pay(units[0], b1, 10000, '2026-11-20', 'cash', '2026-000001');
    await pay(units[1], b2, 5000, '2026-12-02', 'wechat', '2026-000002');
    const inc = await a.post(`/api/v1/communities/${cid}/incomes`,
      { category: 'parking', amount: '300.00', source: '地面停车位 11月', method: 'bank', received_on: '2026-11-05' });
    assert.equal(inc.status, 201, inc.text);
    assert.equal((await postExpense(a, cid, { amount: '200.00', category: 'cleaning', payee: '保洁员', method: 'cash', spent_on: '2026-11-08' })).json.state, 'approved');
    const big = await postExpense(a, cid, { amount: '1500.00', category: 'repairs', payee: '安居维修队', description: '水泵维修', method: 'bank', spent_on: '2026-11-09' });
    assert.equal(big.json.state, 'pending');
    pending = big.json.id;
  });
  after(async () => { await assertCleanStop(srv); });

  test('a draft is the committee\'s: anonymous 404, the committee sees it marked draft', async () => {
    assert.equal((await api(srv.url).get(`/api/v1/communities/${cid}/disclosures/2026-11`)).status, 404);
    assert.equal((await client(srv.url).get(`/disclosures/${cid}/2026-11`)).status, 404);
    const d = await a.get(`/api/v1/communities/${cid}/disclosures/2026-11`);
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.state, 'draft');
    assert.equal(d.json.audit_head, null);
  });

  test('the period has the community\'s shape: a quarter where it discloses monthly is 422', async () => {
    const r = await a.get(`/api/v1/communities/${cid}/disclosures/2026-Q4`);
    assert.equal(r.status, 422);
    assert.match(r.json.error.message, /按月公开/);
  });

  test('publishing is refused before the period ends and while an expense of it waits', async () => {
    const early = await a.post(`/api/v1/communities/${cid}/disclosures`, { period: '2026-12' });
    assert.equal(early.status, 409);
    assert.equal(early.json.error.code, 'period_not_over');
    const waiting = await a.post(`/api/v1/communities/${cid}/disclosures`, { period: '2026-11' });
    assert.equal(waiting.status, 409);
    assert.equal(waiting.json.error.code, 'pending_expenses');
    assert.equal(await num(srv.db, `SELECT count(*) FROM disclosures WHERE community_id = ${cid}`), 0);
  });

  test('the figures agree with the tables and the journal, and opening + movements = closing', async () => {
    assert.equal((await b.post(`/api/v1/expenses/${pending}/approve`, {})).status, 200);
    const d = (await a.get(`/api/v1/communities/${cid}/disclosures/2026-11`)).json;
    const from = at('2026-11-01') - 36000; const to = at('2026-12-01') - 36000; // 00:00 Beijing
    const q = (s) => num(srv.db, s);
    const bal = (acc, cond) => q(`SELECT coalesce(sum(l.debit - l.credit), 0) FROM journal_lines l JOIN journal_entries e
      ON e.id = l.entry_id WHERE l.community_id = ${cid} AND l.account = '${acc}' AND ${cond}`);
    assert.equal(d.opening.cash, yuan(await bal('cash', 'e.month < 202611')));
    assert.equal(d.opening.bank, yuan(await bal('bank', 'e.month < 202611')));
    assert.equal(d.closing.cash, yuan(await bal('cash', 'e.month <= 202611')));
    assert.equal(d.closing.bank, yuan(await bal('bank', 'e.month <= 202611')));
    assert.equal(d.income.fees, yuan(await q(`SELECT coalesce(sum(amount), 0) FROM payments WHERE community_id = ${cid} AND paid_at >= ${from} AND paid_at < ${to}`)));
    assert.equal(d.income.parking, yuan(await q(`SELECT sum(amount) FROM incomes WHERE community_id = ${cid} AND category = 'parking'`)));
    const billed = await q(`SELECT sum(total) FROM bills WHERE community_id = ${cid} AND first_month = 202611`);
    const collected = await q(`SELECT coalesce(sum(pa.amount), 0) FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id
      JOIN bills b ON b.id = pa.bill_id WHERE pa.community_id = ${cid} AND b.first_month = 202611 AND p.paid_at < ${to}`);
    const owed = await q(`SELECT sum(total) FROM bills WHERE community_id = ${cid} AND first_month <= 202611`) - collected;
    assert.equal(d.fees.billed, yuan(billed));
    assert.equal(d.fees.collected, yuan(collected));
    assert.equal(d.fees.arrears, yuan(owed));
    const permille = Math.floor((1000 * collected) / billed);
    assert.equal(d.fees.collection_rate, `${Math.floor(permille / 10)}.${permille % 10}%`);
    const exp = await q(`SELECT sum(amount) FROM expenses WHERE community_id = ${cid} AND state = 'approved' AND spent_at >= ${from} AND spent_at < ${to}`);
    assert.equal(d.expenses.total, yuan(exp));
    assert.deepEqual(d.expenses.by_category.map((x) => [x.category, x.amount, x.vouchers]),
      [['cleaning', '200.00', 1], ['repairs', '1500.00', 1]]);
    assert.deepEqual(d.large_expenses.map((x) => [x.spent_on, x.payee, x.amount]), [['2026-11-09', '安居维修队', '1500.00']]);
    const fen = (s) => Math.round(Number(s) * 100);
    assert.equal(fen(d.opening.total) + fen(d.income.total) + fen(d.handed_over) - fen(d.expenses.total), fen(d.closing.total));
    assert.equal(d.consistent, true);
  });

  test('the journal\'s part is read from the month sums posting keeps, and `yuanli audit verify` holds them to the lines', async () => {
    const sums = await sql(srv.db, `SELECT account, month, kind, debit, credit FROM journal_month_sums
      WHERE community_id = ${cid} ORDER BY account, month, kind`);
    const lines = await sql(srv.db, `SELECT l.account, e.month, e.kind, sum(l.debit), sum(l.credit) FROM journal_entries e
      JOIN journal_lines l ON l.community_id = e.community_id AND l.entry_id = e.id WHERE e.community_id = ${cid}
      GROUP BY l.account, e.month, e.kind ORDER BY l.account, e.month, e.kind`);
    assert.equal(sums, lines);
    // the opening balance, the income and both expenses came through the API (store_ledger_post)
    const rows = sums.trim().split('\n');
    for (const row of ['opening|202610|opening|0|1050000', 'shared_income|202611|income|0|30000',
      'expense_repairs|202611|expense|150000|0', 'bank|202611|expense|0|150000', 'cash|202611|expense|0|20000'])
      assert.ok(rows.includes(row), `${row} in\n${sums}`);
    const ok = await yuanli(['audit', 'verify', '--db', srv.db]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^journal month sums agree: \d+ sums of \d+ lines$/m);

    // a kept sum that drifts from its lines: the draft shows it (the figures read the sums), verify names it
    const figures = async () => (await a.get(`/api/v1/communities/${cid}/disclosures/2026-11`)).json;
    const fen = (s) => Math.round(Number(s) * 100);
    const was = await figures();
    const drift = (by) => sql(srv.db, `UPDATE journal_month_sums SET debit = debit + ${by} WHERE community_id = ${cid}
      AND account = 'cash' AND month = 202611 AND kind = 'payment'`);
    await drift(100);
    try {
      const d = await figures();
      assert.equal(fen(d.closing.cash), fen(was.closing.cash) + 100);
      assert.equal(d.consistent, false, 'cash moved by more than the fees and income explain');
      const bad = await yuanli(['audit', 'verify', '--db', srv.db]);
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, new RegExp(`journal month sums DIFFER at community ${cid}, cash 202611 payment: ` +
        '1 kept \\(debit 10100, credit 0\\), 1 lines \\(debit 10000, credit 0\\)'));
    } finally {
      await drift(-100);
    }
    assert.deepEqual(await figures(), was);
    assert.equal((await yuanli(['audit', 'verify', '--db', srv.db])).code, 0);
  });

  test('what was paid towards the period\'s bills is read from the fee collections payments keep, and `yuanli audit verify` holds them to the allocations', async () => {
    // November's bills: 100.00 paid in November, 50.00 in December (after the period: not counted)
    assert.deepEqual(await keptCollections(srv.db, cid), ['202611|202611|10000', '202611|202612|5000']);
    assert.deepEqual(await keptCollections(srv.db, cid), await collectionsOf(srv.db, cid));
    const ok = await yuanli(['audit', 'verify', '--db', srv.db]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^fee collections agree: \d+ sums of \d+ allocations$/m);

    // a kept row that drifts: the draft's collected follows it when paid in the period and not
    // when paid after it, and verify names the row
    const figures = async () => (await a.get(`/api/v1/communities/${cid}/disclosures/2026-11`)).json;
    const fen = (s) => Math.round(Number(s) * 100);
    const was = await figures();
    const drift = (month, by) => sql(srv.db, `UPDATE fee_collections SET amount = amount + ${by} WHERE community_id = ${cid}
      AND bill_month = 202611 AND paid_month = ${month}`);
    for (const [month, counted] of [[202611, true], [202612, false]]) {
      await drift(month, 100);
      try {
        assert.equal(fen((await figures()).fees.collected), fen(was.fees.collected) + (counted ? 100 : 0), `paid in ${month}`);
        const bad = await yuanli(['audit', 'verify', '--db', srv.db]);
        assert.equal(bad.code, 1, bad.stdout + bad.stderr);
        assert.match(bad.stdout, new RegExp(`^fee collections DIFFER at community ${cid}, bills of 202611 paid in ${month}: ` +
          `1 kept \\(${counted ? 10100 : 5100}\\), 1 allocations \\(${counted ? 10000 : 5000}\\)$`, 'm'));
      } finally {
        await drift(month, -100);
      }
    }
    // a row missing (a payment whose allocations were not added) is named too
    await sql(srv.db, `DELETE FROM fee_collections WHERE community_id = ${cid} AND paid_month = 202612`);
    try {
      const bad = await yuanli(['audit', 'verify', '--db', srv.db]);
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, new RegExp(`fee collections DIFFER at community ${cid}, bills of 202611 paid in 202612: ` +
        '0 kept \\(0\\), 1 allocations \\(5000\\)'));
    } finally {
      await sql(srv.db, `INSERT INTO fee_collections (community_id, bill_month, paid_month, amount) VALUES (${cid}, 202611, 202612, 5000)`);
    }
    assert.deepEqual(await figures(), was);
    assert.equal((await yuanli(['audit', 'verify', '--db', srv.db])).code, 0);
  });

  test('publishing records the audit chain head and closes November; twice is 409', async () => {
    const r = await a.post(`/api/v1/communities/${cid}/disclosures`, { period: '2026-11' });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.audit_head, /^[0-9a-f]{64}$/);
    assert.equal((await sql(srv.db, `SELECT audit_head FROM disclosures WHERE community_id = ${cid}`)).trim(), r.json.audit_head);
    const again = await a.post(`/api/v1/communities/${cid}/disclosures`, { period: '2026-11' });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'already_published');
  });

  test('after publishing, nothing dated in November or before is written', async () => {
    const count = () => num(srv.db, `SELECT (SELECT count(*) FROM expenses) * 1000000 + (SELECT count(*) FROM journal_entries) * 1000 + (SELECT count(*) FROM incomes)`);
    const before = await count();
    const e = await postExpense(a, cid, { amount: '10.00', category: 'office', payee: '文具店', method: 'cash', spent_on: '2026-11-30' });
    assert.equal(e.status, 409);
    assert.equal(e.json.error.code, 'period_closed');
    assert.match(e.json.error.message, /2026-11/);
    const i = await a.post(`/api/v1/communities/${cid}/incomes`, { category: 'rent', amount: '50.00', source: '场地', method: 'cash', received_on: '2026-11-30' });
    assert.equal(i.status, 409);
    assert.equal(i.json.error.code, 'period_closed');
    // nor in October, not published itself: an entry there would change November's opening balance
    const oct = await postExpense(a, cid, { amount: '10.00', category: 'office', payee: '文具店', method: 'cash', spent_on: '2026-10-30' });
    assert.equal(oct.status, 409, oct.text);
    assert.equal(oct.json.error.code, 'period_closed');
    assert.equal(await count(), before);
    // December is still open
    assert.equal((await a.post(`/api/v1/communities/${cid}/incomes`, { category: 'rent', amount: '50.00', source: '场地', method: 'cash', received_on: '2026-12-01' })).status, 201);
  });

  test('anyone reads a published disclosure, with its vouchers, and never a payer\'s name', async () => {
    const anon = api(srv.url);
    const j = await anon.get(`/api/v1/communities/${cid}/disclosures/2026-11`);
    assert.equal(j.status, 200);
    assert.equal(j.json.state, 'published');
    assert.ok(!j.text.includes(PAYER));
    const page = await client(srv.url).get(`/disclosures/${cid}/2026-11`);
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes(PAYER));
    assert.ok(page.body.includes(j.json.audit_head));
    assert.match(page.body, /账目小区/);
    assert.ok(page.body.includes(`>${j.json.fees.collection_rate}<`));
    const v = await anon.get(j.json.large_expenses[0].voucher);
    assert.equal(v.status, 200);
    assert.equal(v.headers.get('content-type'), 'image/png');
    const list = await anon.get(`/api/v1/communities/${cid}/disclosures`);
    assert.deepEqual(list.json.items.map((x) => x.period), ['2026-11']);
    // and on the notice board (公示栏): a public finance notice with the totals, no payer
    const notices = await anon.get(`/api/v1/communities/${cid}/notices?kind=finance`);
    assert.equal(notices.status, 200, notices.text);
    const posted = notices.json.items.filter((n) => n.ref_type === 'disclosure' && n.ref_id === 202611);
    assert.equal(posted.length, 1, notices.text);
    const notice = await client(srv.url).get(`/notices/${posted[0].id}`);
    assert.equal(notice.status, 200);
    assert.ok(!notice.body.includes(PAYER));
    assert.ok(notice.body.includes(j.json.fees.collection_rate), 'the notice gives the collection rate');
    assert.ok(notice.body.includes(`/disclosures/${cid}/2026-11`), 'the notice links the full disclosure');
  });

  test('the XLSX is a workbook with the figures', async () => {
    const r = await rawRequest(srv.url, `/disclosures/${cid}/2026-11.xlsx`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const xml = zipEntry(r.body, 'xl/worksheets/sheet1.xml');
    assert.match(xml, /<v>1700<\/v>/); // expenses total 1700.00 as a number cell
    assert.match(xml, /安居维修队/);
    assert.ok(!xml.includes(PAYER));
    // a draft's sheet is the committee's, and its download is audited
    assert.equal((await rawRequest(srv.url, `/disclosures/${cid}/2026-10.xlsx`)).status, 404);
    const web = await loggedIn(srv.url, 'books-a');
    const before = await num(srv.db, "SELECT count(*) FROM audit WHERE action = 'disclosure.export'");
    assert.equal((await web.get(`/disclosures/${cid}/2026-10.xlsx`)).status, 200);
    assert.equal(await num(srv.db, "SELECT count(*) FROM audit WHERE action = 'disclosure.export'"), before + 1);
  });

  test('the list page offers the committee to publish an ended period; the form publishes it', async () => {
    const web = await loggedIn(srv.url, 'books-a');
    const page = await web.get(`/disclosures/${cid}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /公开 2026-10 的账目/);
    const r = await web.post(`/disclosures/${cid}`, { csrf: csrfOf(page.body), period: '2026-10' });
    assert.equal(r.status, 303, r.body.slice(0, 300));
    assert.equal(await num(srv.db, `SELECT count(*) FROM disclosures WHERE community_id = ${cid}`), 2);
    const pub = await client(srv.url).get(`/disclosures/${cid}`);
    assert.match(pub.body, /2026-10/);
    assert.doesNotMatch(pub.body, /公开 2026-09 的账目/);
  });

  test('quarterly disclosure takes quarters only', async () => {
    assert.equal((await a.patch(`/api/v1/communities/${cid}/finance-settings`, { disclosure_months: 3 })).status, 200);
    const m = await a.get(`/api/v1/communities/${cid}/disclosures/2026-11`);
    assert.equal(m.status, 422);
    assert.match(m.json.error.message, /按季度公开/);
    const qtr = await a.get(`/api/v1/communities/${cid}/disclosures/2026-Q4`);
    assert.equal(qtr.status, 200, qtr.text);
    assert.equal((await a.patch(`/api/v1/communities/${cid}/finance-settings`, { disclosure_months: 1 })).status, 200);
  });
});
