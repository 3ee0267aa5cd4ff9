// cli.test.mjs: the command line around the server — init, user, backup, migrate, --help —
// checked through the running server where it matters (can the account it made log in?). On
// PostgreSQL (YUANLI_TEST_PG) `backup` writes a pg_dump archive, which is restored into a new
// database to be looked at and served.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import {
  startServer, assertCleanStop, client, login, loggedIn, yuanli, lastLine, tempDir, sh, sql, integrity, exists,
  freshDb, missingDb, dropDb, dbHolds, createPgDb, ON_PG, SUITE,
} from './lib/server.mjs';

const PG_RESTORE = '/usr/lib/postgresql/15/bin/pg_restore';

/** The database a `yuanli backup` file holds, ready for --db: the file itself on SQLite; on
 *  PostgreSQL a new database the pg_dump archive is restored into with pg_restore. */
async function restored(file) {
  if (!ON_PG) return file;
  const db = await createPgDb();
  await sh(await exists(PG_RESTORE) ? PG_RESTORE : 'pg_restore', ['--exit-on-error', '--no-owner', '--dbname', db, file]);
  return db;
}

describe('yuanli init', SUITE, () => {
  let dir;
  let fresh; // the database `init` makes, which later tests find there
  const made = []; // PostgreSQL databases to drop
  before(async () => {
    dir = await tempDir('yuanli-cli-');
    fresh = await freshDb(dir, path.join('fresh', 'y.db'));
    made.push(fresh);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const db of made) await dropDb(db);
  });

  /** A database for one test (a path in dir, or a new empty PostgreSQL database). */
  async function newDb(name) {
    const db = await freshDb(dir, name);
    made.push(db);
    return db;
  }

  test('requires --admin (exit 2, says so, creates nothing)', async () => {
    const db = await newDb('noadmin.db');
    const r = await yuanli(['init', '--db', db], { env: { YUANLI_ADMIN_PASSWORD: 'admin-pass-1' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--admin NAME is required/);
    assert.equal(await dbHolds(db), false);
  });

  test('requires a password (exit 2, creates nothing)', async () => {
    const db = await newDb('nopass.db');
    const env = { YUANLI_ADMIN_PASSWORD: undefined };
    const r = await yuanli(['init', '--db', db, '--admin', 'root'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /YUANLI_ADMIN_PASSWORD/);
    assert.equal(await dbHolds(db), false);
  });

  test('refuses a password under 8 characters', async () => {
    const db = await newDb('short.db');
    const r = await yuanli(['init', '--db', db, '--admin', 'root'], { env: { YUANLI_ADMIN_PASSWORD: 'short' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /at least 8 characters/);
    assert.equal(await dbHolds(db), false);
  });

  test('creates a database whose administrator (password from YUANLI_ADMIN_PASSWORD) can log in and manage users', async () => {
    const db = fresh;
    const r = await yuanli(['init', '--db', db, '--admin', 'root'], { env: { YUANLI_ADMIN_PASSWORD: 'root-pass-123' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /administrator root/);
    const srv = await startServer({ db });
    try {
      assert.equal((await login(client(srv.url), 'root', 'wrong-pass-123')).status, 401);
      const c = await loggedIn(srv.url, 'root', 'root-pass-123');
      assert.equal((await c.get('/admin/users')).status, 200);
      assert.deepEqual(JSON.parse((await c.get('/api/v1/me')).body).roles, [{ role: 'admin', community_id: 0 }]);
    } finally {
      await assertCleanStop(srv);
    }
  });

  test('takes the password from --password-file', async () => {
    const db = await newDb('pwfile.db');
    const file = path.join(dir, 'pw.txt');
    await writeFile(file, 'file-pass-123\n');
    const r = await yuanli(['init', '--db', db, '--admin', 'root', '--password-file', file]);
    assert.equal(r.code, 0, r.stderr);
    const srv = await startServer({ db });
    try {
      assert.equal((await login(client(srv.url), 'root', 'file-pass-123')).status, 303);
    } finally {
      await assertCleanStop(srv);
    }
  });

  test('refuses an existing database and leaves it alone', async () => {
    const db = fresh;
    const before = await sql(db, 'SELECT name FROM accounts ORDER BY name');
    const r = await yuanli(['init', '--db', db, '--admin', 'other'], { env: { YUANLI_ADMIN_PASSWORD: 'other-pass-123' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exists already/);
    assert.equal(await sql(db, 'SELECT name FROM accounts ORDER BY name'), before);
  });

  test('`demo` refuses an existing database too', async () => {
    const r = await yuanli(['demo', '--db', fresh]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exists already/);
  });
});

describe('yuanli user, backup and migrate beside a running server', SUITE, () => {
  let srv;
  let dir;
  let copy; // the backup, as a database --db takes
  before(async () => {
    srv = await startServer();
    dir = await tempDir('yuanli-cli-');
  });
  after(async () => {
    await srv?.stop();
    await rm(dir, { recursive: true, force: true });
    if (copy) await dropDb(copy);
  });

  test('`user add NAME` without a password prints a generated one alone on the last line, and it logs in', async () => {
    const r = await yuanli(['user', 'add', 'li.ming', '--display-name', '李明', '--db', srv.db], { env: { YUANLI_PASSWORD: undefined } });
    assert.equal(r.code, 0, r.stderr);
    const pw = lastLine(r.stdout);
    assert.match(pw, /^[A-Za-z0-9_-]{43}$/, `last line: ${JSON.stringify(pw)}`);
    const c = await loggedIn(srv.url, 'li.ming', pw);
    const me = JSON.parse((await c.get('/api/v1/me')).body);
    assert.equal(me.user, 'li.ming');
    assert.equal(me.display_name, '李明');
  });

  test('`user add` takes YUANLI_PASSWORD and --grant', async () => {
    const r = await yuanli(['user', 'add', 'zhao', '--grant', 'committee@1', '--db', srv.db], { env: { YUANLI_PASSWORD: 'zhao-pass-123' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'nothing secret printed when the password was given');
    const c = await loggedIn(srv.url, 'zhao', 'zhao-pass-123');
    assert.deepEqual(JSON.parse((await c.get('/api/v1/me')).body).roles, [{ role: 'committee', community_id: 1 }]);
  });

  test('`user add` refuses a taken name and a bad name', async () => {
    let r = await yuanli(['user', 'add', 'Owner', '--db', srv.db], { env: { YUANLI_PASSWORD: 'some-pass-123' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /taken/);
    r = await yuanli(['user', 'add', 'bad name', '--db', srv.db], { env: { YUANLI_PASSWORD: 'some-pass-123' } });
    assert.notEqual(r.code, 0);
  });

  test('`user roles NAME --grant staff@1` grants the role, prints the roles, and the server sees it', async () => {
    const r = await yuanli(['user', 'roles', 'li.ming', '--grant', 'staff@1', '--db', srv.db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^staff@1$/m);
    const tok = lastLine((await yuanli(['token', 'create', '--user', 'li.ming', '--db', srv.db])).stdout);
    const me = await fetch(`${srv.url}/api/v1/me`, { headers: { authorization: `Bearer ${tok}`, connection: 'close' } });
    assert.deepEqual((await me.json()).roles, [{ role: 'staff', community_id: 1 }]);
  });

  test('`user roles NAME --revoke staff@1` revokes it', async () => {
    const r = await yuanli(['user', 'roles', 'li.ming', '--revoke', 'staff@1', '--db', srv.db]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /staff@1/);
  });

  test('`user roles` with an unknown role exits 2; for an unknown user exits non-zero', async () => {
    assert.equal((await yuanli(['user', 'roles', 'li.ming', '--grant', 'king@1', '--db', srv.db])).code, 2);
    const r = await yuanli(['user', 'roles', 'ghost', '--grant', 'staff@1', '--db', srv.db]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no user named 'ghost'/);
  });

  test('`user list` lists the accounts with their roles', async () => {
    const r = await yuanli(['user', 'list', '--db', srv.db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^staff\t李敏\tstaff@1$/m);
    assert.match(r.stdout, /^admin\t系统管理员\tadmin@0$/m);
  });

  test('`backup DEST` while the server runs yields a database with the same accounts', async () => {
    // Traffic during the backup: a login writes a session.
    const busy = loggedIn(srv.url, 'owner');
    const dest = path.join(dir, 'backup.db');
    const r = await yuanli(['backup', dest, '--db', srv.db]);
    await busy;
    assert.equal(r.code, 0, r.stderr);
    copy = await restored(dest);
    const q = 'SELECT count(*) FROM accounts';
    const live = (await sql(srv.db, q)).trim();
    assert.equal((await sql(copy, q)).trim(), live);
    assert.ok(Number(live) >= 6);
    assert.equal(await integrity(copy), 'ok');
    assert.equal((await sql(copy, "SELECT name FROM accounts WHERE name = 'li.ming'")).trim(), 'li.ming');
  });

  test('`backup` refuses to overwrite an existing file', async () => {
    const r = await yuanli(['backup', path.join(dir, 'backup.db'), '--db', srv.db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exists already/);
  });

  test('a backup serves: a server on it lets the same people log in', async () => {
    assert.ok(copy, 'the backup test made no copy');
    const backup = await startServer({ db: copy });
    try {
      assert.equal((await login(client(backup.url), 'owner')).status, 303);
    } finally {
      await assertCleanStop(backup);
    }
  });

  test('`migrate` prints the schema version (up to date)', async () => {
    const r = await yuanli(['migrate', '--db', srv.db]);
    assert.equal(r.code, 0, r.stderr);
    const m = /^schema version (\d+) of (\d+)$/m.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.equal(m[1], m[2]);
    assert.ok(Number(m[1]) >= 1);
    // SQLite keeps the version in user_version; PostgreSQL has none, and Yuanli keeps it in a
    // one-row table of its own.
    const stored = ON_PG ? 'SELECT max(version) FROM yuanli_schema' : 'PRAGMA user_version';
    assert.equal((await sql(srv.db, stored)).trim(), m[1]);
  });

  test('commands on a database that does not exist fail with a clear message', async () => {
    const r = await yuanli(['migrate', '--db', missingDb(dir)]);
    assert.equal(r.code, 1);
    // PostgreSQL's own words for it are clear too: database "…" does not exist
    assert.match(r.stderr, ON_PG ? /no such database|database "[^"]+" does not exist/ : /no such database/);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

describe('yuanli --help', SUITE, () => {
  for (const cmd of ['serve', 'init', 'demo', 'migrate', 'user', 'token', 'backup']) {
    test(`\`yuanli ${cmd} --help\` prints usage and exits 0`, async () => {
      const r = await yuanli([cmd, '--help']);
      assert.equal(r.code, 0, `exit ${r.code}`);
      assert.match(r.stdout, new RegExp(`^usage: yuanli ${cmd}\\b`));
    });
  }

  test('`yuanli --help` lists the commands and exits 0', async () => {
    const r = await yuanli(['--help']);
    assert.equal(r.code, 0);
    for (const cmd of ['serve', 'init', 'demo', 'migrate', 'user', 'token', 'backup']) assert.match(r.stdout, new RegExp(`^  ${cmd} `, 'm'));
  });

  test('an unknown command exits 2 with the usage on stderr', async () => {
    const r = await yuanli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
  });

  test('`yuanli user` with no subcommand exits 2 with the usage', async () => {
    const r = await yuanli(['user']);
    assert.equal(r.code, 2);
    assert.match(r.stdout + r.stderr, /usage: yuanli user/);
  });
});

describe('yuanli serve --files', SUITE, () => {
  test('photos go beside a SQLite file by default, and a folder that cannot be made stops the server with its name', async (t) => {
    const dir = await tempDir('yuanli-files-');
    try {
      const db = ON_PG ? null : await freshDb(dir);
      if (db) {
        const made = await yuanli(['init', '--admin', 'admin', '--db', db], { env: { YUANLI_ADMIN_PASSWORD: 'files-test-pw' } });
        assert.equal(made.code, 0, made.stderr);
        // without --files: "<db>-files", made at start (0700: photos are residents' own)
        const plain = await startServer({ db, ownFiles: false });
        await plain.stop();
        assert.ok(await exists(`${db}-files`), 'the default folder beside the database');
        const mode = (await sh('stat', ['-c', '%a', `${db}-files`])).trim();
        assert.equal(mode, '700');
      } else {
        t.diagnostic('PostgreSQL: the default is ./yuanli-files in the working directory; only the refusal is checked');
      }
      // the folder is made before the database is opened, so any --db shows the refusal
      const r = await yuanli(['serve', '--db', db ?? path.join(dir, 'none.db'), '--listen', '127.0.0.1:0', '--files', '/proc/yuanli-no']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /--files \/proc\/yuanli-no: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
