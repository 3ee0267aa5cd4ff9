// plans.test.mjs: the renovation plan's JSON API (issue 8, DOMAIN.md §3–§4) — a plan made with
// draft version 1; items (class, location, cost and a six-source funding split that must sum
// exactly to the cost) written only into the draft; publishing with a changelog and a
// consultation period; new drafts copying the newest published items; adoption once; each item's
// approval (mandatory items by adoption, optional and owners_decide items only by an owners'
// decision that passed, Art. 278); the diff between versions; one's own cost share, equal to
// what the cost-share calculator gives; who may read and write; every refusal with its status,
// code and field, leaving the database as it was; one audit row per write. Runs on SQLite and
// PostgreSQL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, yuanli, sql, loggedIn, noticeOf, SUITE } from './lib/server.mjs';
import { api, tokenFor } from './lib/registry.mjs';
import { compound, draft, openDecision, voteAndClose } from './lib/decisions.mjs';
import { makePlan, addItem, publish, itemBody } from './lib/plans.mjs';

let srv;
let staff;
let owner; // the demo's owner: community 1, not the compound
let admin;
let parks; // a department of community 1
let C; // the compound's id
const me = {}; // owners' own accounts in the compound, by owner_ref

/** One CSV line: building, stairwell, floor, room, area, owner_ref (a person's, delivered). */
function row(b, s, floor, room, area, ref) {
  return `${b},${s},${floor},${room},${area},register,${ref},业主${ref},person,delivered`;
}

// Every owner of the compound, for a decision of the whole compound.
const OWNERS = ['L1', 'L2', 'L3', 'L4', 'M2', 'N2', 'N3'];
const everyone = (choice) => Object.fromEntries(OWNERS.map((r) => [r, choice]));

function refused(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
}

/** Rows a refused request must leave as they were. */
async function counts() {
  const e = ['plans', 'plan_versions', 'plan_items', 'plan_item_decisions', 'audit']
    .map((t) => `CAST((SELECT count(*) FROM ${t}) AS TEXT)`)
    .concat(["CAST((SELECT count(*) FROM plan_versions WHERE published_at IS NULL) AS TEXT)",
      'CAST((SELECT count(*) FROM plans WHERE adopted_version IS NOT NULL) AS TEXT)'])
    .join(" || '|' || ");
  return (await sql(srv.db, `SELECT ${e}`)).trim();
}

/** Asserts the request is refused as said and changes nothing; resolves to the response. */
async function refusedUnchanged(req, status, code, field) {
  const before = await counts();
  const r = await req();
  refused(r, status, code, field);
  assert.equal(await counts(), before, `${code}: the database changed`);
  return r;
}

/** The compound's audit actions after seq `from`, oldest first. */
async function actionsSince(from) {
  const out = await sql(srv.db, `SELECT action FROM audit WHERE community_id = ${C} AND seq > ${from} ORDER BY seq`);
  return out.split('\n').map((s) => s.trim()).filter(Boolean);
}
async function auditSeq() {
  return Number((await sql(srv.db, `SELECT coalesce(max(seq), 0) FROM audit WHERE community_id = ${C}`)).trim());
}

/** Runs the write and asserts it wrote exactly one audit row, with this action. */
async function audited(action, req) {
  const from = await auditSeq();
  const r = await req();
  assert.ok(r.status >= 200 && r.status < 300, r.text);
  assert.deepEqual(await actionsSince(from), Array.isArray(action) ? action : [action]);
  return r;
}

const get = (a, id, version) => a.get(`/api/v1/plans/${id}${version ? `?version=${version}` : ''}`);
const itemsOf = async (a, id, version) => {
  const r = await get(a, id, version);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
};
const byKey = (items) => Object.fromEntries(items.map((i) => [i.key, i]));
const status = async (id, version) => Object.fromEntries((await itemsOf(staff, id, version)).map((i) => [i.key, i.status]));

/** A plan in the compound with the given items published as version 1; resolves to {id, keys}. */
async function publishedPlan(items, body = {}) {
  const id = await makePlan(staff, C);
  const keys = [];
  for (const it of items) keys.push(await addItem(staff, id, it));
  await publish(staff, id, body);
  return { id, keys };
}

/** A YYYY-MM-DD `days` from today in Beijing, as the server counts days (a UTC date is the day
 *  before from 16:00 UTC, when "today" was already past to the server). */
function day(days) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** The residents' funded item: `cost` split government / residents. */
function residentsPay(cost, residents, extra = {}) {
  const gov = ((Number(cost.replace('.', '')) - Number(residents.replace('.', ''))) / 100).toFixed(2);
  return { cost, funding: { government: gov, residents }, ...extra };
}

