// plan_opinions.test.mjs: the consultation on a renovation plan (issue 8, DOMAIN.md §3) over HTTP —
// opinions given online (the source from the account: owner, resident, community), paper opinions a
// head enters for a unit in their buildings (and is refused for one outside), experts' opinions
// entered by staff, staff's public answers and a replaced answer (both in the audit trail), the
// per-item summary, names masked for readers without personal data (PIPL), every refusal with its
// status, code and field, changing nothing, a closed or unpublished version refusing opinions, and
// the consultation page with its forms. Runs on SQLite and PostgreSQL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, assertCleanStop, loggedIn, csrfOf, noticeOf, sql, yuanli, SUITE,
} from './lib/server.mjs';
import { api, tokenFor } from './lib/registry.mjs';

const C = 1; // the demo compound 中南家园
// consultation open until the end of a day a year from now (Asia/Shanghai)
const UNTIL = new Date(Date.now() + 365 * 86400 * 1000).toISOString().slice(0, 10);

const ITEMS = [
  {
    title: '雨污分流改造', description: '全小区雨水、污水管分开。', class: 'basic', mandatory: true, owners_decide: false,
    scope: { type: 'community' }, place: '小区道路', cost: '120000.00',
    funding: { government: '100000.00', residents: '20000.00' }, share_rule: 'area',
  },
  {
    title: '1栋加装电梯', description: '1栋每个单元加装一部电梯。', class: 'improvement', mandatory: false, owners_decide: true,
    scope: { type: 'building', building: '1栋' }, place: '1栋北侧', cost: '400000.00',
    funding: { government: '200000.00', residents: '200000.00' }, share_rule: 'elevator',
  },
];

let srv;
let staff;
let head;
let owner;
let resident;
let committee;
let ids; // account ids by login

/** A plan of the demo compound with the ITEMS, published (consultation open until UNTIL) unless
 *  publish is false; resolves to {id, keys}. */
