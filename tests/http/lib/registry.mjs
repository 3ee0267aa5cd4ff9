// registry.mjs: helpers shared by the registry, import, activation and audit tests — bearer
// tokens and a small JSON client, the compound's counts and audit chain lengths, CSV bytes in
// GBK (through iconv, which TextEncoder cannot do) and multipart bodies for the upload page.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { yuanli, lastLine, rawRequest } from './server.mjs';

export const HEADER = 'building,stairwell,floor,room,area_m2,area_source,owner_ref,owner_name,owner_kind,status';

/** A bearer token for `user` made with `yuanli token create` on the server's database. */
export async function tokenFor(srv, user, name = 't') {
  const r = await yuanli(['token', 'create', '--user', user, '--name', name, '--db', srv.db]);
  assert.equal(r.code, 0, r.stderr);
  return lastLine(r.stdout);
}

/** A JSON API client with a bearer token (or none): get/post/patch/raw resolve to
 *  {status, headers, text, json}. */
export function api(base, token, { headers: defaults = {} } = {}) {
  async function request(method, p, { body, headers = {} } = {}) {
    const h = { ...defaults, ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    const r = await rawRequest(base, p, { method, headers: h, body });
    const text = r.body.toString('utf8');
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: r.status, headers: r.headerList, text, json };
  }
  const jsonBody = (method) => (p, obj, opts = {}) => request(method, p, {
    ...opts,
    body: typeof obj === 'string' ? obj : JSON.stringify(obj),
    headers: { 'content-type': 'application/json', ...(opts.headers || {}) },
  });
  return {
    request,
    get: (p, opts) => request('GET', p, opts),
    post: jsonBody('POST'),
    patch: jsonBody('PATCH'),
    put: jsonBody('PUT'),
    delete: (p, opts) => request('DELETE', p, opts),
    /** POST a CSV body (string or Buffer) to the community's import. */
    importCsv: (cid, body, contentType = 'text/csv; charset=utf-8', opts = {}) =>
      request('POST', `/api/v1/communities/${cid}/units/import`, {
        ...opts, body, headers: { 'content-type': contentType, ...(opts.headers || {}) },
      }),
  };
}

/** units, owners and buildings of community `cid` (as a staff token sees them). */
export async function countsOf(a, cid = 1) {
  const r = await a.get(`/api/v1/communities/${cid}`);
  assert.equal(r.status, 200, r.text);
  return { units: r.json.units, owners: r.json.owners, buildings: r.json.buildings, area: r.json.area_m2 };
}

/** The public audit chain heads, by community id: {length, head}. */
export async function chainHeads(base) {
  const r = await api(base).get('/api/v1/audit/heads');
  assert.equal(r.status, 200, r.text);
  const out = {};
  for (const it of r.json.items) out[it.community_id] = { length: it.length, head: it.head };
  return out;
}

/** Runs a filter program with `input` on stdin; resolves to its stdout as a Buffer. */
function pipeThrough(cmd, args, input) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${cmd}: ${err}`))));
    p.stdin.end(input);
  });
}

/** The text encoded as GBK bytes by iconv. */
export function gbk(text) {
  return pipeThrough('iconv', ['-f', 'UTF-8', '-t', 'GBK'], Buffer.from(text, 'utf8'));
}

/** A multipart/form-data body: fields is {name: value}, file is {name, filename, type, data}. */
export function multipart(fields, file) {
  const boundary = `----yuanli${Math.random().toString(16).slice(2)}`;
  const parts = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; ` +
      `filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data, 'utf8'));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The HTML text between <main> and </main>, tags kept. */
export function mainOf(html) {
  const m = /<main[^>]*>([^]*)<\/main>/.exec(html);
  return m ? m[1] : html;
}

/** Bearer tokens for several users at once: {user: api client}. */
export async function apisFor(srv, users) {
  const toks = await Promise.all(users.map((u) => tokenFor(srv, u)));
  return Object.fromEntries(users.map((u, i) => [u, api(srv.url, toks[i])]));
}