describe('renovation plans', SUITE, () => {
  before(async () => {
    srv = await startServer();
    staff = api(srv.url, await tokenFor(srv, 'staff'));
    owner = api(srv.url, await tokenFor(srv, 'owner'));
    admin = api(srv.url, await tokenFor(srv, 'admin'));
    parks = api(srv.url, await tokenFor(srv, 'parks'));
    ({ cid: C } = await compound(srv, admin, staff, '改造小区', [
      // 1栋 stairwell 1: one unit a floor, 1 … 4 (elevator coefficients 0, .5, 1, 1.1)
      row(1, 1, 1, 101, '80.00', 'L1'), row(1, 1, 2, 201, '80.00', 'L2'),
      row(1, 1, 3, 301, '90.00', 'L3'), row(1, 1, 4, 401, '100.00', 'L4'),
      // 1栋 stairwell 2
      row(1, 2, 2, 201, '70.00', 'M2'),
      // 2栋
      row(2, 1, 2, 201, '60.00', 'N2'), row(2, 1, 3, 301, '75.50', 'N3'),
    ]));
    // owners' own accounts, linked to their owner records as activation would
    for (const ref of ['L1', 'L3', 'N2']) {
      const name = `owner.${ref.toLowerCase()}`;
      const add = await yuanli(['user', 'add', name, '--grant', `owner@${C}`, '--db', srv.db],
        { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(add.code, 0, add.stderr);
      await sql(srv.db, `INSERT INTO owner_accounts (community_id, owner_id, account_id) SELECT ${C}, o.id, a.id `
        + `FROM owners o, accounts a WHERE o.community_id = ${C} AND o.owner_ref = '${ref}' AND a.name = '${name}'`);
      me[ref] = api(srv.url, await tokenFor(srv, name));
    }
  });
  after(async () => { await assertCleanStop(srv); });

  describe('plans, drafts and versions', () => {
    test('a new plan is draft version 1 with no items, listed for its compound', async () => {
      const r = await audited('plan.create', () => staff.post(`/api/v1/communities/${C}/plans`, { title: '老旧小区改造', summary: '第一期' }));
      assert.equal(r.status, 201, r.text);
      const id = r.json.id;
      const list = await staff.get(`/api/v1/communities/${C}/plans`);
      assert.equal(list.status, 200, list.text);
      const mine = list.json.items.find((p) => p.id === id);
      assert.deepEqual([mine.title, mine.summary, mine.published, mine.draft, mine.adopted_version],
        ['老旧小区改造', '第一期', 0, 1, null]);
      const p = await get(staff, id);
      assert.equal(p.status, 200, p.text);
      assert.equal(p.json.version.number, 1);
      assert.equal(p.json.version.published_at, null);
      assert.deepEqual(p.json.items, []);
      assert.equal(p.json.total_cost, '0.00');
    });

    test('a plan needs a title', async () => {
      await refusedUnchanged(() => staff.post(`/api/v1/communities/${C}/plans`, { summary: 'x' }), 422, 'required', 'title');
    });

    test('an item is added, changed and removed in the draft, each with one audit row', async () => {
      const id = await makePlan(staff, C);
      const add = await audited('plan.item.add', () => staff.post(`/api/v1/plans/${id}/items`, itemBody({
        title: '屋面防水', class: 'basic', place: '屋顶', cost: '50000.00',
        funding: { government: '30000.00', maintenance_fund: '20000.00' },
        scope: { type: 'building', building: '1栋' },
      })));
      assert.equal(add.status, 201, add.text);
      const k = add.json.key;
      const second = await addItem(staff, id, { title: '路灯' });
      assert.ok(second > k, 'keys grow');
      let it = byKey(await itemsOf(staff, id))[k];
      assert.deepEqual(it, {
        key: k, title: '屋面防水', description: '更换主管', class: 'basic', mandatory: true, owners_decide: false,
        scope: { type: 'building', building: '1栋' }, place: '屋顶', cost: '50000.00',
        funding: { government: '30000.00', residents: '0.00', maintenance_fund: '20000.00', utility: '0.00', stationed_unit: '0.00', social_capital: '0.00' },
        share_rule: 'area', status: 'proposed', decision_id: null,
      });
      const put = await audited('plan.item.change', () => staff.put(`/api/v1/plans/${id}/items/${k}`, itemBody({
        title: '屋面防水及保温', class: 'improvement', mandatory: false, cost: '60000.00',
        funding: { government: '30000.00', residents: '30000.00' },
        scope: { type: 'stairwell', building: '1栋', stairwell: '1单元' }, share_rule: 'elevator',
      })));
      assert.equal(put.status, 200, put.text);
      assert.equal(put.json.key, k);
      it = byKey(await itemsOf(staff, id))[k];
      assert.deepEqual([it.title, it.class, it.mandatory, it.cost, it.funding.residents, it.funding.maintenance_fund, it.share_rule, it.status],
        ['屋面防水及保温', 'improvement', false, '60000.00', '30000.00', '0.00', 'elevator', 'awaiting_decision']);
      assert.deepEqual(it.scope, { type: 'stairwell', building: '1栋', stairwell: '1单元' });
      assert.equal((await get(staff, id)).json.total_cost, '160000.00');
      const del = await audited('plan.item.remove', () => staff.delete(`/api/v1/plans/${id}/items/${k}`));
      assert.equal(del.status, 200, del.text);
      assert.deepEqual((await itemsOf(staff, id)).map((i) => i.key), [second]);
    });

    test('an item that is not in the draft cannot be changed or removed (404)', async () => {
      const id = await makePlan(staff, C);
      await addItem(staff, id);
      await refusedUnchanged(() => staff.put(`/api/v1/plans/${id}/items/999`, itemBody()), 404, 'not_found');
      await refusedUnchanged(() => staff.delete(`/api/v1/plans/${id}/items/999`), 404, 'not_found');
    });

    test('publishing freezes the version: no item is written until a new draft copies it', async () => {
      const id = await makePlan(staff, C);
      const a = await addItem(staff, id, { title: '雨污分流' });
      const b = await addItem(staff, id, residentsPay('9000.00', '3000.00', { title: '加装电梯', class: 'improvement', mandatory: false, scope: { type: 'stairwell', building: '1栋', stairwell: '1单元' }, share_rule: 'elevator' }));
      // version 1 needs no changelog
      // issue 11: the version is posted on the notice board in the same transaction
      const r = await audited(['plan.publish', 'notice.post'], () => staff.post(`/api/v1/plans/${id}/publish`, {}));
      assert.equal(r.json.number, 1);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items`, itemBody()), 409, 'no_draft');
      await refusedUnchanged(() => staff.put(`/api/v1/plans/${id}/items/${a}`, itemBody({ title: '改了' })), 409, 'no_draft');
      await refusedUnchanged(() => staff.delete(`/api/v1/plans/${id}/items/${a}`), 409, 'no_draft');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/publish`, { changelog: 'x' }), 409, 'no_draft');
      const v1 = await itemsOf(staff, id, 1);

      const d = await audited('plan.draft', () => staff.post(`/api/v1/plans/${id}/draft`, {}));
      assert.equal(d.status, 201, d.text);
      assert.equal(d.json.number, 2);
      assert.deepEqual(await itemsOf(staff, id, 2), v1, 'the draft starts as the newest published version');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/draft`, {}), 409, 'draft_exists');

      // changing the draft leaves version 1 as it was
      await staff.put(`/api/v1/plans/${id}/items/${a}`, itemBody({ title: '雨污分流改造', cost: '120000.00' }));
      await staff.delete(`/api/v1/plans/${id}/items/${b}`);
      assert.deepEqual(await itemsOf(staff, id, 1), v1);

      // from version 2 on a changelog says what changed
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/publish`, {}), 422, 'required', 'changelog');
      const p2 = await staff.post(`/api/v1/plans/${id}/publish`, { changelog: '取消电梯；雨污分流增加投资' });
      assert.equal(p2.status, 200, p2.text);
      assert.equal(p2.json.number, 2);
      const p = (await get(staff, id)).json;
      assert.equal(p.version.number, 2, 'the newest published version by default');
      assert.equal(p.version.changelog, '取消电梯；雨污分流增加投资');
      assert.deepEqual([p.published, p.draft], [2, null]);
      assert.deepEqual(p.versions.map((v) => v.number), [1, 2]);
      assert.ok(p.versions.every((v) => v.published_at !== null));
    });

    test('an empty draft cannot be published', async () => {
      const id = await makePlan(staff, C);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/publish`, {}), 422, 'empty_draft');
      const k = await addItem(staff, id);
      await staff.delete(`/api/v1/plans/${id}/items/${k}`);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/publish`, {}), 422, 'empty_draft');
    });

    test('a second draft is refused while one exists, even before anything is published', async () => {
      const id = await makePlan(staff, C);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/draft`, {}), 409, 'draft_exists');
    });

    test('consultation runs to the end of the day given and can be closed early, once', async () => {
      const id = await makePlan(staff, C);
      await addItem(staff, id);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/publish`, { consult_until: day(-1) }), 422, 'past_date', 'consult_until');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/publish`, { consult_until: '2030-13-01' }), 422, 'bad_date', 'consult_until');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/publish`, { consult_until: '下周五' }), 422, 'bad_date', 'consult_until');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/publish`, { consult_until: '2031-02-30' }), 422, 'bad_date', 'consult_until');
      await publish(staff, id, { consult_until: day(0) }); // today is not past: open to midnight
      let v = (await get(staff, id)).json.version;
      assert.equal(v.consultation_open, true);
      assert.ok(v.consult_until.startsWith(day(0)) || v.consult_until > day(0), v.consult_until);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/consultation/close`, {}), 422, 'required', 'version');
      await audited('plan.consultation.close', () => staff.post(`/api/v1/plans/${id}/consultation/close`, { version: 1 }));
      v = (await get(staff, id)).json.version;
      assert.equal(v.consultation_open, false);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/consultation/close`, { version: 1 }), 409, 'not_open');
    });

    test('a version published without a consultation period has none to close', async () => {
      const { id } = await publishedPlan([{}]);
      assert.equal((await get(staff, id)).json.version.consultation_open, false);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/consultation/close`, { version: 1 }), 409, 'not_open');
    });

    test('a plan is adopted once, and only a published version', async () => {
      const id = await makePlan(staff, C);
      await addItem(staff, id);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/adopt`, { version: 1 }), 409, 'cannot_adopt');
      await publish(staff, id);
      await staff.post(`/api/v1/plans/${id}/draft`, {});
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/adopt`, { version: 2 }), 409, 'cannot_adopt');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/adopt`, { version: 7 }), 409, 'cannot_adopt');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/adopt`, {}), 422, 'required', 'version');
      await audited('plan.adopt', () => staff.post(`/api/v1/plans/${id}/adopt`, { version: 1 }));
      assert.equal((await get(staff, id)).json.adopted_version, 1);
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/adopt`, { version: 1 }), 409, 'cannot_adopt');
    });
  });

  describe('an item is refused, and nothing changes, when', () => {
    let id;
    let k;
    before(async () => {
      id = await makePlan(staff, C);
      k = await addItem(staff, id, { title: '原样' });
    });

    /** Both POST (a new item) and PUT (item k) refuse the body the same way. */
    async function bothRefuse(extra, code, field, drop = []) {
      const body = itemBody(extra);
      for (const f of drop) delete body[f];
      const kept = await itemsOf(staff, id);
      const a = await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items`, body), 422, code, field);
      await refusedUnchanged(() => staff.put(`/api/v1/plans/${id}/items/${k}`, body), 422, code, field);
      assert.deepEqual(await itemsOf(staff, id), kept);
      return a;
    }

    test('the funding falls short of the cost, naming both sums and the gap', async () => {
      const r = await bothRefuse({ cost: '100.00', funding: { government: '60.00', residents: '30.00' } }, 'funding_mismatch', 'funding');
      assert.match(r.json.error.message, /90\.00/);
      assert.match(r.json.error.message, /100\.00/);
      assert.match(r.json.error.message, /少 10\.00 元/);
    });

    test('the funding exceeds the cost, naming both sums and the excess', async () => {
      const r = await bothRefuse({ cost: '120000.00', funding: { government: '100000.00', utility: '20000.01' } }, 'funding_mismatch', 'funding');
      assert.match(r.json.error.message, /120000\.01/);
      assert.match(r.json.error.message, /120000\.00/);
      assert.match(r.json.error.message, /多 0\.01 元/);
    });

    test('no funding at all for a cost', async () => {
      await bothRefuse({ cost: '5.00', funding: {} }, 'funding_mismatch', 'funding');
    });

    test('a funding source is not one of the six', async () => {
      await bothRefuse({ cost: '10.00', funding: { government: '10.00', lottery: '0.00' } }, 'unknown_source', 'funding.lottery');
    });

    test('funding is not an object', async () => {
      await bothRefuse({ funding: '100000.00' }, 'bad_funding', 'funding');
    });

    for (const [what, extra, field] of [
      ['a cost with three decimals', { cost: '100.005', funding: { government: '100.005' } }, 'cost'],
      ['a negative cost', { cost: '-5.00', funding: { government: '-5.00' } }, 'cost'],
      ['a cost in words', { cost: '十万', funding: { government: '100.00' } }, 'cost'],
      ['a cost as a JSON number', { cost: 100.5, funding: { government: '100.50' } }, 'cost'],
      ['a cost as a JSON integer', { cost: 100, funding: { government: '100.00' } }, 'cost'],
      ['a negative source', { cost: '10.00', funding: { government: '20.00', residents: '-10.00' } }, 'funding.residents'],
      ['a source with three decimals', { cost: '10.00', funding: { government: '9.995', residents: '0.005' } }, 'funding.government'],
      ['a source as a JSON number', { cost: '10.50', funding: { government: 10.5 } }, 'funding.government'],
      ['a source as true', { cost: '10.00', funding: { government: true } }, 'funding.government'],
    ]) {
      test(`${what} (bad_amount)`, async () => { await bothRefuse(extra, 'bad_amount', field); });
    }

    test('a bad amount is named in words, as the form labels it', async () => {
      const r = await bothRefuse({ cost: 100.5, funding: { government: '100.50' } }, 'bad_amount', 'cost');
      assert.match(r.json.error.message, /“估算造价（元）”请写成金额/);
      const f = await bothRefuse({ cost: '10.50', funding: { government: 10.5 } }, 'bad_amount', 'funding.government');
      assert.match(f.json.error.message, /“政府补助/);
    });

    test('the cost is missing', async () => { await bothRefuse({}, 'required', 'cost', ['cost']); });
    test('the title is missing', async () => { await bothRefuse({ title: '' }, 'required', 'title'); });
    test('the class is not one of the three', async () => { await bothRefuse({ class: 'luxury' }, 'unknown_class', 'class'); });
    test('the class is missing', async () => { await bothRefuse({}, 'required', 'class', ['class']); });
    test('mandatory is missing: 必改 or 选改 must be said', async () => { await bothRefuse({}, 'required', 'mandatory', ['mandatory']); });
    test('mandatory is not a boolean', async () => { await bothRefuse({ mandatory: 'yes' }, 'not_boolean', 'mandatory'); });
    test('owners_decide is not a boolean', async () => { await bothRefuse({ owners_decide: 1 }, 'not_boolean', 'owners_decide'); });
    test('the share rule is not area or elevator', async () => { await bothRefuse({ share_rule: 'headcount' }, 'unknown_rule', 'share_rule'); });
    test('the building is not in the compound', async () => {
      await bothRefuse({ scope: { type: 'building', building: '9栋' } }, 'unknown_building', 'scope.building');
    });
    test('the stairwell is not in the building', async () => {
      await bothRefuse({ scope: { type: 'stairwell', building: '2栋', stairwell: '3单元' } }, 'unknown_stairwell', 'scope.stairwell');
    });
    test('the scope type is unknown', async () => { await bothRefuse({ scope: { type: 'street' } }, 'bad_scope', 'scope.type'); });
    test('residents pay by the elevator rule on the whole compound', async () => {
      await bothRefuse(residentsPay('900.00', '300.00', { share_rule: 'elevator', scope: { type: 'community' } }), 'elevator_scope', 'scope');
    });

    test('the elevator rule on the whole compound is fine when residents pay nothing', async () => {
      const r = await staff.post(`/api/v1/plans/${id}/items`, itemBody({ share_rule: 'elevator' }));
      assert.equal(r.status, 201, r.text);
      await staff.delete(`/api/v1/plans/${id}/items/${r.json.key}`);
    });
  });

  describe('who reads and who writes', () => {
    let id;
    before(async () => {
      ({ id } = await publishedPlan([{ title: '雨污分流' }]));
      await staff.post(`/api/v1/plans/${id}/draft`, {});
      await addItem(staff, id, { title: '草稿里的新项目' });
    });

    test('an owner reads the published versions, never the draft', async () => {
      const r = await get(me.L1, id);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.version.number, 1);
      assert.deepEqual(r.json.versions.map((v) => v.number), [1], 'the draft is not listed');
      assert.equal(r.json.draft, null, 'nor its number');
      assert.deepEqual(r.json.items.map((i) => i.title), ['雨污分流']);
      refused(await get(me.L1, id, 2), 404, 'unknown_version', 'version');
      refused(await me.L1.get(`/api/v1/plans/${id}/diff?from=1&to=2`), 404, 'unknown_version', 'to');
      const list = await me.L1.get(`/api/v1/communities/${C}/plans`);
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json.items.find((p) => p.id === id).draft, null);
      // staff see their work in progress
      const s = await get(staff, id);
      assert.deepEqual(s.json.versions.map((v) => v.number), [1, 2]);
      assert.equal(s.json.draft, 2);
      assert.deepEqual((await itemsOf(staff, id, 2)).map((i) => i.title), ['雨污分流', '草稿里的新项目']);
    });

    test('a plan nothing is published of is not the residents\' to read yet', async () => {
      const fresh = await makePlan(staff, C);
      await addItem(staff, fresh);
      refused(await get(me.L1, fresh), 404, 'not_published', 'version');
      refused(await get(me.L1, fresh, 1), 404, 'unknown_version', 'version');
      assert.equal((await get(staff, fresh)).json.version.number, 1, 'staff see the draft');
    });

    test('an owner cannot create, fill, publish, draft, adopt or link (403)', async () => {
      const o = me.L1;
      for (const req of [
        () => o.post(`/api/v1/communities/${C}/plans`, { title: 'x' }),
        () => o.post(`/api/v1/plans/${id}/items`, itemBody()),
        () => o.put(`/api/v1/plans/${id}/items/1`, itemBody()),
        () => o.delete(`/api/v1/plans/${id}/items/1`),
        () => o.post(`/api/v1/plans/${id}/publish`, { changelog: 'x' }),
        () => o.post(`/api/v1/plans/${id}/draft`, {}),
        () => o.post(`/api/v1/plans/${id}/adopt`, { version: 1 }),
        () => o.post(`/api/v1/plans/${id}/consultation/close`, { version: 1 }),
        () => o.post(`/api/v1/plans/${id}/items/1/decision`, { decision_id: 1 }),
      ]) await refusedUnchanged(req, 403, 'forbidden');
    });

    test('nobody outside the compound reads its plans: another compound\'s owner, a department, the administrator', async () => {
      for (const [who, a] of [['owner of community 1', owner], ['parks', parks], ['admin', admin]]) {
        for (const p of [`/api/v1/communities/${C}/plans`, `/api/v1/plans/${id}`, `/api/v1/plans/${id}/diff?from=1&to=1`,
          `/api/v1/plans/${id}/shares/mine`]) {
          const r = await a.get(p);
          assert.equal(r.status, 403, `${who} ${p}: ${r.text}`);
        }
      }
    });

    test('staff of another compound neither read nor change this one\'s plans', async () => {
      const add = await yuanli(['user', 'add', 'staff.other', '--grant', 'staff@1', '--db', srv.db],
        { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(add.code, 0, add.stderr);
      const other = api(srv.url, await tokenFor(srv, 'staff.other'));
      assert.equal((await get(other, id)).status, 403);
      assert.equal((await other.get(`/api/v1/communities/${C}/plans`)).status, 403);
      await refusedUnchanged(() => other.post(`/api/v1/communities/${C}/plans`, { title: 'x' }), 403, 'forbidden');
      await refusedUnchanged(() => other.post(`/api/v1/plans/${id}/items`, itemBody()), 403, 'forbidden');
      await refusedUnchanged(() => other.post(`/api/v1/plans/${id}/publish`, { changelog: 'x' }), 403, 'forbidden');
      await refusedUnchanged(() => other.post(`/api/v1/plans/${id}/adopt`, { version: 1 }), 403, 'forbidden');
    });

    test('a plan that does not exist is 404', async () => {
      refused(await get(staff, 999999), 404, 'not_found');
      refused(await staff.post('/api/v1/plans/999999/items', itemBody()), 404, 'not_found');
    });
  });

  describe('approval of items', () => {
    test('a mandatory item is proposed until its version is adopted, then approved', async () => {
      const { id, keys: [k] } = await publishedPlan([{ mandatory: true }]);
      assert.deepEqual(await status(id), { [k]: 'proposed' });
      assert.equal((await get(me.L1, id)).json.items[0].status, 'proposed', 'owners see the same status');
      await staff.post(`/api/v1/plans/${id}/adopt`, { version: 1 });
      assert.deepEqual(await status(id), { [k]: 'approved' });
      assert.equal((await get(me.L1, id)).json.items[0].status, 'approved');
    });

    test('adoption does not approve what the owners must decide: optional and owners_decide items await a decision', async () => {
      const { id, keys: [opt, law] } = await publishedPlan([
        { title: '增设快递柜', class: 'enhancement', mandatory: false },
        { title: '加装电梯', class: 'improvement', mandatory: true, owners_decide: true, scope: { type: 'stairwell', building: '1栋', stairwell: '1单元' }, share_rule: 'elevator' },
      ]);
      await staff.post(`/api/v1/plans/${id}/adopt`, { version: 1 });
      assert.deepEqual(await status(id), { [opt]: 'awaiting_decision', [law]: 'awaiting_decision' });
    });

    test('a linked decision: voting while open, approved when it passes (Art. 278)', async () => {
      const { id, keys: [k] } = await publishedPlan([{ title: '增设快递柜', class: 'enhancement', mandatory: false }]);
      const did = await openDecision(staff, srv.db, C, { title: '是否增设快递柜', matter: 'common_use' });
      const r = await audited('plan.item.decision', () => staff.post(`/api/v1/plans/${id}/items/${k}/decision`, { decision_id: did }));
      assert.deepEqual(r.json, { key: k, status: 'voting' });
      const it = (await itemsOf(staff, id))[0];
      assert.deepEqual([it.status, it.decision_id], ['voting', did]);
      // three quarters of those taking part, by headcount and by area: 6 of 7 say yes
      const res = await voteAndClose(staff, did, { ...everyone('yes'), N3: 'no' });
      assert.equal(res.passed, true);
      assert.deepEqual(await status(id), { [k]: 'approved' });
    });

    test('a linked decision that fails rejects the item, adopted or not', async () => {
      const { id, keys: [k] } = await publishedPlan([{ title: '加装电梯', mandatory: true, owners_decide: true }]);
      const did = await openDecision(staff, srv.db, C, { title: '是否加装电梯', matter: 'rebuild' });
      await staff.post(`/api/v1/plans/${id}/items/${k}/decision`, { decision_id: did });
      await staff.post(`/api/v1/plans/${id}/adopt`, { version: 1 });
      assert.deepEqual(await status(id), { [k]: 'voting' });
      // 5 of 7 say yes: a majority, short of the three quarters rebuilding needs
      const res = await voteAndClose(staff, did, { ...everyone('yes'), N2: 'no', N3: 'no' });
      assert.equal(res.passed, false);
      assert.deepEqual(await status(id), { [k]: 'rejected' });
    });

    test('the link is by key: it holds in the next version and for an item only in the draft', async () => {
      const { id, keys: [k] } = await publishedPlan([{ mandatory: false }]);
      await staff.post(`/api/v1/plans/${id}/draft`, {});
      const fresh = await addItem(staff, id, { title: '新增选改项目', mandatory: false });
      const did = await openDecision(staff, srv.db, C, { title: '新增项目' });
      const r = await staff.post(`/api/v1/plans/${id}/items/${fresh}/decision`, { decision_id: did });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, { key: fresh, status: 'voting' });
      const d1 = await openDecision(staff, srv.db, C, { title: '第一项' });
      await staff.post(`/api/v1/plans/${id}/items/${k}/decision`, { decision_id: d1 });
      await voteAndClose(staff, d1, everyone('yes'));
      assert.deepEqual(await status(id, 2), { [k]: 'approved', [fresh]: 'voting' });
      assert.deepEqual(await status(id, 1), { [k]: 'approved' });
    });

    test('an adopted plan takes no next version: a change after adoption is a new plan', async () => {
      const { id } = await publishedPlan([{ mandatory: true }]);
      await staff.post(`/api/v1/plans/${id}/adopt`, { version: 1 });
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/draft`, {}), 409, 'adopted');
    });

    test('only the owners of the item\'s whole location approve it: a decision of another or a smaller scope is refused', async () => {
      const { id, keys: [whole, one] } = await publishedPlan([
        { title: '增设快递柜', class: 'enhancement', mandatory: false },
        { title: '1栋加装电梯', class: 'improvement', mandatory: false, owners_decide: true,
          scope: { type: 'building', building: '1栋' } },
      ]);
      const b1 = await draft(staff, C, { title: '1栋是否加装电梯', matter: 'rebuild', scope: { type: 'building', building: '1栋' } });
      const b2 = await draft(staff, C, { title: '2栋的事', scope: { type: 'building', building: '2栋' } });
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/${whole}/decision`, { decision_id: b1 }), 422, 'decision_scope', 'decision_id');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/${one}/decision`, { decision_id: b2 }), 422, 'decision_scope', 'decision_id');
      // the building's own decision does; while it is a draft the item still awaits the owners
      const r = await staff.post(`/api/v1/plans/${id}/items/${one}/decision`, { decision_id: b1 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'awaiting_decision');
    });

    test('a decision of another community, an unknown decision or option, or an unknown item are refused', async () => {
      const { id, keys: [k] } = await publishedPlan([{ mandatory: false }]);
      const other = (await sql(srv.db, `SELECT min(id) FROM decisions WHERE community_id <> ${C}`)).trim();
      assert.ok(Number(other) > 0, 'the demo has decisions in community 1');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/${k}/decision`, { decision_id: Number(other) }), 422, 'unknown_decision', 'decision_id');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/${k}/decision`, { decision_id: 999999 }), 422, 'unknown_decision', 'decision_id');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/${k}/decision`, {}), 422, 'required', 'decision_id');
      const did = await openDecision(staff, srv.db, C, { title: '是否同意' });
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/${k}/decision`, { decision_id: did, option_id: 999999 }), 422, 'unknown_option', 'option_id');
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/999/decision`, { decision_id: did }), 404, 'unknown_item', 'key');
      assert.deepEqual(await status(id), { [k]: 'awaiting_decision' });
    });

    test('an item linked to one option of a multiple-choice decision follows that option\'s count', async () => {
      const { id, keys: [lift, roof] } = await publishedPlan([{ title: '加装电梯', mandatory: false }, { title: '屋面防水', mandatory: false }]);
      const did = await openDecision(staff, srv.db, C, { title: '选改项目', options: ['加装电梯', '屋面防水'] });
      const opts = (await staff.get(`/api/v1/decisions/${did}`)).json.options.map((o) => o.id);
      assert.equal(opts.length, 2);
      // without an option the item could never pass: a multiple-choice decision keeps no count for "the question"
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/${lift}/decision`, { decision_id: did }), 422, 'option_required', 'option_id');
      const yesno = await openDecision(staff, srv.db, C, { title: '是否同意' });
      await refusedUnchanged(() => staff.post(`/api/v1/plans/${id}/items/${lift}/decision`, { decision_id: yesno, option_id: opts[0] }), 422, 'unknown_option', 'option_id');
      await staff.post(`/api/v1/plans/${id}/items/${lift}/decision`, { decision_id: did, option_id: opts[0] });
      // the page links the other one: its form offers the decision's items to pick from
      const page = await loggedIn(srv.url, 'staff');
      const shown = await page.get(`/plans/${id}`);
      assert.equal(shown.status, 200);
      assert.match(shown.body, new RegExp(`<option value="${opts[1]}">选改项目：屋面防水</option>`));
      const linked = await page.postForm(`/plans/${id}/step`,
        { to: 'link', key: String(roof), decision_id: String(did), option_id: String(opts[1]) }, `/plans/${id}`);
      assert.equal(linked.status, 303, noticeOf(linked.body));
      assert.equal(linked.headers.get('location'), `/plans/${id}?done=link`);
      for (const ref of OWNERS) {
        const r = await staff.post(`/api/v1/decisions/${did}/ballots`, { owner_ref: ref, channel: 'paper', serial: `O-${ref}`, signer: ref, answers: ['yes', 'no'] });
        assert.equal(r.status, 201, r.text);
      }
      assert.equal((await staff.post(`/api/v1/decisions/${did}/close`, {})).status, 200);
      assert.deepEqual(await status(id), { [lift]: 'approved', [roof]: 'rejected' });
    });
  });

  describe('the diff between versions', () => {
    test('added, removed and changed items with the fields that moved, cost and funding deltas', async () => {
      const { id, keys: [same, gone, dearer, moved, renamed] } = await publishedPlan([
        { title: '不变', cost: '10.00' },
        { title: '取消', cost: '500.00', funding: { government: '300.00', utility: '200.00' } },
        { title: '涨价', cost: '1000.00' },
        { title: '挪位置', cost: '20.00', place: '南门' },
        { title: '旧名', cost: '30.00' },
      ]);
      await staff.post(`/api/v1/plans/${id}/draft`, {});
      await staff.delete(`/api/v1/plans/${id}/items/${gone}`);
      await staff.put(`/api/v1/plans/${id}/items/${dearer}`, itemBody(residentsPay('1200.00', '150.00', { title: '涨价' })));
      await staff.put(`/api/v1/plans/${id}/items/${moved}`, itemBody({ title: '挪位置', cost: '20.00', place: '北门', scope: { type: 'building', building: '2栋' } }));
      await staff.put(`/api/v1/plans/${id}/items/${renamed}`, itemBody({ title: '新名', cost: '30.00', mandatory: false, owners_decide: true, share_rule: 'elevator' }));
      const added = await addItem(staff, id, { title: '新增', cost: '77.00', funding: { social_capital: '77.00' } });
      await publish(staff, id, { changelog: '第二稿' });

      const r = await me.L1.get(`/api/v1/plans/${id}/diff?from=1&to=2`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual([r.json.from, r.json.to, r.json.cost_from, r.json.cost_to, r.json.cost_delta],
        [1, 2, '1560.00', '1337.00', '-223.00']);
      assert.ok(!r.json.changes.some((c) => c.key === same), 'an unchanged item is left out');
      assert.deepEqual(r.json.changes, [
        { kind: 'removed', key: gone, title: '取消', fields: [], cost_delta: '-500.00', funding_delta: { government: '-300.00', utility: '-200.00' } },
        { kind: 'changed', key: dearer, title: '涨价', fields: ['cost', 'funding'], cost_delta: '200.00', funding_delta: { government: '50.00', residents: '150.00' } },
        { kind: 'changed', key: moved, title: '挪位置', fields: ['location'], cost_delta: '0.00', funding_delta: {} },
        { kind: 'changed', key: renamed, title: '新名', fields: ['title', 'mandatory', 'owners_decide', 'share_rule'], cost_delta: '0.00', funding_delta: {} },
        { kind: 'added', key: added, title: '新增', fields: [], cost_delta: '77.00', funding_delta: { social_capital: '77.00' } },
      ]);
      // by default the newest published version against the one before
      assert.deepEqual((await me.L1.get(`/api/v1/plans/${id}/diff`)).json, r.json);
      // backwards, every sign turns
      const back = (await staff.get(`/api/v1/plans/${id}/diff?from=2&to=1`)).json;
      assert.equal(back.cost_delta, '223.00');
      assert.deepEqual(back.changes.map((c) => [c.kind, c.key]), [['added', gone], ['changed', dearer], ['changed', moved], ['changed', renamed], ['removed', added]]);
    });

    test('a place changed within the same building is a change of location', async () => {
      const { id, keys: [k] } = await publishedPlan([{ place: '东侧', scope: { type: 'building', building: '1栋' } }]);
      await staff.post(`/api/v1/plans/${id}/draft`, {});
      await staff.put(`/api/v1/plans/${id}/items/${k}`, itemBody({ place: '西侧', scope: { type: 'building', building: '1栋' } }));
      const r = await staff.get(`/api/v1/plans/${id}/diff?from=1&to=2`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.changes.map((c) => c.fields), [['location']]);
    });

    test('a version that does not exist, or a bad number, is refused', async () => {
      const { id } = await publishedPlan([{}]);
      refused(await staff.get(`/api/v1/plans/${id}/diff?from=1&to=5`), 404, 'unknown_version', 'to');
      refused(await staff.get(`/api/v1/plans/${id}/diff?from=x&to=1`), 422, 'not_a_number', 'from');
    });
  });

  describe('one\'s own cost share', () => {
    let id;
    let lift; // 1栋1单元, elevator rule, residents 3000.00
    let roof; // 2栋, by area, residents 1355.00
    let road; // the compound, by area, residents 555.50
    let gov; // no residents' money
    before(async () => {
      ({ id, keys: [lift, roof, road, gov] } = await publishedPlan([
        residentsPay('9000.00', '3000.00', { title: '加装电梯', class: 'improvement', mandatory: false, scope: { type: 'stairwell', building: '1栋', stairwell: '1单元' }, share_rule: 'elevator' }),
        residentsPay('2000.00', '1355.00', { title: '2栋屋面', scope: { type: 'building', building: '2栋' } }),
        residentsPay('1000.00', '555.50', { title: '道路' }),
        { title: '政府全额' },
      ]));
    });

    /** {owner_ref: amount} from the cost-share calculator for the same total, rule and scope. */
    async function calculator(total, rule, scope) {
      const r = await staff.post(`/api/v1/communities/${C}/cost-shares`, { total, rule, scope });
      assert.equal(r.status, 200, r.text);
      return Object.fromEntries(r.json.shares.map((s) => [s.owner_ref, s.amount]));
    }

    test('each owner\'s lines equal the cost-share calculator\'s for the item\'s total, rule and scope', async () => {
      const liftShares = await calculator('3000.00', 'elevator', { type: 'stairwell', building: '1栋', stairwell: '1单元' });
      const roofShares = await calculator('1355.00', 'area', { type: 'building', building: '2栋' });
      const roadShares = await calculator('555.50', 'area', { type: 'community' });
      const lines = async (ref) => {
        const r = await me[ref].get(`/api/v1/plans/${id}/shares/mine`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.owner, true);
        assert.equal(r.json.version, 1);
        return r.json;
      };
      const l3 = await lines('L3');
      assert.deepEqual(l3.items.map((i) => [i.key, i.rule, i.residents_total, i.area, i.amount]), [
        [lift, 'elevator', '3000.00', '90.00', liftShares.L3],
        [road, 'area', '555.50', '90.00', roadShares.L3],
      ], 'no line for 2栋\'s roof nor for what the government pays alone');
      const fen = (s) => Math.round(Number(s) * 100);
      assert.equal(fen(l3.total), fen(liftShares.L3) + fen(roadShares.L3));
      const n2 = await lines('N2');
      assert.deepEqual(n2.items.map((i) => [i.key, i.amount]), [[roof, roofShares.N2], [road, roadShares.N2]]);
      assert.ok(!n2.items.some((i) => i.key === lift || i.key === gov));
    });

    test('the elevator rule gives the ground floor nothing to pay', async () => {
      const r = await me.L1.get(`/api/v1/plans/${id}/shares/mine`);
      assert.equal(r.status, 200, r.text);
      const line = r.json.items.find((i) => i.key === lift);
      assert.equal(line.amount, '0.00');
      assert.equal(line.area, '80.00');
    });

    test('an account that owns nothing in the compound has no share', async () => {
      const r = await staff.get(`/api/v1/plans/${id}/shares/mine`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual([r.json.owner, r.json.items, r.json.total], [false, [], '0.00']);
    });
  });
});
