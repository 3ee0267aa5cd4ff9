// fsync.test.mjs: what SIGKILL cannot show. A killed process leaves the operating system's page
// cache behind, so kill.test.mjs would pass even if commits were never flushed to the disk; a
// power cut would not forgive that. DESIGN promises synchronous=FULL, under which SQLite
// fdatasyncs the WAL at every commit. Here the server runs under strace while API writes of each
// kind are made one after another, and every 2xx answer must be written to its socket only after
// an fdatasync (or fsync) of the WAL has completed that follows the last write to the WAL — on
// whichever connection (worker thread) made it. Skipped where strace is missing or not allowed,
// and on PostgreSQL (YUANLI_TEST_PG): there the commit's WAL flush is the postgres server
// process's, not this one's, and yuanli refuses to start unless fsync and synchronous_commit
// are on.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { demoDb, token, serve, api, killAll, sqliteOnly } from './lib/crash.mjs';

const ROUNDS = 5;

function straceWorks() {
  const r = spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Reads an `strace -f -ttt -yy` log in order. Returns {walWrites, walSyncs, answers}, answers
 * being [{status, dirty, line}] for every HTTP/1.1 2xx written to a TCP socket, dirty when a
 * WAL write came after the last completed WAL sync.
 */
function analyse(log) {
  const pending = new Map(); // pid -> 'walsync' while an fdatasync/fsync of the WAL is unfinished
  let dirty = false;
  let walWrites = 0;
  let walSyncs = 0;
  const answers = [];
  for (const line of log.split('\n')) {
    const m = /^(\d+)\s+[\d.]+\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, pid, call] = m;
    if (/^(pwrite64|write|pwritev2?|writev)\(\d+<[^>]*-wal>/.test(call)) {
      walWrites++;
      dirty = true;
    } else if (/^f(data)?sync\(\d+<[^>]*-wal>/.test(call)) {
      if (/<unfinished \.\.\.>/.test(call)) pending.set(pid, 'walsync');
      else if (/\)\s+=\s+0$/.test(call)) { walSyncs++; dirty = false; }
    } else if (/^<\.\.\. f(data)?sync resumed>/.test(call)) {
      if (pending.get(pid) === 'walsync' && /\)\s+=\s+0$/.test(call)) { walSyncs++; dirty = false; }
      pending.delete(pid);
    } else {
      const a = /^(writev|write|sendmsg|sendto)\(\d+<TCP:[^>]*>.*?"HTTP\/1\.1 (\d{3})/.exec(call);
      if (a && a[2][0] === '2') answers.push({ status: Number(a[2]), dirty, line });
    }
  }
  return { walWrites, walSyncs, answers };
}

describe('acknowledged writes are on stable storage first', { timeout: 300_000 }, () => {
  let dir;
  let passed = false;
  after(async () => {
    await killAll();
    if (!dir) return;
    if (passed && !process.env.DUR_KEEP) await rm(dir, { recursive: true, force: true });
    else console.error(`kept ${dir} for a look`);
  });

  test('every 2xx to a write is sent after the WAL is fdatasync\'d',
    sqliteOnly('traces fdatasync of the SQLite -wal file; PostgreSQL flushes its WAL in its own server process'), async (t) => {
    if (!straceWorks()) {
      t.skip('strace is not installed or may not trace here');
      passed = true;
      return;
    }
    let db;
    ({ dir, db } = await demoDb('durability-fsync-'));
    const staff = await token(db, 'staff');
    const admin = await token(db, 'admin');
    const logFile = path.join(dir, 'strace.log');
    const srv = await serve(db, dir, {
      wrap: ['strace', '-f', '-ttt', '-yy', '-s', '24', '-o', logFile,
        '-e', 'trace=fsync,fdatasync,write,writev,pwrite64,pwritev,pwritev2,sendmsg,sendto'],
    });
    let writes = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const name = `fsync-${i}`;
      let r = await api(srv.url, '/api/v1/communities', { token: admin, method: 'POST', body: { name, jurisdiction_id: name } });
      assert.equal(r.status, 201, r.text);
      r = await api(srv.url, '/api/v1/communities/1/units/import', { token: staff, method: 'POST',
        body: `building,stairwell,floor,room,area_m2\n89,1,1,${i + 1},70\n`, contentType: 'text/csv' });
      assert.equal(r.status, 200, r.text);
      r = await api(srv.url, '/api/v1/communities/1', { token: staff, method: 'PATCH', body: { settings: { notice_days: 20 + i } } });
      assert.equal(r.status, 200, r.text);
      writes += 3;
    }
    await srv.kill();
    const { walWrites, walSyncs, answers } = analyse(await readFile(logFile, 'utf8'));
    assert.ok(answers.length >= writes, `only ${answers.length} 2xx answers seen in the strace log (expected ${writes})`);
    assert.ok(walSyncs >= writes, `only ${walSyncs} WAL syncs for ${writes} acknowledged writes`);
    const early = answers.filter((a) => a.dirty);
    assert.deepEqual(early.map((a) => a.line), [], 'answers sent while WAL writes were not yet synced');
    t.diagnostic(`fsync: ${answers.length} 2xx answers (${writes} writes), each after the WAL's fdatasync; ` +
      `${walWrites} WAL writes, ${walSyncs} WAL syncs`);
    passed = true;
  });
});
