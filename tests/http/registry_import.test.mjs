// registry_import.test.mjs: the household import over the API (CSV in UTF-8, GBK or GB18030)
// and from the command line: every bad row reported at once with nothing imported, Chinese
// names intact from GBK, a re-import that changes nothing (not even the audit chain), the
// caller's language, the 8 MB limit, and that only the community's staff may import.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { startServer, assertCleanStop, yuanli, SUITE } from './lib/server.mjs';
import { api, apisFor, countsOf, chainHeads, gbk, HEADER } from './lib/registry.mjs';

/** A CSV text from lines (joined with \n, trailing newline). */
const csv = (...lines) => `${lines.join('\n')}\n`;

describe('unit import API', SUITE, () => {
  let srv;
  const t = {};
  before(async () => {
    srv = await startServer();
    Object.assign(t, await apisFor(srv, ['staff', 'committee', 'head', 'owner', 'admin']));
  });
  after(async () => { await srv?.stop(); });

  /** The register's state: unit and owner counts and the community's audit chain length. */
  async function state() {
    const c = await countsOf(t.staff);
    return { units: c.units, owners: c.owners, area: c.area, chain: (await chainHeads(srv.url))[1].length };
  }

  /** Posts a bad file; asserts 422 import_invalid with exactly the rows [line, field] expected,
   *  and that nothing changed. Resolves to the error object. */
  async function refused(body, rows, { contentType = 'text/csv; charset=utf-8', lang } = {}) {
    const before = await state();
    const headers = lang ? { 'accept-language': lang } : {};
    const r = await t.staff.importCsv(1, body, contentType, { headers });
    assert.equal(r.status, 422, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.json.error.code, 'import_invalid');
    assert.ok(r.json.error.message);
    assert.deepEqual(r.json.error.rows.map((x) => [x.line, x.field]), rows, r.text);
    for (const x of r.json.error.rows) assert.ok(x.message, `row ${x.line} has a message`);
    assert.deepEqual(await state(), before, 'nothing was imported');
    return r.json.error;
  }

  test('areas "63.555", "-1" and "1e3" are each refused on their own line, naming area_m2', async () => {
    for (const area of ['63.555', '-1', '1e3', '0', '0.00', 'abc', '"63,5"', ' 63.5', '']) {
      const e = await refused(csv('building,stairwell,floor,room,area_m2', `1,1,1,101,${area}`), [[2, 'area_m2']]);
      if (area !== '') assert.equal(e.rows[0].message, '面积应是大于 0 的数，最多两位小数，如 63.50', area);
    }
  });

  test('every bad row is reported at once, in order, and nothing is imported', async () => {
    const e = await refused(csv(
      'building,stairwell,floor,room,area_m2',
      '60,1,1,101,63.50',
      '60,1,1,102,63.555',
      '60,1,1,103,50',
      '60,1,1,104,-1',
      '60,1,1,105,50',
      '60,1,1,106,1e3',
      '楼A,1,1,107,50',
    ), [[3, 'area_m2'], [5, 'area_m2'], [7, 'area_m2'], [8, 'building']]);
    assert.equal(e.message, '文件里有 4 处问题，没有导入任何数据。请改正后重新上传：');
  });

  test('an unknown building format ("楼A") is refused naming building', async () => {
    for (const b of ['楼A', 'A楼', '0', '3 栋', '三栋', '3单元']) {
      const e = await refused(csv('building,stairwell,floor,room,area_m2', `${b},1,1,101,50`), [[2, 'building']]);
      assert.equal(e.rows[0].message, '楼栋格式不认识，应写成“3”或“3栋”', b);
    }
  });

  test('the same unit twice in the file (even written "1栋,1单元" and "1,1") is refused at the second', async () => {
    const e = await refused(csv(
      'building,stairwell,floor,room,area_m2',
      '61栋,1单元,1,101,50',
      '61栋,1单元,1,102,50',
      '61,1,1,101,51',
    ), [[4, 'room']]);
    assert.match(e.rows[0].message, /出现了两次/);
  });

  test('a bad area_source, status or owner_kind is refused naming the column', async () => {
    await refused(csv(HEADER,
      '62,1,1,101,50,registry,P1,张三,person,delivered',
      '62,1,1,102,50,survey,P2,李四,person,sold',
      '62,1,1,103,50,contract,P3,王五,company,delivered',
      '62,1,1,104,50,register,P4,赵六,person,delivered'),
    [[2, 'area_source'], [3, 'status'], [4, 'owner_kind']]);
  });

  test('a missing required column is reported on line 1 naming the column', async () => {
    await refused(csv('building,stairwell,floor,room', '1,1,1,101'), [[1, 'area_m2']]);
    await refused(csv('stairwell,floor,room,area_m2,owner_name', '1,1,101,50,张三'), [[1, 'building']]);
  });

  test('an unknown or repeated column name is refused on line 1', async () => {
    await refused(csv('building,stairwell,floor,room,area_m2,phone', '1,1,1,101,50,138'), [[1, 'phone']]);
    await refused(csv('building,stairwell,floor,room,area_m2,room', '1,1,1,101,50,102'), [[1, 'room']]);
  });

  test('a row with a different number of fields than the header is refused', async () => {
    const e = await refused(csv('building,stairwell,floor,room,area_m2',
      '63,1,1,101,50',
      '63,1,1,102,50,extra',
      '63,1,1,103'), [[3, ''], [4, '']]);
    assert.equal(e.rows[0].message, '这一行的列数和表头不一致');
  });

  test('one owner_ref with two different names is refused at the second', async () => {
    const e = await refused(csv(HEADER,
      '64,1,1,101,50,register,X1,张三,person,delivered',
      '64,1,1,102,50,register,X1,张三,person,delivered',
      '64,1,1,103,50,register,X1,张四,person,delivered'), [[4, 'owner_ref']]);
    assert.match(e.rows[0].message, /owner_ref/);
  });

  test('bytes invalid in UTF-8 with charset=utf-8 are one encoding problem at their line', async () => {
    const body = Buffer.concat([
      Buffer.from('building,stairwell,floor,room,area_m2\n65,1,1,101,50\n65,1,1,102,'),
      Buffer.from([0xff]),
      Buffer.from('\n'),
    ]);
    const e = await refused(body, [[3, '']]);
    assert.equal(e.rows[0].message, '文件编码无法识别（第 3 行），请另存为 UTF-8 或 GBK 的 CSV。');
    const en = await refused(body, [[3, '']], { lang: 'en' });
    assert.equal(en.rows[0].message, "The file's encoding cannot be read (line 3); save it as CSV in UTF-8 or GBK.");
  });

  test('the encoding problem names the right line after Chinese text', async () => {
    for (let good = 1; good <= 6; good++) {
      const rows = [];
      for (let i = 1; i <= good; i++) rows.push(`66栋,1单元,1,10${i},50,register,Y${i},张三${i},person,delivered`);
      const body = Buffer.concat([
        Buffer.from(csv(HEADER, ...rows)),
        Buffer.from('66栋,1单元,2,201,50,register,Z,'), Buffer.from([0xff, 0xfe]), Buffer.from(',person,delivered\n'),
      ]);
      await refused(body, [[good + 2, '']]);
    }
  });

  test('bytes that are neither UTF-8 nor GBK (no charset given) are refused', async () => {
    const body = Buffer.concat([
      Buffer.from('building,stairwell,floor,room,area_m2\n65,1,1,101,50\n65,1,1,102,50\n65,1,1,103,5'),
      Buffer.from([0xff, 0xff, 0x80]),
      Buffer.from('\n'),
    ]);
    await refused(body, [[4, '']], { contentType: 'text/csv' });
  });

  test('a charset other than UTF-8, GBK or GB18030 is refused', async () => {
    await refused(csv('building,stairwell,floor,room,area_m2', '65,1,1,101,50'), [[1, '']],
      { contentType: 'text/csv; charset=latin1' });
  });

  test('an empty file, or a header with no rows, is refused', async () => {
    const e = await refused('', [[1, '']]);
    assert.equal(e.rows[0].message, '文件里没有数据行');
    await refused(csv('building,stairwell,floor,room,area_m2'), [[2, '']]);
  });

  test('messages follow Accept-Language (English and Chinese)', async () => {
    const body = csv('building,stairwell,floor,room,area_m2', '1,1,1,101,63.555', '楼A,1,1,102,50');
    const en = await refused(body, [[2, 'area_m2'], [3, 'building']], { lang: 'en' });
    assert.equal(en.message, 'The file has 2 problems; nothing was imported. Please correct them and upload again:');
    assert.equal(en.rows[0].message, 'the area must be above 0 with at most two decimals, e.g. 63.50');
    assert.equal(en.rows[1].message, 'unknown building format; write "3" or "3栋"');
    const zh = await refused(body, [[2, 'area_m2'], [3, 'building']], { lang: 'zh-CN,zh;q=0.9' });
    assert.equal(zh.rows[0].message, '面积应是大于 0 的数，最多两位小数，如 63.50');
  });

  const NEW = csv(
    'room,building,stairwell,floor,area_m2,area_source,owner_ref,owner_name,owner_kind,status',
    '101,50栋,1单元,1,63.50,survey,G1,欧阳修,person,delivered',
    '102,50,1,1,70,contract,G1,欧阳修,person,delivered',
    '201,50栋,1单元,2,80.5,,G2,司马光,,',
    '202,50号楼,1,2,80.25,register,G3,中南机械厂,organization,unsold',
  );

  test('a GBK file (charset=gbk, columns in any order) imports with Chinese names intact', async () => {
    const before = await state();
    const r = await t.staff.importCsv(1, await gbk(NEW), 'text/csv; charset=gbk');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.imported, 4);
    assert.equal(r.json.owners, 3);
    assert.equal(r.json.created, 4);
    assert.equal(r.json.updated, 0);
    assert.equal(r.json.unchanged, 0);
    const after = await state();
    assert.equal(after.units, before.units + 4);
    assert.equal(after.owners, before.owners + 3);
    assert.ok(after.chain > before.chain, 'the import is in the audit chain');
    const owners = (await t.staff.get('/api/v1/communities/1/owners?limit=1000&offset=2000')).json.items;
    const byRef = Object.fromEntries(owners.map((o) => [o.owner_ref, o]));
    assert.equal(byRef.G1.name, '欧阳修');
    assert.equal(byRef.G1.units, 2);
    assert.equal(byRef.G1.area_m2, '133.50');
    assert.equal(byRef.G2.name, '司马光');
    assert.equal(byRef.G3.name, '中南机械厂');
    assert.equal(byRef.G3.kind, 'organization');
    const units = (await t.staff.get('/api/v1/communities/1/units?building=50')).json.items;
    assert.deepEqual(units.map((u) => [u.building, u.stairwell, u.floor, u.room, u.area_m2, u.area_source, u.status]), [
      ['50栋', '1单元', 1, '101', '63.50', 'survey', 'delivered'],
      ['50栋', '1单元', 1, '102', '70.00', 'contract', 'delivered'],
      ['50栋', '1单元', 2, '201', '80.50', 'register', 'delivered'],
      ['50栋', '1单元', 2, '202', '80.25', 'register', 'unsold'],
    ]);
  });

  test('re-importing the same file changes nothing: counts, created 0, the audit chain', async () => {
    const before = await state();
    const heads = await chainHeads(srv.url);
    const r = await t.staff.importCsv(1, await gbk(NEW), 'text/csv; charset=gbk');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, 0);
    assert.equal(r.json.updated, 0);
    assert.equal(r.json.unchanged, 4);
    assert.deepEqual(await state(), before);
    assert.deepEqual(await chainHeads(srv.url), heads);
  });

  test('GBK without a charset is recognised; GB18030 declared and UTF-8 with a BOM import the same file', async () => {
    const before = await state();
    const plain = await t.staff.importCsv(1, await gbk(NEW), 'text/csv');
    assert.equal(plain.status, 200, plain.text);
    assert.equal(plain.json.encoding, 'gb18030');
    assert.equal(plain.json.unchanged, 4);
    const g18030 = await t.staff.importCsv(1, await gbk(NEW), 'text/csv; charset=GB18030');
    assert.equal(g18030.json.unchanged, 4);
    const bom = await t.staff.importCsv(1, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NEW)]));
    assert.equal(bom.status, 200, bom.text);
    assert.equal(bom.json.encoding, 'utf-8');
    assert.equal(bom.json.unchanged, 4, 'the BOM is not part of the first column name');
    assert.deepEqual(await state(), before);
  });

  test('a changed area updates the unit: updated 1, one more audit row', async () => {
    const before = await state();
    const r = await t.staff.importCsv(1, NEW.replace('80.25', '81.00'));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.created, r.json.updated, r.json.unchanged], [0, 1, 3]);
    const after = await state();
    assert.equal(after.units, before.units);
    assert.equal(after.chain, before.chain + 1);
    const u = (await t.staff.get('/api/v1/communities/1/units?building=50')).json.items.find((x) => x.room === '202');
    assert.equal(u.area_m2, '81.00');
  });

  test('only the five required columns: the rest take their defaults', async () => {
    const r = await t.staff.importCsv(1, csv('building,stairwell,floor,room,area_m2', '51,2,3,301,66.6'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, 1);
    const [u] = (await t.staff.get('/api/v1/communities/1/units?building=51栋')).json.items;
    assert.deepEqual([u.stairwell, u.floor, u.room, u.area_m2, u.area_source, u.status, u.owner.kind],
      ['2单元', 3, '301', '66.60', 'register', 'delivered', 'person']);
  });

  test('a body over 8 MB is 413 and nothing is imported', async () => {
    const before = await state();
    const row = '70,1,1,101,50\n';
    const big = 'building,stairwell,floor,room,area_m2\n' + row.repeat(Math.ceil((8 * 1024 * 1024) / row.length));
    assert.ok(Buffer.byteLength(big) > 8 * 1024 * 1024);
    const r = await t.staff.importCsv(1, big);
    assert.equal(r.status, 413, r.text.slice(0, 200));
    assert.equal(r.json.error.code, 'too_large');
    assert.deepEqual(await state(), before);
  });

  for (const who of ['head', 'owner', 'committee', 'admin']) {
    test(`${who} may not import (403, nothing imported)`, async () => {
      const before = await state();
      const r = await t[who].importCsv(1, csv('building,stairwell,floor,room,area_m2', '71,1,1,101,50'));
      assert.equal(r.status, 403, r.text);
      assert.equal(r.json.error.code, 'forbidden');
      assert.deepEqual(await state(), before);
    });
  }

  test('anonymous import is 401; staff importing into another community 403, an unknown one 404', async () => {
    const body = csv('building,stairwell,floor,room,area_m2', '71,1,1,101,50');
    assert.equal((await api(srv.url).importCsv(1, body)).status, 401);
    const made = await t.admin.post('/api/v1/communities', { name: '另一个小区' });
    assert.equal(made.status, 201, made.text);
    assert.equal((await t.staff.importCsv(made.json.id, body)).status, 403);
    assert.equal((await t.staff.importCsv(999999, body)).status, 404);
    assert.equal((await countsOf(t.admin, made.json.id)).units, 0);
  });

  test('`yuanli import FILE --community 1` imports into the live database', async () => {
    const file = path.join(srv.dir, 'cli.csv');
    await writeFile(file, await gbk(csv(HEADER,
      '52,1,1,101,55.55,register,C1,诸葛亮,person,delivered',
      '52,1,1,102,66.66,survey,C2,上官婉儿,person,delivered')));
    const before = await state();
    const r = await yuanli(['import', file, '--community', '1', '--db', srv.db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported 2 units \(gb18030\): 2 new, 0 changed, 0 unchanged/);
    assert.equal((await state()).units, before.units + 2);
    const units = (await t.staff.get('/api/v1/communities/1/units?building=52')).json.items;
    assert.deepEqual(units.map((u) => u.owner.name), ['诸葛亮', '上官婉儿']);
  });

  test('`yuanli import` of a bad file prints each line and column, exits 1 and imports nothing', async () => {
    const file = path.join(srv.dir, 'bad.csv');
    await writeFile(file, csv('building,stairwell,floor,room,area_m2',
      '53,1,1,101,50', '53,1,1,102,63.555', '楼A,1,1,103,50', '53,1,1,101,50'));
    const before = await state();
    const r = await yuanli(['import', file, '--community', '1', '--db', srv.db]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /line 3, area_m2: bad_area/);
    assert.match(r.stderr, /line 4, building: bad_building/);
    assert.match(r.stderr, /line 5, room: duplicate_unit/);
    assert.match(r.stderr, /3 problems; nothing imported/);
    assert.deepEqual(await state(), before);
  });

  test('`yuanli import` of bytes that are no text exits 1 and imports nothing', async () => {
    const file = path.join(srv.dir, 'bin.csv');
    await writeFile(file, Buffer.concat([Buffer.from('building,stairwell,floor,room,area_m2\n53,1,1,101,5'),
      Buffer.from([0xff, 0xff, 0x80, 0x0a])]));
    const before = await state();
    const r = await yuanli(['import', file, '--community', '1', '--db', srv.db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not valid UTF-8 or GBK/);
    assert.deepEqual(await state(), before);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});
