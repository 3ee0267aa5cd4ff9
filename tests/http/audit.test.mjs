// audit.test.mjs: the audit trail — every change leaves a row, staff browse and filter it, the
// chain heads are public (page and JSON), and `yuanli audit verify` says intact on a live
// database and names the community and entry after the file is tampered with (a changed row,
// a removed row, a forged row slipped in), each on its own copy of a cleanly stopped database
// (a copied file on SQLite; CREATE DATABASE … TEMPLATE on PostgreSQL).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import {
  startServer, assertCleanStop, client, loggedIn, csrfOf, noticeOf, yuanli, sql, tempDir, freshDb, freshDemoDb, copyDb, dropDb,
  ON_PG, SUITE,
} from './lib/server.mjs';
import { api, tokenFor, chainHeads, HEADER } from './lib/registry.mjs';

const HEX64 = /^[0-9a-f]{64}$/;

/** The rows of the /audit table: [{seq, actor, action, object, details}]. */
function auditRows(html) {
  return [...html.matchAll(/<tr><td[^>]*>(\d+)<\/td><td[^>]*>[^<]+<\/td><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td><td[^>]*>(?:<a href="[^"]*">)?([^<]*)(?:<\/a>)?<\/td><td[^>]*><code>([^<]*)<\/code><\/td><\/tr>/g)]
    .map((m) => ({ seq: Number(m[1]), actor: m[2], action: m[3], object: m[4], details: m[5] }));
}

let dir; // the database outlives the server: copies of it are tampered with after a clean stop
let db;
let headsAtStop; // the public heads just before the clean stop

describe('audit trail (live)', SUITE, () => {
  let srv;
  let staff;
  let staffApi;
  before(async () => {
    dir = await tempDir('yuanli-audit-');
    db = await freshDemoDb(dir); // a copy of the run's demo (the same `yuanli demo`), or one made here
    srv = await startServer({ db });
    staff = await loggedIn(srv.url, 'staff');
    staffApi = api(srv.url, await tokenFor(srv, 'staff'));
  });
  after(async () => { await srv?.stop(); });

  /** Does `fn` add exactly `n` rows to community `cid`'s chain (and change its head)? */
  async function adds(n, fn, cid = 1) {
    const before = (await chainHeads(srv.url))[cid];
    await fn();
    const after = (await chainHeads(srv.url))[cid];
    assert.equal(after.length, before.length + n, `chain ${cid} grew by ${after.length - before.length}, not ${n}`);
    if (n > 0) assert.notEqual(after.head, before.head);
  }

  async function staffPost(p, form, from) {
    const csrf = csrfOf((await staff.get(from)).body);
    return staff.post(p, { ...form, csrf });
  }

  test('the demo starts with an intact chain per community; `yuanli audit verify` says so on the live database', async () => {
    const r = await yuanli(['audit', 'verify', '--db', db]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^audit chain intact: \d+ entries in 4 chains$/m); // the installation's and the demo's three communities'
  });

  test('every change leaves its row: settings, import (units and owners), edit, residents, heads, codes, claims', async () => {
    await adds(1, async () => {
      assert.equal((await staffApi.patch('/api/v1/communities/1', { settings: { notice_days: 20 } })).status, 200);
    });
    const csv = `${HEADER}\n70,1,1,101,50.00,register,A1,秘密姓名,person,delivered\n70,1,1,102,51.00,register,A1,秘密姓名,person,delivered\n`;
    await adds(3, async () => { // two units and their one owner
      assert.equal((await staffApi.importCsv(1, csv)).status, 200);
    });
    await adds(0, async () => { // the same again changes nothing
      assert.equal((await staffApi.importCsv(1, csv)).json.unchanged, 2);
    });
    await adds(1, async () => {
      assert.equal((await staffApi.importCsv(1, csv.replace('51.00', '52.00'))).json.updated, 1);
    });
    const unit = (await staffApi.get('/api/v1/communities/1/units?building=70')).json.items[0];
    await adds(1, async () => {
      const r = await staffPost(`/registry/units/${unit.id}/residents`, { name: '住户甲', phone: '', kind: 'owner' },
        `/registry/units/${unit.id}`);
      assert.equal(r.status, 303, noticeOf(r.body));
    });
    await adds(1, async () => {
      const r = await staffPost(`/registry/units/${unit.id}`, {
        floor: '1', area_m2: '49.50', area_source: 'survey', owner_ref: 'A1', owner_name: '秘密姓名', owner_kind: 'person',
        status: 'delivered',
      }, `/registry/units/${unit.id}/edit`);
      assert.equal(r.status, 303, noticeOf(r.body));
    });
    await adds(1, async () => {
      assert.equal((await staffPost('/registry/heads', { head: 'head', building_id: '5' }, '/registry')).status, 303);
    });
    let code;
    await adds(1, async () => {
      const r = await staffPost('/registry/codes', { building_id: '5', role: 'owner' }, '/registry/codes');
      assert.equal(r.status, 200);
      code = /<p class="code">([^<]+)<\/p>/.exec(r.body)[1];
    });
    await adds(1, async () => {
      const c = client(srv.url);
      const csrf = await c.csrf('/claim');
      const r = await c.post('/claim', { code, user: 'claimer', password: 'claimer-pass-1', repeat: 'claimer-pass-1', csrf });
      assert.equal(r.status, 303, noticeOf(r.body));
    });
    // the new account itself is recorded in the installation's chain
    const heads = await chainHeads(srv.url);
    assert.ok(heads[0].length > 0);
    // refused changes leave nothing
    await adds(0, async () => {
      assert.equal((await staffApi.patch('/api/v1/communities/1', { settings: { notice_days: 0 } })).status, 422);
      assert.equal((await staffApi.importCsv(1, `${HEADER}\n70,1,1,103,1e3,,,,,\n`)).status, 422);
    });
  });

  test('a new community starts its own chain', async () => {
    const admin = api(srv.url, await tokenFor(srv, 'admin'));
    const r = await admin.post('/api/v1/communities', { name: '新社区' });
    assert.equal(r.status, 201);
    const heads = await chainHeads(srv.url);
    assert.equal(heads[r.json.id].length, 1);
    assert.match(heads[r.json.id].head, HEX64);
  });

  test('staff browse the audit log: newest first, with actor, action, object and details', async () => {
    const r = await staff.get('/audit');
    assert.equal(r.status, 200);
    const rows = auditRows(r.body);
    assert.equal(rows.length, 50, 'a page is 50 rows');
    assert.equal(rows[0].seq, (await chainHeads(srv.url))[1].length, 'the newest entry is the chain\'s length');
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].seq > rows[i].seq, 'newest first');
    assert.equal(rows[0].action, 'account.claim');
    assert.match(r.body, /href="\/audit\?offset=50/);
    const next = auditRows((await staff.get('/audit?offset=50')).body);
    assert.equal(next[0].seq, rows[49].seq - 1, 'the next page goes on where the first stopped');
  });

  test('?action=unit. lists only unit changes, ?actor=staff only the staff member\'s', async () => {
    const units = await staff.get('/audit?action=unit.');
    const rows = auditRows(units.body);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((x) => x.action.startsWith('unit.')), rows.map((x) => x.action).join(' '));
    assert.ok(rows.some((x) => x.action === 'unit.update' && x.actor === 'staff'));
    assert.ok(rows.some((x) => x.action === 'unit.create' && x.actor === 'demo'), 'the demo import too');
    const mine = await staff.get('/audit?actor=staff');
    const mrows = auditRows(mine.body);
    assert.ok(mrows.every((x) => x.actor === 'staff'));
    // what staff did here, the demo's notice board, which staff keep (demo_notices.c), and the
    // payments on the demo's works, which staff record (one of them corrected)
    assert.deepEqual(new Set(mrows.map((x) => x.action)), new Set(['community.update', 'unit.create', 'owner.create',
      'unit.update', 'resident.add', 'head.assign', 'codes.print', 'notice.create', 'notice.publish',
      'work_payment.record', 'work_payment.correct']));
    const both = await staff.get('/audit?action=unit.&actor=staff');
    assert.deepEqual(auditRows(both.body).map((x) => x.action), ['unit.update', 'unit.update', 'unit.create', 'unit.create'],
      'two created, one re-imported with a change, one edited');
    const none = await staff.get('/audit?action=nothing.');
    assert.equal(none.status, 200);
    assert.deepEqual(auditRows(none.body), []);
  });

  test('audit rows keep owners\' names out (references only) and codes never appear', async () => {
    const r = await staff.get('/audit?action=owner.');
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.body, /秘密姓名/);
    const all = await sql(db, "SELECT count(*) FROM audit WHERE details LIKE '%秘密姓名%'");
    assert.equal(all.trim(), '0');
  });

  test('the committee may read the log; owners and heads may not (403); anonymous is sent to log in', async () => {
    assert.equal((await (await loggedIn(srv.url, 'committee')).get('/audit')).status, 200);
    for (const who of ['owner', 'head']) {
      const r = await (await loggedIn(srv.url, who)).get('/audit');
      assert.equal(r.status, 403, who);
    }
    assert.equal((await client(srv.url).get('/audit')).status, 303);
  });

  test('GET /audit/chain is public and shows each community\'s length and 64-hex head, as the JSON does', async () => {
    const r = await client(srv.url).get('/audit/chain');
    assert.equal(r.status, 200);
    const rows = [...r.body.matchAll(/<tr><td[^>]*>([^<]+)<\/td><td[^>]*>(\d+)<\/td><td[^>]*><code class="hash">([^<]+)<\/code><\/td><\/tr>/g)]
      .map((m) => ({ name: m[1], length: Number(m[2]), head: m[3] }));
    const heads = await chainHeads(srv.url);
    assert.equal(rows.length, Object.keys(heads).length);
    for (const row of rows) assert.match(row.head, HEX64);
    const zn = rows.find((x) => x.name === '中南家园');
    assert.deepEqual([zn.length, zn.head], [heads[1].length, heads[1].head]);
    assert.equal(rows[0].name, '平台账户');
    assert.deepEqual([rows[0].length, rows[0].head], [heads[0].length, heads[0].head]);
  });

  test('GET /api/v1/audit/heads is public JSON: {items:[{community_id, length, head}], total}', async () => {
    const r = await api(srv.url).get('/api/v1/audit/heads');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.json.total, r.json.items.length);
    assert.deepEqual(r.json.items.map((x) => x.community_id).slice(0, 2), [0, 1]);
    for (const it of r.json.items) {
      assert.deepEqual(Object.keys(it).sort(), ['community_id', 'head', 'length']);
      assert.ok(Number.isInteger(it.length) && it.length > 0);
      assert.match(it.head, HEX64);
    }
  });

  test('`yuanli audit verify` is still intact after all these changes, with the server running', async () => {
    const r = await yuanli(['audit', 'verify', '--db', db]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /intact: \d+ entries in 5 chains/);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    headsAtStop = await chainHeads(srv.url);
    await assertCleanStop(srv);
  });
});