async function newPlan(title, { publish = true } = {}) {
  const r = await staff.post(`/api/v1/communities/${C}/plans`, { title, summary: '中南家园老旧小区改造。' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const keys = [];
  for (const it of ITEMS) {
    const x = await staff.post(`/api/v1/plans/${id}/items`, it);
    assert.equal(x.status, 201, x.text);
    keys.push(x.json.key);
  }
  if (publish) {
    const p = await staff.post(`/api/v1/plans/${id}/publish`, { changelog: '首次公布，征求居民意见。', consult_until: UNTIL });
    assert.equal(p.status, 200, p.text);
  }
  return { id, keys };
}

const give = (a, plan, body) => a.post(`/api/v1/plans/${plan}/opinions`, body);
const answer = (a, opinion, body) => a.post(`/api/v1/opinions/${opinion}/answer`, body);

async function row(id) {
  const out = (await sql(srv.db, `SELECT source, channel, stance, item_key, account_id, coalesce(unit_id, 0), author_name, body,
    coalesce(answer, ''), answer_body FROM plan_opinions WHERE id = ${Number(id)}`)).trim();
  const [source, channel, stance, item, account, unit, author, body, ans, ansBody] = out.split('|');
  return { source, channel, stance, item: Number(item), account: Number(account), unit: Number(unit), author, body, answer: ans, answerBody: ansBody };
}

/** What a refused request must leave as it was: opinions, answers and the audit trail. */
async function counts() {
  return (await sql(srv.db, `SELECT CAST((SELECT count(*) FROM plan_opinions) AS TEXT) || '|' ||
    CAST((SELECT count(*) FROM plan_opinions WHERE answer IS NOT NULL) AS TEXT) || '|' ||
    CAST((SELECT count(*) FROM audit) AS TEXT)`)).trim();
}

function refused(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
}

/** Asserts that the request is refused so and writes nothing. */
async function refusedUnchanged(call, status, code, field) {
  const before = await counts();
  const r = await call();
  refused(r, status, code, field);
  assert.equal(await counts(), before, 'a refused request changed something');
  return r;
}

async function auditCount(action, id) {
  return Number((await sql(srv.db, `SELECT count(*) FROM audit WHERE action = '${action}' AND object_id = ${Number(id)}`)).trim());
}

describe('plan consultation', SUITE, () => {
  before(async () => {
    srv = await startServer();
    const r = await yuanli(['user', 'add', 'po-resident', '--display-name', '赵小红', '--grant', `resident@${C}`, '--db', srv.db],
      { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
    assert.equal(r.code, 0, r.stderr);
    staff = api(srv.url, await tokenFor(srv, 'staff'));
    head = api(srv.url, await tokenFor(srv, 'head'));
    owner = api(srv.url, await tokenFor(srv, 'owner'));
    resident = api(srv.url, await tokenFor(srv, 'po-resident'));
    committee = api(srv.url, await tokenFor(srv, 'committee'));
    ids = {};
    for (const name of ['staff', 'head', 'owner', 'po-resident'])
      ids[name] = Number((await sql(srv.db, `SELECT id FROM accounts WHERE name = '${name}'`)).trim());
  });
  after(async () => { await assertCleanStop(srv); });

  describe('giving and entering', () => {
    let P;
    before(async () => { P = await newPlan('改造方案（意见）'); });

    test('an owner comments online: source owner, channel online, their own account', async () => {
      const r = await give(owner, P.id, { item: P.keys[1], stance: 'oppose', body: '一楼不用电梯，不同意分摊。' });
      assert.equal(r.status, 201, r.text);
      const o = await row(r.json.id);
      assert.deepEqual([o.source, o.channel, o.stance, o.item, o.account], ['owner', 'online', 'oppose', P.keys[1], ids.owner]);
      assert.equal(await auditCount('plan.opinion', r.json.id), 1);
    });

    test('a resident (tenant) comments on the plan as a whole: source resident', async () => {
      const r = await give(resident, P.id, { stance: 'suggest', body: '施工时请留出老人出行的通道。' });
      assert.equal(r.status, 201, r.text);
      const o = await row(r.json.id);
      assert.deepEqual([o.source, o.channel, o.item, o.account], ['resident', 'online', 0, ids['po-resident']]);
    });

    test('a plain "support" needs no words; the version defaults to the newest published', async () => {
      const r = await give(committee, P.id, { version: 1, item: P.keys[0], stance: 'support' });
      assert.equal(r.status, 201, r.text);
      const o = await row(r.json.id);
      assert.equal(o.body, '');
      assert.equal(o.source, 'resident'); // a committee account holding no owner role here
    });

    test('a head enters a paper opinion for a unit in their building: source owner, channel paper, entered by the head', async () => {
      const r = await give(head, P.id, {
        channel: 'paper', author_name: '王奶奶', unit: '1栋1单元101', source: 'owner', item: P.keys[1], stance: 'support',
        body: '腿脚不好，盼着装电梯。',
      });
      assert.equal(r.status, 201, r.text);
      const o = await row(r.json.id);
      assert.deepEqual([o.source, o.channel, o.author, o.account], ['owner', 'paper', '王奶奶', ids.head]);
      assert.ok(o.unit > 0);
      const list = await staff.get(`/api/v1/plans/${P.id}/opinions`);
      const it = list.json.items.find((x) => x.id === r.json.id);
      assert.equal(it.entered_by, 'head');
      assert.equal(it.author, '王奶奶'); // staff see personal data
      assert.equal(it.unit, '1栋1单元101');
    });

    test('a head is refused a unit outside their buildings (403) and nothing is written', async () => {
      await refusedUnchanged(() => give(head, P.id, {
        channel: 'paper', author_name: '李大爷', unit: '10栋1单元101', source: 'owner', stance: 'support',
      }), 403, 'not_your_building', 'unit');
    });

    test('a head must name the unit of a paper opinion', async () => {
      await refusedUnchanged(() => give(head, P.id, {
        channel: 'paper', author_name: '李大爷', source: 'resident', stance: 'support',
      }), 422, 'required', 'unit');
    });

    test('staff enter a paper opinion without a unit, and an expert\'s opinion online', async () => {
      const paper = await give(staff, P.id, { channel: 'paper', author_name: '孙阿姨', source: 'resident', stance: 'suggest', body: '楼道灯也换一下。' });
      assert.equal(paper.status, 201, paper.text);
      const p = await row(paper.json.id);
      assert.deepEqual([p.source, p.channel, p.unit, p.account], ['resident', 'paper', 0, ids.staff]);
      const e = await give(staff, P.id, { source: 'expert', author_name: '张工（市规划设计院）', item: P.keys[0], stance: 'suggest', body: '管径建议按 DN300 设计。' });
      assert.equal(e.status, 201, e.text);
      const x = await row(e.json.id);
      assert.deepEqual([x.source, x.channel, x.author, x.account], ['expert', 'online', '张工（市规划设计院）', ids.staff]);
      const own = await give(staff, P.id, { stance: 'support', body: '社区支持。' });
      assert.equal((await row(own.json.id)).source, 'community');
      const list = await owner.get(`/api/v1/plans/${P.id}/opinions`);
      const shown = list.json.items.find((y) => y.id === paper.json.id);
      assert.equal(shown.entered_by, 'staff');
      assert.equal(list.json.items.find((y) => y.id === e.json.id).author, '张工（市规划设计院）'); // in office: not masked
    });

    test('refusals name the field and change nothing', async () => {
      await refusedUnchanged(() => give(owner, P.id, { stance: 'maybe', body: 'x' }), 422, 'bad_stance', 'stance');
      await refusedUnchanged(() => give(owner, P.id, { body: 'x' }), 422, 'required', 'stance');
      await refusedUnchanged(() => give(owner, P.id, { stance: 'oppose' }), 422, 'required', 'body');
      await refusedUnchanged(() => give(owner, P.id, { stance: 'suggest', body: '' }), 422, 'required', 'body');
      const long = await refusedUnchanged(() => give(owner, P.id, { stance: 'suggest', body: '长'.repeat(2001) }), 422, 'too_long', 'body');
      assert.match(long.json.error.message, /2000/);
      const item = await refusedUnchanged(() => give(owner, P.id, { item: 99, stance: 'support' }), 422, 'unknown_item', 'item');
      assert.match(item.json.error.message, /99/);
      await refusedUnchanged(() => give(owner, P.id, { version: 7, stance: 'support' }), 404, 'unknown_version', 'version');
      await refusedUnchanged(() => give(owner, P.id, { stance: 'support', channel: 'fax' }), 422, 'bad_channel', 'channel');
      await refusedUnchanged(() => give(owner, P.id, { stance: 'support', source: 'mayor' }), 422, 'bad_source', 'source');
      // non-staff setting an expert's or designer's source
      await refusedUnchanged(() => give(owner, P.id, { stance: 'support', source: 'expert' }), 403, 'source_not_allowed', 'source');
      await refusedUnchanged(() => give(head, P.id, { stance: 'support', source: 'designer' }), 403, 'source_not_allowed', 'source');
      // an online opinion's source is the account's
      await refusedUnchanged(() => give(resident, P.id, { stance: 'support', source: 'owner' }), 422, 'source_not_yours', 'source');
      // paper is for heads and staff
      await refusedUnchanged(() => give(owner, P.id, { channel: 'paper', author_name: '王', source: 'owner', stance: 'support' }),
        403, 'not_allowed', 'channel');
      await refusedUnchanged(() => give(head, P.id, { channel: 'paper', unit: '1栋1单元101', source: 'owner', stance: 'support' }),
        422, 'required', 'author_name');
      await refusedUnchanged(() => give(head, P.id, { channel: 'paper', author_name: '王', unit: '1栋1单元101', stance: 'support' }),
        422, 'required', 'source');
      await refusedUnchanged(() => give(head, P.id, { channel: 'paper', author_name: '王', unit: '一号楼', source: 'owner', stance: 'support' }),
        422, 'bad_unit', 'unit');
      const unknown = await refusedUnchanged(() => give(staff, P.id, { channel: 'paper', author_name: '王', unit: '1栋1单元9901', source: 'owner', stance: 'support' }),
        422, 'unknown_unit', 'unit');
      assert.match(unknown.json.error.message, /1栋1单元9901/);
      // the messages are in the caller's language
      const en = await owner.post(`/api/v1/plans/${P.id}/opinions`, { stance: 'oppose' }, { headers: { 'accept-language': 'en' } });
      assert.match(en.json.error.message, /required for oppose and suggest/);
    });

    test('a draft version takes no opinions (409 to staff, 404 to others), nor a plan with nothing published (409)', async () => {
      const d = await staff.post(`/api/v1/plans/${P.id}/draft`, {});
      assert.equal(d.status, 201, d.text);
      await refusedUnchanged(() => give(staff, P.id, { version: d.json.number, stance: 'support' }), 409, 'not_published', 'version');
      // to a resident a draft is not there at all
      await refusedUnchanged(() => give(owner, P.id, { version: d.json.number, stance: 'support' }), 404, 'unknown_version', 'version');
      // without a version, the newest published one (1) still takes them
      const ok = await give(owner, P.id, { stance: 'support' });
      assert.equal(ok.status, 201, ok.text);
      const Q = await newPlan('未公布的方案', { publish: false });
      await refusedUnchanged(() => give(owner, Q.id, { stance: 'support' }), 409, 'not_published', 'version');
      refused(await owner.get(`/api/v1/plans/${Q.id}/summary`), 409, 'not_published');
    });

    test('a closed consultation takes no more opinions (409)', async () => {
      const R = await newPlan('提前结束征求意见的方案');
      const c = await staff.post(`/api/v1/plans/${R.id}/consultation/close`, { version: 1 });
      assert.equal(c.status, 200, c.text);
      const r = await refusedUnchanged(() => give(owner, R.id, { stance: 'support' }), 409, 'consultation_closed', 'version');
      assert.match(r.json.error.message, /第 1 版/);
      await refusedUnchanged(() => give(head, R.id, {
        channel: 'paper', author_name: '王奶奶', unit: '1栋1单元101', source: 'owner', stance: 'support',
      }), 409, 'consultation_closed', 'version');
      // what was said stays readable
      const s = await owner.get(`/api/v1/plans/${R.id}/summary`);
      assert.equal(s.status, 200, s.text);
      assert.equal(s.json.consultation_open, false);
    });
  });

  describe('answers', () => {
    let P;
    let O;
    before(async () => {
      P = await newPlan('改造方案（答复）');
      const r = await give(owner, P.id, { item: P.keys[0], stance: 'suggest', body: '施工请避开午休时间。' });
      assert.equal(r.status, 201, r.text);
      O = r.json.id;
    });

    test('staff answer publicly; the owner sees the answer', async () => {
      const r = await answer(staff, O, { answer: 'adopted', body: '采纳：每天 12:00–14:00 停止噪声作业。' });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, { id: O, plan_id: P.id, version: 1 });
      const o = await row(O);
      assert.deepEqual([o.answer, o.answerBody], ['adopted', '采纳：每天 12:00–14:00 停止噪声作业。']);
      const list = await owner.get(`/api/v1/plans/${P.id}/opinions?version=1`);
      assert.equal(list.status, 200, list.text);
      const mine = list.json.items.find((x) => x.id === O);
      assert.equal(mine.answer.answer, 'adopted');
      assert.equal(mine.answer.body, '采纳：每天 12:00–14:00 停止噪声作业。');
      assert.match(mine.answer.answered_at, /\+08:00$/);
      assert.equal(await auditCount('plan.answer', O), 1);
    });

    test('answering again replaces the answer, and the audit keeps the one replaced', async () => {
      const r = await answer(staff, O, { answer: 'explained', body: '经与施工单位商量，改为 12:00–13:30。' });
      assert.equal(r.status, 200, r.text);
      assert.equal((await row(O)).answer, 'explained');
      assert.equal(await auditCount('plan.answer.replace', O), 1);
      const det = (await sql(srv.db, `SELECT details FROM audit WHERE action = 'plan.answer.replace' AND object_id = ${O}`)).trim();
      assert.match(det, /"replaces":\s*"adopted"/);
    });

    test('an answer needs its kind and its words; only staff answer', async () => {
      await refusedUnchanged(() => answer(staff, O, { answer: 'adopted', body: '' }), 422, 'required', 'body');
      await refusedUnchanged(() => answer(staff, O, { answer: 'maybe', body: '好' }), 422, 'bad_answer', 'answer');
      await refusedUnchanged(() => answer(staff, O, { body: '好' }), 422, 'required', 'answer');
      await refusedUnchanged(() => answer(owner, O, { answer: 'adopted', body: '好' }), 403, 'forbidden');
      await refusedUnchanged(() => answer(head, O, { answer: 'adopted', body: '好' }), 403, 'forbidden');
      await refusedUnchanged(() => answer(staff, 999999, { answer: 'adopted', body: '好' }), 404, 'not_found');
    });
  });

  describe('summary and privacy', () => {
    let P;
    let mine;
    let theirs;
    let sheet;
    before(async () => {
      P = await newPlan('改造方案（汇总）');
      const [k1, k2] = P.keys;
      const made = [];
      for (const [a, body] of [
        [owner, { stance: 'support' }],
        [owner, { item: k1, stance: 'support' }],
        [resident, { item: k1, stance: 'support' }],
        [head, { item: k1, stance: 'oppose', body: '路面挖开太久。', channel: 'paper', author_name: '王奶奶', unit: '1栋1单元101', source: 'owner' }],
        [staff, { item: k1, stance: 'suggest', body: '分段施工。', source: 'designer', author_name: '市政设计院' }],
        [resident, { item: k2, stance: 'oppose', body: '挡住二楼采光。' }],
      ]) {
        const r = await give(a, P.id, body);
        assert.equal(r.status, 201, r.text);
        made.push(r.json.id);
      }
      mine = made[1];
      theirs = made[2];
      sheet = made[3];
      const a = await answer(staff, made[4], { answer: 'adopted', body: '分三段施工。' });
      assert.equal(a.status, 200, a.text);
    });

    test('the summary counts each item\'s stances and unanswered opinions, the whole plan as item 0', async () => {
      const s = await owner.get(`/api/v1/plans/${P.id}/summary`);
      assert.equal(s.status, 200, s.text);
      assert.equal(s.json.version, 1);
      assert.equal(s.json.consultation_open, true);
      assert.equal(s.json.consult_until, UNTIL);
      const by = Object.fromEntries(s.json.items.map((i) => [i.item, [i.support, i.oppose, i.suggest, i.unanswered, i.total]]));
      assert.deepEqual(by, {
        0: [1, 0, 0, 1, 1],
        [P.keys[0]]: [2, 1, 1, 3, 4],
        [P.keys[1]]: [0, 1, 0, 1, 1],
      });
      assert.equal(s.json.items[1].title, ITEMS[0].title);
    });

    test('names are masked for an owner reading others\' opinions; their own and those in office are not', async () => {
      const list = await owner.get(`/api/v1/plans/${P.id}/opinions`);
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json.total, 6);
      const by = Object.fromEntries(list.json.items.map((i) => [i.id, i]));
      const ownerName = (await sql(srv.db, "SELECT display_name FROM accounts WHERE name = 'owner'")).trim();
      assert.equal(by[mine].author, ownerName);
      assert.equal(by[theirs].author, '赵**');
      assert.equal(by[sheet].author, '王**');
      assert.equal(by[sheet].unit, undefined, 'another person\'s unit shown to an owner');
      assert.equal(by[sheet].entered_by, 'head');
      // oldest first within an item, the whole plan first
      assert.deepEqual(list.json.items.map((i) => i.item), [0, P.keys[0], P.keys[0], P.keys[0], P.keys[0], P.keys[1]]);
      // staff and the head (for their building) see the names
      const s = await staff.get(`/api/v1/plans/${P.id}/opinions`);
      assert.equal(s.json.items.find((i) => i.id === theirs).author, '赵小红');
      const h = await head.get(`/api/v1/plans/${P.id}/opinions`);
      assert.equal(h.json.items.find((i) => i.id === sheet).author, '王奶奶');
    });
  });

  describe('the consultation page', () => {
    let P;
    let ownerC;
    let staffC;
    let headC;
    let handrail;
    before(async () => {
      P = await newPlan('改造方案（页面）');
      const r = await give(resident, P.id, { item: P.keys[1], stance: 'suggest', body: '电梯口加个扶手<script>' });
      assert.equal(r.status, 201, r.text);
      handrail = r.json.id;
      ownerC = await loggedIn(srv.url, 'owner');
      staffC = await loggedIn(srv.url, 'staff');
      headC = await loggedIn(srv.url, 'head');
    });

    test('an owner sees items, counts in words, opinions escaped, and a form to give one; no entry or answer forms', async () => {
      const r = await ownerC.get(`/plans/${P.id}/consultation`);
      assert.equal(r.status, 200, r.body);
      assert.match(r.body, /雨污分流改造/);
      assert.match(r.body, /1栋加装电梯/);
      assert.match(r.body, /支持 0 条，反对 0 条，建议 1 条；待答复 1 条。/);
      assert.match(r.body, /电梯口加个扶手&lt;script&gt;/);
      assert.match(r.body, /赵\*\*/);
      assert.doesNotMatch(r.body, /赵小红/);
      assert.match(r.body, new RegExp(`action="/plans/${P.id}/opinions"`));
      assert.match(r.body, /name="stance" value="oppose"/);
      assert.doesNotMatch(r.body, /name="author_name"/);
      assert.doesNotMatch(r.body, /\/answer"/);
    });

    test('an owner gives an opinion through the form and is sent back with a notice', async () => {
      const page = await ownerC.get(`/plans/${P.id}/consultation?version=1`);
      const before = await counts();
      const r = await ownerC.post(`/plans/${P.id}/opinions`, {
        csrf: csrfOf(page.body), version: '1', item: String(P.keys[0]), stance: 'support', body: '早该修了。',
      });
      assert.equal(r.status, 303, r.body);
      const loc = r.headers.get('location');
      assert.match(loc, new RegExp(`^/plans/${P.id}/consultation\\?version=1&done=opinion#opinion-\\d+$`));
      assert.notEqual(await counts(), before);
      const id = Number(loc.split('#opinion-')[1]);
      assert.deepEqual([(await row(id)).source, (await row(id)).item], ['owner', P.keys[0]]);
      const back = await ownerC.get(loc.split('#')[0]);
      assert.equal(noticeOf(back.body), '意见已记录，谢谢。');
    });

    test('a refused form comes back with the error and writes nothing', async () => {
      const page = await ownerC.get(`/plans/${P.id}/consultation`);
      const before = await counts();
      const r = await ownerC.post(`/plans/${P.id}/opinions`, { csrf: csrfOf(page.body), version: '1', item: '0', stance: 'oppose', body: '' });
      assert.equal(r.status, 422);
      assert.equal(noticeOf(r.body), '反对或提建议时，请写明意见内容。');
      assert.equal(await counts(), before);
    });

    test('a head enters a paper opinion through the entry form; the page says who entered it', async () => {
      const page = await headC.get(`/plans/${P.id}/consultation`);
      assert.equal(page.status, 200);
      assert.match(page.body, /name="author_name"/);
      assert.doesNotMatch(page.body, /<option value="expert"/); // experts' opinions are staff's to enter
      const r = await headC.post(`/plans/${P.id}/opinions`, {
        csrf: csrfOf(page.body), entry: '1', channel: 'paper', version: '1', author_name: '刘爷爷', unit: '2栋1单元101',
        source: 'resident', item: String(P.keys[1]), stance: 'oppose', body: '担心噪音。',
      });
      assert.equal(r.status, 303, r.body);
      const id = Number(r.headers.get('location').split('#opinion-')[1]);
      const o = await row(id);
      assert.deepEqual([o.channel, o.source, o.author, o.account], ['paper', 'resident', '刘爷爷', ids.head]);
      const shown = await ownerC.get(`/plans/${P.id}/consultation`);
      assert.match(shown.body, /纸质意见，邻长代录/);
      assert.match(shown.body, /刘\*\*/);
      // outside the head's buildings: the form comes back with 403 and the words
      const out = await headC.post(`/plans/${P.id}/opinions`, {
        csrf: csrfOf(page.body), entry: '1', channel: 'paper', version: '1', author_name: '刘爷爷', unit: '20栋1单元101',
        source: 'resident', item: '0', stance: 'support', body: '',
      });
      assert.equal(out.status, 403);
      assert.equal(noticeOf(out.body), '邻长只能为自己负责楼栋的居民录入意见。');
      assert.match(out.body, /value="20栋1单元101"/); // what was typed is kept
    });

    test('staff see the entry form (with experts and designers) and answer through the form; the owner sees the answer', async () => {
      const page = await staffC.get(`/plans/${P.id}/consultation`);
      assert.equal(page.status, 200);
      assert.match(page.body, /<option value="expert"/);
      assert.match(page.body, new RegExp(`action="/plans/opinions/${handrail}/answer"`), 'no answer form for staff');
      const r = await staffC.post(`/plans/opinions/${handrail}/answer`, { csrf: csrfOf(page.body), answer: 'explained', body: '扶手已列入电梯设计。' });
      assert.equal(r.status, 303, r.body);
      assert.match(r.headers.get('location'), new RegExp(`^/plans/${P.id}/consultation\\?version=1&done=answer#opinion-${handrail}$`));
      assert.equal((await row(handrail)).answer, 'explained');
      const seen = await ownerC.get(`/plans/${P.id}/consultation`);
      assert.match(seen.body, /社区答复（解释说明，/);
      assert.match(seen.body, /扶手已列入电梯设计。/);
      const bad = await staffC.post(`/plans/opinions/${handrail}/answer`, { csrf: csrfOf(page.body), answer: 'adopted', body: '' });
      assert.equal(bad.status, 422);
      assert.match(noticeOf(bad.body), /答复内容/);
    });

    test('a closed consultation shows what was said and offers no forms', async () => {
      const R = await newPlan('改造方案（已结束）');
      await give(owner, R.id, { stance: 'support' });
      const c = await staff.post(`/api/v1/plans/${R.id}/consultation/close`, { version: 1 });
      assert.equal(c.status, 200, c.text);
      const r = await ownerC.get(`/plans/${R.id}/consultation`);
      assert.equal(r.status, 200);
      assert.match(r.body, /意见征集已结束/);
      assert.doesNotMatch(r.body, /name="stance"/);
    });
  });
});
