// stationed.test.mjs: units stationed in the area (驻区单位, issue 9). An org account registers
// its one unit with a contact and its offers (资源清单); staff may enter a unit without an
// account; a resident cannot register one. Staff confirm or decline once. A unit is public to
// the community once confirmed, its contact's name masked and its phone shown only to staff and
// the unit itself. The unit (or staff) adds and withdraws offers; staff match an offer to a
// problem or a plan item that exists in the community (422 otherwise) and record what was
// delivered, once. Every refusal leaves the units, offers and audit log as they were.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dropDb, yuanli, sql, csrfOf, noticeOf, loggedIn, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, count } from './lib/problems.mjs';
import { unchangedBy, refusedWith } from './lib/refusals.mjs';

describe('stationed units: register, decide, offers matched and delivered', SUITE, () => {
  let base;
  let srv;
  const a = {}; // API clients by login
  let unit; // st-org1's unit, confirmed
  let hospital; // entered by staff, no account, confirmed
  let declined; // entered by staff, declined
  let offers; // st-org1's offers by title
  let problem; // a demo problem of community 1
  let planItem; // {plan, key} of a demo plan item

  const state = async () => (await sql(base.db, 'SELECT count(*) FROM audit')).trim() + '\n' +
    (await sql(base.db, 'SELECT id, state FROM stationed_units ORDER BY id')).trim() + '\n' +
    (await sql(base.db, 'SELECT id, state, match_type, match_id, match_key, delivered FROM unit_offers ORDER BY id')).trim();
  const unchanged = unchangedBy(state);
  const url = '/api/v1/communities/1/stationed-units';

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    await Promise.all(['st-org1', 'st-org2'].map(async (u) => {
      const r = await yuanli(['user', 'add', u, '--grant', 'org@1', '--db', base.db],
        { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(r.code, 0, r.stderr);
    }));
    await Promise.all(['staff', 'owner', 'volunteer', 'st-org1', 'st-org2'].map(async (u) => {
      a[u] = api(srv.url, await tokenFor(srv, u));
    }));
    problem = await count(base.db, 'SELECT min(id) FROM problems WHERE community_id = 1');
    const [plan, key] = (await sql(base.db, 'SELECT v.plan_id, min(i.key) FROM plan_items i JOIN plan_versions v ' +
      'ON v.id = i.version_id WHERE v.community_id = 1 AND v.published_at IS NOT NULL GROUP BY v.plan_id ORDER BY v.plan_id LIMIT 1'))
      .trim().split('|').map(Number);
    planItem = { plan, key };
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  test('an org account registers its one unit with offers; residents cannot; bad input changes nothing', async () => {
    const u = { name: '中国电信长沙分公司雨花营业部', contact_name: '陈晓东', contact_phone: '0731-85551234',
      offers: [{ title: '免费检修入户网络', body: '每月第一个周六上门。' }, { title: '捐赠楼道监控设备' }] };
    refusedWith(await unchanged(() => a.owner.post(url, u), 'owner'), 403, 'not_org');
    refusedWith(await unchanged(() => a.volunteer.post(url, u), 'volunteer'), 403, 'not_org');
    refusedWith(await unchanged(() => a['st-org1'].post(url, { ...u, name: '' }), 'no name'), 422, 'required');
    refusedWith(await unchanged(() => a['st-org1'].post(url, { ...u, contact_name: '' }), 'no contact'), 422, 'required');
    refusedWith(await unchanged(() => a['st-org1'].post(url, { ...u, contact_phone: 'call me' }), 'phone'), 422, 'bad_phone');
    refusedWith(await unchanged(() => a['st-org1'].post(url, { ...u, offers: 'all' }), 'offers'), 422, 'bad_offers');
    refusedWith(await unchanged(() => a['st-org1'].post(url, { ...u, offers: [{ body: '无标题' }] }), 'offer title'), 422);
    const r = await a['st-org1'].post(url, u);
    assert.equal(r.status, 201, r.text);
    unit = r.json.id;
    refusedWith(await unchanged(() => a['st-org1'].post(url, { ...u, name: '另一个单位' }), 'twice'), 409,
      'already_registered');
    refusedWith(await unchanged(() => a['st-org2'].post(url, u), 'same name'), 409, 'name_taken');
    const g = await a['st-org1'].get(`/api/v1/stationed-units/${unit}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.state, 'applied');
    assert.equal(g.json.mine, true);
    assert.equal(g.json.contact_phone, '0731-85551234');
    assert.deepEqual(g.json.offers.map((o) => [o.title, o.state]), [['免费检修入户网络', 'offered'], ['捐赠楼道监控设备', 'offered']]);
    offers = Object.fromEntries(g.json.offers.map((o) => [o.title, o.id]));
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'stationed.register' AND object_id = ${unit}`), 1);
    // staff enter units that have no account of their own
    const h = await a.staff.post(url, { name: '雨花区妇幼保健院', contact_name: '刘芳', contact_phone: '13907311234',
      offers: [{ title: '每季度一次义诊' }] });
    assert.equal(h.status, 201, h.text);
    hospital = h.json.id;
    const d = await a.staff.post(url, { name: '某广告公司', contact_name: '王五' });
    assert.equal(d.status, 201, d.text);
    declined = d.json.id;
  });

  test('until staff confirm it, a unit is seen only by itself and staff; a decision is taken once', async () => {
    assert.equal((await a.owner.get(`/api/v1/stationed-units/${unit}`)).status, 404);
    assert.ok(!(await a.owner.get(url)).json.items.some((u) => u.id === unit), 'listed before confirmed');
    refusedWith(await unchanged(() => a['st-org1'].post(`/api/v1/stationed-units/${unit}/confirm`, {}), 'self'), 403,
      'forbidden');
    // nothing is matched or delivered for a unit not yet confirmed
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/offers/${offers['免费检修入户网络']}/match`,
      { problem_id: problem }), 'unconfirmed'), 409, 'unit_not_confirmed');
    for (const id of [unit, hospital]) {
      const r = await a.staff.post(`/api/v1/stationed-units/${id}/confirm`, {});
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.state, 'confirmed');
    }
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/stationed-units/${unit}/decline`, {}), 'twice'), 409,
      'already_decided');
    const d = await a.staff.post(`/api/v1/stationed-units/${declined}/decline`, {});
    assert.equal(d.status, 200, d.text);
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/stationed-units/${declined}/offers`, { title: '广告' }),
      'declined'), 409, 'declined');
    assert.equal((await a.owner.get(`/api/v1/stationed-units/${declined}`)).status, 404);
  });

  test('the community sees confirmed units with masked contacts; phones only to staff and the unit itself', async () => {
    const l = await a.owner.get(url);
    assert.equal(l.status, 200, l.text);
    const ids = l.json.items.map((u) => u.id);
    assert.ok(ids.includes(unit) && ids.includes(hospital) && !ids.includes(declined), ids.join());
    assert.equal(l.json.total, ids.length);
    for (const u of l.json.items) {
      assert.equal(u.contact_phone, null);
      assert.match(u.contact_name, /^.\*+$/);
    }
    // another org account sees the unit but not its phone; the unit sees its own
    const other = await a['st-org2'].get(`/api/v1/stationed-units/${unit}`);
    assert.equal(other.json.contact_phone, null);
    assert.equal(other.json.mine, false);
    const own = await a['st-org1'].get(url);
    const mine = own.json.items.find((u) => u.id === unit);
    assert.equal(mine.contact_phone, '0731-85551234');
    assert.equal(own.json.items.find((u) => u.id === hospital).contact_phone, null);
    const s = await a.staff.get(url);
    assert.ok(s.json.items.some((u) => u.id === declined), 'staff see the declined one too');
    assert.equal(s.json.items.find((u) => u.id === hospital).contact_phone, '13907311234');
  });

  test('offers: the unit or staff add and withdraw them; others cannot', async () => {
    refusedWith(await unchanged(() => a['st-org2'].post(`/api/v1/stationed-units/${unit}/offers`, { title: '抢单' }),
      'other org'), 403, 'not_your_unit');
    refusedWith(await unchanged(() => a.owner.post(`/api/v1/stationed-units/${unit}/offers`, { title: '抢单' }),
      'owner'), 403, 'not_your_unit');
    refusedWith(await unchanged(() => a['st-org1'].post(`/api/v1/stationed-units/${unit}/offers`, { title: '' }),
      'empty'), 422, 'required');
    const r = await a['st-org1'].post(`/api/v1/stationed-units/${unit}/offers`, { title: '提供施工围挡', body: '可提供 50 米' });
    assert.equal(r.status, 201, r.text);
    offers['提供施工围挡'] = r.json.id;
    const w1 = await a['st-org1'].post(`/api/v1/stationed-units/${unit}/offers`, { title: '临时撤回的一项' });
    refusedWith(await unchanged(() => a['st-org2'].post(`/api/v1/offers/${w1.json.id}/withdraw`, {}), 'other'), 403,
      'not_your_unit');
    const w = await a['st-org1'].post(`/api/v1/offers/${w1.json.id}/withdraw`, {});
    assert.equal(w.status, 200, w.text);
    assert.equal(w.json.state, 'withdrawn');
    refusedWith(await unchanged(() => a['st-org1'].post(`/api/v1/offers/${w1.json.id}/withdraw`, {}), 'twice'), 409,
      'wrong_state');
  });

  test('staff match an offer to a problem or a plan item that exists here; unknown ones are 422', async () => {
    const m = (name) => `/api/v1/offers/${offers[name]}/match`;
    refusedWith(await unchanged(() => a['st-org1'].post(m('免费检修入户网络'), { problem_id: problem }), 'org'), 403, 'forbidden');
    refusedWith(await unchanged(() => a.staff.post(m('免费检修入户网络'), {}), 'nothing'), 422, 'match_required');
    refusedWith(await unchanged(() => a.staff.post(m('免费检修入户网络'), { problem_id: problem, plan_id: planItem.plan,
      key: planItem.key }), 'both'), 422, 'match_required');
    refusedWith(await unchanged(() => a.staff.post(m('免费检修入户网络'), { problem_id: 999999 }), 'unknown problem'), 422,
      'unknown_problem');
    refusedWith(await unchanged(() => a.staff.post(m('免费检修入户网络'), { plan_id: planItem.plan, key: 9999 }),
      'unknown item'), 422, 'unknown_item');
    refusedWith(await unchanged(() => a.staff.post(m('免费检修入户网络'), { plan_id: 999999, key: 1 }), 'unknown plan'), 422,
      'unknown_item');
    refusedWith(await unchanged(() => a.staff.post(m('免费检修入户网络'), { plan_id: planItem.plan }), 'no key'), 422, 'required');
    // a problem of another community is unknown here
    const foreign = await count(base.db, 'SELECT coalesce(min(id), 0) FROM problems WHERE community_id <> 1');
    if (foreign)
      refusedWith(await unchanged(() => a.staff.post(m('免费检修入户网络'), { problem_id: foreign }), 'foreign'), 422,
        'unknown_problem');
    let r = await a.staff.post(m('免费检修入户网络'), { problem_id: problem });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'matched');
    r = await a.staff.post(m('提供施工围挡'), { plan_id: planItem.plan, key: planItem.key });
    assert.equal(r.status, 200, r.text);
    const g = await a.owner.get(`/api/v1/stationed-units/${unit}`);
    const byTitle = Object.fromEntries(g.json.offers.map((o) => [o.title, o]));
    assert.deepEqual(byTitle['免费检修入户网络'].match.problem_id, problem);
    assert.equal(byTitle['提供施工围挡'].match.type, 'plan_item');
    assert.equal(byTitle['提供施工围挡'].match.plan_id, planItem.plan);
    assert.equal(byTitle['提供施工围挡'].match.key, planItem.key);
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'offer.match' AND object_id IN (${offers['免费检修入户网络']}, ${offers['提供施工围挡']})`), 2);
  });

  test('staff record what was delivered, once; a delivered offer is neither withdrawn nor re-matched', async () => {
    const id = offers['提供施工围挡'];
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/offers/${id}/deliver`, {}), 'empty'), 422, 'required');
    refusedWith(await unchanged(() => a['st-org1'].post(`/api/v1/offers/${id}/deliver`, { delivered: '自己说的' }), 'org'), 403,
      'forbidden');
    const r = await a.staff.post(`/api/v1/offers/${id}/deliver`, { delivered: '提供施工围挡50米' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'delivered');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/offers/${id}/deliver`, { delivered: '又一次' }), 'twice'), 409,
      'already_delivered');
    refusedWith(await unchanged(() => a['st-org1'].post(`/api/v1/offers/${id}/withdraw`, {}), 'withdraw'), 409, 'wrong_state');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/offers/${id}/match`, { problem_id: problem }), 'rematch'), 409,
      'wrong_state');
    const g = await a.owner.get(`/api/v1/stationed-units/${unit}`);
    const o = g.json.offers.find((x) => x.id === id);
    assert.equal(o.delivered, '提供施工围挡50米');
    assert.ok(o.delivered_at);
  });

  test('pages: the public list, staff forms with the phone, an org registering through the form', async () => {
    const owner = await loggedIn(srv.url, 'owner');
    let page = await owner.get('/stationed');
    assert.equal(page.status, 200);
    assert.match(page.body, /中国电信长沙分公司雨花营业部/);
    assert.match(page.body, /提供施工围挡50米/);
    assert.doesNotMatch(page.body, /0731-85551234|某广告公司|驻区单位报到/);
    page = await owner.get(`/stationed/${unit}`);
    assert.doesNotMatch(page.body, /0731-85551234|陈晓东/);
    assert.doesNotMatch(page.body, /记录兑现/);

    const staff = await loggedIn(srv.url, 'staff');
    page = await staff.get(`/stationed/${unit}`);
    assert.match(page.body, /0731-85551234/);
    assert.match(page.body, /记录兑现/);
    let r = await staff.post(`/stationed/offers/${offers['免费检修入户网络']}/match`,
      { csrf: csrfOf(page.body), problem_id: '999999', plan_id: '', key: '' });
    assert.equal(r.status, 422);
    assert.match(noticeOf(r.body), /#999999/);
    r = await staff.post(`/stationed/offers/${offers['免费检修入户网络']}/deliver`,
      { csrf: csrfOf(page.body), delivered: '检修入户网络 12 户' });
    assert.equal(r.status, 303);

    const org = await loggedIn(srv.url, 'st-org2');
    page = await org.get('/stationed');
    assert.match(page.body, /驻区单位报到/);
    r = await org.post('/stationed', { csrf: csrfOf(page.body), name: '雨花区第一中学', contact_name: '周老师',
      contact_phone: '', offer_title: '周末开放操场' });
    assert.equal(r.status, 303, noticeOf(r.body));
    const id = Number(/^\/stationed\/(\d+)\?done=1$/.exec(r.headers.get('location'))[1]);
    page = await org.get(`/stationed/${id}`);
    assert.match(page.body, /周末开放操场/);
    assert.match(page.body, /待社区确认/);
  });
});
