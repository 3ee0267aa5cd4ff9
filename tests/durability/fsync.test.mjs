// fsync.test.mjs: what SIGKILL cannot show. A killed process leaves the operating system's page
// cache behind, so kill.test.mjs would pass even if commits were never flushed to the disk; a
// power cut would not forgive that. DESIGN promises synchronous=FULL, under which SQLite
// fdatasyncs the WAL at every commit. Here the server runs under strace while API writes of each
// kind are made one after another, and every 2xx answer must be written to its socket only after
// an fdatasync (or fsync) of the WAL has completed that follows the last write to the WAL — on
// whichever connection (worker thread) made it. The kinds: a community created, units imported,
// notice_days changed, a problem reported and verified through the API.
//
// Photos are files beside the database (src/store/files.c), and a row naming one must never
// outlive a power cut that the file itself did not. So problems are also reported through the
// web form (login, CSRF, multipart) with freshly made PNGs, and for every photo stored the trace
// must show, in this order: the temp file's data written, then fsync'd (fsync/fdatasync on its
// fd), then renamed to its final <sha256>.png, then the files directory fsync'd, then the WAL
// write of the transaction holding the row, its WAL sync, and only then the form's answer (303)
// on the socket. Skipped where strace is missing or not allowed,
// and on PostgreSQL (YUANLI_TEST_PG): there the commit's WAL flush is the postgres server
// process's, not this one's, and yuanli refuses to start unless fsync and synchronous_commit
// are on.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { demoDb, token, serve, api, killAll, sqliteOnly, loggedIn, multipart, png1x1, sql } from './lib/crash.mjs';

const ROUNDS = 5;
// Form reports: how many photos each carries (every photo a different PNG, so each is a new file).
const PHOTO_REPORTS = [1, 2, 1];

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
      // 2xx, and 303: a form's acknowledgement (the photo reports, and the login)
      if (a && (a[2][0] === '2' || a[2] === '303')) answers.push({ status: Number(a[2]), dirty, line });
    }
  }
  return { walWrites, walSyncs, answers };
}

/**
 * The same log as a list of completed calls in the order they completed: {i, pid, name, args,
 * ret, line}. A call another thread interrupted (`<unfinished ...>`) is joined with its
 * `<... name resumed>` line and placed where it resumed, i.e. where it had finished.
 */
function calls(log) {
  const out = [];
  const open = new Map(); // pid -> the text of an unfinished call
  for (const line of log.split('\n')) {
    const m = /^(\d+)\s+[\d.]+\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, pid] = m;
    let call = m[2];
    const u = /^(.*?)\s*<unfinished \.\.\.>$/.exec(call);
    if (u) { open.set(pid, u[1]); continue; }
    const r = /^<\.\.\. (\w+) resumed>\s?(.*)$/.exec(call);
    if (r) {
      const head = open.get(pid);
      open.delete(pid);
      if (head === undefined) continue;
      call = head + r[2];
    }
    const c = /^(\w+)\((.*)\)\s+=\s+(-?\d+|\?)/.exec(call);
    if (!c) continue; // signals, exits
    out.push({ i: out.length, pid, name: c[1], args: c[2], ret: Number(c[3]), line });
  }
  return out;
}

/** The path strace -yy shows for a call's first argument (its fd), or null. */
const fdPath = (c) => /^\d+<([^>]*)>/.exec(c.args)?.[1] ?? null;
const isWrite = (c) => /^(write|writev|pwrite64|pwritev2?)$/.test(c.name);
const isSync = (c) => (c.name === 'fsync' || c.name === 'fdatasync') && c.ret === 0;
const isWal = (c) => /-wal$/.test(fdPath(c) ?? '');

/**
 * Every photo stored in filesDir (a rename of a temp file there to <64 hex>.png|jpg), with the
 * positions of the steps that make it durable and acknowledged, and what is wrong with their
 * order: [{final, tmp, bytes, wrong: [...], steps}].
 */
