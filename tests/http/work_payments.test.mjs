// work_payments.test.mjs: spending against budget on the renovation's works (issue 11). Staff
// record payments on a work — only an advance before it starts, never more in all than its item's
// cost (exactly the cost is fine, one fen more is a 409 saying the budget, what is paid and what
// remains) — and correct one entered wrongly, once, with a reason, by a negative row; a
// correction is not corrected. Every refusal (bad amount, date, kind or reference, over budget,
// an owner or a head writing) is shown to change nothing: the list, the rows and the audit trail
// are the same after it. Whoever reads the work reads its payments; the dashboard's "paid" per
// plan is the sum of its works' payments as their lists give them, and the public progress page
// shows each item's budget and what was paid.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dropDb, sql, csrfOf, noticeOf, loggedIn, client, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, count, shanghaiDate } from './lib/problems.mjs';
import { makePlan, addItem, publish } from './lib/plans.mjs';
import { unchangedBy, refusedWith } from './lib/refusals.mjs';

/** "1234.56" (or "-1234.56") as fen */
const fen = (s) => {
  const neg = s.startsWith('-');
  const [i, f] = s.replace('-', '').split('.');
  return (neg ? -1 : 1) * (Number(i) * 100 + Number(f));
};
/** fen as "1234.56" */
const yuan = (f) => `${f < 0 ? '-' : ''}${Math.floor(Math.abs(f) / 100)}.${String(Math.abs(f) % 100).padStart(2, '0')}`;
/** paid as a share of budget, tenths of a percent rounded down, as "60.0%" */
const share = (paid, budget) => {
  const p = budget > 0 && paid > 0 ? Math.min(1000, Math.floor((1000 * paid) / budget)) : 0;
  return `${Math.floor(p / 10)}.${p % 10}%`;
};

