// two_processes.test.mjs: two `yuanli serve` processes on one PostgreSQL database, as behind a
// load balancer. What one process writes the other reads at once — a community, a setting, a
// unit, a session and its CSRF token — and writes made through both at the same time to one
// community keep its audit chain whole (`yuanli audit verify` exits 0 and counts every entry).
// PostgreSQL only: it runs when YUANLI_TEST_PG names a server (scripts/check's http-pg run).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import {
  startServer, assertCleanStop, client, loggedIn, csrfOf, yuanli, tempDir, freshDemoDb, dropDb, ON_PG, SUITE,
} from './lib/server.mjs';
import { api, tokenFor, chainHeads } from './lib/registry.mjs';

const ONLY_PG = ON_PG ? {} : {
  skip: 'PostgreSQL only: two processes share a database on PostgreSQL; set YUANLI_TEST_PG (the http-pg run of scripts/check does)',
};

const ROUNDS = 10; // per writer; two writers per process, each alternating an import and a PATCH

/** The last lines of a server's stderr, for a failure message. */
function tail(text, n = 30) {
  return text.split('\n').slice(-n).join('\n');
}

/** The same visitor (its cookies) on another server. */
function sameVisitor(c, base) {
  const other = client(base);
  for (const [k, v] of c.jar) other.jar.set(k, v);
  return other;
}

/** A JSON request with a session cookie and the X-CSRF-Token a page gave that session. */
function jsonWithCookie(c, csrf, method, p, body) {
  return c.request(method, p, {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
  });
}

