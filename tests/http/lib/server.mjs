// server.mjs: what every HTTP test file needs — a real Yuanli server on a temp database (random
// port via --listen :0 and the ready file), the CLI, a cookie-keeping client, raw HTTP for what
// fetch hides (compression, oversized bodies), and the page scrapers (CSRF token, notices).
//
// The database is SQLite (a file in a temp dir) unless YUANLI_TEST_PG is set to a PostgreSQL base
// URL (postgresql://user@host:port/, as scripts/pg start prints; the user must be a superuser, for
// CREATE DATABASE and amcheck): then every fresh database is a new PostgreSQL database
// yl_<random> on that server, and `--db` gets its URL. Tests make their databases with freshDb()
// and look inside them with sql(), integrity() and dbHolds(), which speak to either.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, access, copyFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import pg from 'pg';

export const YUANLI_BIN =
  process.env.YUANLI_BIN || path.resolve(import.meta.dirname, '../../../build-san/yuanli');

export const DEMO_PASSWORD = 'yuanli-demo';

/** Options for every describe(): a hung server or socket fails the suite instead of hanging
 *  `make check` (the slowest suite takes about 15 s under ASan). */
export const SUITE = { timeout: 120_000 };

// Under ASan leaks make the exit code non-zero, which the stop checks want to see. When run by
// hand without scripts/check, use the same settings it does.
function childEnv(extra) {
  const env = { ...process.env, ...extra };
  if (!env.ASAN_OPTIONS) env.ASAN_OPTIONS = 'detect_leaks=1:abort_on_error=0:halt_on_error=1';
  if (!env.UBSAN_OPTIONS) env.UBSAN_OPTIONS = 'print_stacktrace=1:halt_on_error=1';
  return env;
}

/** Runs `yuanli ARGS…`; resolves to {code, signal, stdout, stderr} (never rejects on exit code). */
export function yuanli(args, { env, input, timeout = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    // No input: stdin is /dev/null. With input, a child that exits before reading it all
    // (refusing its arguments, say) makes the write fail with EPIPE; that is not the test's
    // failure (the exit code and stderr tell what happened), and unheard it would surface later
    // as an uncaught exception in whichever test runs then.
    const p = spawn(YUANLI_BIN, args, { env: childEnv(env), stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    p.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (p.stdin) {
      p.stdin.on('error', (e) => { if (e.code !== 'EPIPE') reject(e); });
      p.stdin.end(input);
    }
  });
}

/** Runs a program other than yuanli (sqlite3, psql, openssl); rejects on a non-zero exit. */
export function sh(cmd, args, { cwd, env } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: env ? { ...process.env, ...env } : undefined, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    p.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** The last non-empty line of a command's output (where yuanli prints a secret it made). */
export function lastLine(text) {
  const lines = text.split('\n').filter((l) => l.length > 0);
  return lines[lines.length - 1];
}

export async function tempDir(prefix = 'yuanli-http-') {
  return mkdtemp(path.join(tmpdir(), prefix));
}

// ---- the database: a SQLite file, or a PostgreSQL database when YUANLI_TEST_PG is set ----------

/** The PostgreSQL base URL the suite runs on, or null for SQLite. */
export const PG_BASE = process.env.YUANLI_TEST_PG || null;
/** True when this run's databases are PostgreSQL ones. */
export const ON_PG = PG_BASE !== null;

/** Test options that skip a test on PostgreSQL, saying why: `test(name, sqliteOnly('…'), fn)`. */
export function sqliteOnly(reason) {
  return ON_PG ? { skip: `SQLite only: ${reason}` } : {};
}

/** Is `db` a PostgreSQL connection URL (rather than a SQLite path)? */
export function isPg(db) {
  return /^postgres(ql)?:\/\//.test(String(db));
}

const PSQL = process.env.PSQL ||
  (existsSync('/usr/lib/postgresql/15/bin/psql') ? '/usr/lib/postgresql/15/bin/psql' : 'psql');

/** The URL of database `name` on the PG_BASE server (user, host, port and options kept). */
export function pgUrl(name) {
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  return u.href;
}

function pgName(url) {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Runs SQL through the psql program on database URL `url`, on a connection of its own; resolves
 *  to its output in the sqlite3 shell's list form (unaligned, no headers, columns joined by |, one
 *  row a line). Rejects on an error. For what must be a new session (a setting changed for new
 *  connections); everything else goes through pgQuery(). */
export function psql(url, query) {
  return sh(PSQL, ['-X', '-q', '-A', '-t', '-F', '|', '-w', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query],
    { env: { PGCONNECT_TIMEOUT: '10' } });
}

// One connection per database for the whole test file, kept open (node-postgres). A psql process
// per query cost a program start and a server backend forked, set up and torn down each time: in
// the PostgreSQL half of make check, psql and those backends were over half of all the CPU. The
// socket holds the process open only while a query is out, so a file whose tests are done exits.
const pgClients = new Map(); // url -> Promise<pg.Client>

function pgClient(url) {
  let c = pgClients.get(url);
  if (c) return c;
  c = (async () => {
    // every value as the text PostgreSQL sends, as psql shows it (t/f, numerics as written)
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000,
      types: { getTypeParser: () => (v) => v } });
    // a connection ended by the server (DROP DATABASE … WITH (FORCE)) is forgotten; the next
    // query on that URL opens a new one
    client.on('error', () => { if (pgClients.get(url) === c) pgClients.delete(url); });
    client.on('end', () => { if (pgClients.get(url) === c) pgClients.delete(url); });
    await client.connect();
    client.connection.stream.unref();
    return client;
  })();
  pgClients.set(url, c);
  c.catch(() => { if (pgClients.get(url) === c) pgClients.delete(url); });
  return c;
}

