// problems.mjs: helpers shared by the problem-list tests — a server on a demo database with its
// clock pinned (YUANLI_NOW) and photos in a folder of the test's own, the states and counts a
// test compares before and after a refused step, the list page's rows, forms with repeated fields
// and files, and small pictures built byte by byte: a JPEG carrying Exif GPS, XMP and a comment,
// a PNG carrying tEXt and eXIf, so that what the server strips can be seen to be gone.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { startServer, freshDemoDb, tempDir, sql, csrfOf, noticeOf } from './server.mjs';

/** Shanghai is UTC+8 all year. */
const SHANGHAI = 8 * 3600;

/** The Shanghai calendar date (YYYY-MM-DD) `days` after the day that holds UTC second `t`. */
export function shanghaiDate(t, days = 0) {
  const d = new Date((t + SHANGHAI) * 1000);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A demo database in a new temp dir and a server on it with the clock pinned at `now` (UTC s; by
 * default the moment the demo is made) and photos in dir/files (the default beside a PostgreSQL
 * database would be the working directory), uploads' temporary copies in dir/tmp. Resolves to
 * {srv, dir, db, files, tmp, now}; the caller removes dir and drops db (the server does not, as
 * it did not make them).
 */
export async function problemServer({ now } = {}) {
  const dir = await tempDir('yuanli-problems-');
  const db = await freshDemoDb(dir);
  now ??= Math.floor(Date.now() / 1000);
  const files = path.join(dir, 'files');
  const tmp = path.join(dir, 'tmp');
  await mkdir(tmp);
  const srv = await startServer({ db, env: { YUANLI_NOW: String(now), TMPDIR: tmp }, args: ['--files', files] });
  return { srv, dir, db, files, tmp, now };
}

/** Another server on the same database and folders, the clock pinned at `now`. */
export function laterServer(base, now) {
  return startServer({ db: base.db, env: { YUANLI_NOW: String(now), TMPDIR: base.tmp }, args: ['--files', base.files] });
}

/** One number from SQL. */
export async function count(db, query) {
  return Number((await sql(db, query)).trim());
}

/** A problem's row as the tests compare it: state, department, due, rating, merged_into, supports, photos. */
export async function problemRow(db, id) {
  const out = (await sql(db, `SELECT state, coalesce(department_id, 0), coalesce(due_at, 0), coalesce(rating, 0), ` +
    `coalesce(merged_into, 0), supports, photos, coalesce(list_id, 0) FROM problems WHERE id = ${Number(id)}`)).trim();
  assert.ok(out, `no problem ${id}`);
  const [state, department, due, rating, mergedInto, supports, photos, list] = out.split('|');
  return {
    state, department: Number(department), due: Number(due), rating: Number(rating), mergedInto: Number(mergedInto),
    supports: Number(supports), photos: Number(photos), list: Number(list),
  };
}

/** Everything a refused step must leave as it was, in one query: the number of problems,
 *  events, photos, supports, lists and audit rows, and the rows of problems `ids` (a number, a
 *  list, or 0 for none). */
export async function snapshot(db, ids) {
  const list = [ids].flat().filter(Boolean).map(Number);
  const text = (e) => `CAST(${e} AS TEXT)`;
  const counts = ['problems', 'problem_events', 'problem_photos', 'problem_supports', 'problem_lists', 'audit']
    .map((t) => text(`(SELECT count(*) FROM ${t})`)).join(" || '|' || ");
  const cols = ['state', text('coalesce(department_id, 0)'), text('coalesce(due_at, 0)'), text('coalesce(rating, 0)'),
    text('coalesce(merged_into, 0)'), text('supports'), text('photos'), text('coalesce(list_id, 0)'), text('updated_at')]
    .join(" || '|' || ");
  const rows = list.length ? ` UNION ALL SELECT ${text('id')}, ${cols} FROM problems WHERE id IN (${list.join(', ')})` : '';
  return (await sql(db, `SELECT k, v FROM (SELECT 'counts' AS k, ${counts} AS v${rows}) x ORDER BY k`)).trim();
}

/** Asserts `fn` changes nothing that snapshot() sees for problems `ids`; resolves to what fn
 *  resolved to. */
export async function changesNothing(db, ids, fn, what = '') {
  const before = await snapshot(db, ids);
  const r = await fn();
  assert.equal(await snapshot(db, ids), before, `${what}: something changed`);
  return r;
}

/** How many audit rows `action` has about problem `id` (or about any object when id is 0). */
export function auditRows(db, action, id = 0) {
  return count(db, `SELECT count(*) FROM audit WHERE action = '${action}'` +
    (id ? ` AND object_id = ${Number(id)}` : ''));
}

/** The problems on a list page, in order: [{id, overdue, text}]. */
export function listed(html) {
  return [...html.matchAll(/<li class="problem( is-overdue)?"><a href="\/problems\/(\d+)">([^]*?)<\/li>/g)]
    .map((m) => ({ id: Number(m[2]), overdue: Boolean(m[1]), text: m[3].replace(/<[^>]+>/g, '') }));
}

/** The "共 N 个问题" count on a list page. */
export function listTotal(html) {
  const m = /<p>共 (\d+) 个问题<\/p>/.exec(html);
  assert.ok(m, 'no count on the list page');
  return Number(m[1]);
}

/** The value of a <dt>label</dt><dd>value</dd> row on a problem page, or null. */
export function fact(html, label) {
  const m = new RegExp(`<dt>${label}</dt><dd>([^<]*)</dd>`).exec(html);
  return m ? m[1] : null;
}

/** The headings of the step forms a problem page offers this person. */
export function offeredSteps(html) {
  return [...html.matchAll(/<section class="step"><h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
}

/** A form body with repeated fields: pairs [[name, value], …]; POSTed as urlencoded. */
export function postPairs(c, p, pairs) {
  return c.postRaw(p, new URLSearchParams(pairs).toString());
}

/** A step through a problem page's form: the CSRF token from the page, then POST …/steps. */
export async function stepForm(c, id, form) {
  const page = await c.get(`/problems/${id}`);
  assert.equal(page.status, 200, `GET /problems/${id}: ${page.status}`);
  return c.post(`/problems/${id}/steps`, { ...form, csrf: csrfOf(page.body) });
}

/** A step through the API; asserts the status and, for a refusal, the error code. */
export async function stepApi(a, id, body, status = 200, code) {
  const r = await a.post(`/api/v1/problems/${id}/steps`, body);
  assert.equal(r.status, status, `${JSON.stringify(body)} on ${id}: ${r.text}`);
  if (code) assert.equal(r.json?.error?.code, code, r.text);
  return r;
}

/** A multipart/form-data body: fields is [[name, value], …] or {name: value}; files is
 *  [{name, filename, type, data}] (several may share a name). */
export function multipartBody(fields, files = []) {
  const boundary = `----yuanli${Math.random().toString(16).slice(2)}`;
  const parts = [];
  for (const [k, v] of Array.isArray(fields) ? fields : Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`), Buffer.from(String(v)),
      Buffer.from('\r\n'));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\n` +
      `Content-Type: ${f.type}\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Reports through the form at /problems/new (multipart, as the browser sends it). Resolves to
 *  {r, id}: id from the redirect, or null when the report was refused. */
export async function reportForm(c, fields, files = []) {
  const page = await c.get('/problems/new');
  assert.equal(page.status, 200, `GET /problems/new: ${page.status}`);
  const { body, contentType } = multipartBody({ csrf: csrfOf(page.body), ...fields }, files);
  const r = await c.postRaw('/problems', body, contentType);
  const m = r.status === 303 ? /^\/problems\/(\d+)\?done=report$/.exec(r.headers.get('location')) : null;
  if (r.status === 303) assert.ok(m, `redirect to ${r.headers.get('location')}`);
  return { r, id: m ? Number(m[1]) : null, notice: r.status === 303 ? null : noticeOf(r.body) };
}

/** A step through a problem page's form as multipart (the answer form, which takes photos). */
export async function stepMultipart(c, id, fields, files = []) {
  const page = await c.get(`/problems/${id}`);
  assert.equal(page.status, 200, `GET /problems/${id}: ${page.status}`);
  const { body, contentType } = multipartBody({ csrf: csrfOf(page.body), ...fields }, files);
  return c.postRaw(`/problems/${id}/steps`, body, contentType);
}

// ---- pictures, byte by byte ---------------------------------------------------------------

function u16(n) { return Buffer.from([(n >> 8) & 255, n & 255]); }
function u32(n) { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; }

/** A JPEG marker segment: FF, the code, the length (counting itself), the payload. */
function segment(code, payload) {
  return Buffer.concat([Buffer.from([0xff, code]), u16(payload.length + 2), payload]);
}

/** Exif (big-endian TIFF) whose IFD0 points to a GPS IFD: 28°6'30" N — where 中南家园 is. */
function exifGps() {
  const tiff = Buffer.concat([
    Buffer.from('MM\x00\x2a', 'latin1'), u32(8),
    u16(1), u16(0x8825), u16(4), u32(1), u32(26), u32(0), // IFD0: GPSInfo → 26
    u16(2), // GPS IFD: GPSLatitudeRef "N", GPSLatitude 28/1 6/1 30/1 at 56
    u16(0x0001), u16(2), u32(2), Buffer.from('N\x00\x00\x00', 'latin1'),
    u16(0x0002), u16(5), u32(3), u32(56), u32(0),
    u32(28), u32(1), u32(6), u32(1), u32(30), u32(1),
  ]);
  return Buffer.concat([Buffer.from('Exif\x00\x00', 'latin1'), tiff]);
}

const XMP = 'http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF ' +
  'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" ' +
  'exif:GPSLatitude="28,6.5N" exif:GPSLongitude="112,58.9E"/></rdf:RDF></x:xmpmeta>';

/**
 * A whole baseline JPEG, grey, width × height, that any decoder shows: one component, a
 * quantisation table of ones, and Huffman tables of one code each (DC difference 0, AC
 * end-of-block), so every 8×8 block is the two bits 00. With metadata: an Exif APP1 with a GPS
 * position, an XMP APP1 naming it again, and a COM with the photographer's name — what a phone
 * leaves in a photo. Without: exactly what the server should keep of the same picture.
 */
export function jpeg(width, height, { metadata = true } = {}) {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = '00'.repeat(blocks).padEnd(Math.ceil(blocks / 4) * 8, '1');
  const scan = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const oneCode = (tableClass) => segment(0xc4, Buffer.concat([Buffer.from([tableClass << 4]),
    Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0])]));
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00', 'latin1')),
    ...(metadata ? [segment(0xe1, exifGps()), segment(0xe1, Buffer.from(XMP, 'latin1')),
      segment(0xfe, Buffer.from('拍摄：张三 · 中南家园 1栋1单元101', 'utf8'))] : []),
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xc0, Buffer.concat([Buffer.from([8]), u16(height), u16(width), Buffer.from([1, 1, 0x11, 0])])),
    oneCode(0), oneCode(1),
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** The width and height in a JPEG's SOF0, or null. */
export function jpegSize(b) {
  for (let i = 2; i + 9 < b.length;) {
    if (b[i] !== 0xff) return null;
    const m = b[i + 1];
    if (m === 0xc0) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  return null;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const x of buf) c = CRC_TABLE[(c ^ x) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32(data.length), td, u32(crc32(td))]);
}

/** A PNG, RGB, width × height in a red-to-blue gradient; with metadata it carries a tEXt chunk
 *  (a comment with where it was taken) and an eXIf chunk (the same GPS Exif as the JPEG). */
export function png(width, height, { metadata = true } = {}) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = [0];
    for (let x = 0; x < width; x++) row.push(Math.round((255 * x) / Math.max(1, width - 1)), 64, Math.round((255 * y) / Math.max(1, height - 1)));
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.concat([u32(width), u32(height), Buffer.from([8, 2, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(metadata ? [chunk('tEXt', Buffer.from('Comment\x00GPS 28.108N 112.981E, phone of Zhang San', 'latin1')),
      chunk('eXIf', exifGps().subarray(6))] : []),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The width and height in a PNG's IHDR. */
export function pngSize(b) {
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The chunk types of a PNG, in order. */
export function pngChunks(b) {
  const out = [];
  for (let i = 8; i + 8 <= b.length;) {
    const len = b.readUInt32BE(i);
    out.push(b.toString('latin1', i + 4, i + 8));
    i += 12 + len;
  }
  return out;
}