describe('two processes on one PostgreSQL database', { ...SUITE, ...ONLY_PG }, () => {
  let dir;
  let db;
  let a;
  let b;
  let admin; // the administrator's session, made on A
  let created; // the community created on A
  before(async () => {
    dir = await tempDir('yuanli-two-');
    db = await freshDemoDb(dir);
    // At the same moment: both find no CSRF key in the new database and make one; the first
    // stored is the one both must use (store_setting_add), or forms made on B fail on A.
    [a, b] = await Promise.all([startServer({ db }), startServer({ db })]);
    admin = await loggedIn(a.url, 'admin');
  });
  after(async () => {
    const ra = await a?.stop();
    const rb = await b?.stop();
    await rm(dir, { recursive: true, force: true });
    if (ra?.code === 0 && rb?.code === 0) await dropDb(db);
  });

  test('a community the administrator creates through the API on A is there on B', async () => {
    const csrf = csrfOf((await admin.get('/account')).body);
    const r = await jsonWithCookie(admin, csrf, 'POST', '/api/v1/communities',
      { name: '双进程小区', district: '天心区', jurisdiction_id: 'two-processes' });
    assert.equal(r.status, 201, r.body);
    created = JSON.parse(r.body).id;
    assert.ok(Number.isInteger(created) && created > 1, r.body);
    // the session made on A is good on B, and B reads the new community
    const onB = sameVisitor(admin, b.url);
    const g = await onB.get(`/api/v1/communities/${created}`);
    assert.equal(g.status, 200, g.body);
    const j = JSON.parse(g.body);
    assert.equal(j.name, '双进程小区');
    assert.equal(j.district, '天心区');
    assert.equal(j.jurisdiction_id, 'two-processes');
    const list = JSON.parse((await onB.get('/api/v1/communities')).body);
    assert.ok(list.items.some((c) => c.id === created), 'B lists it');
    // and its new audit chain is public on B
    assert.equal((await chainHeads(b.url))[created]?.length, 1, 'B shows the new chain');
  });

  test('B refuses the jurisdiction_id A just took (409), as one process would', async () => {
    const onB = sameVisitor(admin, b.url);
    const csrf = csrfOf((await onB.get('/account')).body);
    const r = await jsonWithCookie(onB, csrf, 'POST', '/api/v1/communities', { name: '重名', jurisdiction_id: 'two-processes' });
    assert.equal(r.status, 409, r.body);
    assert.equal(JSON.parse(r.body).error.code, 'jurisdiction_taken');
  });

  test('writes on B are read on A: a setting, a unit, and a session made on B with its CSRF token', async () => {
    const staff = await loggedIn(b.url, 'staff');
    const csrf = csrfOf((await staff.get('/account')).body);
    const p = await jsonWithCookie(staff, csrf, 'PATCH', '/api/v1/communities/1', { settings: { notice_days: 42 } });
    assert.equal(p.status, 200, p.body);
    const staffA = sameVisitor(staff, a.url);
    const g = await staffA.get('/api/v1/communities/1');
    assert.equal(g.status, 200, g.body);
    assert.equal(JSON.parse(g.body).settings.notice_days, 42, 'A reads what B wrote');

    const tokB = api(b.url, await tokenFor(b, 'staff', 'two-b'));
    const tokA = api(a.url, await tokenFor(a, 'staff', 'two-a'));
    const imp = await tokB.importCsv(1, 'building,stairwell,floor,room,area_m2\n1,1,1,88001,66.60\n');
    assert.equal(imp.status, 200, imp.text);
    assert.equal(imp.json.created, 1, imp.text);
    const units = await tokA.get(`/api/v1/communities/1/units?building=${encodeURIComponent('1栋')}&limit=1000`);
    assert.equal(units.status, 200, units.text);
    assert.ok(units.json.items.some((u) => u.room === '88001'), 'A lists the unit B imported');

    // the CSRF token B's page gave is good for a write on A (one key, kept in the database)
    const back = await jsonWithCookie(staffA, csrf, 'PATCH', '/api/v1/communities/1', { settings: { notice_days: 43 } });
    assert.equal(back.status, 200, back.body);
    assert.equal(JSON.parse((await staff.get('/api/v1/communities/1')).body).settings.notice_days, 43);
  });

  test(`concurrent writes through both processes to one community (${4 * ROUNDS * 2}) keep its audit chain intact`, async () => {
    const tokA = await tokenFor(a, 'staff', 'race-a');
    const tokB = await tokenFor(b, 'staff', 'race-b');
    // How many rows one write of each kind adds to the chain, alone: a one-unit import adds the
    // unit's and its new owner's, a PATCH one.
    const grows = async (fn) => {
      const was = (await chainHeads(a.url))[1].length;
      await fn();
      return (await chainHeads(a.url))[1].length - was;
    };
    const perImport = await grows(async () => {
      const r = await api(a.url, tokA).importCsv(1, 'building,stairwell,floor,room,area_m2\n1,1,1,88999,70.00\n');
      assert.equal(r.status, 200, r.text);
    });
    const perPatch = await grows(async () => {
      const r = await api(b.url, tokB).patch('/api/v1/communities/1', { settings: { notice_days: 44 } });
      assert.equal(r.status, 200, r.text);
    });
    assert.ok(perImport >= 1 && perPatch === 1, `an import adds ${perImport} rows, a PATCH ${perPatch}`);
    const before = await chainHeads(a.url);
    // Four writers, two per process, all at once: each alternates a one-unit import (a new room
    // in 1栋 1单元) and a PATCH of notice_days to a value no other request sends. The PATCH's
    // answer may already show another writer's later value (it reads the community back), so
    // only its status counts here.
    const writers = [[a, tokA], [a, tokA], [b, tokB], [b, tokB]];
    const failures = [];
    let patches = 0;
    let imports = 0;
    await Promise.all(writers.map(async ([srv, tok], w) => {
      const c = api(srv.url, tok);
      for (let i = 0; i < ROUNDS; i++) {
        const room = String(89000 + w * 100 + i);
        const imp = await c.importCsv(1, `building,stairwell,floor,room,area_m2\n1,1,1,${room},70.00\n`);
        if (imp.status === 200 && imp.json?.created === 1) imports++;
        else failures.push(`writer ${w} import ${room}: ${imp.status} ${imp.text.slice(0, 300)}`);
        const days = 50 + w * ROUNDS + i; // 50 … 89, all different and none the current value
        const p = await c.patch('/api/v1/communities/1', { settings: { notice_days: days } });
        if (p.status === 200) patches++;
        else failures.push(`writer ${w} notice_days ${days}: ${p.status} ${p.text.slice(0, 300)}`);
      }
    }));
    // The chain first (a refused write must leave no row either), then the answers.
    const v = await yuanli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const onA = await chainHeads(a.url);
    const onB = await chainHeads(b.url);
    assert.deepEqual(onB, onA, 'both processes publish the same chain heads');
    assert.equal(onA[1].length, before[1].length + imports * perImport + patches * perPatch,
      `community 1's chain grew by ${onA[1].length - before[1].length}, for ${imports} imports (${perImport} rows each) ` +
      `and ${patches} changes (${perPatch} row each) answered 200`);
    const m = /^audit chain intact: (\d+) entries in (\d+) chains$/m.exec(v.stdout);
    assert.ok(m, v.stdout);
    const total = Object.values(onA).reduce((s, h) => s + h.length, 0);
    assert.equal(Number(m[1]), total, 'audit verify counts every entry the heads show');
    assert.equal(Number(m[2]), Object.keys(onA).length);
    assert.deepEqual(failures, [], 'every concurrent write is answered 2xx\n' +
      `A's stderr:\n${tail(a.stderr())}\nB's stderr:\n${tail(b.stderr())}`);
  });

  test('both servers stop cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(a);
    await assertCleanStop(b);
  });
});