/** Runs SQL on database URL `url` over this file's connection to it; resolves to what psql would
 *  print (see psql()): the rows of every statement that returns rows, columns joined by |, NULL as
 *  nothing, one row a line. Several statements in one string run in one implicit transaction, as
 *  with psql -c. Rejects with the server's message on an error. */
export async function pgQuery(url, query) {
  const client = await pgClient(url);
  const stream = client.connection.stream;
  stream.ref();
  let res;
  try {
    res = await client.query({ text: query, rowMode: 'array' });
  } catch (e) {
    // a failed statement inside a BEGIN of the query's own leaves the session in an aborted
    // transaction, where psql's session would simply have ended: end it here
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    stream.unref();
  }
  const lines = [];
  for (const r of Array.isArray(res) ? res : [res])
    if (r.fields?.length) for (const row of r.rows) lines.push(row.map((v) => v ?? '').join('|'));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Closes this file's connection to `url`, if there is one (before the database is dropped). */
async function pgForget(url) {
  const c = pgClients.get(url);
  if (!c) return;
  pgClients.delete(url);
  try {
    const client = await c;
    client.connection.stream.ref(); // held open until the goodbye is through, or the file may end first
    await client.end();
  } catch { /* gone already */ }
}

// PostgreSQL databases this process made: the only ones dropDb() drops, so a test run pointed at
// a server with other databases on it never drops one of those.
const created = new Set();

/** A new, empty PostgreSQL database on PG_BASE; resolves to its URL. */
export async function createPgDb(prefix = 'yl_') {
  const name = `${prefix}${randomBytes(8).toString('hex')}`;
  await pgQuery(pgUrl('postgres'), `CREATE DATABASE ${name}`);
  const url = pgUrl(name);
  created.add(url);
  return url;
}

/**
 * Where a test's fresh database goes, as `--db` takes it: on SQLite the path `name` in `dir`
 * (not created: yuanli init/demo make it), on PostgreSQL a new empty database (which yuanli
 * init/demo fill). Every place that makes a database for a server or a CLI call comes here.
 */
export async function freshDb(dir, name = 'y.db') {
  if (!ON_PG) return path.join(dir, name);
  return createPgDb();
}

// A demo database made once for the whole run (scripts/check makes it with `yuanli demo`), named
// by YUANLI_TEST_PG_DEMO: a server's own demo database is then a copy of it, CREATE DATABASE …
// TEMPLATE, which takes a fraction of a second where `yuanli demo` on PostgreSQL takes seconds.
// Tests that run `yuanli demo` themselves still do.
const PG_DEMO = ON_PG && /^[a-z_][a-z0-9_]*$/.test(process.env.YUANLI_TEST_PG_DEMO || '')
  ? process.env.YUANLI_TEST_PG_DEMO : null;

// The same on SQLite: scripts/check makes one demo file for the run, named by
// YUANLI_TEST_SQLITE_DEMO, and a server's own demo database is a copy of it — `yuanli demo` under
// the sanitizers takes seconds of CPU, and nearly every test file starts a server on the demo.
const SQLITE_DEMO = !ON_PG && process.env.YUANLI_TEST_SQLITE_DEMO ? process.env.YUANLI_TEST_SQLITE_DEMO : null;

/** A fresh demo database in `dir` (SQLite) or on the PostgreSQL server: `yuanli demo` on
 *  freshDb(), or a copy of the run's demo database (YUANLI_TEST_PG_DEMO, YUANLI_TEST_SQLITE_DEMO)
 *  when there is one and the demo would run without an environment of its own. */
export async function freshDemoDb(dir, { env } = {}) {
  if (SQLITE_DEMO && env === undefined) {
    const db = await freshDb(dir);
    await copyFile(SQLITE_DEMO, db);
    return db;
  }
  if (PG_DEMO && env === undefined) {
    const url = pgUrl(`yl_${randomBytes(8).toString('hex')}`);
    await pgQuery(pgUrl('postgres'), `CREATE DATABASE "${pgName(url)}" TEMPLATE "${PG_DEMO}"`);
    created.add(url);
    return url;
  }
  const db = await freshDb(dir);
  const r = await yuanli(['demo', '--db', db], { env });
  if (r.code !== 0) throw new Error(`yuanli demo failed (${r.code}): ${r.stderr}`);
  return db;
}

/** A database that does not exist, for the commands that must say so: a path never written on
 *  SQLite, a database name never created on PostgreSQL. */
export function missingDb(dir, name = 'nope.db') {
  if (!ON_PG) return path.join(dir, name);
  return pgUrl(`yl_nope_${randomBytes(8).toString('hex')}`);
}

/** Drops a PostgreSQL database this process made (closing any connections left to it); a SQLite
 *  file goes with its temp dir, so there it does nothing. */
export async function dropDb(db) {
  if (!isPg(db) || !created.has(db)) return;
  await pgForget(db);
  await pgQuery(pgUrl('postgres'), `DROP DATABASE IF EXISTS "${pgName(db)}" WITH (FORCE)`);
  created.delete(db);
}

/** Does `db` hold a Yuanli database? SQLite: the file exists. PostgreSQL: the database exists
 *  and has tables of its own (an empty database made by freshDb() does not count). */
export async function dbHolds(db) {
  if (!isPg(db)) return exists(db);
  const name = pgName(db).replaceAll("'", "''");
  const there = (await pgQuery(pgUrl('postgres'), `SELECT count(*) FROM pg_database WHERE datname = '${name}'`)).trim();
  if (there === '0') return false;
  const tables = (await pgQuery(db, "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")).trim();
  return tables !== '0';
}

/** Runs SQL on the database: the sqlite3 shell on a file, psql on a URL. Both print rows the
 *  same way (columns joined by |, no headers); booleans differ (1/0 and t/f), so compare counts.
 *  The shell waits up to 10 s for a lock the server holds (a write committing, a checkpoint)
 *  instead of failing at once with "database is locked". */
export function sql(db, query) {
  return isPg(db) ? pgQuery(db, query) : sh('sqlite3', ['-cmd', '.timeout 10000', db, query]);
}

// amcheck, in a transaction that is rolled back, so the extension leaves no trace: every B-tree
// index of the application's tables checked against its table (heapallindexed), every table's
// pages and tuples checked (verify_heapam; the test cluster has data checksums on).
const PG_INTEGRITY = `BEGIN;
CREATE EXTENSION IF NOT EXISTS amcheck;
WITH idx AS (
  SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE am.amname = 'btree' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
    AND c.relpersistence <> 't' AND i.indisready AND i.indisvalid),
heap AS (
  SELECT c.relname, v.blkno, v.msg FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
  LATERAL verify_heapam(c.oid) v
  WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg_temp%' AND c.relpersistence <> 't')
SELECT coalesce((SELECT string_agg(relname || ' block ' || blkno || ': ' || msg, '; ') FROM heap), 'ok')
FROM (SELECT count(*) FROM idx) x;
ROLLBACK;`;

/** 'ok' when the database is sound, else what is wrong: SQLite's PRAGMA integrity_check, or
 *  PostgreSQL's amcheck over the application's tables and indexes. */
export async function integrity(db) {
  if (!isPg(db)) return (await sh('sqlite3', [db, 'PRAGMA integrity_check'])).trim();
  try {
    return (await pgQuery(db, PG_INTEGRITY)).trim();
  } catch (e) {
    return `amcheck failed: ${e.message.replace(/^[^]*? exited \d+: /, '').trim()}`;
  }
}

/** A copy of a database no one is using (a stopped server's), to change without touching the
 *  original: a file copy (with its WAL) next to it on SQLite, CREATE DATABASE … TEMPLATE on
 *  PostgreSQL. `name` is the copy's file name in `dir` on SQLite. */
export async function copyDb(db, dir, name) {
  if (!isPg(db)) {
    const copy = path.join(dir, name);
    await copyFile(db, copy);
    if (await exists(`${db}-wal`)) await copyFile(`${db}-wal`, `${copy}-wal`);
    return copy;
  }
  const copy = pgUrl(`yl_${randomBytes(8).toString('hex')}`);
  await pgForget(db); // a template may have no other session on it
  await pgQuery(pgUrl('postgres'), `CREATE DATABASE "${pgName(copy)}" TEMPLATE "${pgName(db)}"`);
  created.add(copy);
  return copy;
}

// The server writes "host:port\n" with plain stdio, so a poll may see an empty or partial
// file: only a whole line counts.
async function waitReady(file, proc, output) {
  for (let i = 0; i < 400; i++) {
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(`yuanli serve exited early (${proc.exitCode ?? proc.signalCode}):\n${output()}`);
    let text = '';
    try { text = await readFile(file, 'utf8'); } catch { /* not yet */ }
    const m = /^(\S+):(\d+)\n/.exec(text);
    if (m) return { host: m[1], port: Number(m[2]) };
    await sleep(50);
  }
  throw new Error(`yuanli serve was not ready within 20 s:\n${output()}`);
}

/**
 * Starts `yuanli serve` on a fresh demo database in a new temp dir (or on `db` when given, which
 * must exist). Options: threads (event loops, default 2), workers, env, args (extra serve
 * arguments, e.g. TLS), tls (true: the url is https://), ownFiles (false: no --files, so the
 * server's own default photo folder is used).
 * Resolves to {url, host, port, db, dir, proc, stderr(), stop()}. stop() sends SIGTERM once and
 * resolves to {code, signal, stderr}; later calls return the same result.
 */
export async function startServer({ threads = 2, workers, env, demoEnv = env, args = [], db, tls = false, ownFiles = true } = {}) {
  const dir = await tempDir();
  const ownDb = db === undefined; // made here, so removed here (a PostgreSQL database is dropped)
  // demoEnv: the environment the demo is made in (env unless the test says the demo does not
  // depend on it — null: a copy of the run's demo, even when the server's clock is pinned)
  if (ownDb) db = await freshDemoDb(dir, { env: demoEnv || undefined });
  const ready = path.join(dir, 'ready');
  const argv = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--ready-file', ready,
    '--access-log', path.join(dir, 'access.log'), '--threads', String(threads)];
  if (workers) argv.push('--workers', String(workers));
  // photos go to the test's own folder (on PostgreSQL the default is ./yuanli-files)
  if (ownFiles && !args.includes('--files')) argv.push('--files', path.join(dir, 'files'));
  argv.push(...args);
  const proc = spawn(YUANLI_BIN, argv, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
  proc.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  let addr;
  try {
    addr = await waitReady(ready, proc, () => out + err);
  } catch (e) {
    proc.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    if (ownDb) await dropDb(db).catch(() => {});
    throw e;
  }
  let stopping = null;
  const url = `${tls ? 'https' : 'http'}://${addr.host}:${addr.port}`;
  return {
    url,
    base: url,
    host: addr.host,
    port: addr.port,
    db,
    dir,
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    /** SIGTERM (or `signal`) and wait (SIGKILL after 20 s); {code, signal, stderr, ms}. Keeps
     *  the temp dir when the exit was not clean, so the database and log can be looked at, and
     *  when keep is true. */
    stop({ keep = false, signal: sig = 'SIGTERM' } = {}) {
      if (stopping) return stopping;
      stopping = (async () => {
        const t0 = Date.now();
        if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
        const timer = setTimeout(() => proc.kill('SIGKILL'), 20000);
        const { code, signal } = await exited;
        const ms = Date.now() - t0;
        clearTimeout(timer);
        // 'close' may come after 'exit': let the pipes drain so stderr is whole.
        await sleep(20);
        if (code === 0 && !keep) {
          await rm(dir, { recursive: true, force: true });
          if (ownDb) await dropDb(db).catch(() => {});
        }
        return { code, signal, stderr: err, ms };
      })();
      return stopping;
    },
  };
}

/** The assertion each file ends with: SIGTERM stops the server with exit code 0, which under
 *  ASan also means no leak and no sanitizer report. */
export async function assertCleanStop(srv, opts) {
  const r = await srv.stop(opts);
  assert.equal(r.signal, null, `server killed by ${r.signal}; stderr:\n${r.stderr}`);
  assert.equal(r.code, 0, `server exit code ${r.code}; stderr:\n${r.stderr}`);
  assert.match(r.stderr, /stopped cleanly/);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|LeakSanitizer|runtime error:/);
  return r;
}

