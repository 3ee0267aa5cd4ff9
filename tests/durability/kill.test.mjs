// kill.test.mjs: the durability claim — an acknowledged write is never lost. Concurrent API
// clients write (create communities as admin, import one-unit CSVs and change notice_days as
// staff) while the server is SIGKILLed at a random moment, KILLS times (default 200) on one
// database. After each restart every write that got a 2xx must be there, notice_days must not be
// older than the last acknowledged value, and periodically (and at the end, with the server
// stopped) the database's own check says ok (SQLite's integrity_check, or amcheck on PostgreSQL
// when YUANLI_TEST_PG is set) and `yuanli audit verify` exits 0. Writes that were cut off by the
// kill may or may not have been applied: either is fine.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoDb, token, serve, api, getJson, unitsOf, integrity, auditVerify, badStderr, sql, killAll } from './lib/crash.mjs';

const KILLS = Number(process.env.KILLS || 200);
const CLIENTS = Number(process.env.DUR_CLIENTS || 4);
const MIN_DELAY = 30;   // ms of load before the kill
const MAX_DELAY = 400;
const INTEGRITY_EVERY = 10; // kills between offline integrity_check runs
const AUDIT_EVERY = 50;     // kills between offline `audit verify` runs
const SAMPLE = 25;          // acknowledged communities also read one by one after each restart

const rand = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const building = (c) => `${90 + c}栋`;

