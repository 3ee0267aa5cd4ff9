// big-import.test.mjs: a household import of 2,000 rows is one transaction. The server is
// SIGKILLed at points spread over the time such an import takes (measured first), and after each
// restart the import is there whole or not at all: 2,000 units, 2,000 owners and 2,000 unit
// audit rows, or none of them — never part. An import that was answered 200 must be whole.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoDb, token, serve, api, getJson, integrity, auditVerify, badStderr, sql, killAll } from './lib/crash.mjs';

const ROWS = 2000;
const ATTEMPTS = Number(process.env.IMPORT_KILLS || 12);

// building Z<i>栋: 10 stairwells × 200 rooms; each unit its own owner (blank owner_ref).
function csvFor(b) {
  const lines = ['building,stairwell,floor,room,area_m2,owner_name'];
  for (let s = 1; s <= 10; s++)
    for (let r = 1; r <= ROWS / 10; r++) lines.push(`${b},${s},${(r % 30) + 1},${r},${(60 + (r % 50)).toFixed(2)},业主${s}-${r}`);
  return lines.join('\n') + '\n';
}

// What of building b's import is in the database, counted with SQL (server stopped).
async function counts(db, b) {
  const name = `${b}栋`;
  const q = `SELECT
    (SELECT count(*) FROM units u JOIN buildings bd ON bd.id = u.building_id WHERE bd.community_id = 1 AND bd.name = '${name}'),
    (SELECT count(*) FROM owners WHERE community_id = 1 AND owner_ref LIKE 'unit:${name}/%'),
    (SELECT count(*) FROM audit WHERE community_id = 1 AND action = 'unit.create' AND object_id IN
      (SELECT u.id FROM units u JOIN buildings bd ON bd.id = u.building_id WHERE bd.community_id = 1 AND bd.name = '${name}'))`;
  const [units, owners, audit] = (await sql(db, q)).trim().split('|').map(Number);
  return { units, owners, audit };
}

describe('a kill during a 2,000-row import', { timeout: 600_000 }, () => {
  let dir;
  let passed = false;
  after(async () => {
    await killAll();
    if (!dir) return;
    if (passed && !process.env.DUR_KEEP) await rm(dir, { recursive: true, force: true });
    else console.error(`kept ${dir} for a look`);
  });

  test(`the import is all there or not at all (${ATTEMPTS} kills)`, async (t) => {
    let db;
    ({ dir, db } = await demoDb('durability-import-'));
    const staff = await token(db, 'staff');
    let srv = await serve(db, dir);

    // How long an uninterrupted import takes here, to spread the kills over it.
    const t0 = Date.now();
    const r0 = await api(srv.url, '/api/v1/communities/1/units/import',
      { token: staff, method: 'POST', body: csvFor('Z0'), contentType: 'text/csv' });
    const took = Date.now() - t0;
    assert.equal(r0.status, 200, r0.text);
    assert.equal(r0.json.created, ROWS, r0.text);
    await srv.kill();
    assert.deepEqual(await counts(db, 'Z0'), { units: ROWS, owners: ROWS, audit: ROWS });

    // The kill moments home in on the commit: `lo` is the latest kill that left nothing, `hi` the
    // earliest after which the import was there; the next kill goes half-way between (or further
    // out while there is no `hi` yet); once they are a few ms apart, kills land at random within
    // 15 ms either side. The first one lands mid-way through the work.
    const outcome = { none: 0, whole: 0, acked: 0 };
    const moments = [];
    let lo = 0;
    let hi = null;
    for (let i = 1; i <= ATTEMPTS; i++) {
      const delay = i === 1 ? Math.round(took * 0.4)
        : hi === null ? Math.round(Math.max(lo * 1.4, took * 0.8) + 50)
          : Math.abs(hi - lo) < 8 ? Math.min(lo, hi) - 15 + Math.floor(Math.random() * (Math.abs(hi - lo) + 30))
            : Math.round((lo + hi) / 2);
      const b = `Z${i}`;
      srv = await serve(db, dir);
      let answer = null;
      const req = api(srv.url, '/api/v1/communities/1/units/import',
        { token: staff, method: 'POST', body: csvFor(b), contentType: 'text/csv' })
        .then((r) => { answer = r; }, () => { /* cut off by the kill */ });
      await sleep(delay);
      const ex = await srv.kill();
      assert.equal(ex.signal, 'SIGKILL', `server exit: ${JSON.stringify(ex)}\n${srv.stderr()}`);
      assert.equal(badStderr(srv.stderr()), null, srv.stderr());
      await req;
      if (answer) assert.equal(answer.status, 200, `import ${b} answered ${answer.status}: ${answer.text}`);

      const c = await counts(db, b);
      const whole = { units: ROWS, owners: ROWS, audit: ROWS };
      const none = { units: 0, owners: 0, audit: 0 };
      if (answer) assert.deepEqual(c, whole, `import ${b} was acknowledged but the database holds ${JSON.stringify(c)}`);
      else assert.ok(JSON.stringify(c) === JSON.stringify(whole) || JSON.stringify(c) === JSON.stringify(none),
        `kill at ${delay} ms left part of import ${b}: ${JSON.stringify(c)}`);
      if (answer) outcome.acked++;
      else if (c.units) outcome.whole++;
      else outcome.none++;
      if (c.units) hi = hi === null ? delay : Math.min(hi, delay);
      else lo = Math.max(lo, delay);
      moments.push(`${delay}:${answer ? 'acked' : c.units ? 'whole' : 'none'}`);

      // The restarted server sees the same.
      srv = await serve(db, dir);
      const j = await getJson(srv.url, `/api/v1/communities/1/units?building=${encodeURIComponent(`${b}栋`)}&limit=1`, staff);
      assert.equal(j.total, c.units, `API total for ${b}栋`);
      await srv.kill();
      assert.equal(await integrity(db), 'ok', `integrity_check after the kill during import ${b}`);
    }
    const a = await auditVerify(db);
    assert.equal(a.code, 0, `audit verify: ${a.stdout}${a.stderr}`);
    t.diagnostic(`big import: ${ROWS} rows take ${took} ms uninterrupted; ${ATTEMPTS} kills during imports: ` +
      `${outcome.none} left nothing, ${outcome.whole} were whole though unanswered, ${outcome.acked} answered 200 and whole; ` +
      `never partial; integrity_check ok each time, audit verify ok`);
    t.diagnostic(`big import: kill moments (ms after sending: outcome) ${moments.join(' ')}`);
    passed = true;
  });
});
