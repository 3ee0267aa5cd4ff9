// pg_settings.test.mjs: on PostgreSQL, Yuanli refuses to run where an acknowledged vote or
// payment could be lost in a power cut (fsync or synchronous_commit off), says which setting and
// how to fix it, and touches nothing; and a `--db` that names no reachable server says so.
// Runs only when make check's PostgreSQL half sets YUANLI_TEST_PG.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ON_PG, SUITE, yuanli, createPgDb, dropDb, psql, pgUrl, dbHolds } from './lib/server.mjs';

const skip = ON_PG ? false : 'PostgreSQL only: runs in the http-pg half of make check';

describe('PostgreSQL settings Yuanli insists on', { ...SUITE, skip }, () => {
  let db;
  before(async () => { db = await createPgDb(); });
  after(async () => {
    // whatever happened, the shared test cluster gets fsync back
    await psql(pgUrl('postgres'), 'ALTER SYSTEM RESET fsync').catch(() => {});
    await psql(pgUrl('postgres'), 'SELECT pg_reload_conf()').catch(() => {});
    await dropDb(db);
  });

  test('synchronous_commit off (here for one database): init refuses, names the setting, creates nothing', async () => {
    await psql(pgUrl('postgres'), `ALTER DATABASE "${new URL(db).pathname.slice(1)}" SET synchronous_commit = off`);
    const r = await yuanli(['init', '--db', db, '--admin', 'boss'], { env: { YUANLI_ADMIN_PASSWORD: 'a-long-password-1' } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /synchronous_commit = off/);
    assert.match(r.stderr, /will not start/);
    assert.equal(await dbHolds(db), false, 'no tables were made');
    await psql(pgUrl('postgres'), `ALTER DATABASE "${new URL(db).pathname.slice(1)}" RESET synchronous_commit`);
  });

  test('fsync off on the server: serve refuses with the fix; back on, the same database serves', async () => {
    // a database with tables and an audit chain (init is enough; the demo would take seconds)
    const ok = await yuanli(['init', '--db', db, '--admin', 'boss'], { env: { YUANLI_ADMIN_PASSWORD: 'a-long-password-1' } });
    assert.equal(ok.code, 0, ok.stderr);
    await psql(pgUrl('postgres'), 'ALTER SYSTEM SET fsync = off');
    await psql(pgUrl('postgres'), 'SELECT pg_reload_conf()');
    try {
      assert.equal((await psql(db, 'SHOW fsync')).trim(), 'off');
      const r = await yuanli(['serve', '--db', db, '--listen', '127.0.0.1:0'], { timeout: 20000 });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /fsync = off/);
      assert.match(r.stderr, /postgresql\.conf/);
      const v = await yuanli(['audit', 'verify', '--db', db]);
      assert.notEqual(v.code, 0, 'every command refuses, not only serve');
    } finally {
      await psql(pgUrl('postgres'), 'ALTER SYSTEM RESET fsync');
      await psql(pgUrl('postgres'), 'SELECT pg_reload_conf()');
    }
    assert.equal((await psql(db, 'SHOW fsync')).trim(), 'on');
    const v = await yuanli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stderr);
  });

  test('a server nobody listens on: a clear message, exit 1', async () => {
    const r = await yuanli(['audit', 'verify', '--db', 'postgresql://postgres@127.0.0.1:1/nothing'], { timeout: 20000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot connect to PostgreSQL/);
  });
});