describe('durability under SIGKILL', { timeout: Math.max(900_000, KILLS * 4000) }, () => {
  let dir;
  let passed = false;
  after(async () => {
    await killAll();
    if (!dir) return;
    if (passed && !process.env.DUR_KEEP) await rm(dir, { recursive: true, force: true });
    else console.error(`kept ${dir} for a look`);
  });

  test(`${KILLS} kills with ${CLIENTS} concurrent writers lose no acknowledged write`, async (t) => {
    const t0 = Date.now();
    let db;
    ({ dir, db } = await demoDb());
    const staff = await token(db, 'staff');
    const admin = await token(db, 'admin');

    // What was acknowledged. Names and rooms are never reused, so each is one write.
    const communities = new Map();               // name -> id
    const units = Array.from({ length: CLIENTS }, () => new Set()); // per client: rooms
    // notice_days: one PATCH in flight at a time, so acknowledgements are totally ordered.
    // `durable` is the value known to be on disk (the last acknowledged or the last one seen
    // after a restart); `sentSince` are values sent after it whose fate the kill decided.
    let durable;
    let sentSince = [];
    let patchBusy = false;
    let patchSeq = 0;

    const stats = { kills: 0, acked: 0, ackedBy: { community: 0, unit: 0, notice: 0 },
      inFlightAtKill: 0, killsWithInFlight: 0, unanswered: 0, notice: { stayed: 0, advanced: 0 },
      integrityRuns: 0, auditRuns: 0, beyondList: 0 };
    const unexpected = []; // non-2xx answers, or failures before the kill

    let srv = await serve(db, dir);
    const setupMs = Date.now() - t0;
    const first = await getJson(srv.url, '/api/v1/communities/1', staff);
    durable = first.settings.notice_days;

    // GET /api/v1/communities pages (limit at most 1,000, total counts all): the whole list is
    // read a page at a time after every restart. checkOne reads one community by id as well, so
    // both ways of reading agree.
    const seen = new Set(); // names verified after some restart
    async function checkOne(name, id, round) {
      const r = await api(srv.url, `/api/v1/communities/${id}`, { token: admin });
      assert.ok(r.status === 200 && r.json?.name === name,
        `after kill ${round}: acknowledged community ${name} (id ${id}) is missing: GET /api/v1/communities/${id} ${r.status} ${r.text}`);
    }
    async function verify(round, { all = false } = {}) {
      const items = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await getJson(srv.url, `/api/v1/communities?limit=1000&offset=${offset}`, admin);
        items.push(...page.items);
        if (page.items.length < 1000 || items.length >= page.total) break;
      }
      const have = new Map(items.map((c) => [c.name, c.id]));
      const acknowledged = [...communities];
      for (const [name, id] of acknowledged) {
        assert.equal(have.get(name), id, `after kill ${round}: acknowledged community ${name} (id ${id}) is missing`);
        seen.add(name);
      }
      // and a sample read one by one, so the list and the single read agree
      for (let i = 0; i < (all ? acknowledged.length : Math.min(SAMPLE, acknowledged.length)); i++) {
        const [name, id] = all ? acknowledged[i] : acknowledged[Math.floor(Math.random() * acknowledged.length)];
        await checkOne(name, id, round);
      }
      stats.beyondList = items.length;
      for (let c = 0; c < CLIENTS; c++) {
        if (units[c].size === 0) continue;
        const rooms = new Set((await unitsOf(srv.url, staff, building(c)))
          .filter((u) => u.stairwell === '1单元').map((u) => u.room));
        for (const room of units[c]) {
          assert.ok(rooms.has(room), `after kill ${round}: acknowledged unit ${building(c)} 1单元 ${room} is missing`);
        }
      }
      const now = (await getJson(srv.url, '/api/v1/communities/1', staff)).settings.notice_days;
      const allowed = [durable, ...sentSince];
      assert.ok(allowed.includes(now), `after kill ${round}: notice_days is ${now}; the last acknowledged ` +
        `(or last seen after a restart) value was ${durable} and only ${JSON.stringify(sentSince)} were sent after it`);
      if (now !== durable) stats.notice.advanced++; else stats.notice.stayed++;
      durable = now;
      sentSince = [];
    }

    // One writer: loops until the kill, recording each write only after a complete 2xx.
    async function writer(c, state) {
      while (!state.killed) {
        const n = state.next[c]++;
        let op = ['community', 'unit', 'notice'][n % 3];
        if (op === 'notice' && patchBusy) op = 'community';
        let p;
        if (op === 'notice') {
          const v = (patchSeq++ % 90) + 1;
          patchBusy = true;
          sentSince.push(v);
          p = api(srv.url, '/api/v1/communities/1', { token: staff, method: 'PATCH', body: { settings: { notice_days: v } } })
            .then((r) => {
              if (r.status === 200) {
                assert.equal(r.json?.settings?.notice_days, v, `PATCH answer: ${r.text}`);
                durable = v;
                sentSince = [];
                stats.ackedBy.notice++;
              }
              return r;
            })
            .finally(() => { patchBusy = false; });
        } else if (op === 'unit') {
          const room = String(n);
          const csv = `building,stairwell,floor,room,area_m2\n${building(c)},1,1,${room},88.50\n`;
          p = api(srv.url, '/api/v1/communities/1/units/import', { token: staff, method: 'POST', body: csv, contentType: 'text/csv' })
            .then((r) => {
              if (r.status === 200) {
                assert.equal(r.json?.imported, 1, `import answer: ${r.text}`);
                units[c].add(room);
                stats.ackedBy.unit++;
              }
              return r;
            });
        } else {
          const name = `dur-${c}-${n}`;
          p = api(srv.url, '/api/v1/communities', { token: admin, method: 'POST', body: { name, jurisdiction_id: name } })
            .then((r) => {
              if (r.status === 201) {
                assert.ok(Number.isInteger(r.json?.id), `create answer: ${r.text}`);
                communities.set(name, r.json.id);
                stats.ackedBy.community++;
              }
              return r;
            });
        }
        state.inFlight++;
        try {
          const r = await p;
          if (r.status >= 200 && r.status < 300) stats.acked++;
          else unexpected.push(`client ${c} op ${op}: ${r.status} ${r.text.slice(0, 200)}`);
        } catch (e) {
          if (e?.code === 'ERR_ASSERTION') throw e;
          if (!state.killed) unexpected.push(`client ${c} op ${op} failed before the kill: ${e.message}`);
          else stats.unanswered++;
          return; // the server is gone
        } finally {
          state.inFlight--;
        }
      }
    }

    const prof = {};
    const next = Array(CLIENTS).fill(0).map((_, c) => c * 1_000_000); // keeps rooms/names unique
    for (let k = 1; k <= KILLS; k++) {
      const state = { killed: false, inFlight: 0, next };
      const writers = Promise.all(Array.from({ length: CLIENTS }, (_, c) => writer(c, state)));
      writers.catch(() => {}); // awaited after the kill; this only keeps a failure from being "unhandled" meanwhile
      let tp = Date.now();
      const phase = (name) => { const now = Date.now(); prof[name] = (prof[name] || 0) + now - tp; tp = now; };
      await sleep(rand(MIN_DELAY, MAX_DELAY));
      phase('load');
      state.killed = true;
      if (state.inFlight > 0) stats.killsWithInFlight++;
      stats.inFlightAtKill += state.inFlight;
      assert.ok(srv.alive(), `the server died by itself before kill ${k}:\n${srv.stderr()}`);
      const ex = await srv.kill();
      assert.equal(ex.signal, 'SIGKILL', `server exit before kill ${k}: ${JSON.stringify(ex)}\n${srv.stderr()}`);
      const bad = badStderr(srv.stderr());
      assert.equal(bad, null, `server stderr before kill ${k}: ${bad}\n${srv.stderr()}`);
      await writers;
      phase('kill');
      stats.kills++;
      assert.deepEqual(unexpected, [], `unexpected answers before kill ${k}`);

      if (k % INTEGRITY_EVERY === 0 || k === KILLS) {
        assert.equal(await integrity(db), 'ok', `integrity_check after kill ${k}`);
        stats.integrityRuns++;
        phase('integrity');
      }
      if (k % AUDIT_EVERY === 0 || k === KILLS) {
        const a = await auditVerify(db);
        assert.equal(a.code, 0, `audit verify after kill ${k}: ${a.stdout}${a.stderr}`);
        stats.auditRuns++;
        phase('audit');
      }
      srv = await serve(db, dir);
      phase('start');
      await verify(k, { all: k === KILLS });
      phase('verify');
    }
    // The last check with the server stopped, once more on the recovered database.
    const ex = await srv.kill();
    assert.equal(ex.signal, 'SIGKILL');
    assert.equal(await integrity(db), 'ok', 'final integrity_check');
    const a = await auditVerify(db);
    assert.equal(a.code, 0, `final audit verify: ${a.stdout}${a.stderr}`);
    stats.integrityRuns++;
    stats.auditRuns++;

    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    const unitsTotal = units.reduce((s, u) => s + u.size, 0);
    t.diagnostic(`durability: ${stats.kills} SIGKILLs in ${secs} s; ${stats.acked} writes acknowledged ` +
      `(${stats.ackedBy.community} community creations, ${stats.ackedBy.unit} unit imports, ${stats.ackedBy.notice} notice_days changes); ` +
      `all verified after the last restart: ${communities.size} communities, ${unitsTotal} units, and notice_days = the last ` +
      `acknowledged value or a later one; 0 lost (${stats.beyondList} communities read back through the paged list)`);
    t.diagnostic(`durability: ${stats.killsWithInFlight}/${stats.kills} kills with requests in flight ` +
      `(${stats.inFlightAtKill} in all, ${stats.unanswered} cut off); notice_days after restart: ` +
      `${stats.notice.advanced} times an unacknowledged later value, ${stats.notice.stayed} the last acknowledged; ` +
      `integrity_check ${stats.integrityRuns}× ok, audit verify ${stats.auditRuns}× ok; ${(await dbCounts(db))}`);
    t.diagnostic(`durability: time by phase (ms): ${JSON.stringify(prof)}; setup ${setupMs}`);
    assert.ok(stats.killsWithInFlight >= stats.kills * 0.9, 'most kills should land with requests in flight');
    passed = true;
  });
});

async function dbCounts(db) {
  const out = (await sql(db, "SELECT (SELECT count(*) FROM communities WHERE name LIKE 'dur-%'), (SELECT count(*) FROM audit)")).trim();
  const [c, audit] = out.split('|');
  return `database: ${c} dur- communities, ${audit} audit rows`;
}
