// problems.test.mjs: the problem list (问题清单) over HTTP, pages and API, on the demo compound
// with the clock pinned (YUANLI_NOW). One problem goes the whole way — an owner reports it, the
// head checks it on site and sends it up in a list, staff accept it from the list and refer it
// (due date from the category's time limit), the parks department answers, staff resolve it, the
// owner rates it and reopens it — and the rest hold the rules around that path: every step the
// table in core/problem.h does not allow is refused with its status and error code and changes
// nothing; duplicates merge (never into a merged one); a rejection needs a reason; a rating
// entered for someone needs the channel; a department sees only what was referred to it;
// residents see other reporters' names masked; "me too" counts once a person; a bulk referral is
// all or nothing; the filters find what SQL finds; category edits are checked; bad reports are
// refused naming the field; what people typed is escaped on pages and inert in staff's exports;
// every change leaves its audit row. Fourteen days after resolution (a second server with the
// clock moved on) rating is still open; a second later it is closed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import {
  assertCleanStop, client, loggedIn, csrfOf, noticeOf, dropDb, yuanli, sql, SUITE,
} from './lib/server.mjs';
import { api, tokenFor, mainOf } from './lib/registry.mjs';
import {
  problemServer, laterServer, count, problemRow, changesNothing, auditRows, listed, listTotal, fact, offeredSteps,
  postPairs, stepForm, stepApi, reportForm, stepMultipart, shanghaiDate,
} from './lib/problems.mjs';

const MASKED = /^.\*+$/u;
const DAY = 86400;
const WINDOW = 14 * DAY;

// Shared by both describes: the database outlives the first server.
let base;
let NOW;
const made = {}; // problem ids made by the tests, by what they are for
const tokens = {}; // bearer tokens by user: they outlive the first server

