// problems_photos.test.mjs: photos on problem reports and departments' answers. A phone's JPEG
// (Exif with a GPS position, XMP, a comment) and a PNG (tEXt, eXIf) are accepted and kept as the
// same pictures without what they say about where and by whom they were taken; they are served
// only through the problem's permission check (a department it was not referred to: 404), with
// their type and nosniff. A GIF, a PDF or a text file named .jpg, a fifth photo, a cut-off JPEG,
// a PNG with a bad checksum or a photo over 8 MB are refused with the file named, and nothing is
// kept: no problem, no file in the photo folder, no upload left in the temp folder.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { assertCleanStop, client, loggedIn, rawRequest, dropDb, yuanli, sql, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import {
  problemServer, count, problemRow, changesNothing, reportForm, stepMultipart, stepApi, jpeg, png, jpegSize,
  pngSize, pngChunks,
} from './lib/problems.mjs';

const REPORT = { category: 'greening', description: '香樟树枝伸到二楼窗口，遮光严重。', building: '1栋', stairwell: '1单元' };
const PHONE_JPEG = jpeg(40, 24);
const CLEAN_JPEG = jpeg(40, 24, { metadata: false });
const TEXT_PNG = png(7, 5);
const CLEAN_PNG = png(7, 5, { metadata: false });
const GIF = Buffer.concat([Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'), Buffer.alloc(6, 255),
  Buffer.from('!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'latin1')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');

const file = (filename, data, type = 'image/jpeg') => ({ name: 'photo', filename, type, data });

/** The metadata a phone leaves in a photo, as it would show in the bytes. */
const TRACES = ['Exif', 'GPS', 'xmpmeta', 'tEXt', 'eXIf', '张三', 'Zhang San'];
function assertNoTraces(bytes, what) {
  for (const t of TRACES) assert.ok(!bytes.includes(Buffer.from(t)), `${what} still holds "${t}"`);
}

describe('photos on problem reports', SUITE, () => {
  let base;
  let srv;
  const c = {};
  let staffApi;
  let elsewhere;
  let problemId; // the owner's report with the two photos
  let photoIds; // its photos, JPEG then PNG

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    const users = ['owner', 'staff', 'parks'];
    const clients = await Promise.all(users.map((u) => loggedIn(srv.url, u)));
    users.forEach((u, i) => { c[u] = clients[i]; });
    staffApi = api(srv.url, await tokenFor(srv, 'staff'));
    const add = await yuanli(['user', 'add', 'dongtang.clerk', '--grant', 'staff@2', '--db', base.db],
      { env: { YUANLI_PASSWORD: 'dongtang-clerk-1' } });
    assert.equal(add.code, 0, add.stderr);
    elsewhere = await loggedIn(srv.url, 'dongtang.clerk', 'dongtang-clerk-1'); // staff of 东塘小区
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  const photoFiles = () => readdir(base.files);
  const photoBytes = (who, id) => rawRequest(srv.url, `/problems/photos/${id}`, {
    headers: { cookie: [...who.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
  });

  /** Asserts a report with these files is refused (422) with `message`, storing nothing. */
  async function refused(files, message) {
    const before = await photoFiles();
    const { r, notice } = await changesNothing(base.db, 0, () => reportForm(c.owner, REPORT, files), message);
    assert.equal(r.status, 422, notice);
    assert.equal(notice, message);
    assert.match(r.body, /<textarea[^>]*name="description"[^>]*>香樟树枝伸到二楼窗口，遮光严重。<\/textarea>/,
      'the form keeps what was typed');
    assert.deepEqual(await photoFiles(), before, 'a file was stored');
  }

  test('a phone JPEG (Exif GPS, XMP, a comment) and a PNG (tEXt, eXIf) are accepted with the report', async () => {
    const { r, id } = await reportForm(c.owner, REPORT,
      [file('IMG_0001.jpg', PHONE_JPEG), file('screenshot.png', TEXT_PNG, 'image/png')]);
    assert.equal(r.status, 303);
    problemId = id;
    assert.equal((await problemRow(base.db, id)).photos, 2);
    const page = await c.owner.get(`/problems/${id}`);
    photoIds = [...page.body.matchAll(/<a href="\/problems\/photos\/(\d+)"><img src="\/problems\/photos\/\1" alt="照片 \d"/g)]
      .map((m) => Number(m[1]));
    assert.equal(photoIds.length, 2, 'the problem page shows both photos');
    const rows = await sql(base.db, `SELECT mime, width, height FROM problem_photos WHERE problem_id = ${id} ORDER BY id`);
    assert.equal(rows.trim(), 'image/jpeg|40|24\nimage/png|7|5');
    assert.equal((await photoFiles()).length, 2, 'one file per photo in the photo folder');
  });

  test('the photos are kept as the same pictures without their metadata: no Exif, GPS, XMP, comment or text chunk', async () => {
    const [j, p] = await Promise.all(photoIds.map((id) => photoBytes(c.owner, id)));
    assert.equal(j.status, 200);
    assert.equal(p.status, 200);
    assertNoTraces(j.body, 'the JPEG');
    assertNoTraces(p.body, 'the PNG');
    assert.deepEqual(jpegSize(j.body), { width: 40, height: 24 });
    assert.deepEqual(pngSize(p.body), { width: 7, height: 5 });
    // Everything but the metadata is kept byte for byte: the picture is not re-encoded.
    assert.ok(j.body.equals(CLEAN_JPEG), 'the JPEG is the phone\'s picture less its APP1 and COM segments');
    assert.deepEqual(pngChunks(p.body), ['IHDR', 'IDAT', 'IEND']);
    assert.ok(p.body.equals(CLEAN_PNG), 'the PNG is the same picture less tEXt and eXIf');
    for (const f of await photoFiles()) assertNoTraces(await readFile(path.join(base.files, f)), `stored file ${f}`);
  });

  test('photos are served as image/jpeg and image/png, with one nosniff header and not cached', async () => {
    const [j, p] = await Promise.all(photoIds.map((id) => c.owner.get(`/problems/photos/${id}`)));
    assert.equal(j.headers.get('content-type'), 'image/jpeg');
    assert.equal(p.headers.get('content-type'), 'image/png');
    for (const r of [j, p]) {
      // Headers.get joins repeated headers with ", ": a second nosniff would show as "nosniff, nosniff".
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('cache-control'), 'no-store');
    }
  });

  test('a department sees the photos only once the problem is referred to it (404 before, 200 after)', async () => {
    assert.equal((await c.parks.get(`/problems/photos/${photoIds[0]}`)).status, 404);
    assert.equal((await c.parks.get(`/problems/${problemId}`)).status, 404);
    await stepApi(staffApi, problemId, { action: 'verify' });
    await stepApi(staffApi, problemId, { action: 'accept' });
    await stepApi(staffApi, problemId, { action: 'refer' }); // greening goes to 园林局
    const r = await photoBytes(c.parks, photoIds[0]);
    assert.equal(r.status, 200);
    assert.ok(r.body.equals(CLEAN_JPEG));
  });

  test('anonymous visitors are sent to log in; staff of another compound are refused (403); no such photo is 404', async () => {
    const anon = await client(srv.url).get(`/problems/photos/${photoIds[0]}`);
    assert.equal(anon.status, 303);
    assert.equal(anon.headers.get('location'), `/login?next=%2Fproblems%2Fphotos%2F${photoIds[0]}`);
    // an id that names no photo gets the same answer: a visitor learns nothing about which exist
    const unknown = await client(srv.url).get('/problems/photos/999999');
    assert.equal(unknown.status, 303);
    assert.equal(unknown.headers.get('location'), '/login?next=%2Fproblems%2Fphotos%2F999999');
    const other = await elsewhere.get(`/problems/photos/${photoIds[0]}`);
    assert.equal(other.status, 403);
    assert.doesNotMatch(other.headers.get('content-type'), /^image\//);
    assert.equal((await c.owner.get('/problems/photos/999999')).status, 404);
  });

  test('a GIF, a PDF and a text file named .jpg are refused (422) naming the file; nothing is stored', async () => {
    await refused([file('tree.jpg', GIF)], '“tree.jpg”不是 JPEG 或 PNG 图片。');
    await refused([file('notice.jpg', PDF)], '“notice.jpg”不是 JPEG 或 PNG 图片。');
    await refused([file('note.jpg', '树枝挡光，请处理。', 'text/plain')], '“note.jpg”不是 JPEG 或 PNG 图片。');
  });

  test('one bad photo among good ones refuses the report, and the good ones are not stored either', async () => {
    await refused([file('good.jpg', jpeg(16, 16)), file('bad.jpg', GIF)], '“bad.jpg”不是 JPEG 或 PNG 图片。');
  });

  test('five photos are one too many (422); none is stored', async () => {
    const five = [1, 2, 3, 4, 5].map((i) => file(`p${i}.jpg`, jpeg(8 * i, 8)));
    await refused(five, '最多4张照片。');
  });

  test('a JPEG cut off before its end and a PNG with a bad checksum are refused as damaged (422)', async () => {
    await refused([file('cut.jpg', CLEAN_JPEG.subarray(0, CLEAN_JPEG.length - 2))], '“cut.jpg”图片已损坏，无法读取。');
    const bad = Buffer.from(CLEAN_PNG);
    bad[bad.length - 20] ^= 0x55; // a byte of IDAT's data: its CRC no longer matches
    await refused([file('bad-crc.png', bad, 'image/png')], '“bad-crc.png”图片已损坏，无法读取。');
  });

  test('a photo over 8 MB is refused (413) naming it; nothing is stored', async () => {
    const big = Buffer.concat([CLEAN_JPEG.subarray(0, CLEAN_JPEG.length - 2), Buffer.alloc(8 * 1024 * 1024), Buffer.from([0xff, 0xd9])]);
    const before = await photoFiles();
    const { r, notice } = await changesNothing(base.db, 0, () => reportForm(c.owner, REPORT, [file('big.jpg', big)]), 'big');
    assert.equal(r.status, 413);
    assert.equal(notice, '“big.jpg”超过8 MB。');
    assert.deepEqual(await photoFiles(), before);
  });

  test('an empty file part (no file chosen in the browser) is no photo: the report goes through', async () => {
    const { r, id } = await reportForm(c.owner, REPORT, [file('', Buffer.alloc(0), 'application/octet-stream')]);
    assert.equal(r.status, 303);
    assert.equal((await problemRow(base.db, id)).photos, 0);
  });

  test('the department answers with a photo of the work; the reporter sees it on the problem page', async () => {
    const r = await stepMultipart(c.parks, problemId, { action: 'answer', note: '已修剪树枝。' },
      [file('after.png', png(6, 6), 'image/png')]);
    assert.equal(r.status, 303);
    const row = await problemRow(base.db, problemId);
    assert.equal(row.state, 'answered');
    assert.equal(row.photos, 3);
    const page = await c.owner.get(`/problems/${problemId}`);
    assert.equal([...page.body.matchAll(/<img src="\/problems\/photos\/\d+"/g)].length, 3);
    const answerPhoto = await count(base.db, `SELECT count(*) FROM problem_photos p JOIN problem_events e ON e.id = p.event_id ` +
      `WHERE p.problem_id = ${problemId} AND e.action = 'answer'`);
    assert.equal(answerPhoto, 1, 'the photo belongs to the answer');
  });

  test('a step with a photo that is not one is refused (422) and the problem does not move', async () => {
    await stepApi(staffApi, problemId, { action: 'refer' }); // back to referred, for another answer
    const before = await photoFiles();
    const r = await changesNothing(base.db, problemId, () => stepMultipart(c.parks, problemId,
      { action: 'answer', note: '已处理。' }, [file('site.jpg', PDF)]), 'answer with a PDF');
    assert.equal(r.status, 422);
    assert.match(r.body, /“site\.jpg”不是 JPEG 或 PNG 图片。/);
    assert.deepEqual(await photoFiles(), before);
  });

  test('the report\'s audit row counts its photos', async () => {
    const details = (await sql(base.db,
      `SELECT details FROM audit WHERE action = 'problem.report' AND object_id = ${problemId}`)).trim();
    assert.equal(JSON.parse(details).photos, 2);
  });

  test('the server stops cleanly and leaves no upload behind in its temp folder', async () => {
    await assertCleanStop(srv);
    assert.deepEqual(await readdir(base.tmp), []);
  });
});