describe('audit verify after tampering with the file', SUITE, () => {
  let n = 0;
  let srv;
  const copies = [];
  after(async () => {
    const r = await srv?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (r?.code === 0) for (const d of [db, ...copies]) await dropDb(d);
  });

  /** A fresh copy of the stopped server's database with `change` applied by the sqlite3 CLI or
   *  psql. On PostgreSQL triggers are off while it runs (session_replication_role = replica), as
   *  they are for whoever can write the database's files. */
  async function tampered(change) {
    const copy = await copyDb(db, dir, `t${++n}.db`);
    copies.push(copy);
    if (change) await sql(copy, ON_PG ? `SET session_replication_role = replica; ${change}` : change);
    return copy;
  }

  async function verify(file) {
    return yuanli(['audit', 'verify', '--db', file]);
  }

  test('the untouched copy verifies (exit 0, intact)', async () => {
    const r = await verify(await tampered(''));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /intact/);
  });

  test('one row\'s details changed: exit 1 naming the community and that entry', async () => {
    const seq = Number((await sql(db,
      "SELECT min(seq) FROM audit WHERE community_id = 1 AND action = 'unit.create' AND seq >= 100")).trim());
    const f = await tampered(`UPDATE audit SET details = replace(details, '"area_m2":"', '"area_m2":"1') WHERE community_id = 1 AND seq = ${seq}`);
    const changed = await sql(f, `SELECT count(*) FROM audit WHERE community_id = 1 AND seq = ${seq} AND details LIKE '%"area_m2":"1%'`);
    assert.equal(changed.trim(), '1', 'the tampering took');
    const r = await verify(f);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`BROKEN at community 1, entry ${seq}: its content does not match its hash`));
  });

  test('the actor or time of a row changed: exit 1 naming it', async () => {
    const r = await verify(await tampered("UPDATE audit SET actor = 'someone' WHERE community_id = 1 AND seq = 2500"));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /community 1, entry 2500/);
    const t = await verify(await tampered('UPDATE audit SET at = at + 1 WHERE community_id = 0 AND seq = 3'));
    assert.equal(t.code, 1);
    assert.match(t.stdout, /community 0, entry 3/);
  });

  test('one middle row deleted: exit 1 naming the community and the entry after the gap', async () => {
    const r = await verify(await tampered('DELETE FROM audit WHERE community_id = 1 AND seq = 100'));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /BROKEN at community 1, entry 101: a row is missing before this one/);
  });

  test('a row deleted and the later ones renumbered: exit 1 at the splice', async () => {
    const r = await verify(await tampered(
      'DELETE FROM audit WHERE community_id = 1 AND seq = 100;' +
      'UPDATE audit SET seq = -(seq - 1) WHERE community_id = 1 AND seq > 100;' +
      'UPDATE audit SET seq = -seq WHERE community_id = 1 AND seq < 0;'));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /BROKEN at community 1, entry 100: its previous hash does not match/);
  });

  test('a forged row inserted, shifting the later ones\' seq: exit 1 naming the forged entry', async () => {
    const r = await verify(await tampered(
      'UPDATE audit SET seq = -(seq + 1) WHERE community_id = 1 AND seq >= 100;' +
      'UPDATE audit SET seq = -seq WHERE community_id = 1 AND seq < 0;' +
      'INSERT INTO audit(community_id, seq, at, actor_id, actor, action, object_type, object_id, details, prev_hash, hash) ' +
      "SELECT 1, 100, at, actor_id, 'staff', 'unit.update', 'unit', 1, '{\"area_m2\":\"999.00\"}', hash, " +
      '(SELECT hash FROM audit WHERE community_id = 1 AND seq = 101) FROM audit WHERE community_id = 1 AND seq = 99;'));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /BROKEN at community 1, entry 100: its content does not match its hash/);
  });

  test('a forged row appended with a made-up hash: exit 1 naming it', async () => {
    const r = await verify(await tampered(
      'INSERT INTO audit(community_id, seq, at, actor_id, actor, action, object_type, object_id, details, prev_hash, hash) ' +
      `SELECT 1, seq + 1, at, 0, 'staff', 'unit.update', 'unit', 1, '{}', hash, ${ON_PG ? "lpad('7', 64, '0')" : "printf('%064d', 7)"} ` +
      'FROM audit WHERE community_id = 1 ORDER BY seq DESC LIMIT 1;'));
    assert.equal(r.code, 1, r.stdout);
    const last = Number((await sql(db, 'SELECT max(seq) FROM audit WHERE community_id = 1')).trim());
    assert.match(r.stdout, new RegExp(`BROKEN at community 1, entry ${last + 1}:`));
  });

  test('the original still verifies, and a server started on it publishes the same heads', async () => {
    const r = await verify(db);
    assert.equal(r.code, 0, r.stdout);
    srv = await startServer({ db });
    assert.deepEqual(await chainHeads(srv.url), headsAtStop);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});