describe('the problem list over HTTP', SUITE, () => {
  let srv;
  const c = {}; // signed-in browsers
  const a = {}; // API clients with bearer tokens
  const ids = {}; // departments, categories and buildings by name

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    NOW = base.now;
    const add = await yuanli(['user', 'add', 'neighbour', '--grant', 'resident@1', '--db', base.db],
      { env: { YUANLI_PASSWORD: 'neighbour-pass-1' } });
    assert.equal(add.code, 0, add.stderr);
    const pages = ['owner', 'head', 'staff', 'parks', 'committee'];
    const apis = ['owner', 'head', 'staff', 'parks', 'volunteer', 'neighbour'];
    const [clients, toks] = await Promise.all([
      Promise.all(pages.map((u) => loggedIn(srv.url, u))),
      Promise.all(apis.map((u) => tokenFor(srv, u))),
    ]);
    pages.forEach((u, i) => { c[u] = clients[i]; });
    apis.forEach((u, i) => { tokens[u] = toks[i]; a[u] = api(srv.url, toks[i]); });
    const rows = async (q) => Object.fromEntries((await sql(base.db, q)).trim().split('\n').map((l) => {
      const [k, v] = l.split('|');
      return [k, Number(v)];
    }));
    ids.dept = await rows('SELECT name, id FROM departments WHERE community_id = 1');
    ids.cat = await rows('SELECT code, id FROM problem_categories WHERE community_id = 1');
    ids.building = await rows("SELECT name, id FROM buildings WHERE community_id = 1 AND name IN ('1栋', '2栋', '4栋')");
  });
  after(async () => { await srv?.stop(); });

  const reportApi = (who, body) => a[who].post('/api/v1/communities/1/problems', body);

  describe('one problem from report to rating', () => {
    test('an owner reports through the API: 201 with the id; it is "reported", with its event and audit row', async () => {
      const r = await reportApi('owner', { category: 'greening', description: '香樟树枝伸到二楼窗口，遮光严重。',
        building: '1栋', stairwell: '1单元' });
      assert.equal(r.status, 201, r.text);
      made.tree = r.json.id;
      const p = await a.owner.get(`/api/v1/problems/${made.tree}`);
      assert.equal(p.status, 200);
      assert.equal(p.json.state, 'reported');
      assert.equal(p.json.reporter, '曹振华', 'the reporter sees their own name in full');
      assert.equal(p.json.channel, 'web');
      assert.equal(p.json.building, '1栋');
      assert.deepEqual(p.json.events.map((e) => [e.action, e.to]), [['report', 'reported']]);
      assert.equal(await auditRows(base.db, 'problem.report', made.tree), 1);
    });

    test('an owner reports through the form: 303 to the problem, which says it was submitted', async () => {
      const { r, id } = await reportForm(c.owner, { category: 'other', description: '北门门禁坏了，外人随便进出。',
        place: '北门', urgent: '1' });
      assert.equal(r.status, 303);
      made.gate = id;
      const page = await c.owner.get(r.headers.get('location'));
      assert.equal(noticeOf(page.body), `已提交。编号 ${id}。`);
      assert.equal(fact(page.body, '地点'), '北门');
      assert.equal(fact(page.body, '类别'), '其他');
      assert.match(page.body, /<strong class="tag urgent">紧急<\/strong>/);
      assert.equal(await auditRows(base.db, 'problem.report', id), 1);
    });

    test('the owner finds both under 我反映的 (mine=1), which holds only their reports', async () => {
      const r = await c.owner.get('/problems?mine=1');
      assert.equal(r.status, 200);
      const shown = listed(r.body).map((x) => x.id);
      assert.ok(shown.includes(made.tree) && shown.includes(made.gate), shown.join(','));
      const theirs = await count(base.db, 'SELECT count(*) FROM problems WHERE community_id = 1 AND reporter_id = ' +
        "(SELECT id FROM accounts WHERE name = 'owner')");
      assert.equal(listTotal(r.body), theirs);
      const all = await count(base.db, 'SELECT count(*) FROM problems WHERE community_id = 1');
      assert.ok(theirs < all);
      const j = await a.owner.get('/api/v1/communities/1/problems?mine=1&limit=1000');
      assert.equal(j.json.total, theirs);
    });

    test('the head is offered the on-site check and the merge; the owner no step at all', async () => {
      assert.deepEqual(offeredSteps((await c.head.get(`/problems/${made.tree}`)).body), ['现场核实属实', '合并为重复问题']);
      assert.deepEqual(offeredSteps((await c.owner.get(`/problems/${made.tree}`)).body), []);
    });

    test('the head checks it on site through the page: 303, "已记录：现场核实属实。", verified', async () => {
      const r = await stepForm(c.head, made.tree, { action: 'verify' });
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal(r.headers.get('location'), `/problems/${made.tree}?done=verify`);
      assert.equal(noticeOf((await c.head.get(r.headers.get('location'))).body), '已记录：现场核实属实。');
      assert.equal((await problemRow(base.db, made.tree)).state, 'verified');
      assert.equal(await auditRows(base.db, 'problem.verify', made.tree), 1);
    });

    test('the head sends it up in a list: 303, "清单已报送，共 1 个问题。" ("List sent with 1 problem."), the list holds it', async () => {
      const page = await c.head.get('/problems/lists');
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`<input type="checkbox" name="id" value="${made.tree}" checked>`));
      const r = await postPairs(c.head, '/problems/lists', [['csrf', csrfOf(page.body)], ['id', made.tree],
        ['title', '1栋问题清单（第一批）'], ['note', '已逐户核实']]);
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal(r.headers.get('location'), '/problems/lists?sent=1');
      const after = await c.head.get(r.headers.get('location'));
      assert.equal(noticeOf(after.body), '清单已报送，共 1 个问题。');
      const link = /<a href="\/problems\/lists\/(\d+)">1栋问题清单（第一批）<\/a>/.exec(after.body);
      assert.ok(link, 'the list is on the page');
      made.list = Number(link[1]);
      // English counts its noun: a list of one is "1 problem", never "1 problems"
      const en = { headers: { 'accept-language': 'en' } };
      assert.equal(noticeOf((await c.head.get(r.headers.get('location'), en)).body), 'List sent with 1 problem.');
      assert.equal(noticeOf((await c.head.get('/problems/lists?sent=2', en)).body), 'List sent with 2 problems.');
      assert.match((await c.head.get(`/problems/lists/${made.list}`, en)).body, /\b1 problem, 1 awaiting acceptance\b/);
      assert.equal((await problemRow(base.db, made.tree)).list, made.list);
      assert.equal(await auditRows(base.db, 'problem.list_send', made.list), 1);
    });

    test('a problem already sent, or one not checked yet, cannot go into a list (409 naming it); no list is made', async () => {
      const verified = 2; // a demo problem checked by the head and not yet sent
      assert.equal((await problemRow(base.db, verified)).state, 'verified');
      for (const [items, bad] of [[[made.tree], made.tree], [[verified, 1], 1]]) {
        const page = await c.head.get('/problems/lists');
        const r = await changesNothing(base.db, verified, () => postPairs(c.head, '/problems/lists',
          [['csrf', csrfOf(page.body)], ...items.map((i) => ['id', i]), ['title', '补报']]), `list of ${items}`);
        assert.equal(r.status, 409);
        assert.equal(noticeOf(r.body), `问题 ${bad} 不是待报送的已核实问题。`);
      }
    });

    test('staff open the list and accept it in bulk: 303 back to the list, "已处理 1 个问题。"', async () => {
      const page = await c.staff.get(`/problems/lists/${made.list}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1>1栋问题清单（第一批）<\/h1>/);
      assert.match(page.body, /已逐户核实/);
      assert.match(page.body, new RegExp(`<input type="checkbox" name="id" value="${made.tree}" checked>`));
      const r = await postPairs(c.staff, '/problems/bulk', [['csrf', csrfOf(page.body)], ['id', made.tree],
        ['action', 'accept'], ['list', made.list], ['department', '0'], ['due', '']]);
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal(r.headers.get('location'), `/problems/lists/${made.list}?done=1`);
      assert.equal(noticeOf((await c.staff.get(r.headers.get('location'))).body), '已处理 1 个问题。');
      assert.equal((await problemRow(base.db, made.tree)).state, 'accepted');
      assert.equal(await auditRows(base.db, 'problem.accept', made.tree), 1);
    });

    test('the head may open their own list but not accept from it (403)', async () => {
      const page = await c.head.get(`/problems/lists/${made.list}`);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /action="\/problems\/bulk"/);
      const r = await changesNothing(base.db, made.tree, () => postPairs(c.head, '/problems/bulk',
        [['csrf', csrfOf(page.body)], ['id', made.tree], ['action', 'refer']]), 'head bulk');
      assert.equal(r.status, 403);
    });

    test('staff refer it to the category\'s department; due in the category\'s 15 days, shown on the page, list and API', async () => {
      const r = await stepForm(c.staff, made.tree, { action: 'refer', department: '0', due: '' });
      assert.equal(r.status, 303, noticeOf(r.body));
      const row = await problemRow(base.db, made.tree);
      assert.equal(row.state, 'referred');
      assert.equal(row.department, ids.dept['雨花区园林局']);
      // 15 calendar days after today in Shanghai; overdue from the midnight that ends that day
      const due = shanghaiDate(NOW, 15);
      assert.equal(row.due, Date.parse(`${due}T00:00:00+08:00`) / 1000 + DAY);
      const page = await c.staff.get(`/problems/${made.tree}`);
      assert.equal(fact(page.body, '部门'), '雨花区园林局');
      assert.equal(fact(page.body, '办结期限'), due);
      assert.match(page.body, new RegExp(`<strong>转交部门</strong> [^<]+ → 雨花区园林局 · 办结期限 ${due}`));
      const j = await a.staff.get(`/api/v1/problems/${made.tree}`);
      assert.equal(j.json.due, due);
      assert.equal(j.json.department, '雨花区园林局');
      assert.equal(j.json.overdue, false);
      const row1 = listed((await c.staff.get('/problems?category=greening&state=referred')).body).find((x) => x.id === made.tree);
      assert.ok(row1, 'on the list');
      assert.match(row1.text, new RegExp(`雨花区园林局 · 办结期限 ${due}`));
    });

    test('the parks department finds it in its inbox, which holds only its referrals, and is offered the answer', async () => {
      const r = await c.parks.get('/problems?limit=1000');
      assert.equal(r.status, 200);
      assert.match(r.body, /<h1>转交给本部门的问题<\/h1>/);
      const shown = listed(r.body).map((x) => x.id).sort((x, y) => x - y);
      const theirs = (await sql(base.db, 'SELECT id FROM problems WHERE community_id = 1 AND department_id = ' +
        `${ids.dept['雨花区园林局']} ORDER BY id`)).trim().split('\n').map(Number);
      assert.deepEqual(shown, theirs);
      assert.ok(shown.includes(made.tree));
      assert.ok(offeredSteps((await c.parks.get(`/problems/${made.tree}`)).body).includes('答复'));
    });

    test('a department cannot open a problem not referred to it (404, page and API) nor find it by filtering', async () => {
      const elsewhere = 4; // referred to 雨花区城管局 by the demo
      assert.equal((await problemRow(base.db, elsewhere)).department, ids.dept['雨花区城管局']);
      assert.equal((await c.parks.get(`/problems/${elsewhere}`)).status, 404);
      assert.equal((await a.parks.get(`/api/v1/problems/${elsewhere}`)).status, 404);
      assert.equal((await c.parks.get(`/problems/${made.gate}`)).status, 404, 'nor a reported one');
      const filtered = await a.parks.get(`/api/v1/communities/1/problems?department=${ids.dept['雨花区城管局']}&limit=1000`);
      assert.equal(filtered.status, 200);
      assert.ok(filtered.json.items.every((p) => p.department === '雨花区园林局'), JSON.stringify(filtered.json.items.map((p) => p.id)));
      assert.ok(!filtered.json.items.some((p) => p.id === elsewhere));
    });

    test('a department cannot act on a problem not referred to it: 404 on the page and in the API, as if it did not exist', async () => {
      const elsewhere = 4;
      const r = await changesNothing(base.db, elsewhere, async () => {
        const csrf = csrfOf((await c.parks.get('/problems')).body);
        return c.parks.post(`/problems/${elsewhere}/steps`, { csrf, action: 'answer', note: '已处理' });
      }, 'parks answers 4 by the form');
      assert.equal(r.status, 404);
      await changesNothing(base.db, elsewhere, () => stepApi(a.parks, elsewhere, { action: 'answer', note: '已处理' },
        404, 'not_found'), 'parks answers 4 by the API');
    });

    test('the parks department answers (303): answered, with the reply in the history', async () => {
      const refused = await changesNothing(base.db, made.tree, () => stepMultipart(c.parks, made.tree,
        { action: 'answer', note: '  ' }), 'an empty reply');
      assert.equal(refused.status, 422);
      assert.equal(noticeOf(refused.body), '请写明理由或答复内容。');
      const r = await stepMultipart(c.parks, made.tree, { action: 'answer', note: '已修剪遮挡窗户的树枝。' });
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal((await problemRow(base.db, made.tree)).state, 'answered');
      const page = await c.owner.get(`/problems/${made.tree}`);
      assert.match(page.body, /<strong>答复<\/strong> 雨花区园林局<p class="note">已修剪遮挡窗户的树枝。<\/p>/);
      assert.equal(await auditRows(base.db, 'problem.answer', made.tree), 1);
    });

    test('staff mark it resolved (303); the owner is then offered the rating and the reopening', async () => {
      const r = await stepForm(c.staff, made.tree, { action: 'resolve' });
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal((await problemRow(base.db, made.tree)).state, 'resolved');
      assert.equal(await count(base.db, `SELECT resolved_at FROM problems WHERE id = ${made.tree}`), NOW);
      assert.deepEqual(offeredSteps((await c.owner.get(`/problems/${made.tree}`)).body), ['评价', '没有解决，重新反映']);
    });

    test('only the reporter rates for themself: others 403, a rating outside 1–5 is 422; nothing changes', async () => {
      const cases = [
        ['neighbour', { action: 'rate', rating: 5 }, 403, 'not_the_reporter'],
        ['head', { action: 'rate', rating: 5 }, 403, 'on_behalf_only'],
        ['staff', { action: 'rate', rating: 5 }, 403, 'on_behalf_only'],
        ['staff', { action: 'rate', rating: 5, channel: 'web' }, 403, 'on_behalf_only'],
        ['parks', { action: 'rate', rating: 5 }, 403, 'not_your_role'],
        ['owner', { action: 'rate', rating: 0 }, 422, 'rating_out_of_range'],
        ['owner', { action: 'rate', rating: 6 }, 422, 'out_of_range'],
        ['owner', { action: 'rate' }, 422, 'rating_out_of_range'],
      ];
      await changesNothing(base.db, made.tree, async () => {
        for (const [who, body, status, code] of cases) await stepApi(a[who], made.tree, body, status, code);
      }, 'the refused ratings');
    });

    test('the owner rates it 5 (303); the page shows "5 分" and the rating is in the history', async () => {
      const r = await stepForm(c.owner, made.tree, { action: 'rate', rating: '5', note: '处理及时，谢谢！' });
      assert.equal(r.status, 303, noticeOf(r.body));
      const row = await problemRow(base.db, made.tree);
      assert.equal(row.state, 'rated');
      assert.equal(row.rating, 5);
      const page = await c.owner.get(`/problems/${made.tree}`);
      assert.equal(fact(page.body, '满意度（1–5）'), '5 分');
      assert.match(page.body, /<strong>评价<\/strong> 曹振华 · 5 分<p class="note">处理及时，谢谢！<\/p>/);
      assert.equal(await auditRows(base.db, 'problem.rate', made.tree), 1);
    });

    test('within 14 days the owner reopens it, with a reason (without one: 422)', async () => {
      await changesNothing(base.db, made.tree, () => stepApi(a.owner, made.tree, { action: 'reopen', note: '　' },
        422, 'reason_required'), 'reopen without a reason');
      const r = await stepForm(c.owner, made.tree, { action: 'reopen', note: '树枝又长回来了。' });
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal((await problemRow(base.db, made.tree)).state, 'reopened');
      assert.equal(await auditRows(base.db, 'problem.reopen', made.tree), 1);
    });

    test('staff refer the reopened problem to another department with a date they choose; parks no longer sees it', async () => {
      const due = shanghaiDate(NOW, 3);
      const r = await stepApi(a.staff, made.tree, { action: 'refer', department: ids.dept['雨花区城管局'], due });
      assert.deepEqual(r.json, { id: made.tree, state: 'referred' });
      const row = await problemRow(base.db, made.tree);
      assert.equal(row.department, ids.dept['雨花区城管局']);
      assert.equal((await a.staff.get(`/api/v1/problems/${made.tree}`)).json.due, due);
      assert.equal((await c.parks.get(`/problems/${made.tree}`)).status, 404);
      assert.deepEqual((await a.owner.get(`/api/v1/problems/${made.tree}`)).json.events.map((e) => e.action),
        ['report', 'verify', 'accept', 'refer', 'answer', 'resolve', 'rate', 'reopen', 'refer']);
    });
  });

  describe('steps the rules do not allow', () => {
    // Demo problems in each state (ids in the demo's order): 1 reported (the owner's, 1栋),
    // 2 verified, 3 accepted (lighting), 4 referred to 城管局, 5 answered by 城管局, 6 resolved 28
    // days ago (on paper), 9 accepted (safety: no default department), 10 referred to parks,
    // 12 resolved 22 days ago and rated (the owner's).
    test('each refused step answers its status and error code, and changes nothing', async () => {
      const yesterday = shanghaiDate(NOW, -1);
      const cases = [
        ['owner', 1, { action: 'verify' }, 403, 'not_your_role'],
        ['neighbour', 1, { action: 'verify' }, 403, 'not_your_role'],
        ['head', 2, { action: 'accept' }, 403, 'not_your_role'],
        ['head', 1, { action: 'reject', note: '重复' }, 403, 'not_your_role'],
        ['parks', 10, { action: 'verify' }, 403, 'not_your_role'],
        ['volunteer', 1, { action: 'verify' }, 403, 'forbidden'],
        ['staff', 1, { action: 'accept' }, 409, 'illegal_from_state'],
        ['staff', 12, { action: 'verify' }, 409, 'illegal_from_state'],
        ['staff', 5, { action: 'answer', note: '电话答复', channel: 'paper' }, 409, 'illegal_from_state'],
        ['head', 3, { action: 'verify' }, 409, 'illegal_from_state'],
        ['staff', 1, { action: 'reject' }, 422, 'reason_required'],
        ['staff', 1, { action: 'reject', note: ' \t　' }, 422, 'reason_required'],
        ['staff', 3, { action: 'refer', due: yesterday }, 422, 'due_not_after_now'],
        ['staff', 3, { action: 'refer', due: '2026-02-30' }, 422, 'invalid_field'],
        ['staff', 3, { action: 'refer', department: 999999 }, 422, 'department_required'],
        ['staff', 9, { action: 'refer' }, 422, 'department_required'],
        ['parks', 10, { action: 'answer' }, 422, 'reason_required'],
        ['staff', 10, { action: 'answer', note: '电话答复' }, 403, 'on_behalf_only'],
        ['owner', 12, { action: 'reopen', note: '又漏了' }, 409, 'window_closed'],
        ['staff', 6, { action: 'rate', rating: 4, channel: 'paper' }, 409, 'window_closed'],
        ['staff', 1, { action: 'merge' }, 422, 'merge_target_required'],
        ['staff', 1, { action: 'merge', merge_into: 1 }, 422, 'merge_into_itself'],
        ['staff', 1, { action: 'merge', merge_into: 999999 }, 422, 'merge_target_missing'],
        ['staff', 1, { action: 'fix' }, 422, 'unknown_action'],
        ['staff', 1, {}, 422, 'unknown_action'],
        ['staff', 1, { action: 'verify', channel: 'fax' }, 422, 'invalid_field'],
        ['staff', 999999, { action: 'verify' }, 404, 'not_found'],
      ];
      const ids = [...new Set(cases.map((x) => x[1]))];
      await changesNothing(base.db, ids, async () => {
        for (const [who, id, body, status, code] of cases) await stepApi(a[who], id, body, status, code);
      }, 'the refused steps');
    });

    test('a refused step on the page answers the status with the reason and the problem shown again', async () => {
      const r = await changesNothing(base.db, 1, () => stepForm(c.staff, 1, { action: 'accept' }), 'accept 1');
      assert.equal(r.status, 409);
      assert.equal(noticeOf(r.body), '这个问题现在的状态不能做这一步。');
      assert.match(r.body, /<h1>编号 1<\/h1>/);
      const bad = await changesNothing(base.db, 1, () => stepForm(c.staff, 1, { action: 'reject', note: '' }), 'reject 1');
      assert.equal(bad.status, 422);
      assert.equal(noticeOf(bad.body), '请写明理由或答复内容。');
    });

    test('a step without the CSRF token is refused (403) and changes nothing', async () => {
      const r = await changesNothing(base.db, 1, () => c.head.post('/problems/1/steps', { action: 'verify' }), 'no csrf');
      assert.equal(r.status, 403);
    });
  });

  describe('duplicates, rejections and reports entered for a neighbour', () => {
    test('the head merges a duplicate into the first report: merged, linked to it, final', async () => {
      const r = await stepForm(c.head, 7, { action: 'merge', merge_into: '1' });
      assert.equal(r.status, 303, noticeOf(r.body));
      const row = await problemRow(base.db, 7);
      assert.equal(row.state, 'merged');
      assert.equal(row.mergedInto, 1);
      const page = await c.owner.get('/problems/7');
      assert.equal(fact(page.body, '与其他问题合并'), '编号 1');
      assert.match(page.body, /<strong>合并为重复问题<\/strong> [^<]+ → <a href="\/problems\/1">编号 1<\/a>/);
      assert.deepEqual(offeredSteps((await c.staff.get('/problems/7')).body), [], 'merged is final');
      await changesNothing(base.db, 7, () => stepApi(a.staff, 7, { action: 'verify' }, 409, 'illegal_from_state'), 'verify merged');
      assert.equal(await auditRows(base.db, 'problem.merge', 7), 1);
    });

    test('merging into a problem that is itself merged is refused (409 merge_target_merged)', async () => {
      await changesNothing(base.db, 13, () => stepApi(a.head, 13, { action: 'merge', merge_into: 7 }, 409, 'merge_target_merged'),
        'merge 13 into merged 7');
      const r = await changesNothing(base.db, 13, () => stepForm(c.head, 13, { action: 'merge', merge_into: '7' }), 'by the form');
      assert.equal(r.status, 409);
      assert.equal(noticeOf(r.body), '那个问题本身已被合并，请合并到它所并入的问题。');
    });

    test('staff reject a report with the reason, which the reporter reads in the history', async () => {
      const r = await stepForm(c.staff, 19, { action: 'reject', note: '属于业主户内维修，不在公共部位。' });
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal((await problemRow(base.db, 19)).state, 'rejected');
      assert.match((await c.owner.get('/problems/19')).body,
        /<strong>不予受理<\/strong> [^<]+<p class="note">属于业主户内维修，不在公共部位。<\/p>/);
      assert.equal(await auditRows(base.db, 'problem.reject', 19), 1);
    });

    test('a head enters a report on paper for a neighbour: the record names both and the channel', async () => {
      const { r, id } = await reportForm(c.head, { category: 'safety', description: '二楼楼梯扶手断了。',
        building: '2栋', stairwell: '1单元', reporter_name: '张桂英', channel: 'paper' });
      assert.equal(r.status, 303);
      made.paper = id;
      const j = await a.staff.get(`/api/v1/problems/${id}`);
      assert.equal(j.json.reporter, '张桂英');
      assert.equal(j.json.channel, 'paper');
      assert.match((await c.staff.get(`/problems/${id}`)).body, /<strong>反映问题<\/strong> 王建国 \(纸质\)/);
    });

    test('entering for someone else is for heads and staff, and needs a name and a paper or in-person channel', async () => {
      const cases = [
        ['owner', { reporter_name: '张桂英', channel: 'paper' }, 403, 'reporter_name'],
        ['head', { reporter_name: '张桂英', channel: 'web' }, 422, 'channel'],
        ['head', { channel: 'proxy' }, 422, 'reporter_name'],
        ['head', { reporter_name: '张桂英', channel: 'open311' }, 422, 'channel'],
      ];
      await changesNothing(base.db, 0, async () => {
        for (const [who, extra, status, field] of cases) {
          const r = await reportApi(who, { category: 'safety', description: '扶手松动', building: '2栋', ...extra });
          assert.equal(r.status, status, r.text);
          assert.equal(r.json.error.field, field);
        }
      }, 'reports for someone else');
    });

    test('staff answer on behalf of a department only with the channel, and rate for a paper reporter only with it', async () => {
      const id = made.paper;
      await stepApi(a.head, id, { action: 'verify' });
      await stepApi(a.staff, id, { action: 'accept' });
      await stepApi(a.staff, id, { action: 'refer', department: ids.dept['雨花区城管局'] });
      await changesNothing(base.db, id, () => stepApi(a.staff, id, { action: 'answer', note: '电话答复：已加固。' },
        403, 'on_behalf_only'), 'staff answer without channel');
      await stepApi(a.staff, id, { action: 'answer', note: '电话答复：已加固。', channel: 'proxy' });
      await stepApi(a.staff, id, { action: 'resolve' });
      for (const channel of [undefined, 'web'])
        await changesNothing(base.db, id, () => stepApi(a.staff, id, { action: 'rate', rating: 4, channel }, 403, 'on_behalf_only'),
          `rate with channel ${channel}`);
      await changesNothing(base.db, id, () => stepApi(a.owner, id, { action: 'rate', rating: 4 }, 403, 'not_the_reporter'),
        'an owner who did not report it');
      await stepApi(a.staff, id, { action: 'rate', rating: 4, channel: 'paper', note: '张桂英在回执上打了4分' });
      assert.equal((await problemRow(base.db, id)).rating, 4);
      const events = (await a.staff.get(`/api/v1/problems/${id}`)).json.events;
      assert.deepEqual(events.filter((e) => e.action === 'rate' || e.action === 'answer').map((e) => [e.action, e.channel]),
        [['answer', 'proxy'], ['rate', 'paper']]);
    });
  });

  describe('who sees whose name', () => {
    test('residents and the committee see another reporter\'s name masked, on the page and in the API', async () => {
      const name = (await sql(base.db, 'SELECT reporter_name FROM problems WHERE id = 2')).trim();
      assert.ok([...name].length >= 2, name);
      for (const who of ['owner', 'committee']) {
        const page = await c[who].get('/problems/2');
        assert.equal(page.status, 200);
        const shown = fact(page.body, '反映人');
        assert.match(shown, MASKED);
        assert.equal([...shown][0], [...name][0]);
        assert.ok(!page.body.includes(name), `${who} sees ${name} somewhere on the page`);
      }
      const j = await a.owner.get('/api/v1/problems/2');
      assert.match(j.json.reporter, MASKED);
      const list = await a.owner.get('/api/v1/communities/1/problems?limit=1000');
      assert.ok(!list.text.includes(name), 'the API list shows the name');
      const paper = await a.neighbour.get(`/api/v1/problems/${made.paper}`);
      assert.equal(paper.json.reporter, '张**');
    });

    test('an owner\'s own report shows their name to staff, masked to the committee in the facts and the history', async () => {
      assert.equal(fact((await c.staff.get(`/problems/${made.tree}`)).body, '反映人'), '曹振华');
      const page = await c.committee.get(`/problems/${made.tree}`);
      assert.equal(fact(page.body, '反映人'), '曹**');
      assert.match(page.body, /<strong>反映问题<\/strong> 曹\*\*/);
      assert.match(page.body, /<strong>评价<\/strong> 曹\*\* · 5 分/);
      assert.ok(!page.body.includes('曹振华'));
      assert.match(page.body, /<strong>现场核实属实<\/strong> 王建国/, 'a head acts in office: named');
    });

    test('staff see reporters\' names in full; a head in their own buildings (1–3栋) but not in others', async () => {
      const rows = (await sql(base.db, "SELECT p.id, p.reporter_name, b.name FROM problems p JOIN buildings b ON b.id = p.building_id " +
        "WHERE p.community_id = 1 AND p.reporter_name <> '' ORDER BY p.id")).trim().split('\n').map((l) => l.split('|'));
      const mine = rows.find((r) => ['1栋', '2栋', '3栋'].includes(r[2]));
      const other = rows.find((r) => !['1栋', '2栋', '3栋'].includes(r[2]));
      assert.ok(mine && other, 'the demo has paper reports inside and outside the head\'s buildings');
      for (const [id, name] of [mine, other]) assert.equal(fact((await c.staff.get(`/problems/${id}`)).body, '反映人'), name);
      assert.equal(fact((await c.head.get(`/problems/${mine[0]}`)).body, '反映人'), mine[1]);
      const masked = await c.head.get(`/problems/${other[0]}`);
      assert.match(fact(masked.body, '反映人'), MASKED, `${other[2]}: not the head's`);
      assert.ok(!masked.body.includes(other[1]));
    });
  });

  describe('me too', () => {
    test('"me too" counts once a person: a second press changes nothing, another person adds one', async () => {
      const id = 13; // reported by the owner, still open
      const row = await problemRow(base.db, id);
      const r1 = await a.neighbour.post(`/api/v1/problems/${id}/support`, '');
      assert.equal(r1.status, 200, r1.text);
      assert.deepEqual(r1.json, { supports: row.supports + 1 });
      const again = await changesNothing(base.db, id, () => a.neighbour.post(`/api/v1/problems/${id}/support`, ''), 'a second me too');
      assert.deepEqual(again.json, { supports: row.supports + 1 });
      assert.deepEqual((await a.volunteer.post(`/api/v1/problems/${id}/support`, '')).json, { supports: row.supports + 2 });
      assert.equal(await auditRows(base.db, 'problem.support', id), 2);
    });

    test('on the page: the button counts, then says you already did', async () => {
      const id = 13;
      const n = (await problemRow(base.db, id)).supports;
      const page = await c.committee.get(`/problems/${id}`);
      assert.match(page.body, new RegExp(`<button type="submit" class="btn">我也遇到了 \\(${n}\\)</button>`));
      const r = await c.committee.post(`/problems/${id}/support`, { csrf: csrfOf(mainOf(page.body)) });
      assert.equal(r.status, 303);
      const after = await c.committee.get(`/problems/${id}`);
      assert.match(after.body, new RegExp(`<p class="supported">您已表示也遇到了 \\(${n + 1}\\)</p>`));
    });

    test('the reporter\'s own "me too" does not count: they are already the one who reported it', async () => {
      const id = 13;
      assert.deepEqual(offeredSteps((await c.owner.get(`/problems/${id}`)).body), []);
      assert.doesNotMatch((await c.owner.get(`/problems/${id}`)).body, /我也遇到了/, 'no button for the reporter');
      await changesNothing(base.db, id, () => a.owner.post(`/api/v1/problems/${id}/support`, ''), 'the reporter\'s me too');
    });

    test('"me too" on a closed problem is refused (409); a department may not press it (403)', async () => {
      await changesNothing(base.db, 12, async () => {
        const r = await a.neighbour.post('/api/v1/problems/12/support', '');
        assert.equal(r.status, 409);
        assert.equal(r.json.error.code, 'closed');
      }, 'me too on rated 12');
      await changesNothing(base.db, 10, async () => {
        assert.equal((await a.parks.post('/api/v1/problems/10/support', '')).status, 403);
      }, 'parks me too');
    });
  });

  describe('bulk referral is all or nothing', () => {
    test('one refused item refuses them all (409) and the message names it; nothing moves', async () => {
      // 3 and 15 are accepted (lighting, which goes to 供电); 1 is only reported
      for (const id of [3, 15]) assert.equal((await problemRow(base.db, id)).state, 'accepted');
      const page = await c.staff.get('/problems/lists');
      const before = await Promise.all([3, 15, 1].map((id) => problemRow(base.db, id)));
      const r = await changesNothing(base.db, 0, () => postPairs(c.staff, '/problems/bulk', [['csrf', csrfOf(page.body)],
        ['id', 3], ['id', 15], ['id', 1], ['action', 'refer'], ['department', '0'], ['due', '']]), 'bulk refer 3, 15, 1');
      assert.equal(r.status, 409);
      assert.equal(noticeOf(r.body), '问题 1：这个问题现在的状态不能做这一步。 一个也没有处理。');
      assert.deepEqual(await Promise.all([3, 15, 1].map((id) => problemRow(base.db, id))), before);
    });

    test('without it the others go through: each to its category\'s department, 303', async () => {
      const page = await c.staff.get('/problems/lists');
      const r = await postPairs(c.staff, '/problems/bulk', [['csrf', csrfOf(page.body)], ['id', 3], ['id', 15],
        ['action', 'refer'], ['department', '0'], ['due', '']]);
      assert.equal(r.status, 303, noticeOf(r.body));
      for (const id of [3, 15]) {
        const row = await problemRow(base.db, id);
        assert.equal(row.state, 'referred');
        assert.equal(row.department, ids.dept['国网长沙供电公司']);
        assert.equal(await auditRows(base.db, 'problem.refer', id), 1);
      }
    });

    test('a bulk step that is neither accept nor refer, or with nothing chosen, is 422', async () => {
      const page = await c.staff.get('/problems/lists');
      for (const pairs of [[['id', 9], ['action', 'resolve']], [['action', 'accept']]]) {
        const r = await changesNothing(base.db, 9, () => postPairs(c.staff, '/problems/bulk',
          [['csrf', csrfOf(page.body)], ...pairs]), JSON.stringify(pairs));
        assert.equal(r.status, 422);
        assert.ok(noticeOf(r.body));
      }
    });
  });

  describe('filters', () => {
    /** The API's total for a query string, and SQL's count for the same condition. */
    async function same(query, where) {
      const r = await a.staff.get(`/api/v1/communities/1/problems?${query}&limit=1000`);
      assert.equal(r.status, 200, `${query}: ${r.text}`);
      const n = await count(base.db, `SELECT count(*) FROM problems p WHERE p.community_id = 1 AND ${where}`);
      assert.equal(r.json.total, n, query);
      assert.equal(r.json.items.length, n, query);
      assert.ok(n > 0, `${query} finds nothing: a filter test needs rows`);
      return r.json.items;
    }

    test('by state, category and building, alone and together', async () => {
      const referred = await same('state=referred', "p.state = 'referred'");
      assert.ok(referred.every((p) => p.state === 'referred'));
      const greening = await same('category=greening', `p.category_id = ${ids.cat.greening}`);
      assert.ok(greening.every((p) => p.category === 'greening'));
      const b1 = await same(`building=${ids.building['1栋']}`, `p.building_id = ${ids.building['1栋']}`);
      assert.ok(b1.every((p) => p.building === '1栋'));
      await same('state=referred&category=greening', `p.state = 'referred' AND p.category_id = ${ids.cat.greening}`);
    });

    test('overdue: referred and past the due date', async () => {
      const late = await same('overdue=1', `p.state = 'referred' AND p.due_at <= ${NOW}`);
      assert.ok(late.every((p) => p.overdue === true));
      const page = await c.staff.get('/problems?overdue=1');
      const rows = listed(page.body);
      assert.equal(rows.length, late.length);
      assert.ok(rows.every((x) => x.overdue && /已超期/.test(x.text)));
    });

    test('search by a word of two characters (漏水, 北门) and of three or more (下水道, 香樟树枝)', async () => {
      for (const q of ['漏水', '北门', '下水道', '香樟树枝']) {
        const found = await same(`q=${encodeURIComponent(q)}`, `(p.description LIKE '%${q}%' OR p.place LIKE '%${q}%')`);
        assert.ok(found.every((p) => p.description.includes(q) || p.place.includes(q)), q);
        const page = await c.owner.get(`/problems?q=${encodeURIComponent(q)}&limit=1000`);
        assert.deepEqual(listed(page.body).map((x) => x.id), found.map((p) => p.id), `the page for ${q}`);
      }
      const none = await a.staff.get(`/api/v1/communities/1/problems?q=${encodeURIComponent('电梯')}`);
      assert.equal(none.json.total, 0);
      const nonePage = await c.staff.get(`/problems?q=${encodeURIComponent('电梯')}`);
      assert.match(nonePage.body, /没有符合条件的问题。/);
    });

    test('a filter that names nothing real is 422 naming it', async () => {
      for (const [q, field] of [['state=fixed', 'state'], ['category=nope', 'category'], ['building=abc', 'building'],
        ['offset=-1', 'offset']]) {
        const r = await a.staff.get(`/api/v1/communities/1/problems?${q}`);
        assert.equal(r.status, 422, q);
        assert.equal(r.json.error.field, field, q);
        assert.equal((await c.staff.get(`/problems?${q}`)).status, 422, q);
      }
    });
  });

  describe('categories', () => {
    const form = async (code, fields) => {
      const page = await c.staff.get('/problems/categories');
      assert.equal(page.status, 200);
      return c.staff.post(`/problems/categories/${ids.cat[code]}`, {
        csrf: csrfOf(page.body), name: '其他', name_en: 'Other', code, sla_days: '15', department: '0', ...fields,
      });
    };
    const categories = () => sql(base.db, 'SELECT id, code, name, sla_days, coalesce(department_id, 0) FROM problem_categories ORDER BY id');

    test('only staff edit the categories (a head 403)', async () => {
      assert.equal((await c.head.get('/problems/categories')).status, 403);
      const csrf = csrfOf((await c.head.get('/problems')).body);
      assert.equal((await c.head.post(`/problems/categories/${ids.cat.other}`, { csrf, name: 'x', code: 'x', sla_days: '1' })).status, 403);
    });

    test('a bad code (422), a code another category has (409), a time limit outside 1–365 days (422) change nothing', async () => {
      const cases = [
        [{ code: 'Other-1' }, 422, '服务代码只能用小写字母、数字和下划线，1到32个字符。'],
        [{ code: '' }, 422, '服务代码只能用小写字母、数字和下划线，1到32个字符。'],
        [{ code: 'x'.repeat(33) }, 422, '服务代码只能用小写字母、数字和下划线，1到32个字符。'],
        [{ code: 'drainage' }, 409, '这个服务代码已被其他类别使用。'],
        [{ sla_days: '0' }, 422, null],
        [{ sla_days: '366' }, 422, null],
        [{ sla_days: 'seven' }, 422, null],
        [{ department: '999999' }, 422, '请选择部门。'],
        [{ name: '' }, 422, null],
      ];
      const before = await categories();
      await changesNothing(base.db, 0, async () => {
        for (const [fields, status, message] of cases) {
          const r = await form('other', fields);
          assert.equal(r.status, status, JSON.stringify(fields));
          if (message) assert.equal(noticeOf(r.body), message);
          else assert.ok(noticeOf(r.body), `no message for ${JSON.stringify(fields)}`);
        }
      }, 'the refused category edits');
      assert.equal(await categories(), before);
    });

    test('a good edit is saved (303) with its audit row, and the next referral uses its department and time limit', async () => {
      const r = await form('other', { name: '其他问题', sla_days: '5', department: String(ids.dept['长沙水务集团']) });
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal(r.headers.get('location'), '/problems/categories?saved=1');
      assert.equal(noticeOf((await c.staff.get(r.headers.get('location'))).body), '类别已保存。');
      assert.equal(await auditRows(base.db, 'problem.category_update', ids.cat.other), 1);
      // the owner's report at the north gate is an "other" problem
      await stepApi(a.head, made.gate, { action: 'verify' });
      await stepApi(a.staff, made.gate, { action: 'accept' });
      await stepApi(a.staff, made.gate, { action: 'refer' });
      const p = (await a.staff.get(`/api/v1/problems/${made.gate}`)).json;
      assert.equal(p.department, '长沙水务集团');
      assert.equal(p.due, shanghaiDate(NOW, 5));
    });
  });

  describe('bad reports', () => {
    const GOOD = { category: 'drainage', description: '雨水井盖松动，踩上去会翻。', building: '1栋', stairwell: '2单元' };
    const CASES = [
      ['no category', { category: '' }, 'category', '请选择类别。'],
      ['an unknown category', { category: 'elevator' }, 'category', '请选择类别。'],
      ['neither building nor place', { building: '', stairwell: '', place: '' }, 'place', '请选择楼栋，或填写具体地点。'],
      ['an unknown building', { building: '99栋' }, 'building', '本社区没有这个楼栋。'],
      ['a stairwell the building lacks', { stairwell: '9单元' }, 'stairwell', '这个楼栋没有这个单元。'],
      ['a stairwell without a building', { building: '', place: '北门' }, 'building', '本社区没有这个楼栋。'],
      ['no description', { description: '' }, 'description', '“问题描述”必须填写。'],
      ['a description of 2001 characters', { description: '水'.repeat(2001) }, 'description', '“问题描述”太长（最多 2000 个字符）。'],
      ['a place of 101 characters', { building: '', stairwell: '', place: '门'.repeat(101) }, 'place', null],
    ];

    test('through the API each is 422 naming the field, and nothing is stored', async () => {
      await changesNothing(base.db, 0, async () => {
        for (const [what, change, field, message] of CASES) {
          const r = await reportApi('owner', { ...GOOD, ...change });
          assert.equal(r.status, 422, `${what}: ${r.text}`);
          assert.equal(r.json.error.field, field, what);
          if (message) assert.equal(r.json.error.message, message, what);
        }
      }, 'bad reports by the API');
    });

    test('through the form each is 422 with the message, the form shown again with what was typed', async () => {
      await changesNothing(base.db, 0, async () => {
        for (const [what, change, , message] of CASES) {
          const { r, notice } = await reportForm(c.owner, { ...GOOD, ...change });
          assert.equal(r.status, 422, what);
          if (message) assert.equal(notice, message, what);
          else assert.match(notice, /^“具体地点/, what);
          assert.match(r.body, /<form method="post" enctype="multipart\/form-data" action="\/problems"/);
          if (change.description === undefined)
            assert.match(r.body, /<textarea[^>]*name="description"[^>]*>雨水井盖松动，踩上去会翻。<\/textarea>/, what);
        }
      }, 'bad reports by the form');
    });

    test('a description of exactly 2000 Chinese characters is accepted (the limit counts characters, not bytes)', async () => {
      const r = await reportApi('owner', { ...GOOD, description: '水'.repeat(2000) });
      assert.equal(r.status, 201, r.text);
    });

    test('text that is not UTF-8 is 400 naming the field, by the form and the API; nothing is stored', async () => {
      const page = await c.owner.get('/problems/new');
      const body = Buffer.concat([Buffer.from(`csrf=${csrfOf(page.body)}&category=drainage&place=%E5%8C%97%E9%97%A8&description=`),
        Buffer.from('%FF%FE%E6%BC')]);
      const r = await changesNothing(base.db, 0, () => c.owner.postRaw('/problems', body), 'form');
      assert.equal(r.status, 400);
      assert.match(noticeOf(r.body), /description.*不是有效的 UTF-8/);
      const raw = (who, p, bytes) => a[who].request('POST', p, { body: bytes, headers: { 'content-type': 'application/json' } });
      const json = Buffer.concat([Buffer.from('{"category":"drainage","place":"北门","description":"'), Buffer.from([0xff, 0xfe]),
        Buffer.from('"}')]);
      const j = await changesNothing(base.db, 0, () => raw('owner', '/api/v1/communities/1/problems', json), 'API');
      assert.equal(j.status, 400);
      assert.equal(j.json.error.code, 'invalid_utf8');
      const step = await changesNothing(base.db, 1, () => raw('staff', '/api/v1/problems/1/steps',
        Buffer.concat([Buffer.from('{"action":"reject","note":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])), 'step');
      assert.equal(step.status, 400);
      assert.equal(step.json.error.code, 'invalid_utf8');
    });

    test('a malformed value is refused with a sentence saying what is wrong, not only the field\'s label', async () => {
      // Every message in the catalogue that tells someone what to fix is a sentence (ends in 。);
      // the field's label alone ("办结期限", "渠道") does not say what is wrong with it.
      const cases = [
        ['a due date that is no date', () => a.staff.post('/api/v1/problems/3/steps', { action: 'refer', due: '2026-02-30' }), 'due'],
        ['a step\'s unknown channel', () => a.staff.post('/api/v1/problems/1/steps', { action: 'verify', channel: 'fax' }), 'channel'],
        ['a report\'s unknown channel', () => reportApi('head', { ...GOOD, reporter_name: '张桂英', channel: 'fax' }), 'channel'],
        ['a report for someone without their name', () => reportApi('head', { ...GOOD, channel: 'paper' }), 'reporter_name'],
        ['an unknown state to filter by', () => a.staff.get('/api/v1/communities/1/problems?state=fixed'), 'state'],
      ];
      const unclear = [];
      await changesNothing(base.db, [1, 3], async () => {
        for (const [what, call, field] of cases) {
          const r = await call();
          assert.equal(r.status, 422, `${what}: ${r.text}`);
          assert.equal(r.json.error.field, field, what);
          if (!/。$/.test(r.json.error.message)) unclear.push(`${what}: "${r.json.error.message}"`);
        }
      }, 'malformed values');
      assert.deepEqual(unclear, []);
    });

    test('an owner may not report into another compound (403); anonymous visitors are asked to log in', async () => {
      const r = await changesNothing(base.db, 0, () => a.owner.post('/api/v1/communities/2/problems', GOOD), 'compound 2');
      assert.equal(r.status, 403);
      const anon = await client(srv.url).get('/problems/new');
      assert.equal(anon.status, 303);
      assert.equal(anon.headers.get('location'), '/login?next=%2Fproblems%2Fnew');
      assert.equal((await api(srv.url).get('/api/v1/problems/1')).status, 401);
    });
  });

  describe('what people typed, shown and exported', () => {
    test('text typed into a report is escaped on the problem page and the list', async () => {
      const r = await reportApi('owner', { category: 'roads', description: '<img src=x onerror=alert(1)> 路面"坑"&洼',
        place: '<b>南门</b>' });
      assert.equal(r.status, 201, r.text);
      made.markup = r.json.id;
      const page = await c.staff.get(`/problems/${made.markup}`);
      assert.match(page.body, /<p class="description">&lt;img src=x onerror=alert\(1\)&gt; 路面(&quot;|&#34;)坑(&quot;|&#34;)&amp;洼<\/p>/);
      assert.equal(fact(page.body, '地点'), '&lt;b&gt;南门&lt;/b&gt;');
      const list = await c.owner.get('/problems?category=roads');
      assert.ok(listed(list.body).some((x) => x.id === made.markup));
      assert.doesNotMatch(list.body, /<img src=x|<b>南门/);
    });

    test('staff export the filtered list as CSV and XLSX, each export audited; a cell like a formula is made inert', async () => {
      const r = await reportApi('owner', { category: 'roads', description: '=1+1 井盖缺失', place: '南门' });
      assert.equal(r.status, 201, r.text);
      made.formula = r.json.id;
      const before = await auditRows(base.db, 'problem.export');
      const csv = await c.staff.get('/problems/export.csv?category=roads');
      assert.equal(csv.status, 200, csv.body.slice(0, 200));
      assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.match(csv.headers.get('content-disposition'), /^attachment; filename="problems-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
      assert.match(lines[0], /^编号,类别,问题描述,/);
      const roads = await count(base.db, `SELECT count(*) FROM problems WHERE category_id = ${ids.cat.roads}`);
      assert.equal(lines.length, roads + 1, 'a header and one line per problem');
      const row = lines.find((l) => l.startsWith(`${made.formula},`));
      assert.ok(row, 'the new report is exported');
      assert.match(row, /,'=1\+1 井盖缺失,/);
      const xlsx = await c.staff.get('/problems/export.xlsx?category=roads');
      assert.equal(xlsx.status, 200);
      assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.ok(xlsx.body.startsWith('PK'), 'a zip file');
      assert.equal(await auditRows(base.db, 'problem.export'), before + 2);
    });

    test('exports hold reporters\' names and contacts: the owner and the head are refused (403), nothing audited', async () => {
      await changesNothing(base.db, 0, async () => {
        for (const who of ['owner', 'head', 'committee'])
          for (const f of ['csv', 'xlsx']) assert.equal((await c[who].get(`/problems/export.${f}`)).status, 403, `${who} ${f}`);
      }, 'refused exports');
    });
  });

  describe('the resolution window, prepared', () => {
    test('two of the owner\'s reports are resolved now, for the later servers to rate', async () => {
      for (const key of ['early', 'late']) {
        const r = await reportApi('owner', { category: 'lighting', description: `路灯不亮（${key}）`, building: '1栋' });
        assert.equal(r.status, 201, r.text);
        const id = r.json.id;
        made[key] = id;
        await stepApi(a.head, id, { action: 'verify' });
        await stepApi(a.staff, id, { action: 'accept' });
        await stepApi(a.staff, id, { action: 'refer' });
        await stepApi(a.staff, id, { action: 'answer', note: '供电公司电话答复：已换灯泡。', channel: 'proxy' });
        await stepApi(a.staff, id, { action: 'resolve' });
        assert.equal(await count(base.db, `SELECT resolved_at FROM problems WHERE id = ${id}`), NOW);
      }
    });
  });

  describe('the audit trail', () => {
    test('every step and report on a problem made here left exactly one audit row', async () => {
      // problems made here, and demo problems this file moved (the demo's own rows are the demo's)
      const ids = [...Object.entries(made).filter(([k]) => k !== 'list').map(([, v]) => v), 3, 7, 15, 19].join(', ');
      const q = (what) => sql(base.db, what);
      const [events, audit, actions] = await Promise.all([
        q(`SELECT problem_id, action, count(*) FROM problem_events WHERE problem_id IN (${ids}) AND at >= ${NOW} ` +
          'GROUP BY problem_id, action ORDER BY problem_id, action'),
        q(`SELECT object_id, substr(action, 9), count(*) FROM audit WHERE object_type = 'problem' AND object_id IN (${ids}) ` +
          `AND at >= ${NOW} AND actor_id <> 0 AND action LIKE 'problem.%' AND action <> 'problem.support' ` +
          'GROUP BY object_id, action ORDER BY object_id, substr(action, 9)'),
        q('SELECT DISTINCT action FROM audit WHERE actor_id <> 0 AND action LIKE \'problem.%\' ORDER BY action'),
      ]);
      assert.ok(events.trim().split('\n').length > 20);
      assert.equal(audit.trim(), events.trim());
      assert.deepEqual(actions.trim().split('\n'), ['problem.accept', 'problem.answer', 'problem.category_update',
        'problem.export', 'problem.list_send', 'problem.merge', 'problem.rate', 'problem.refer', 'problem.reject', 'problem.reopen',
        'problem.report', 'problem.resolve', 'problem.support', 'problem.verify']);
    });
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

describe('fourteen days after resolution', SUITE, () => {
  after(async () => {
    await rm(base.dir, { recursive: true, force: true });
    await dropDb(base.db);
  });

  test('exactly 14 days later the owner may still rate', async () => {
    const srv = await laterServer(base, NOW + WINDOW);
    try {
      await stepApi(api(srv.url, tokens.owner), made.early, { action: 'rate', rating: 3 });
      assert.equal((await problemRow(base.db, made.early)).rating, 3);
    } finally {
      await assertCleanStop(srv);
    }
  });

  test('a second later rating and reopening are closed (409 window_closed), and no longer offered', async () => {
    const srv = await laterServer(base, NOW + WINDOW + 1);
    try {
      const owner = api(srv.url, tokens.owner);
      const staff = api(srv.url, tokens.staff);
      const cases = [
        [owner, made.late, { action: 'rate', rating: 5 }],
        [owner, made.late, { action: 'reopen', note: '还是不亮' }],
        [owner, made.early, { action: 'reopen', note: '又坏了' }],
        [staff, made.late, { action: 'rate', rating: 5, channel: 'paper' }],
      ];
      await changesNothing(base.db, [made.early, made.late], async () => {
        for (const [who, id, body] of cases) await stepApi(who, id, body, 409, 'window_closed');
      }, 'after the window');
      const page = await loggedIn(srv.url, 'owner');
      const r = await page.get(`/problems/${made.late}`);
      assert.equal(r.status, 200);
      assert.deepEqual(offeredSteps(r.body), []);
      assert.equal((await problemRow(base.db, made.late)).state, 'resolved', 'unrated, it simply stays resolved');
    } finally {
      await assertCleanStop(srv);
    }
  });

  test('`yuanli audit verify` finds the chain intact after everything above', async () => {
    const r = await yuanli(['audit', 'verify', '--db', base.db]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^audit chain intact: \d+ entries in \d+ chains$/m);
  });
});