export function formEncode(obj) {
  return Object.entries(obj)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html) {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'page has no csrf field');
  return m[1];
}

/** The text of the page's notice (error or status), or null. */
export function noticeOf(html) {
  const m = /<p class="notice (?:error|ok)" role="(?:alert|status)">([^<]*)<\/p>/.exec(html);
  return m ? m[1] : null;
}

export function htmlLang(html) {
  const m = /<html lang="([^"]+)"/.exec(html);
  return m ? m[1] : null;
}

function parseSetCookie(line) {
  const [pair, ...attrs] = line.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const c = { name: pair.slice(0, eq), value: pair.slice(eq + 1), attrs: {} };
  for (const a of attrs) {
    const i = a.indexOf('=');
    if (i < 0) c.attrs[a.toLowerCase()] = true;
    else c.attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
  }
  return c;
}

/**
 * A browser-ish client: keeps cookies (Set-Cookie in, Cookie out), never follows redirects.
 * Each request goes over its own connection (node:http, no keep-alive), so no idle connection
 * outlives a test and holds up the server's shutdown. Each call resolves to {status, headers
 * (a Headers), body (text), cookies (this response's Set-Cookie, parsed, by name)}.
 */
export function client(base, { headers: defaults = {} } = {}) {
  const jar = new Map();
  async function request(method, p, { body, headers = {} } = {}) {
    const h = { ...defaults, ...headers };
    if (jar.size && h.cookie === undefined)
      h.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await rawRequest(base, p, { method, headers: h, body });
    const text = res.body.toString('utf8');
    const cookies = {};
    for (const line of res.headerList.getSetCookie()) {
      const c = parseSetCookie(line);
      cookies[c.name] = c;
      if (c.attrs['max-age'] === '0' || c.value === '') jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return { status: res.status, headers: res.headerList, body: text, cookies };
  }
  return {
    jar,
    base,
    request,
    get: (p, opts) => request('GET', p, opts),
    /** POST a form object as application/x-www-form-urlencoded. */
    post: (p, form, opts = {}) => request('POST', p, {
      ...opts,
      body: formEncode(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
    }),
    /** POST a body exactly as given (string or Buffer). */
    postRaw: (p, body, contentType = 'application/x-www-form-urlencoded', opts = {}) =>
      request('POST', p, { ...opts, body, headers: { 'content-type': contentType, ...(opts.headers || {}) } }),
    /** GET a page and return its CSRF token (setting the pre-session cookie if needed). */
    async csrf(p = '/login') {
      const r = await request('GET', p);
      assert.equal(r.status, 200, `GET ${p} for a csrf token: ${r.status}`);
      return csrfOf(r.body);
    },
    /** POST a form with this visitor's CSRF token taken from page `from`. */
    async postForm(p, form, from = '/') {
      const csrf = await this.csrf(from);
      return this.post(p, { ...form, csrf });
    },
  };
}

/** Logs in through the form; resolves to the POST's response (303 on success). */
export async function login(c, user, password = DEMO_PASSWORD, next) {
  const csrf = await c.csrf('/login');
  const form = { user, password, csrf };
  if (next !== undefined) form.next = next;
  return c.post('/login', form);
}

/** Logs in and asserts it worked; returns the client. */
export async function loggedIn(base, user, password = DEMO_PASSWORD) {
  const c = client(base);
  const r = await login(c, user, password);
  assert.equal(r.status, 303, `login as ${user}: ${r.status} ${noticeOf(r.body)}`);
  assert.ok(c.jar.get('yl_s'), 'no session cookie after login');
  return c;
}

/**
 * One request over a fresh TCP connection with node:http, nothing added or decoded: for
 * content-encoding, exact headers, and bodies fetch would not send. Resolves to
 * {status, headers (node's lower-cased object), headerList (a Headers), body (Buffer)}.
 */
export function rawRequest(base, p, { method = 'GET', headers = {}, body } = {}) {
  const u = new URL(p, base);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: false,
    }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const headerList = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerList.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve({ status: res.statusCode, headers: res.headers, headerList, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new Error(`no answer to ${method} ${p} within 30 s`)));
    req.end(body);
  });
}

export async function exists(p) {
  try { await access(p); return true; } catch { return false; }
}