describe('work payments: spending against budget', SUITE, () => {
  let base;
  let srv;
  const a = {}; // API clients by login
  const c = {}; // page clients by login
  let plan;
  let work; // a work on a 120,000.00 item, planned at first
  let advance; // its first payment
  let progress; // the progress payment corrected below
  let day; // yesterday in Shanghai: a date no check calls the future

  const list = async (who = a.staff, id = work) => {
    const r = await who.get(`/api/v1/works/${id}/payments`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  /** What a refused request must leave as it was: the list with its money, the rows, the audit. */
  const state = async () => JSON.stringify([await list(), await count(base.db, 'SELECT count(*) FROM work_payments'),
    await count(base.db, 'SELECT count(*) FROM audit')]);
  const unchanged = unchangedBy(state);
  const pay = (body, who = 'staff', id = work) => a[who].post(`/api/v1/works/${id}/payments`,
    { amount: '1000.00', paid_on: day, kind: 'progress', reference: '转账 TEST-1', ...body });

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    day = shanghaiDate(base.now, -1);
    for (const u of ['staff', 'owner', 'head']) {
      a[u] = api(srv.url, await tokenFor(srv, u));
      c[u] = await loggedIn(srv.url, u);
    }
    a.staffEn = api(srv.url, await tokenFor(srv, 'staff', 'en'), { headers: { 'accept-language': 'en' } });
    plan = await makePlan(a.staff, 1, '工程款测试方案');
    const key = await addItem(a.staff, plan, { title: '7栋外墙保温', scope: { type: 'building', building: '7栋' },
      cost: '120000.00', funding: { government: '100000.00', maintenance_fund: '20000.00' } });
    const n = await publish(a.staff, plan);
    const ad = await a.staff.post(`/api/v1/plans/${plan}/adopt`, { version: n });
    assert.equal(ad.status, 200, ad.text);
    const w = await a.staff.post(`/api/v1/plans/${plan}/works`, { item: key, contractor: '长沙市建工集团有限公司' });
    assert.equal(w.status, 201, w.text);
    work = w.json.id;
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  test('a planned work takes an advance only; it is listed with budget, paid and remaining', async () => {
    const empty = await list();
    assert.deepEqual(empty, { items: [], total: 0, budget: '120000.00', paid: '0.00', remaining: '120000.00' });
    const r0 = await unchanged(() => pay({ kind: 'progress' }), 'progress before the start');
    refusedWith(r0, 409, 'advance_only', 'kind');
    assert.match(r0.json.error.message, /还没开工，只能支付预付款/);
    for (const kind of ['final', 'retention'])
      refusedWith(await unchanged(() => pay({ kind }), kind), 409, 'advance_only');

    const r = await pay({ amount: '36000.00', kind: 'advance', reference: '转账 JG-0001', note: '合同价30%预付' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.paid, r.json.remaining], ['36000.00', '84000.00']);
    advance = r.json.id;
    const l = await list();
    assert.equal(l.total, 1);
    assert.deepEqual([l.budget, l.paid, l.remaining], ['120000.00', '36000.00', '84000.00']);
    const [p] = l.items;
    assert.deepEqual([p.id, p.paid_on, p.amount, p.kind, p.reference, p.note, p.corrects_id, p.corrected_by],
      [advance, day, '36000.00', 'advance', '转账 JG-0001', '合同价30%预付', null, null]);
    assert.match(p.created_at, /\+08:00$/);
    const [[amount, onDay]] = (await sql(base.db, `SELECT amount, paid_on FROM work_payments WHERE id = ${advance}`))
      .trim().split('\n').map((x) => x.split('|').map(Number));
    assert.equal(amount, 3600000, 'fen');
    assert.equal(new Date((onDay + 8 * 3600) * 1000).toISOString().slice(0, 16), `${day}T00:00`, 'the Beijing day\'s start');
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'work_payment.record' AND object_id = ${advance}`), 1);
    // the work's own answer carries what was paid
    assert.equal((await a.owner.get(`/api/v1/works/${work}`)).json.paid, '36000.00');
  });

  test('bad input is a 422 naming the field, in the caller\'s language, and writes nothing', async () => {
    const cases = [
      [{ amount: '0.00' }, 'not_positive', 'amount'],
      [{ amount: '0' }, 'not_positive', 'amount'],
      [{ amount: '-5.00' }, 'not_positive', 'amount'],
      [{ amount: '1.001' }, 'bad_amount', 'amount'],
      [{ amount: '一千' }, 'bad_amount', 'amount'],
      [{ amount: undefined }, 'required', 'amount'],
      [{ paid_on: '2026-02-30' }, 'bad_date', 'paid_on'],
      [{ paid_on: '20261120' }, 'bad_date', 'paid_on'],
      [{ paid_on: '' }, 'required', 'paid_on'],
      [{ paid_on: shanghaiDate(base.now, 2) }, 'future_date', 'paid_on'],
      [{ reference: '' }, 'required', 'reference'],
      [{ reference: undefined }, 'required', 'reference'],
      [{ reference: '票'.repeat(101) }, 'too_long', 'reference'],
      [{ kind: 'correction' }, 'bad_kind', 'kind'],
      [{ kind: 'deposit' }, 'bad_kind', 'kind'],
      [{ kind: undefined }, 'required', 'kind'],
    ];
    for (const [body, code, field] of cases) {
      const r = await unchanged(() => pay(body), JSON.stringify(body));
      refusedWith(r, 422, code, field);
    }
    const zh = await unchanged(() => pay({ amount: '0.00' }), 'zero');
    assert.match(zh.json.error.message, /必须大于 0/);
    const en = await unchanged(() => pay({ amount: '0.00' }, 'staffEn'), 'zero in English');
    refusedWith(en, 422, 'not_positive', 'amount');
    assert.match(en.json.error.message, /must be more than 0/);
    const noRef = await unchanged(() => pay({ reference: '' }, 'staffEn'), 'no reference in English');
    assert.match(noRef.json.error.message, /Invoice or transfer number/);
  });

  test('an owner or a head may read the payments but not write them (403), nothing written', async () => {
    for (const who of ['owner', 'head']) {
      refusedWith(await unchanged(() => pay({ kind: 'advance' }, who), `${who} pays`), 403, 'forbidden');
      refusedWith(await unchanged(() => a[who].post(`/api/v1/work-payments/${advance}/correct`, { reason: '错了' }),
        `${who} corrects`), 403, 'forbidden');
      const l = await list(a[who]);
      assert.equal(l.paid, '36000.00', `${who} reads`);
      const page = await c[who].get(`/works/${work}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /<h2>工程款<\/h2>/);
      assert.doesNotMatch(page.body, /记录一笔工程款/, `no payment form for ${who}`);
      assert.doesNotMatch(page.body, /name="reason"/, `no correct button for ${who}`);
      // the page's forms too
      const csrf = csrfOf(page.body);
      const before = await state();
      assert.equal((await c[who].post(`/works/${work}/payments`, { csrf, amount: '1.00', paid_on: day, kind: 'advance',
        reference: 'x' })).status, 403);
      assert.equal((await c[who].post(`/works/${work}/payments/${advance}/correct`, { csrf, reason: 'x' })).status, 403);
      assert.equal(await state(), before, `${who}'s forms changed something`);
    }
    assert.equal((await client(srv.url).get(`/api/v1/works/${work}/payments`)).status, 401, 'not for the anonymous');
  });

  test('up to the budget exactly, not one fen over: 409 over_budget says budget, paid and what remains', async () => {
    assert.equal((await a.staff.patch(`/api/v1/works/${work}`, { state: 'underway', progress: 30 })).status, 200);
    const r = await pay({ amount: '48000.00', kind: 'progress', reference: '发票 0001' });
    assert.equal(r.status, 201, r.text);
    progress = r.json.id;
    assert.deepEqual([r.json.paid, r.json.remaining], ['84000.00', '36000.00']);

    const over = await unchanged(() => pay({ amount: '36000.01', kind: 'final' }), 'one fen over');
    refusedWith(over, 409, 'over_budget', 'amount');
    assert.equal(over.json.error.message, '预算 120000.00 元，已付 84000.00 元，还可支付 36000.00 元；超出预算须先修订方案。');
    const overEn = await unchanged(() => pay({ amount: '36000.01', kind: 'final' }, 'staffEn'), 'one fen over, English');
    assert.match(overEn.json.error.message, /budget is CNY 120000\.00, CNY 84000\.00 has been paid and CNY 36000\.00 may still be paid/);
    refusedWith(await unchanged(() => pay({ amount: '999999999.00' }), 'far over'), 409, 'over_budget');

    const exact = await pay({ amount: '36000.00', kind: 'final', reference: '发票 0002' });
    assert.equal(exact.status, 201, exact.text);
    assert.deepEqual([exact.json.paid, exact.json.remaining], ['120000.00', '0.00']);
    const full = await unchanged(() => pay({ amount: '0.01', kind: 'retention' }), 'a fen past the full budget');
    refusedWith(full, 409, 'over_budget');
    assert.match(full.json.error.message, /已付 120000\.00 元，还可支付 0\.00 元/);
    // it has been written out as the sum of what is listed
    const l = await list();
    assert.equal(l.items.reduce((s, p) => s + fen(p.amount), 0), fen(l.paid));
    assert.equal(l.remaining, '0.00');
  });

  test('a correction reverses one payment for its negative amount, with a reason, once; never a correction', async () => {
    const corr = (id, body, who = 'staff') => a[who].post(`/api/v1/work-payments/${id}/correct`, body);
    refusedWith(await unchanged(() => corr(progress, {}), 'no reason'), 422, 'required', 'reason');
    refusedWith(await unchanged(() => corr(progress, { reason: '' }), 'empty reason'), 422, 'required', 'reason');
    refusedWith(await unchanged(() => corr(progress, { reason: '错', paid_on: '2026-13-01' }), 'bad date'), 422, 'bad_date',
      'paid_on');
    refusedWith(await unchanged(() => corr(999999, { reason: '错' }), 'unknown'), 404);

    const r = await corr(progress, { reason: '进度款重复录入' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.corrects_id, progress);
    assert.deepEqual([r.json.paid, r.json.remaining], ['72000.00', '48000.00']);
    const correction = r.json.id;
    const l = await list();
    assert.deepEqual([l.total, l.paid, l.remaining], [4, '72000.00', '48000.00']);
    const byId = new Map(l.items.map((p) => [p.id, p]));
    assert.deepEqual([byId.get(correction).amount, byId.get(correction).kind, byId.get(correction).corrects_id,
      byId.get(correction).note, byId.get(correction).reference, byId.get(correction).paid_on],
    ['-48000.00', 'correction', progress, '进度款重复录入', '发票 0001', shanghaiDate(base.now)]);
    assert.equal(byId.get(progress).corrected_by, correction);
    assert.equal(byId.get(advance).corrected_by, null);
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'work_payment.correct' AND object_id = ${correction}`), 1);

    const twice = await unchanged(() => corr(progress, { reason: '再冲一次' }), 'twice');
    refusedWith(twice, 409, 'already_corrected');
    assert.match(twice.json.error.message, /已经冲正过了/);
    refusedWith(await unchanged(() => corr(correction, { reason: '冲正冲正' }), 'a correction'), 409, 'is_correction');
    // what the correction gave back may be paid again, up to the budget and no further
    refusedWith(await unchanged(() => pay({ amount: '48000.01', kind: 'progress' }), 'over after the correction'), 409,
      'over_budget');
    const again = await pay({ amount: '48000.00', kind: 'progress', reference: '发票 0001-重开' });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.json.remaining, '0.00');
  });

  test('the work page: the payments table with budget, paid and remaining; staff record and correct by form', async () => {
    const page = await c.staff.get(`/works/${work}`);
    assert.equal(page.status, 200);
    const section = page.body.slice(page.body.indexOf('<section class="work-money"'));
    assert.match(section, /<dt>预算<\/dt><dd>120000\.00 元<\/dd>/);
    assert.match(section, /<dt>已付<\/dt><dd>120000\.00 元（占预算 100\.0%）<\/dd>/);
    assert.match(section, /<dt>还可支付<\/dt><dd>0\.00 元<\/dd>/);
    for (const t of ['预付款', '进度款', '结算款', '冲正', '-48000.00', '转账 JG-0001', '已冲正（见第 4 笔）',
      '冲正第 2 笔，原因：进度款重复录入', '记录一笔工程款'])
      assert.ok(section.includes(t), `the section shows ${t}`);
    // a correct button for each payment that may still be corrected: not the corrected one, not the correction
    const buttons = [...section.matchAll(/action="\/works\/\d+\/payments\/(\d+)\/correct"/g)].map((m) => Number(m[1]));
    const l = await list();
    assert.deepEqual(buttons.sort((x, y) => x - y),
      l.items.filter((p) => p.kind !== 'correction' && p.corrected_by === null).map((p) => p.id).sort((x, y) => x - y));

    // over budget by form: the page again, 409, with the message; nothing written
    const before = await state();
    const refused = await c.staff.post(`/works/${work}/payments`, { csrf: csrfOf(page.body), amount: '0.01', paid_on: day,
      kind: 'retention', reference: '质保金' });
    assert.equal(refused.status, 409);
    assert.match(noticeOf(refused.body), /还可支付 0\.00 元/);
    assert.equal(await state(), before);
    // correct the advance by form, then pay it back
    const ok = await c.staff.post(`/works/${work}/payments/${advance}/correct`, { csrf: csrfOf(page.body), reason: '预付款金额录错' });
    assert.equal(ok.status, 303, noticeOf(ok.body));
    assert.equal(ok.headers.get('location'), `/works/${work}?done=corrected`);
    const paid = await c.staff.post(`/works/${work}/payments`, { csrf: csrfOf(page.body), amount: '30000.00', paid_on: day,
      kind: 'advance', reference: '转账 JG-0002', note: '预付款重开' });
    assert.equal(paid.status, 303, noticeOf(paid.body));
    assert.equal(paid.headers.get('location'), `/works/${work}?done=paid`);
    assert.match(noticeOf((await c.staff.get(`/works/${work}?done=paid`)).body), /工程款已记录/);
    const after = await list();
    assert.deepEqual([after.paid, after.remaining], ['114000.00', '6000.00']);
    // a payment named under another work's path is not found
    const other = Number((await sql(base.db, `SELECT min(id) FROM works WHERE id <> ${work}`)).trim());
    const miss = await c.staff.post(`/works/${other}/payments/${progress}/correct`, { csrf: csrfOf(page.body), reason: 'x' });
    assert.equal(miss.status, 404);
    assert.equal(JSON.stringify(await list()), JSON.stringify(after));
  });

  test('the dashboard\'s paid per plan is the sum of its works\' payments, and the progress page shows budget and paid', async () => {
    const d = (await client(srv.url).get('/api/v1/communities/1/dashboard'));
    assert.equal(d.status, 200);
    const dash = JSON.parse(d.body);
    const mine = dash.plans.find((p) => p.id === plan);
    assert.ok(mine, 'the test plan is on the dashboard');
    let checked = 0;
    for (const p of dash.plans) {
      const works = await a.staff.get(`/api/v1/plans/${p.id}/works`);
      assert.equal(works.status, 200, works.text);
      let sum = 0;
      for (const w of works.json.items) {
        const l = await list(a.owner, w.id);
        sum += l.items.reduce((s, x) => s + fen(x.amount), 0);
        assert.equal(w.paid, l.paid, `work ${w.id}: the works list and the payments list agree`);
      }
      assert.equal(p.paid, yuan(sum), `plan ${p.id}: paid`);
      if (sum > 0) checked++;
    }
    assert.ok(checked >= 2, 'the test plan and the demo\'s first phase have payments');
    assert.equal(mine.paid, '114000.00');
    const sqlSum = await count(base.db, `SELECT coalesce(sum(p.amount), 0) FROM work_payments p JOIN works w ON w.id = p.work_id WHERE w.plan_id = ${plan}`);
    assert.equal(mine.paid, yuan(sqlSum));
    // the page's money chart names what was paid, with its table
    const page = await client(srv.url).get('/dashboard/1');
    assert.match(page.body, /预算和实际支出/);
    assert.ok(page.body.includes(`<th scope="row">已付工程款</th><td>${mine.paid}元</td>`), 'paid in the chart\'s table');
    assert.doesNotMatch(page.body, /不记录工程实际花了多少钱/);

    const progressPage = await client(srv.url).get('/progress/1');
    assert.equal(progressPage.status, 200);
    assert.ok(progressPage.body.includes(`预算 120000.00 元 · 已付 114000.00 元（${share(11400000, 12000000)}）`),
      'the test item shows budget and paid');
    // the demo's first phase: the accepted roof 285,000.00 of 300,000.00 (the retention held back)
    assert.ok(progressPage.body.includes('预算 300000.00 元 · 已付 285000.00 元（95.0%）'), 'the demo roof');
    assert.ok(progressPage.body.includes('预算 80000.00 元 · 已付 40000.00 元（50.0%）'), 'the demo lights');
    // no person's name: not the staff member who recorded the payments
    const names = (await sql(base.db, "SELECT display_name FROM accounts WHERE name = 'staff'")).trim();
    assert.ok(names && !progressPage.body.includes(names));
    assert.ok(!JSON.stringify(await list(a.owner)).includes(names), 'the list names nobody');
  });
});
