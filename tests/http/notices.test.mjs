// notices.test.mjs: the notice board (公示栏, issue 11). Staff write drafts that only those who
// manage notices see (404 to anyone else, pages and API), publish them (period defaults by kind,
// the audit head kept), and withdraw them with a reason; a published notice is never edited (409).
// The public list shows what is up now, the archive what has ended, "for my building" and
// ?building= what concerns a building; a notice not yet begun is hidden. The committee writes
// finance notices only; only publicists (and staff) record deliveries. Raw HTML in a body is
// text on the page. Publishing a decision or a plan version posts its notice.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dropDb, yuanli, sql, csrfOf, loggedIn, client, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, shanghaiDate } from './lib/problems.mjs';
import { unchangedBy, refusedWith } from './lib/refusals.mjs';

describe('notices: drafts, publishing, periods, audience, deliveries, hooks', SUITE, () => {
  let base;
  let srv;
  const a = {};
  const url = '/api/v1/communities/1/notices';
  const state = async () => (await sql(base.db, 'SELECT count(*) FROM audit')).trim() + '\n' +
    (await sql(base.db, 'SELECT id, state, title, starts_at, ends_at FROM notices ORDER BY id')).trim() + '\n' +
    (await sql(base.db, 'SELECT count(*) FROM notice_deliveries')).trim();
  const unchanged = unchangedBy(state);
  const ids = (r) => r.json.items.map((n) => n.id);
  async function draft(who, body) {
    const r = await a[who].post(url, { title: '停水通知', body: '- 周六 8:00-12:00\n- 请提前储水', ...body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }
  async function published(body) {
    const id = await draft('staff', body);
    const r = await a.staff.post(`/api/v1/notices/${id}/publish`, {});
    assert.equal(r.status, 200, r.text);
    return r.json;
  }

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    const r = await yuanli(['user', 'add', 'nt-publicist', '--grant', 'volunteer@1', '--db', base.db],
      { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
    assert.equal(r.code, 0, r.stderr);
    await Promise.all(['staff', 'owner', 'committee', 'volunteer', 'head', 'nt-publicist'].map(async (u) => {
      a[u] = api(srv.url, await tokenFor(srv, u));
    }));
    a.anon = api(srv.url, null);
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  test('a draft is seen only by those who manage notices: 404 to others, API and pages', async () => {
    const id = await draft('staff', { title: '草稿：电梯维保' });
    for (const who of ['anon', 'owner', 'volunteer', 'head']) {
      refusedWith(await a[who].get(`/api/v1/notices/${id}`), 404);
      assert.ok(!ids(await a[who].get(url)).includes(id), who);
    }
    assert.equal((await client(srv.url).get(`/notices/${id}`)).status, 404);
    const owner = await loggedIn(srv.url, 'owner');
    assert.equal((await owner.get(`/notices/${id}`)).status, 404);
    assert.ok(!(await owner.get('/notices')).body.includes('草稿：电梯维保'));
    refusedWith(await a.owner.get(`${url}?state=draft`), 403);
    // staff see it, in the drafts list and on its page
    assert.equal((await a.staff.get(`/api/v1/notices/${id}`)).json.state, 'draft');
    assert.ok(ids(await a.staff.get(`${url}?state=draft`)).includes(id));
    const staff = await loggedIn(srv.url, 'staff');
    assert.ok((await staff.get('/notices')).body.includes('草稿：电梯维保'));
    assert.equal((await staff.get(`/notices/${id}`)).status, 200);
  });

  test('publishing sets the period by kind and the audit head; then it is public and never edited', async () => {
    const id = await draft('staff', { title: '公示：楼道粉刷' });
    const head = (await sql(base.db, 'SELECT hash FROM audit WHERE community_id = 1 ORDER BY seq DESC LIMIT 1')).trim();
    const p = await a.staff.post(`/api/v1/notices/${id}/publish`, {});
    assert.equal(p.status, 200, p.text);
    const n = p.json;
    assert.equal(n.state, 'published');
    assert.equal(n.audit_head, head);
    // an announcement: 7 days from today
    assert.equal(n.starts_on, shanghaiDate(Number(await sql(base.db, `SELECT starts_at FROM notices WHERE id = ${n.id}`))));
    const [s, e] = (await sql(base.db, `SELECT starts_at, ends_at FROM notices WHERE id = ${n.id}`)).trim().split('|').map(Number);
    assert.equal(e - s, 7 * 86400);
    assert.ok(ids(await a.anon.get(url)).includes(n.id));
    assert.equal((await a.anon.get(`/api/v1/notices/${n.id}`)).json.title, '公示：楼道粉刷');
    refusedWith(await unchanged(() => a.staff.patch(`/api/v1/notices/${n.id}`, { title: '改一下' }), 'edit'), 409, 'published');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/notices/${n.id}/publish`, {}), 'again'), 409, 'wrong_state');
    // a correction is a new notice naming the old one
    const c = await published({ title: '更正：楼道粉刷', replaces_id: n.id, kind: 'other' });
    assert.equal(c.replaces_id, n.id);
    // the finance kind stays up 30 days
    const f = await published({ title: '十一月财务公开', kind: 'finance' });
    assert.equal(Number((await sql(base.db, `SELECT ends_at - starts_at FROM notices WHERE id = ${f.id}`)).trim()), 30 * 86400);
  });

  test('bad input is named and changes nothing', async () => {
    refusedWith(await unchanged(() => a.staff.post(url, { title: '' }), 'title'), 422, 'required');
    refusedWith(await unchanged(() => a.staff.post(url, { title: 'x', kind: 'poster' }), 'kind'), 422, 'bad_kind');
    refusedWith(await unchanged(() => a.staff.post(url, { title: 'x', audience: [{ building: '99栋' }] }), 'building'), 422, 'unknown_building');
    refusedWith(await unchanged(() => a.staff.post(url, { title: 'x', starts_on: '2030-02-10', ends_on: '2030-02-01' }), 'period'), 422, 'bad_period');
    refusedWith(await unchanged(() => a.staff.post(url, { title: 'x', starts_on: '2030-02-30' }), 'date'), 422);
  });

  test('the period: not yet begun is hidden, ended is in the archive', async () => {
    const today = shanghaiDate(Number(await sql(base.db, 'SELECT max(created_at) FROM notices')));
    const future = await published({ title: '下月停电', starts_on: '2099-01-01', ends_on: '2099-01-10' });
    assert.ok(!ids(await a.anon.get(url)).includes(future.id));
    refusedWith(await a.anon.get(`/api/v1/notices/${future.id}`), 404);
    assert.ok(ids(await a.staff.get(`${url}?state=scheduled`)).includes(future.id));
    // ended: written straight into the row (a period cannot be published already over)
    const old = await published({ title: '上月停电' });
    await sql(base.db, `UPDATE notices SET starts_at = starts_at - 40 * 86400, ends_at = starts_at - 30 * 86400 WHERE id = ${old.id}`);
    assert.ok(!ids(await a.anon.get(url)).includes(old.id));
    assert.ok(ids(await a.anon.get(`${url}?archive=1`)).includes(old.id));
    assert.equal((await a.anon.get(`/api/v1/notices/${old.id}`)).status, 200);
    const page = await client(srv.url).get('/notices?archive=1');
    assert.ok(page.body.includes('上月停电'));
    assert.equal(today.length, 10);
    // an end already past is refused when written
    refusedWith(await unchanged(() => a.staff.post(url, { title: '过期', starts_on: '2020-01-01', ends_on: '2020-01-02' }),
      'past'), 422, 'bad_period');
  });

  test('audience: in words on the list, ?building= and "for my building" filter', async () => {
    const b3 = await published({ title: '3栋2单元管道检修', audience: [{ building: '3栋', stairwell: '2单元' }] });
    const b1 = await published({ title: '1栋外墙施工', audience: [{ building: '1栋' }] });
    const all = await published({ title: '全小区消杀' });
    assert.equal((await a.anon.get(`/api/v1/notices/${b3.id}`)).json.audience_text, '3栋2单元');
    assert.equal((await a.anon.get(`/api/v1/notices/${all.id}`)).json.audience_text, '全小区');
    const in3 = ids(await a.anon.get(`${url}?building=3栋`));
    assert.ok(in3.includes(b3.id) && in3.includes(all.id) && !in3.includes(b1.id));
    // the owner lives in 1栋1单元101
    const owner = await loggedIn(srv.url, 'owner');
    const mine = (await owner.get('/notices?mine=1')).body;
    assert.ok(mine.includes('1栋外墙施工') && mine.includes('全小区消杀') && !mine.includes('3栋2单元管道检修'));
    const list = (await client(srv.url).get('/notices')).body;
    assert.ok(list.includes('对象：3栋2单元') && list.includes('对象：全小区'));
    // a page's audiences are read together: each notice on the list keeps its own
    const items = Object.fromEntries((await a.anon.get(url)).json.items.map((n) => [n.id, n.audience_text]));
    assert.deepEqual([items[b3.id], items[b1.id], items[all.id]], ['3栋2单元', '1栋', '全小区']);
  });

  test('the committee posts finance notices only', async () => {
    refusedWith(await unchanged(() => a.committee.post(url, { title: '通知', kind: 'announcement' }), 'kind'), 403, 'kind_not_yours');
    const id = await draft('committee', { title: '十月收支', kind: 'finance' });
    const r = await a.committee.post(`/api/v1/notices/${id}/publish`, {});
    assert.equal(r.status, 200, r.text);
    // a staff draft of another kind is not the committee's to see or publish
    const other = await draft('staff', { title: '员工草稿' });
    refusedWith(await a.committee.get(`/api/v1/notices/${other}`), 404);
    refusedWith(await a.owner.post(url, { title: 'x' }), 403, 'forbidden');
  });

  test('deliveries: a volunteer needs the publicist duty, then "已送达 N 户" shows', async () => {
    const n = await published({ title: '入户宣传：垃圾分类' });
    const d = `/api/v1/notices/${n.id}/deliveries`;
    refusedWith(await unchanged(() => a.volunteer.post(d, { building: '1栋', households: 20 }), 'no duty'), 403, 'not_publicist');
    refusedWith(await unchanged(() => a.owner.post(d, { building: '1栋', households: 20 }), 'owner'), 403, 'forbidden');
    await sql(base.db, `INSERT INTO volunteers (community_id, account_id, name, state, applied_at)
      SELECT 1, id, '宣传员小王', 'confirmed', 0 FROM accounts WHERE name = 'nt-publicist'`);
    await sql(base.db, `INSERT INTO volunteer_duties (community_id, volunteer_id, role_id)
      SELECT 1, v.id, r.id FROM volunteers v, volunteer_roles r WHERE v.name = '宣传员小王' AND r.community_id = 1 AND r.code = 'publicist'`);
    refusedWith(await unchanged(() => a['nt-publicist'].post(d, { building: '1栋', households: 0 }), 'zero'), 422);
    assert.equal((await a['nt-publicist'].post(d, { building: '1栋', stairwell: '1单元', households: 24 })).status, 201);
    assert.equal((await a.staff.post(d, { building: '2栋', households: 30 })).status, 201);
    assert.equal((await a.anon.get(`/api/v1/notices/${n.id}`)).json.delivered, 54);
    assert.ok((await client(srv.url).get(`/notices/${n.id}`)).body.includes('已送达 54 户'));
  });

  test('withdrawing needs a reason; then the page says only 已撤回 and why', async () => {
    const n = await published({ title: '误发的通知', body: '这段话不该再看到' });
    const w = `/api/v1/notices/${n.id}/withdraw`;
    refusedWith(await unchanged(() => a.staff.post(w, {}), 'no reason'), 422, 'required');
    const r = await a.staff.post(w, { reason: '日期写错了' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'withdrawn');
    assert.equal(r.json.body, '');
    const page = (await client(srv.url).get(`/notices/${n.id}`)).body;
    assert.ok(page.includes('已撤回') && page.includes('日期写错了') && !page.includes('这段话不该再看到'));
    refusedWith(await unchanged(() => a.staff.post(w, { reason: '再撤' }), 'twice'), 409);
  });

  test('raw HTML in a body is text on the page; Markdown is formatted; the print page has the QR and hash', async () => {
    const n = await published({ body: '# 注意\n\n- 甲\n- 乙\n\n<script>alert(1)</script> <b>粗</b>' });
    const page = (await client(srv.url).get(`/notices/${n.id}`)).body;
    const read = page.match(/<div class="description" id="read">([\s\S]*?)<\/div>/);
    assert.ok(read, 'the body is on the page');
    assert.equal(read[1], '<h2>注意</h2><ul><li>甲</li><li>乙</li></ul><p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;粗&lt;/b&gt;</p>');
    assert.ok(page.includes('data-read="read"'), 'a read-aloud button');
    const print = (await client(srv.url).get(`/notices/${n.id}/print`)).body;
    assert.ok(print.includes('<svg') && print.includes(n.audit_head) && print.includes(`/notices/${n.id}`));
  });

  test('a staff form: create a draft on the page and publish it', async () => {
    const staff = await loggedIn(srv.url, 'staff');
    const csrf = csrfOf((await staff.get('/notices/new')).body);
    const r = await staff.post('/notices', { csrf, title: '表单写的通知', kind: 'announcement', body: '1. 一\n2. 二', audience: '2栋、3栋1单元' });
    assert.equal(r.status, 303, r.body);
    const id = r.headers.get('location').match(/\/notices\/(\d+)/)[1];
    assert.equal((await a.staff.get(`/api/v1/notices/${id}`)).json.audience_text, '2栋、3栋1单元');
    const p = await staff.post(`/notices/${id}/publish`, { csrf });
    assert.equal(p.status, 303, p.body);
    assert.equal((await a.anon.get(`/api/v1/notices/${id}`)).json.state, 'published');
  });

  test('a staff form: change a draft on its edit page; a refused change keeps what was typed and changes nothing', async () => {
    const staff = await loggedIn(srv.url, 'staff');
    const csrf = csrfOf((await staff.get('/notices/new')).body);
    const r = await staff.post('/notices', { csrf, title: '草稿待改', kind: 'announcement', body: '第一稿', audience: '2栋',
      starts_on: '2030-03-01', ends_on: '2030-03-07' });
    assert.equal(r.status, 303, r.body);
    const id = r.headers.get('location').match(/\/notices\/(\d+)/)[1];
    // the draft's page offers the edit page, and the edit page shows the draft as stored
    assert.ok((await staff.get(`/notices/${id}`)).body.includes(`href="/notices/${id}/edit"`));
    const page = (await staff.get(`/notices/${id}/edit`)).body;
    for (const [name, value] of [['title', '草稿待改'], ['audience', '2栋'], ['starts_on', '2030-03-01'], ['ends_on', '2030-03-07']])
      assert.match(page, new RegExp(`name="${name}"[^>]*value="${value}"|value="${value}"[^>]*name="${name}"`), name);
    assert.match(page, /<textarea[^>]*name="body"[^>]*>第一稿<\/textarea>/);
    // an end before the start: 422 on the same form, the typed title kept, nothing stored
    const bad = await unchanged(() => staff.post(`/notices/${id}/edit`, { csrf, title: '改后的标题', kind: 'announcement',
      body: '第二稿', audience: '2栋', starts_on: '2030-03-10', ends_on: '2030-03-01' }), 'bad period');
    assert.equal(bad.status, 422, bad.body);
    assert.ok(bad.body.includes('value="改后的标题"'), 'what was typed is shown again');
    // a good change: stored, audited, shown
    const audits = Number((await sql(base.db, "SELECT count(*) FROM audit WHERE action = 'notice.update'")).trim());
    const ok = await staff.post(`/notices/${id}/edit`, { csrf, title: '改后的标题', kind: 'announcement', body: '第二稿',
      audience: '3栋1单元', starts_on: '2030-03-02', ends_on: '2030-03-08' });
    assert.equal(ok.status, 303, ok.body);
    assert.equal(ok.headers.get('location'), `/notices/${id}?done=updated`);
    const n = (await a.staff.get(`/api/v1/notices/${id}`)).json;
    assert.deepEqual([n.title, n.body, n.audience_text, n.starts_on], ['改后的标题', '第二稿', '3栋1单元', '2030-03-02']);
    assert.equal(Number((await sql(base.db, "SELECT count(*) FROM audit WHERE action = 'notice.update'")).trim()), audits + 1);
    // published, it is never edited: the edit page says so (409) and offers no form
    assert.equal((await staff.post(`/notices/${id}/publish`, { csrf })).status, 303);
    const late = await staff.get(`/notices/${id}/edit`);
    assert.equal(late.status, 409, late.body);
    assert.ok(late.body.includes('公示已经发布，不能再改'), late.body.slice(0, 300));
    assert.ok(!(await staff.get(`/notices/${id}`)).body.includes(`/notices/${id}/edit`), 'no edit link on a published notice');
    // someone who does not manage notices gets no edit page at all
    const owner = await loggedIn(srv.url, 'owner');
    assert.equal((await owner.get(`/notices/${id}/edit`)).status, 403);
  });

  test('hooks: publishing a decision and a plan version posts a public notice', async () => {
    const d = await a.staff.post('/api/v1/communities/1/decisions', { title: '更换2栋屋面防水', matter: 'fund_use',
      scope: { type: 'building', building: '2栋' } });
    assert.equal(d.status, 201, d.text);
    assert.equal((await a.staff.post(`/api/v1/decisions/${d.json.id}/publish`, {})).status, 200);
    const row = (await sql(base.db, `SELECT id, kind, state FROM notices WHERE ref_type = 'decision' AND ref_id = ${d.json.id}`)).trim().split('|');
    assert.equal(row[1], 'decision');
    assert.equal(row[2], 'published');
    const n = (await a.anon.get(`/api/v1/notices/${row[0]}`)).json;
    assert.equal(n.audience_text, '2栋');
    assert.ok(n.title.includes('更换2栋屋面防水'));
    assert.ok(n.body.includes(`/decisions/${d.json.id}`));
    // the decision's period is the community's notice days (15)
    assert.equal(Number((await sql(base.db, `SELECT ends_at - starts_at FROM notices WHERE id = ${row[0]}`)).trim()), 15 * 86400);
    const plan = (await sql(base.db, 'SELECT min(id) FROM plans WHERE community_id = 1')).trim();
    const before = Number((await sql(base.db, "SELECT count(*) FROM notices WHERE ref_type = 'plan'")).trim());
    await a.staff.post(`/api/v1/plans/${plan}/draft`, {});
    const pub = await a.staff.post(`/api/v1/plans/${plan}/publish`, { changelog: '增加雨污分流' });
    if (pub.status === 200 || pub.status === 201) {
      assert.equal(Number((await sql(base.db, "SELECT count(*) FROM notices WHERE ref_type = 'plan'")).trim()), before + 1);
      const body = (await sql(base.db, `SELECT body FROM notices WHERE ref_type = 'plan' ORDER BY id DESC LIMIT 1`)).trim();
      assert.ok(body.includes('增加雨污分流'));
    } else {
      assert.fail(`plan publish: ${pub.status} ${pub.text}`);
    }
  });
});