function analysePhotos(cs, filesDir) {
  const photos = [];
  for (const c of cs) {
    if (!/^rename(at2?)?$/.test(c.name) || c.ret !== 0) continue;
    // rename("old", "new") or renameat(dfd<dir>, "old", dfd<dir>, "new"[, flags])
    const names = [...c.args.matchAll(/(?:(\d+)<([^>]*)>,\s*)?"([^"]*)"/g)].map((m) => path.resolve(m[2] ?? '/', m[3]));
    if (names.length !== 2 || path.dirname(names[1]) !== filesDir) continue;
    const [tmpPath, finalPath] = names;
    const final = path.basename(finalPath);
    const wrong = [];
    if (!/^[0-9a-f]{64}\.(png|jpg)$/.test(final)) wrong.push(`renamed to ${final}, not a <sha256>.png|jpg name`);
    if (path.dirname(tmpPath) !== filesDir) wrong.push(`renamed from ${tmpPath}, outside the files directory`);
    const before = cs.slice(0, c.i);
    const after = cs.slice(c.i + 1);
    const tmpWrites = before.filter((x) => isWrite(x) && fdPath(x) === tmpPath && x.ret > 0);
    const tmpSyncs = before.filter((x) => isSync(x) && fdPath(x) === tmpPath);
    const lastWrite = tmpWrites.at(-1);
    const dataSync = tmpSyncs.at(-1);
    if (!tmpWrites.length) wrong.push(`no write to ${path.basename(tmpPath)} before its rename`);
    if (!dataSync) wrong.push(`${path.basename(tmpPath)} was renamed without an fsync of its data first`);
    else if (lastWrite && lastWrite.i > dataSync.i) wrong.push(`${path.basename(tmpPath)} was written after its last fsync`);
    const dirSync = after.find((x) => isSync(x) && fdPath(x) === filesDir);
    const walWrite = after.find((x) => isWrite(x) && isWal(x));
    const walSync = walWrite && cs.slice(walWrite.i + 1).find((x) => isSync(x) && isWal(x));
    const answer = after.find((x) => /^(writev|write|sendmsg|sendto)$/.test(x.name) && /^\d+<TCP:/.test(x.args) &&
      /"HTTP\/1\.1 \d{3}/.test(x.args));
    const status = answer ? Number(/"HTTP\/1\.1 (\d{3})/.exec(answer.args)[1]) : null;
    if (!dirSync) wrong.push('the files directory was never fsync\'d after the rename');
    if (!walWrite) wrong.push('no WAL write after the rename (the row was never committed?)');
    if (!walSync) wrong.push('no WAL sync after the rename');
    if (!answer) wrong.push('no answer after the rename');
    else if (status !== 303) wrong.push(`the first answer after the rename was ${status}, not the form's 303`);
    if (dirSync && walWrite && dirSync.i > walWrite.i) wrong.push('the WAL was written (the row committed) before the directory fsync');
    if (dirSync && answer && dirSync.i > answer.i) wrong.push('answered before the directory fsync');
    if (walSync && answer && walSync.i > answer.i) wrong.push('answered before the WAL sync');
    if (walWrite && walWrite.pid !== c.pid) wrong.push(`the next WAL write after the rename came from thread ${walWrite.pid}, not ${c.pid}: not this row's`);
    photos.push({ final, tmp: path.basename(tmpPath), bytes: tmpWrites.reduce((s, x) => s + x.ret, 0), wrong,
      steps: [lastWrite, dataSync, c, dirSync, walWrite, walSync, answer].map((x) => x?.line ?? '(none)') });
  }
  return photos;
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

  test('every 2xx (or form 303) to a write is sent after the WAL is fdatasync\'d, every photo is on disk before its row',
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
      // -s 80: a photo's final name (68 characters) must show in full in the rename
      wrap: ['strace', '-f', '-ttt', '-yy', '-s', '80', '-o', logFile,
        '-e', 'trace=fsync,fdatasync,write,writev,pwrite64,pwritev,pwritev2,sendmsg,sendto,rename,renameat,renameat2'],
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
      r = await api(srv.url, '/api/v1/communities/1/problems', { token: staff, method: 'POST',
        body: { category: 'other', description: `fsync-p-${i}`, place: '东门' } });
      assert.equal(r.status, 201, r.text);
      r = await api(srv.url, `/api/v1/problems/${r.json.id}/steps`, { token: staff, method: 'POST', body: { action: 'verify' } });
      assert.ok(r.status >= 200 && r.status < 300 && r.json?.state === 'verified', `verify: ${r.status} ${r.text}`);
      writes += 5;
    }

    // Photos through the form, as a phone would send them: staff logs in (a 303 too, and a write).
    const web = await loggedIn(srv.url, 'staff');
    writes++;
    const reported = []; // {id, n}
    let colour = 0;
    for (const [i, n] of PHOTO_REPORTS.entries()) {
      const csrf = await web.csrf('/problems/new');
      const files = Array.from({ length: n }, (_, k) => ({ name: 'photo', filename: `p${i}-${k}.png`, type: 'image/png',
        data: png1x1([17 * ++colour, 255 - 13 * colour, 99]) }));
      const { body, contentType } = multipart({ csrf, category: 'other', description: `fsync-photo-${i}`, place: '3栋门口' }, files);
      const r = await web.postRaw('/problems', body, contentType);
      assert.equal(r.status, 303, `POST /problems with ${n} photo(s): ${r.status} ${r.body.slice(0, 300)}`);
      const m = /^\/problems\/(\d+)\?done=report$/.exec(r.headers.get('location') ?? '');
      assert.ok(m, `POST /problems redirected to ${r.headers.get('location')}`);
      reported.push({ id: Number(m[1]), n });
      writes++;
    }
    for (const { id, n } of reported) {
      const r = await api(srv.url, `/api/v1/problems/${id}`, { token: staff });
      assert.equal(r.json?.photos, n, `problem ${id} should have ${n} photo(s): ${r.text.slice(0, 300)}`);
    }
    await srv.kill();
    const log = await readFile(logFile, 'utf8');
    const { walWrites, walSyncs, answers } = analyse(log);
    assert.ok(answers.length >= writes, `only ${answers.length} 2xx answers seen in the strace log (expected ${writes})`);
    assert.ok(walSyncs >= writes, `only ${walSyncs} WAL syncs for ${writes} acknowledged writes`);
    const early = answers.filter((a) => a.dirty);
    assert.deepEqual(early.map((a) => a.line), [], 'answers sent while WAL writes were not yet synced');

    // Every photo: its own temp file, synced, renamed, the directory synced, then the commit.
    const filesDir = await realpath(`${db}-files`);
    const photos = analysePhotos(calls(log), filesDir);
    const want = PHOTO_REPORTS.reduce((s, n) => s + n, 0);
    assert.equal(photos.length, want, `${photos.length} photo renames into ${filesDir} in the strace log, expected ${want}`);
    for (const p of photos) {
      assert.deepEqual(p.wrong, [], `photo ${p.final} (from ${p.tmp}), steps in log order:\n  ${p.steps.join('\n  ')}`);
      const st = await stat(path.join(filesDir, p.final));
      assert.equal(st.size, p.bytes, `${p.final} holds ${st.size} bytes; ${p.bytes} were written and synced before its rename`);
    }
    const rows = (await sql(db, `SELECT file FROM problem_photos WHERE problem_id IN (${reported.map((r) => r.id).join(',')}) ORDER BY id`))
      .trim().split('\n');
    assert.deepEqual(rows, photos.map((p) => p.final), 'the photo rows name the files renamed, in order');
    t.diagnostic(`fsync: ${answers.length} 2xx/303 answers (${writes} writes), each after the WAL's fdatasync; ` +
      `${walWrites} WAL writes, ${walSyncs} WAL syncs`);
    t.diagnostic(`fsync: ${photos.length} photos in ${PHOTO_REPORTS.length} form reports, each written to a temp file, ` +
      `fsync'd, renamed to <sha256>.png, the files directory fsync'd, and only then the row's WAL write, its sync ` +
      `and the 303 (${photos.reduce((s, p) => s + p.bytes, 0)} bytes in all)`);
    passed = true;
  });
});
