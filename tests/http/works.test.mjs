// works.test.mjs: construction and acceptance of the renovation plan (issue 8). A work is made
// only for an approved item (an optional item still waiting for the owners' decision is refused,
// writing nothing); it moves planned → underway → completed one step at a time, with progress
// 0–100, and only a completed work is accepted, by staff, with a note. A supervisor's inspection
// keeps its photos without their metadata, served only to the community's people, and a finding
// to fix becomes a problem in the problem list with the supervisor as reporter. Only residents of
// the work's location rate it, once each (a new rating replaces the old). The public progress
// page is read without signing in and names nobody.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { rawRequest, dropDb, yuanli, sql, csrfOf, noticeOf, loggedIn, client, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, count, multipartBody, jpeg } from './lib/problems.mjs';
import { makePlan, addItem, publish } from './lib/plans.mjs';
import { unchangedBy, refusedWith } from './lib/refusals.mjs';

const PHONE_JPEG = jpeg(40, 24);
const CLEAN_JPEG = jpeg(40, 24, { metadata: false });
const TRACES = ['Exif', 'GPS', 'xmpmeta', '张三', 'Zhang San'];

describe('works: construction, inspections, ratings and acceptance', SUITE, () => {
  let base;
  let srv;
  const a = {}; // API clients by login
  const c = {}; // page clients by login
  let plan;
  let keys; // {pipes: 1栋 mandatory, lift: optional (owners decide), roof: 5栋 mandatory}
  let work; // the work on the 1栋 pipes
  let roofWork; // the work on the 5栋 roof

  /** Counts a refused request must leave as they were. */
  const state = async () => (await sql(base.db, "SELECT (SELECT count(*) FROM works) || '|' || " +
    "(SELECT count(*) FROM work_milestones) || '|' || (SELECT count(*) FROM inspections) || '|' || " +
    "(SELECT count(*) FROM inspection_photos) || '|' || (SELECT count(*) FROM work_ratings) || '|' || " +
    "(SELECT count(*) FROM problems) || '|' || (SELECT count(*) FROM audit)")).trim();
  const unchanged = unchangedBy(state);
  const workRow = async (id) => {
    const [st, progress, completed] = (await sql(base.db,
      `SELECT state, progress, coalesce(completed_at, 0) FROM works WHERE id = ${Number(id)}`)).trim().split('|');
    return { state: st, progress: Number(progress), completed: Number(completed) };
  };

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    const add = await yuanli(['user', 'add', 'works-resident', '--grant', 'resident@1', '--db', base.db],
      { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
    assert.equal(add.code, 0, add.stderr);
    // inspections are a confirmed supervisor's (issue 9): the demo's "volunteer" holds that duty
    assert.equal((await sql(base.db, "SELECT count(*) FROM volunteers v JOIN volunteer_duties d ON d.volunteer_id = v.id " +
      "JOIN volunteer_roles r ON r.id = d.role_id JOIN accounts ac ON ac.id = v.account_id WHERE ac.name = 'volunteer' " +
      "AND v.state = 'confirmed' AND r.code = 'supervisor'")).trim(), '1');
    for (const u of ['staff', 'owner', 'volunteer', 'works-resident', 'head']) {
      a[u] = api(srv.url, await tokenFor(srv, u));
      c[u] = await loggedIn(srv.url, u);
    }
    plan = await makePlan(a.staff, 1);
    keys = {
      pipes: await addItem(a.staff, plan, { title: '1栋雨污分流', scope: { type: 'building', building: '1栋' },
        place: '1栋北侧', cost: '120000.00', funding: { government: '100000.00', maintenance_fund: '20000.00' } }),
      lift: await addItem(a.staff, plan, { title: '加装电梯', mandatory: false, owners_decide: true, class: 'improvement',
        scope: { type: 'stairwell', building: '1栋', stairwell: '1' } }),
      roof: await addItem(a.staff, plan, { title: '5栋屋面防水', scope: { type: 'building', building: '5栋' } }),
    };
    const n = await publish(a.staff, plan);
    const ad = await a.staff.post(`/api/v1/plans/${plan}/adopt`, { version: n });
    assert.equal(ad.status, 200, ad.text);
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  test('a work is refused for an item not approved (409, naming its status) and nothing is written', async () => {
    const r = await unchanged(() => a.staff.post(`/api/v1/plans/${plan}/works`, { item: keys.lift, contractor: '某建设公司' }),
      'unapproved');
    refusedWith(r, 409, 'not_approved');
    assert.match(r.json.error.message, /待业主表决/);
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/plans/${plan}/works`, { item: 99 }), 'unknown'), 422,
      'unknown_item');
    const m = refusedWith(await unchanged(() => a.staff.post(`/api/v1/plans/${plan}/works`, { item: keys.pipes, starts_on: '2027-02-30' }),
      'bad date'), 422, 'bad_date', 'starts_on');
    assert.match(m, /开工日期/, 'the message names the field');
    // a date sent as a JSON number is a bad date, not a missing one
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/plans/${plan}/works`, { item: keys.pipes, ends_on: 20270301 }),
      'number date'), 422, 'bad_date', 'ends_on');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/plans/${plan}/works`,
      { item: keys.pipes, starts_on: '2027-06-30', ends_on: '2027-03-01' }), 'backwards'), 422, 'bad_schedule');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/plans/${plan}/works`,
      { item: keys.pipes, milestones: [{ due_on: '2027-04-01' }] }), 'milestone'), 422, 'bad_milestones');
  });

  test('an owner cannot create a work; staff creates one for an approved item, once', async () => {
    refusedWith(await unchanged(() => a.owner.post(`/api/v1/plans/${plan}/works`, { item: keys.pipes }), 'owner'), 403,
      'forbidden');
    const r = await a.staff.post(`/api/v1/plans/${plan}/works`, {
      item: keys.pipes, contractor: '长沙市政建设有限公司', starts_on: '2027-03-01', ends_on: '2027-06-30',
      milestones: [{ title: '管材进场', due_on: '2027-03-10' }, { title: '主管更换', due_on: '2027-05-15' }],
    });
    assert.equal(r.status, 201, r.text);
    work = r.json.id;
    const g = await a.owner.get(`/api/v1/works/${work}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.state, 'planned');
    assert.equal(g.json.progress, 0);
    assert.equal(g.json.starts_on, '2027-03-01');
    assert.equal(g.json.ends_on, '2027-06-30');
    assert.equal(g.json.title, '1栋雨污分流');
    assert.deepEqual(g.json.milestones.map((m) => [m.title, m.due_on, m.done_on]),
      [['管材进场', '2027-03-10', null], ['主管更换', '2027-05-15', null]]);
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'work.create' AND object_id = ${work}`), 1);
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/plans/${plan}/works`, { item: keys.pipes }), 'twice'), 409,
      'has_work');
    const roof = await a.staff.post(`/api/v1/plans/${plan}/works`, { item: keys.roof });
    assert.equal(roof.status, 201, roof.text);
    roofWork = roof.json.id;
    const list = await a.owner.get(`/api/v1/plans/${plan}/works`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items.map((w) => w.id), [work, roofWork]);
  });

  test('progress and state move one step at a time; bad values and skipped steps are refused', async () => {
    const move = (body, who = 'staff') => a[who].patch(`/api/v1/works/${work}`, body);
    refusedWith(await unchanged(() => move({ progress: 40 }), 'progress before start'), 409, 'not_started');
    refusedWith(await unchanged(() => move({ state: 'completed' }), 'skip'), 409, 'wrong_state');
    refusedWith(await unchanged(() => move({ state: 'underway', progress: 101 }), '101'), 422, 'bad_progress');
    refusedWith(await unchanged(() => move({ state: 'underway', progress: -1 }), '-1'), 422, 'bad_progress');
    refusedWith(await unchanged(() => move({ state: 'underway', progress: 12.5 }), 'fraction'), 422, 'bad_progress');
    refusedWith(await unchanged(() => move({ state: 'begun' }), 'unknown state'), 422, 'bad_state');
    refusedWith(await unchanged(() => move({}), 'nothing'), 422, 'nothing_to_change');
    refusedWith(await unchanged(() => move({ state: 'underway' }, 'volunteer'), 'volunteer'), 403, 'forbidden');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/works/${work}/accept`, { note: '合格' }), 'early accept'), 409,
      'not_completed');

    assert.equal((await move({ state: 'underway', progress: 40 })).status, 200);
    assert.deepEqual(await workRow(work), { state: 'underway', progress: 40, completed: 0 });
    assert.equal((await a.staff.post(`/api/v1/works/${work}`, { progress: 70 })).status, 200, 'POST works as PATCH');
    refusedWith(await unchanged(() => move({ state: 'planned' }), 'backwards'), 409, 'wrong_state');
    refusedWith(await unchanged(() => move({ state: 'accepted' }), 'accept by state'), 409, 'accept_separately');
    refusedWith(await unchanged(() => move({ state: 'completed', progress: 90 }), 'completed at 90'), 422,
      'completed_is_100');

    const g = await a.staff.get(`/api/v1/works/${work}`);
    const m = g.json.milestones[0].id;
    assert.equal((await a.staff.post(`/api/v1/works/${work}/milestones/${m}/done`, {})).status, 200);
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/works/${work}/milestones/${m}/done`, {}), 'twice'), 409,
      'already_done');
    refusedWith(await a.staff.post(`/api/v1/works/${roofWork}/milestones/${m}/done`, {}), 404);
    const added = await a.staff.post(`/api/v1/works/${work}/milestones`, { title: '路面恢复', due_on: '2027-06-20' });
    assert.equal(added.status, 201, added.text);
    assert.equal(await count(base.db, `SELECT count(*) FROM work_milestones WHERE work_id = ${work}`), 3);
  });

  test('a volunteer records an inspection with a photo: stored without metadata, served to the community only', async () => {
    const page = await c.volunteer.get(`/works/${work}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /记录检查/, 'the inspection form is offered');
    assert.doesNotMatch(page.body, /更新施工情况/, 'no staff form for a volunteer');
    const { body, contentType } = multipartBody({
      csrf: csrfOf(page.body), inspected_on: '2027-04-02', severity: 'major',
      findings: '3号检查井井盖破损，有坠落危险。', problem: '1', category: 'drainage',
    }, [{ name: 'photo', filename: 'site.jpg', type: 'image/jpeg', data: PHONE_JPEG }]);
    const r = await c.volunteer.postRaw(`/works/${work}/inspections`, body, contentType);
    assert.equal(r.status, 303, noticeOf(r.body));
    assert.equal(r.headers.get('location'), `/works/${work}?done=inspection`);

    const [iid, pid, who] = (await sql(base.db,
      `SELECT id, problem_id, account_id FROM inspections WHERE work_id = ${work}`)).trim().split('|').map(Number);
    const volunteer = Number((await sql(base.db, "SELECT id FROM accounts WHERE name = 'volunteer'")).trim());
    assert.equal(who, volunteer);
    assert.ok(pid > 0, 'the finding became a problem');
    const [desc, reporter, channel, st, building] = (await sql(base.db,
      `SELECT p.description, p.reporter_id, p.channel, p.state, b.name FROM problems p JOIN buildings b ON b.id = p.building_id ` +
      `WHERE p.id = ${pid}`)).trim().split('|');
    assert.deepEqual([desc, Number(reporter), channel, st, building],
      ['3号检查井井盖破损，有坠落危险。', volunteer, 'web', 'reported', '1栋']);
    const listed = await a.staff.get(`/api/v1/problems/${pid}`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.category, 'drainage');
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'inspection.record' AND object_id = ${iid}`), 1);
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'problem.report' AND object_id = ${pid}`), 1);

    const photo = Number((await sql(base.db, `SELECT id FROM inspection_photos WHERE inspection_id = ${iid}`)).trim());
    const served = await rawRequest(srv.url, `/works/inspection-photos/${photo}`, {
      headers: { cookie: [...c.owner.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    assert.equal(served.status, 200);
    assert.equal(served.headers['content-type'], 'image/jpeg');
    assert.ok(served.body.equals(CLEAN_JPEG), 'the same picture without its metadata');
    for (const t of TRACES) assert.ok(!served.body.includes(Buffer.from(t)), `still holds ${t}`);
    // site photos are public, like the progress page that shows them (no metadata, no names)
    const anon = await rawRequest(srv.url, `/works/inspection-photos/${photo}`);
    assert.equal(anon.status, 200, 'anonymous: the public progress page shows it');
    assert.ok(anon.body.equals(CLEAN_JPEG));
    assert.equal((await rawRequest(srv.url, '/works/inspection-photos/999999')).status, 404);

    const shown = await c.owner.get(`/works/${work}`);
    assert.match(shown.body, new RegExp(`<a href="/problems/${pid}">`), 'the page links the problem');
    assert.match(shown.body, new RegExp(`<img src="/works/inspection-photos/${photo}"`));
    assert.match(shown.body, /3号检查井井盖破损/);

    // through the API: a plain note, no problem
    const note = await a.volunteer.post(`/api/v1/works/${work}/inspections`,
      { inspected_on: '2027-04-09', severity: 'note', findings: '井盖已临时围挡。' });
    assert.equal(note.status, 201, note.text);
    assert.equal(note.json.problem_id, null);
  });

  test('inspections refused: a resident may not inspect, a note is not a problem, a category is needed', async () => {
    const body = { inspected_on: '2027-04-10', severity: 'minor', findings: '路沿石松动。' };
    refusedWith(await unchanged(() => a['works-resident'].post(`/api/v1/works/${work}/inspections`, body), 'resident'),
      403, 'forbidden');
    refusedWith(await unchanged(() => a.owner.post(`/api/v1/works/${work}/inspections`, body), 'owner'), 403, 'forbidden');
    refusedWith(await unchanged(() => a.volunteer.post(`/api/v1/works/${work}/inspections`,
      { ...body, severity: 'note', problem: { category: 'roads' } }), 'note'), 422, 'note_no_problem');
    refusedWith(await unchanged(() => a.volunteer.post(`/api/v1/works/${work}/inspections`,
      { ...body, problem: { category: 'nonesuch' } }), 'category'), 422, 'bad_category');
    refusedWith(await unchanged(() => a.volunteer.post(`/api/v1/works/${work}/inspections`,
      { ...body, severity: 'awful' }), 'severity'), 422, 'bad_severity');
    refusedWith(await unchanged(() => a.volunteer.post(`/api/v1/works/${work}/inspections`,
      { ...body, inspected_on: '' }), 'date'), 422);
  });

  test('ratings: only for a completed work, only by residents of its location, a new rating replaces the old', async () => {
    refusedWith(await unchanged(() => a.owner.post(`/api/v1/works/${work}/ratings`, { rating: 4 }), 'underway'), 409,
      'not_completed');
    assert.equal((await a.staff.patch(`/api/v1/works/${work}`, { state: 'completed' })).status, 200);
    const row = await workRow(work);
    assert.equal(row.state, 'completed');
    assert.equal(row.progress, 100);
    assert.ok(row.completed > 0);
    refusedWith(await unchanged(() => a.owner.post(`/api/v1/works/${work}/ratings`, { rating: 6 }), 'six'), 422, 'bad_rating');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/works/${work}/ratings`, { rating: 5 }), 'staff'), 403, 'forbidden');

    // the owner of 1栋1单元101 lives in 1栋 but not in 5栋
    assert.equal((await a.staff.patch(`/api/v1/works/${roofWork}`, { state: 'underway' })).status, 200);
    assert.equal((await a.staff.patch(`/api/v1/works/${roofWork}`, { state: 'completed' })).status, 200);
    const far = await unchanged(() => a.owner.post(`/api/v1/works/${roofWork}/ratings`, { rating: 1 }), 'elsewhere');
    refusedWith(far, 403, 'not_your_location');
    assert.match(far.json.error.message, /5栋/);

    assert.equal((await a.owner.post(`/api/v1/works/${work}/ratings`, { rating: 4, comment: '施工很规范' })).status, 200);
    assert.equal((await a.owner.post(`/api/v1/works/${work}/ratings`, { rating: 2, comment: '路面没恢复好' })).status, 200);
    assert.equal((await sql(base.db, `SELECT count(*), max(rating), max(comment) FROM work_ratings WHERE work_id = ${work}`)).trim(),
      '1|2|路面没恢复好');
    const g = await a.owner.get(`/api/v1/works/${work}`);
    assert.deepEqual(g.json.ratings, { count: 1, average: '2.00' });
    assert.equal(g.json.my_rating, 2);
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'work.rate' AND object_id = ${work}`), 2);
  });

  test('the formal acceptance: staff only, with a note, once', async () => {
    refusedWith(await unchanged(() => a.volunteer.post(`/api/v1/works/${work}/accept`, { note: '合格' }), 'volunteer'), 403,
      'forbidden');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/works/${work}/accept`, { note: '' }), 'no note'), 422, 'required');
    // through the page's form
    const page = await c.staff.get(`/works/${work}`);
    assert.match(page.body, /正式验收/);
    const r = await c.staff.post(`/works/${work}/accept`, { csrf: csrfOf(page.body), note: '经现场验收，雨污分流管道合格。' });
    assert.equal(r.status, 303, noticeOf(r.body));
    const g = await a.staff.get(`/api/v1/works/${work}`);
    assert.equal(g.json.state, 'accepted');
    assert.equal(g.json.acceptance_note, '经现场验收，雨污分流管道合格。');
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'work.accept' AND object_id = ${work}`), 1);
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/works/${work}/accept`, { note: '再次' }), 'twice'), 409,
      'not_completed');
    refusedWith(await unchanged(() => a.staff.patch(`/api/v1/works/${work}`, { progress: 90 }), 'after'), 409, 'accepted');
    // rating an accepted work is still allowed
    assert.equal((await a.owner.post(`/api/v1/works/${work}/ratings`, { rating: 5 })).status, 200);
  });

  test('the work page shows progress in words, milestones, inspections and the ratings', async () => {
    const p = await c.owner.get(`/works/${work}`);
    assert.equal(p.status, 200);
    assert.match(p.body, /<progress max="100" value="100"><\/progress> 已完成 100%/);
    assert.match(p.body, /管材进场/);
    assert.match(p.body, /长沙市政建设有限公司/);
    assert.match(p.body, /平均 5\.00 分（1 人评价）/);
    assert.match(p.body, /评价这项工程/, 'the owner of 1栋 is offered the rating form');
    assert.doesNotMatch(p.body, /记录检查/, 'no inspection form for an owner');
    const staffPage = await c.staff.get(`/works/${roofWork}`);
    const refused = await c.staff.post(`/works/${roofWork}`, { csrf: csrfOf(staffPage.body), state: 'planned' });
    assert.equal(refused.status, 409);
    assert.match(noticeOf(refused.body), /一步步往前/);
  });

  test('the public progress page: read without signing in, every item, no person\'s name', async () => {
    const anon = client(srv.url);
    const r = await anon.get('/progress/1');
    assert.equal(r.status, 200);
    for (const t of ['1栋雨污分流', '加装电梯', '5栋屋面防水', '待业主表决', '已通过', '已验收', '已完工', '已完成 100%',
      '120000.00 元', '政府补助 100000.00 元', '维修资金 20000.00 元', '检查 2 次', '现场照片'])
      assert.ok(r.body.includes(t), `the page shows ${t}`);
    const names = (await sql(base.db, "SELECT display_name FROM accounts WHERE display_name <> '' AND name IN " +
      "('volunteer', 'staff', 'owner', 'head')")).trim().split('\n').filter(Boolean);
    assert.ok(names.length >= 3, names.join(','));
    for (const n of names) assert.ok(!r.body.includes(n), `the public page names ${n}`);
    assert.match(r.body, /<img src="\/works\/inspection-photos\/\d+"/, 'the site photo is shown to visitors');
    assert.equal((await anon.get('/progress')).status, 200);
    assert.equal((await anon.get('/progress/999')).status, 404);
    const empty = await anon.get('/progress/2');
    assert.equal(empty.status, 200);
    assert.match(empty.body, /还没有公布改造计划。/);
  });
});
