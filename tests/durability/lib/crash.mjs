// crash.mjs: what the durability tests need beyond tests/http/lib/server.mjs — a `yuanli serve`
// that is started again and again on the same database and only ever stopped by SIGKILL, a
// bearer-token JSON client that gives up at once when the server dies, and the offline checks
// (SQLite's integrity_check or PostgreSQL's amcheck, `yuanli audit verify`). With
// YUANLI_TEST_PG set the database is a fresh PostgreSQL database there (see server.mjs).
import { spawn } from 'node:child_process';
import { copyFile, chmod, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import {
  YUANLI_BIN, sh, sql, lastLine, tempDir, freshDb, freshDemoDb, integrity, ON_PG, sqliteOnly, loggedIn,
} from '../../http/lib/server.mjs';

export { YUANLI_BIN, sh, sql, tempDir, integrity, ON_PG, sqliteOnly, loggedIn };

// The binary every spawn here runs: a copy of YUANLI_BIN taken once per test file (by demoDb).
// Other people rebuild build-san/ in this tree while suites run; a relink in the middle of 200
// restarts made spawn fail with EACCES. The copy keeps one run on one binary.
let binPath = null;

function childEnv() {
  const env = { ...process.env };
  if (!env.ASAN_OPTIONS) env.ASAN_OPTIONS = 'detect_leaks=1:abort_on_error=0:halt_on_error=1';
  if (!env.UBSAN_OPTIONS) env.UBSAN_OPTIONS = 'print_stacktrace=1:halt_on_error=1';
  return env;
}

// Every server started and not yet reaped, so a failing test can still end them (a live child
// would keep node, and `make check`, waiting forever).
const live = new Set();

/** SIGKILLs every server this process started that is still running. For after() hooks. */
export async function killAll() {
  await Promise.all([...live].map((s) => s.kill()));
}

/** Runs `yuanli ARGS…` (the snapshot); resolves to {code, signal, stdout, stderr}. */
export function yuanli(args, { timeout = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(binPath ?? YUANLI_BIN, args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    p.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
    p.on('error', (e) => { clearTimeout(timer); reject(e); });
    p.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

/** Copies YUANLI_BIN into dir and uses the copy from then on; retries while a rebuild is
 *  replacing it (the copy must answer `--help`). */
async function snapshotBin(dir) {
  const dest = path.join(dir, 'yuanli');
  let last = '';
  for (let i = 0; i < 30; i++) {
    try {
      await copyFile(YUANLI_BIN, dest);
      await chmod(dest, 0o755);
      binPath = dest;
      const r = await yuanli(['--help']);
      if (r.code === 0) return;
      last = `--help exited ${r.code}: ${r.stderr}`;
    } catch (e) {
      last = e.message;
    }
    binPath = null;
    await sleep(1000);
  }
  throw new Error(`cannot take a working copy of ${YUANLI_BIN}: ${last}`);
}

/** A fresh temp dir holding a copy of the binary and a demo database (a file in it, or a new
 *  PostgreSQL database); resolves to {dir, db}.
 *  The prefix is not "yuanli-", which other tools clean up after themselves by pattern. */
export async function demoDb(prefix = 'durability-') {
  const dir = await tempDir(prefix);
  await snapshotBin(dir);
  // a copy of the run's demo database (scripts/check makes one per store), or `yuanli demo` here
  const db = await freshDemoDb(dir);
  return { dir, db };
}

/** `yuanli token create --user USER` on db; the token (the last line of stdout). */
export async function token(db, user, name = 'dur') {
  const r = await yuanli(['token', 'create', '--user', user, '--name', name, '--db', db]);
  assert.equal(r.code, 0, `token create for ${user}: ${r.stderr}`);
  const tok = lastLine(r.stdout);
  assert.match(tok, /^[A-Za-z0-9_-]{43}$/, `not a token: ${JSON.stringify(tok)}`);
  return tok;
}

/**
 * Starts `yuanli serve --db DB --listen 127.0.0.1:0 --ready-file DIR/ready --access-log off`.
 * Resolves to {url, proc, exited, stderr(), kill()} once the ready file names the address.
 * kill() sends SIGKILL (never SIGTERM) and resolves when the process is gone. With wrap (e.g.
 * ['strace', ...]) the server runs under that program, and kill() SIGKILLs the server itself
 * (its child), after which the wrapper exits.
 */
export async function serve(db, dir, { wrap = [] } = {}) {
  const ready = path.join(dir, 'ready');
  await rm(ready, { force: true });
  // photos beside a SQLite file (the default); on PostgreSQL in the test's folder, not ./yuanli-files
  const argv = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--ready-file', ready, '--access-log', 'off',
    '--files', ON_PG ? path.join(dir, 'files') : `${db}-files`];
  const proc = wrap.length
    ? spawn(wrap[0], [...wrap.slice(1), binPath ?? YUANLI_BIN, ...argv], { env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(binPath ?? YUANLI_BIN, argv, { env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  // The pid to kill: the server, not its wrapper (strace would detach and leave it running).
  const target = async () => {
    if (!wrap.length) return proc.pid;
    try {
      const kids = (await readFile(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8')).trim().split(/\s+/);
      if (kids[0]) return Number(kids[0]);
    } catch { /* gone already */ }
    return proc.pid;
  };
  const sigkill = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try { process.kill(await target(), 'SIGKILL'); } catch { /* exited meanwhile */ }
  };
  let err = '';
  let spawnError = null;
  proc.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
    proc.once('error', (e) => { spawnError = e; resolve({ code: null, signal: null, error: e }); });
  });
  const handle = { kill: async () => { await sigkill(); await exited; } };
  live.add(handle);
  exited.then(() => live.delete(handle));
  let addr = null;
  const deadline = Date.now() + 20000; // an ASan build on a busy 2-core machine can be slow
  while (!addr && Date.now() < deadline) {
    if (spawnError) throw new Error(`cannot start ${binPath ?? YUANLI_BIN}: ${spawnError.message}`);
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(`yuanli serve --db ${db} exited early (${proc.exitCode ?? proc.signalCode}):\n${err}`);
    let text = '';
    try { text = await readFile(ready, 'utf8'); } catch { /* not yet */ }
    const m = /^(\S+):(\d+)\n/.exec(text);
    if (m) addr = `${m[1]}:${m[2]}`;
    else await sleep(10);
  }
  if (!addr) {
    await sigkill();
    await exited;
    throw new Error(`yuanli serve was not ready within 20 s:\n${err}`);
  }
  return {
    url: `http://${addr}`,
    proc,
    exited,
    stderr: () => err,
    /** True while the process has not exited by itself or been killed. */
    alive: () => proc.exitCode === null && proc.signalCode === null,
    async kill() {
      await sigkill();
      const r = await exited;
      await sleep(5); // let the stderr pipe drain
      return r;
    },
  };
}

/**
 * One JSON request with a bearer token over its own connection. Resolves to
 * {status, json, text} when a whole answer came back; rejects when the connection failed or was
 * cut (as it is when the server is killed). No retries: a write is acknowledged only by a
 * complete 2xx answer.
 */
export function api(base, p, { token: tok, method = 'GET', body, contentType = 'application/json', timeout = 60000 } = {}) {
  const u = new URL(p, base);
  const headers = { authorization: `Bearer ${tok}` };
  let data;
  if (body !== undefined) {
    data = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    headers['content-type'] = contentType;
    headers['content-length'] = String(data.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => {
          if (!res.complete) { reject(new Error('answer cut short')); return; }
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try { json = JSON.parse(text); } catch { json = undefined; }
          resolve({ status: res.statusCode, json, text });
        });
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('answer aborted')));
      });
    req.on('error', reject);
    req.setTimeout(timeout, () => req.destroy(new Error(`no answer to ${method} ${p} within ${timeout} ms`)));
    req.end(data);
  });
}

/** GET that must answer 200 with JSON. */
export async function getJson(base, p, tok) {
  const r = await api(base, p, { token: tok });
  assert.equal(r.status, 200, `GET ${p}: ${r.status} ${r.text}`);
  return r.json;
}

/** Every unit of a building of community 1, page by page (the API gives at most 1,000 at once). */
export async function unitsOf(base, tok, building) {
  const out = [];
  for (let offset = 0; ; offset += 1000) {
    const j = await getJson(base, `/api/v1/communities/1/units?building=${encodeURIComponent(building)}&limit=1000&offset=${offset}`, tok);
    out.push(...j.items);
    if (j.items.length < 1000 || out.length >= j.total) return out;
  }
}

/** `yuanli audit verify --db DB`: {code, stdout, stderr}. */
export async function auditVerify(db) {
  return yuanli(['audit', 'verify', '--db', db]);
}

/** Sanitizer reports or SQLite complaints in a server's stderr, or null. */
export function badStderr(text) {
  const m = /(AddressSanitizer|LeakSanitizer|runtime error:|yuanli: sql|statement left running|transaction left open|database disk image is malformed)[^\n]*/.exec(text);
  return m ? m[0] : null;
}

// ---- the web form's way in: multipart bodies and a photo to put in them ----

/** A multipart/form-data body: fields {name: value} and files [{name, filename, type, data}];
 *  resolves nothing, returns {body, contentType}. */
export function multipart(fields, files = []) {
  const boundary = `----durability${Math.random().toString(16).slice(2)}`;
  const parts = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; ` +
      `filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, as PNG chunks carry it) of a Buffer. */
export function crc32(buf) {
  let c = 0xFFFFFFFF;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid 1×1 8-bit RGB PNG of colour [r, g, b]: signature, IHDR, IDAT (zlib of the one
 *  filter-0 scanline), IEND, every chunk with its CRC. Different colours, different files. */
export function png1x1([r, g, b]) {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]); // 1×1, depth 8, RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.from([0, r, g, b]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
