// expenses.test.mjs: the committee's expenses (issue 10, books) — booked at once up to the
// threshold, waiting for a second member above it; the recorder cannot approve their own; every
// refusal leaves the expense and the journal as they were; other income, the opening balance and
// the finance settings. Runs on the demo compound (threshold 3000.00; its three past months are
// disclosed, so they are closed).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, assertCleanStop, client, loggedIn, csrfOf, sql, SUITE,
} from './lib/server.mjs';
import { api, tokenFor } from './lib/registry.mjs';
import { multipartBody } from './lib/problems.mjs';
import { member, postExpense, num, VOUCHER } from './lib/books.mjs';

let srv;
let c1; // committee (陈桂兰): records
let c2; // committee2: the second member
let staffApi;
const counts = () => num(srv.db, 'SELECT (SELECT count(*) FROM expenses) * 1000000 + (SELECT count(*) FROM journal_entries) * 1000 + (SELECT count(*) FROM incomes)');

function today(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

const good = (extra = {}) => ({
  amount: '120.50', category: 'cleaning', payee: '保洁员 王阿姨', description: '楼道保洁用品', method: 'cash',
  spent_on: today(), ...extra,
});

async function entryOf(id) {
  const text = await sql(srv.db, `SELECT l.account, l.debit, l.credit, e.month FROM expenses x JOIN journal_entries e ON e.id = x.entry_id
    JOIN journal_lines l ON l.entry_id = e.id WHERE x.id = ${id} ORDER BY l.position`);
  return text.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
}

describe('expenses, income and settings', SUITE, () => {
  before(async () => {
    srv = await startServer();
    c1 = api(srv.url, await tokenFor(srv, 'committee'));
    c2 = api(srv.url, await tokenFor(srv, 'committee2'));
    staffApi = api(srv.url, await tokenFor(srv, 'staff'));
  });
  after(async () => { await assertCleanStop(srv); });

  test('an expense up to the threshold is approved at once and posted, balanced, in the month it was spent', async () => {
    const r = await postExpense(c1, 1, good());
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.state, 'approved');
    const lines = await entryOf(r.json.id);
    const month = today().slice(0, 7).replace('-', '');
    assert.deepEqual(lines, [['expense_cleaning', '12050', '0', month], ['cash', '0', '12050', month]]);
    const one = await c1.get(`/api/v1/expenses/${r.json.id}`);
    assert.equal(one.json.amount, '120.50');
    assert.equal(one.json.state, 'approved');
    // the voucher was cleaned and stored; the committee and staff may see it
    const staffWeb = await loggedIn(srv.url, 'staff');
    const v = await staffWeb.get(`/expenses/${r.json.id}/voucher`);
    assert.equal(v.status, 200);
    assert.equal(v.headers.get('content-type'), 'image/png');
  });

  test('above the threshold it waits: pending, nothing in the journal; its recorder cannot approve it; a second member can', async () => {
    const before = await num(srv.db, 'SELECT count(*) FROM journal_entries');
    const r = await postExpense(c1, 1, good({ amount: '4500.00', category: 'repairs', payee: '安居维修队', method: 'bank' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.state, 'pending');
    const id = r.json.id;
    assert.equal(await num(srv.db, 'SELECT count(*) FROM journal_entries'), before);
    assert.equal(await num(srv.db, `SELECT count(*) FROM expenses WHERE id = ${id} AND entry_id IS NULL`), 1);

    const same = await c1.post(`/api/v1/expenses/${id}/approve`, {});
    assert.equal(same.status, 409, same.text);
    assert.equal(same.json.error.code, 'same_member');
    assert.equal(await num(srv.db, `SELECT count(*) FROM expenses WHERE id = ${id} AND state = 'pending' AND decided_by IS NULL`), 1);
    assert.equal(await num(srv.db, 'SELECT count(*) FROM journal_entries'), before);
    // anonymous cannot see a pending expense's voucher
    assert.equal((await api(srv.url).get(`/expenses/${id}/voucher`)).status, 404);

    const ok = await c2.post(`/api/v1/expenses/${id}/approve`, { note: '已核对发票' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.state, 'approved');
    const lines = await entryOf(id);
    assert.deepEqual(lines.map((l) => l.slice(0, 3)), [['expense_repairs', '450000', '0'], ['bank', '0', '450000']]);
    assert.equal(await num(srv.db, `SELECT count(*) FROM audit WHERE action = 'expense.approve' AND object_id = ${id}`), 1);

    const twice = await c2.post(`/api/v1/expenses/${id}/approve`, {});
    assert.equal(twice.status, 409);
    assert.equal(twice.json.error.code, 'already_decided');
  });

  test('rejecting needs a reason; a rejected expense is never posted and cannot be decided again', async () => {
    const r = await postExpense(c1, 1, good({ amount: '3500.00', category: 'office', payee: '文具店' }));
    const id = r.json.id;
    const before = await counts();
    const noNote = await c2.post(`/api/v1/expenses/${id}/reject`, {});
    assert.equal(noNote.status, 422);
    assert.equal(noNote.json.error.field, 'note');
    assert.equal(await counts(), before);
    const no = await c2.post(`/api/v1/expenses/${id}/reject`, { note: '发票抬头不对' });
    assert.equal(no.status, 200, no.text);
    assert.equal(no.json.state, 'rejected');
    const again = await c2.post(`/api/v1/expenses/${id}/approve`, {});
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'already_decided');
    assert.equal(await num(srv.db, `SELECT count(*) FROM expenses WHERE id = ${id} AND state = 'rejected' AND entry_id IS NULL AND decision_note = '发票抬头不对'`), 1);
  });

  test('bad input is a 422 naming the field, and nothing is written', async () => {
    const cases = [
      [good(), [], 'voucher'],
      [good(), [{ ...VOUCHER, filename: 'a.txt', type: 'text/plain', data: Buffer.from('not a picture') }], 'voucher'],
      [good({ amount: '12.345' }), undefined, 'amount'],
      [good({ amount: '-5.00' }), undefined, 'amount'],
      [good({ category: 'banquet' }), undefined, 'category'],
      [good({ method: 'cheque' }), undefined, 'method'],
      [good({ spent_on: today(2) }), undefined, 'spent_on'],
      [good({ payee: '' }), undefined, 'payee'],
    ];
    for (const [fields, files, field] of cases) {
      const before = await counts();
      const r = await postExpense(c1, 1, fields, files);
      assert.equal(r.status, 422, `${field}: ${r.text}`);
      assert.equal(r.json.error.field, field, r.text);
      assert.ok(r.json.error.message.length > 0);
      assert.equal(await counts(), before, `${field}: something was written`);
    }
    const future = await postExpense(c1, 1, good({ spent_on: today(2) }));
    assert.match(future.json.error.message, /以后/);
  });

  test('approving into a month closed by a published disclosure is 409 period_closed and the expense stays pending', async () => {
    const closed = (await num(srv.db, 'SELECT min(first_month) FROM disclosures WHERE community_id = 1')).toString();
    const day = `${closed.slice(0, 4)}-${closed.slice(4)}-15`;
    const r = await postExpense(c1, 1, good({ amount: '5000.00', spent_on: day, category: 'repairs' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.state, 'pending');
    const before = await counts();
    const a = await c2.post(`/api/v1/expenses/${r.json.id}/approve`, {});
    assert.equal(a.status, 409, a.text);
    assert.equal(a.json.error.code, 'period_closed');
    assert.ok(a.json.error.message.includes(`${closed.slice(0, 4)}-${closed.slice(4)}`), a.json.error.message);
    assert.equal(await counts(), before);
    assert.equal(await num(srv.db, `SELECT count(*) FROM expenses WHERE id = ${r.json.id} AND state = 'pending'`), 1);
    // booking at once into that month is refused the same way, with nothing written
    const small = await postExpense(c1, 1, good({ spent_on: day }));
    assert.equal(small.status, 409);
    assert.equal(small.json.error.code, 'period_closed');
    assert.equal(await counts(), before);
  });

  test('the list filters by month, state and category; owners may not read it', async () => {
    const list = await c1.get('/api/v1/communities/1/expenses?state=pending');
    assert.equal(list.status, 200);
    assert.ok(list.json.items.length >= 1);
    assert.ok(list.json.items.every((x) => x.state === 'pending'));
    const rep = await c1.get('/api/v1/communities/1/expenses?category=repairs');
    assert.ok(rep.json.items.every((x) => x.category === 'repairs'));
    const month = today().slice(0, 7);
    const m = await c1.get(`/api/v1/communities/1/expenses?month=${month}`);
    assert.ok(m.json.items.length >= 1);
    assert.ok(m.json.items.every((x) => x.spent_on.startsWith(month)));
    assert.equal((await c1.get('/api/v1/communities/1/expenses?state=lost')).status, 422);
    assert.equal((await api(srv.url, await tokenFor(srv, 'owner')).get('/api/v1/communities/1/expenses')).status, 403);
  });

  test('other income posts Dr bank / Cr shared income; bad category 422; a closed month 409', async () => {
    const r = await c1.post('/api/v1/communities/1/incomes', {
      category: 'parking', amount: '3200.00', source: '地面停车位 本月', method: 'wechat', reference: 'WX123', received_on: today(),
    });
    assert.equal(r.status, 201, r.text);
    const lines = await sql(srv.db, `SELECT l.account, l.debit, l.credit FROM incomes i
      JOIN journal_lines l ON l.entry_id = i.entry_id WHERE i.id = ${r.json.id} ORDER BY l.position`);
    assert.equal(lines.trim(), 'bank|320000|0\nshared_income|0|320000');
    const before = await counts();
    const bad = await c1.post('/api/v1/communities/1/incomes', { category: 'lottery', amount: '1.00', source: 'x', method: 'cash', received_on: today() });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.error.field, 'category');
    const closed = (await num(srv.db, 'SELECT min(first_month) FROM disclosures WHERE community_id = 1')).toString();
    const late = await c1.post('/api/v1/communities/1/incomes', {
      category: 'other', amount: '10.00', source: '废品', method: 'cash', received_on: `${closed.slice(0, 4)}-${closed.slice(4)}-03`,
    });
    assert.equal(late.status, 409);
    assert.equal(late.json.error.code, 'period_closed');
    assert.equal(await counts(), before);
    const list = await c1.get('/api/v1/communities/1/incomes');
    assert.ok(list.json.items.some((i) => i.id === r.json.id && i.amount === '3200.00' && i.category === 'parking'));
  });

  test('the opening balance is booked once', async () => {
    const before = await counts();
    const r = await c1.post('/api/v1/communities/1/opening-balance', { cash: '1.00', bank: '2.00', month: today().slice(0, 7) });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'opening_exists');
    assert.equal(await counts(), before);
  });

  test('finance settings: disclosure monthly or quarterly only; the threshold exact; changes audited', async () => {
    const s = await c1.get('/api/v1/communities/1/finance-settings');
    assert.deepEqual(s.json, { threshold: '3000.00', disclosure_months: 1 });
    for (const m of [2, 4, 6, 12]) {
      const r = await c1.patch('/api/v1/communities/1/finance-settings', { disclosure_months: m });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.field, 'disclosure_months');
      assert.match(r.json.error.message, /不能少于每季度公开一次/);
    }
    const t = await c1.patch('/api/v1/communities/1/finance-settings', { threshold: '1.234' });
    assert.equal(t.status, 422);
    assert.equal(t.json.error.field, 'threshold');
    assert.equal((await staffApi.patch('/api/v1/communities/1/finance-settings', { threshold: '10.00' })).status, 403);
    const auditBefore = await num(srv.db, "SELECT count(*) FROM audit WHERE action = 'finance.settings'");
    const ok = await c1.patch('/api/v1/communities/1/finance-settings', { threshold: '2500.00' });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { threshold: '2500.00', disclosure_months: 1 });
    assert.equal(await num(srv.db, "SELECT finance_threshold FROM communities WHERE id = 1"), 250000);
    assert.equal(await num(srv.db, "SELECT count(*) FROM audit WHERE action = 'finance.settings'"), auditBefore + 1);
    await c1.patch('/api/v1/communities/1/finance-settings', { threshold: '3000.00' });
  });

  test('the pages: the list with its form; a second member approves by form; the recorder is told why not', async () => {
    const web1 = await loggedIn(srv.url, 'committee');
    const page = await web1.get('/finance/expenses');
    assert.equal(page.status, 200);
    assert.match(page.body, /type="file" name="voucher"/);
    const { body, contentType } = multipartBody({ csrf: csrfOf(page.body), ...good({ amount: '3100.00', category: 'repairs' }) }, [VOUCHER]);
    const r = await web1.postRaw('/finance/expenses', body, contentType);
    assert.equal(r.status, 303, r.body.slice(0, 300));
    const m = /^\/finance\/expenses\/(\d+)\?done=pending$/.exec(r.headers.get('location'));
    assert.ok(m, r.headers.get('location'));
    const own = await web1.get(`/finance/expenses/${m[1]}`);
    assert.match(own.body, /另一位业委会委员审批/);
    assert.doesNotMatch(own.body, /\/approve"/);
    const web2 = await loggedIn(srv.url, 'committee2');
    const other = await web2.get(`/finance/expenses/${m[1]}`);
    assert.match(other.body, /\/approve"/);
    const a = await web2.post(`/finance/expenses/${m[1]}/approve`, { csrf: csrfOf(other.body), note: '' });
    assert.equal(a.status, 303);
    assert.equal(await num(srv.db, `SELECT count(*) FROM expenses WHERE id = ${m[1]} AND state = 'approved' AND entry_id IS NOT NULL`), 1);
    // a refused form is shown again with the reason
    const again = await web2.post(`/finance/expenses/${m[1]}/approve`, { csrf: csrfOf(other.body) });
    assert.equal(again.status, 409);
    assert.match(again.body, /已经处理过了/);
    const anon = await client(srv.url).get('/finance/expenses');
    assert.equal(anon.status, 303);
    assert.match(anon.headers.get('location'), /^\/login/);
  });

  test('every journal entry balances', async () => {
    const unbalanced = await num(srv.db, `SELECT count(*) FROM (SELECT entry_id FROM journal_lines GROUP BY community_id, entry_id
      HAVING sum(debit) <> sum(credit)) x`);
    assert.equal(unbalanced, 0);
  });
});
