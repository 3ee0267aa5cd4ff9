// open311.test.mjs: the Open311 GeoReport v2 server at /open311/v2 as a client sees it — every
// endpoint in XML and JSON (the same content: JSON is the XML without its root), JSON held to the
// rules of the open311/schema-validation schemas, every error in Open311's shape with the HTTP
// status equal to its code (also those raised before a handler runs), a posted request landing
// in the problem list with channel open311 and no reporter shown, and `yuanli apikey`.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, assertCleanStop, yuanli, sql, lastLine, rawRequest, formEncode, loggedIn, SUITE,
} from './lib/server.mjs';

const BASE = '/open311/v2';
const J = 'jurisdiction_id=zhongnan';

// ---- the schemas' rules (open311/schema-validation, georeport-v2), written out ---------------

// W3C date-time with its zone (the schemas' "date-time" format)
const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const isStr = (v) => typeof v === 'string';
const strOrNull = (v) => v === null || v === undefined || typeof v === 'string';

function checkKeys(obj, required, where) {
  assert.equal(typeof obj, 'object', `${where}: an object`);
  assert.ok(obj !== null && !Array.isArray(obj), `${where}: an object, not ${JSON.stringify(obj)}`);
  for (const k of required) assert.ok(k in obj, `${where}: required member ${k} missing`);
}

/** request.json: required service_request_id, status, service_code, requested_datetime. */
function checkRequest(r) {
  checkKeys(r, ['service_request_id', 'status', 'service_code', 'requested_datetime'], 'request');
  assert.ok(isStr(r.service_request_id), 'service_request_id is a string');
  assert.ok(['open', 'closed'].includes(r.status), `status enum: ${r.status}`);
  assert.ok(isStr(r.service_code), 'service_code is a string');
  assert.match(r.requested_datetime, DATETIME);
  for (const k of ['status_notes', 'service_name', 'description', 'agency_responsible', 'service_notice',
    'address', 'address_id', 'zipcode', 'media_url'])
    assert.ok(strOrNull(r[k]), `${k} is a string or null`);
  for (const k of ['updated_datetime', 'expected_datetime'])
    if (r[k] !== null && r[k] !== undefined) assert.match(r[k], DATETIME, k);
  if (r.description) assert.ok([...r.description].length <= 4000);
  if (r.media_url) assert.doesNotThrow(() => new URL(r.media_url), 'media_url is a URI');
  for (const k of ['lat', 'long']) assert.ok(r[k] == null || typeof r[k] === 'number');
  // privacy: nothing about who reported it
  for (const k of Object.keys(r)) assert.doesNotMatch(k, /reporter|email|phone|first_name|last_name|contact/);
}

function checkRequests(v) {
  assert.ok(Array.isArray(v), 'requests: a bare array');
  v.forEach(checkRequest);
}

/** service.json: required service_code, service_name, metadata, type. */
function checkService(s) {
  checkKeys(s, ['service_code', 'service_name', 'metadata', 'type'], 'service');
  assert.ok(isStr(s.service_code) && isStr(s.service_name));
  assert.equal(typeof s.metadata, 'boolean');
  assert.ok(['realtime', 'batch', 'blackbox'].includes(s.type));
  for (const k of ['description', 'keywords', 'group']) assert.ok(strOrNull(s[k]), k);
}

/** service-definition.json: required service_code and an attributes array. */
function checkDefinition(d) {
  checkKeys(d, ['service_code', 'attributes'], 'service_definition');
  assert.ok(isStr(d.service_code));
  assert.ok(Array.isArray(d.attributes));
}

/** The POST answer (swagger's RequestResponse): a list of one, service_request_id or token. */
function checkPosted(v) {
  assert.ok(Array.isArray(v) && v.length === 1, 'a list of one');
  const r = v[0];
  assert.ok(isStr(r.service_request_id), 'service_request_id is a string');
  assert.ok(!('token' in r), 'never a token when there is an id');
  assert.ok(strOrNull(r.service_notice) && strOrNull(r.account_id));
  return r;
}

function checkErrors(v, code) {
  assert.ok(Array.isArray(v) && v.length >= 1, 'errors: a bare array');
  for (const e of v) {
    checkKeys(e, ['code', 'description'], 'error');
    assert.equal(e.code, code);
    assert.ok(isStr(e.description) && e.description.length > 0);
  }
}

// ---- a tiny XML parser: enough for what Open311 answers (elements, text, the five entities and
// numeric references), strict about everything else so a malformed answer fails ------------------

function parseXml(text) {
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n?/.exec(text);
  assert.ok(decl, 'starts with the XML declaration (UTF-8)');
  i = decl[0].length;
  const ents = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  function decode(s) {
    assert.doesNotMatch(s, /[<>]/, 'no raw markup in text');
    return s.replace(/&([a-z]+|#\d+|#x[0-9a-fA-F]+);|&/g, (m, e) => {
      assert.ok(e, 'a bare & in text');
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      assert.ok(e in ents, `unknown entity &${e};`);
      return ents[e];
    });
  }
  function element() {
    const m = /^<([a-z_][a-z0-9_]*)(\/?)>/.exec(text.slice(i));
    assert.ok(m, `an element at ${i}: ${text.slice(i, i + 40)}`);
    i += m[0].length;
    const node = { name: m[1], children: [], text: '' };
    if (m[2]) return node;
    for (;;) {
      if (text.startsWith(`</${node.name}>`, i)) {
        i += node.name.length + 3;
        return node;
      }
      if (text[i] === '<') {
        node.children.push(element());
      } else {
        const end = text.indexOf('<', i);
        assert.ok(end > i, 'text runs to the end of the document');
        node.text += decode(text.slice(i, end));
        i = end;
      }
    }
  }
  const root = element();
  assert.equal(text.slice(i).trim(), '', 'nothing after the root element');
  return root;
}

// Elements whose children are list items; everything else with children is an object.
const LISTS = new Set(['service_requests', 'services', 'endpoints', 'formats', 'attributes', 'errors', 'values']);

/** The JSON an XML answer stands for: the root dropped, lists as arrays, leaves as text. */
function xmlAsJson(node) {
  if (LISTS.has(node.name)) return node.children.map((c) => (c.children.length ? xmlAsJson(c) : c.text));
  if (node.children.length === 0) return node.text;
  const o = {};
  for (const c of node.children) {
    assert.ok(!(c.name in o), `${c.name} twice in ${node.name}`);
    o[c.name] = c.children.length || LISTS.has(c.name) ? xmlAsJson(c) : c.text;
  }
  return o;
}

/** JSON with what XML cannot tell apart made alike: null members dropped, numbers and booleans
 *  as text. */
function asXmlSees(v) {
  if (Array.isArray(v)) return v.map(asXmlSees);
  if (v !== null && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) o[k] = asXmlSees(x);
    return o;
  }
  return String(v);
}

// ---- the client ------------------------------------------------------------------------------

function client(base) {
  async function request(method, p, { body, headers = {} } = {}) {
    const r = await rawRequest(base, p, { method, headers, body });
    const text = r.body.toString('utf8');
    const type = r.headers['content-type'] || '';
    let json;
    if (type.startsWith('application/json')) json = JSON.parse(text);
    return { status: r.status, type, text, json, xml: type.startsWith('text/xml') ? parseXml(text) : undefined };
  }
  return {
    get: (p, headers) => request('GET', p, { headers }),
    post: (p, form, headers = {}) => request('POST', p, {
      body: typeof form === 'string' ? form : formEncode(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    }),
    request,
  };
}

/** GETs p as .json and .xml (p has a {fmt} slot); both must agree. Resolves to the JSON. */
async function both(c, p, status = 200, headers) {
  const rj = await c.get(p.replace('{fmt}', 'json'), headers);
  const rx = await c.get(p.replace('{fmt}', 'xml'), headers);
  assert.equal(rj.status, status, `${p} json: ${rj.text}`);
  assert.equal(rx.status, status, `${p} xml: ${rx.text}`);
  assert.match(rj.type, /^application\/json; charset=utf-8/);
  assert.match(rx.type, /^text\/xml; charset=utf-8/);
  assert.deepEqual(xmlAsJson(rx.xml), asXmlSees(rj.json), `${p}: the XML says what the JSON says`);
  return { json: rj.json, xml: rx.xml };
}

async function errorBoth(c, p, code, headers) {
  const { json, xml } = await both(c, p, code, headers);
  checkErrors(json, code);
  assert.equal(xml.name, 'errors');
  assert.equal(xml.children[0].name, 'error');
  return json[0].description;
}

async function newKey(db, community = 'zhongnan', name = 'fms') {
  const r = await yuanli(['apikey', 'create', '--db', db, '--community', community, '--name', name]);
  assert.equal(r.code, 0, r.stderr);
  return lastLine(r.stdout);
}

const one = async (db, q) => (await sql(db, q)).trim();

describe('Open311 GeoReport v2', SUITE, () => {
  let srv;
  let c;
  let key;
  let posted; // the id of a request posted in JSON
  before(async () => {
    srv = await startServer();
    c = client(srv.url);
    key = await newKey(srv.db);
  });
  after(async () => { if (srv) await assertCleanStop(srv); });

  describe('discovery and services', () => {
    test('discovery names this endpoint, the spec and both formats', async () => {
      const { json } = await both(c, `${BASE}/discovery.{fmt}`);
      assert.match(json.changeset, DATETIME);
      assert.ok(isStr(json.contact) && isStr(json.key_service));
      assert.equal(json.endpoints.length, 1);
      const e = json.endpoints[0];
      assert.equal(e.specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.equal(e.url, `${srv.url}${BASE}`);
      assert.equal(e.type, 'production');
      assert.deepEqual(e.formats, ['text/xml', 'application/json']);
    });

    test("services are the community's categories, codes as strings, no metadata", async () => {
      const { json } = await both(c, `${BASE}/services.{fmt}?${J}`);
      assert.ok(Array.isArray(json));
      json.forEach(checkService);
      const codes = json.map((s) => s.service_code);
      assert.ok(codes.includes('drainage') && codes.includes('other'), codes.join());
      assert.equal(new Set(codes).size, codes.length);
      assert.ok(json.every((s) => s.metadata === false && s.type === 'realtime'));
      const d = json.find((s) => s.service_code === 'drainage');
      assert.equal(d.service_name, '排水');
      assert.equal(d.group, '长沙水务集团', 'group: the department it goes to');
    });

    test('service names follow Accept-Language', async () => {
      const { json } = await both(c, `${BASE}/services.{fmt}?${J}`, 200, { 'accept-language': 'en' });
      assert.equal(json.find((s) => s.service_code === 'drainage').service_name, 'Drainage');
    });

    test("a service's definition: its code and an empty attributes list", async () => {
      const { json, xml } = await both(c, `${BASE}/services/drainage.{fmt}?${J}`);
      checkDefinition(json);
      assert.deepEqual(json, { service_code: 'drainage', attributes: [] });
      assert.equal(xml.name, 'service_definition');
    });

    test('an unknown service_code is 404', async () => {
      const d = await errorBoth(c, `${BASE}/services/nope.{fmt}?${J}`, 404);
      assert.match(d, /nope/);
    });

    test('an unknown jurisdiction_id is 404, an absent one 400 when several communities are here', async () => {
      for (const p of ['services.{fmt}', 'requests.{fmt}', 'services/drainage.{fmt}', 'requests/1.{fmt}'])
        assert.match(await errorBoth(c, `${BASE}/${p}?jurisdiction_id=atlantis`, 404), /atlantis/);
      for (const p of ['services.{fmt}', 'requests.{fmt}'])
        assert.match(await errorBoth(c, `${BASE}/${p}`, 400), /jurisdiction_id/);
      // empty is absent
      assert.match(await errorBoth(c, `${BASE}/services.{fmt}?jurisdiction_id=`, 400), /jurisdiction_id/);
    });

    test('tokens are never issued: the standard 404', async () => {
      assert.match(await errorBoth(c, `${BASE}/tokens/abc123.{fmt}`, 404), /token/);
    });
  });

  describe('POST requests', () => {
    const form = (extra = {}) => ({
      jurisdiction_id: 'zhongnan', service_code: 'drainage', address_string: '1栋2单元',
      description: '下水道堵了，污水漫到楼道口', first_name: '张', last_name: '秀兰', email: 'zxl@example.cn',
      phone: '13812345678', api_key: key, ...extra,
    });

    test('a request is filed: 200, a list of one with the id as a string, reported with channel open311', async () => {
      const r = await c.post(`${BASE}/requests.json`, form());
      assert.equal(r.status, 200, r.text);
      const got = checkPosted(r.json);
      assert.ok(got.service_notice);
      posted = got.service_request_id;
      const row = await one(srv.db, `SELECT p.state, p.channel, b.name, s.name, p.place, p.reporter_id IS NULL, p.reporter_name,
        p.reporter_contact, c.code FROM problems p JOIN buildings b ON b.id = p.building_id
        JOIN stairwells s ON s.id = p.stairwell_id JOIN problem_categories c ON c.id = p.category_id
        WHERE p.id = ${Number(posted)} AND p.community_id = 1`);
      const [state, channel, building, stairwell, place, noAccount, name, contact, code] = row.split('|');
      assert.deepEqual([state, channel, building, stairwell, place, code], ['reported', 'open311', '1栋', '2单元', '', 'drainage']);
      assert.ok(noAccount === '1' || noAccount === 't');
      assert.equal(name, '张 秀兰');
      assert.equal(contact, 'zxl@example.cn / 13812345678');
      const audit = await one(srv.db, `SELECT actor_id, actor, action FROM audit WHERE community_id = 1
        AND object_type = 'problem' AND object_id = ${Number(posted)}`);
      assert.equal(audit, '0|open311:fms|problem.report');
    });

    test('the XML answer says the same', async () => {
      const r = await c.post(`${BASE}/requests.xml`, form({ address_string: '北门', service_code: 'lighting' }));
      assert.equal(r.status, 200, r.text);
      assert.equal(r.xml.name, 'service_requests');
      const v = xmlAsJson(r.xml);
      assert.equal(v.length, 1);
      assert.match(v[0].service_request_id, /^\d+$/);
      assert.equal(await one(srv.db, `SELECT place || '|' || coalesce(building_id, 0) FROM problems WHERE id = ${v[0].service_request_id}`), '北门|0');
    });

    test('the posted request is listed and readable, without who reported it', async () => {
      const { json } = await both(c, `${BASE}/requests/${posted}.{fmt}?${J}`);
      checkRequests(json);
      assert.equal(json.length, 1);
      const r = json[0];
      assert.equal(r.service_request_id, posted);
      assert.equal(r.status, 'open');
      assert.equal(r.yuanli_state, 'reported');
      assert.equal(r.service_code, 'drainage');
      assert.equal(r.address, '1栋2单元');
      assert.equal(r.description, '下水道堵了，污水漫到楼道口');
      assert.match(r.requested_datetime, /\+08:00$/);
      assert.ok(r.status_notes);
      const list = await both(c, `${BASE}/requests.{fmt}?${J}`);
      assert.ok(list.json.some((x) => x.service_request_id === posted));
      for (const text of [JSON.stringify(list.json), JSON.stringify(json)])
        for (const secret of ['秀兰', 'zxl@example.cn', '13812345678']) assert.ok(!text.includes(secret), secret);
    });

    test('an address naming no building is kept as a place; a building without that stairwell keeps the rest', async () => {
      for (const [addr, building, stairwell, place] of [
        ['3号楼', '3栋', '', ''], ['3栋 1单元', '3栋', '1单元', ''], ['3栋楼下', '3栋', '', '楼下'],
        ['3栋99单元', '3栋', '', '99单元'], ['菜市场旁', '', '', '菜市场旁'], ['99栋', '', '', '99栋']]) {
        const r = await c.post(`${BASE}/requests.json`, form({ address_string: addr }));
        assert.equal(r.status, 200, r.text);
        const id = Number(r.json[0].service_request_id);
        const row = await one(srv.db, `SELECT coalesce(b.name, ''), coalesce(s.name, ''), p.place FROM problems p
          LEFT JOIN buildings b ON b.id = p.building_id LEFT JOIN stairwells s ON s.id = p.stairwell_id WHERE p.id = ${id}`);
        assert.equal(row, `${building}|${stairwell}|${place}`, addr);
      }
    });

    test('lat and long without an address are kept as the place', async () => {
      const r = await c.post(`${BASE}/requests.json`, form({ address_string: '', lat: '28.1234', long: '112.98' }));
      assert.equal(r.status, 200, r.text);
      const { json } = await both(c, `${BASE}/requests/${r.json[0].service_request_id}.{fmt}?${J}`);
      assert.equal(json[0].address, '28.1234,112.98');
    });

    test('without an api_key, or with a bad one, or with another community\'s, it is 403', async () => {
      const other = await newKey(srv.db, '2', 'dongtang-app');
      for (const [extra, re] of [[{ api_key: '' }, /api_key/], [{ api_key: 'x'.repeat(43) }, /api_key/],
        [{ api_key: other }, /api_key/]]) {
        for (const fmt of ['json', 'xml']) {
          const r = await c.post(`${BASE}/requests.${fmt}`, form(extra));
          assert.equal(r.status, 403, r.text);
          const errs = fmt === 'json' ? r.json : xmlAsJson(r.xml);
          assert.equal(String(errs[0].code), '403');
          assert.match(errs[0].description, re);
        }
      }
    });

    test('a signed-in session authorises nothing here, and no CSRF token is asked for', async () => {
      const staff = await loggedIn(srv.url, 'staff');
      const cookie = [...staff.jar].map(([k, v]) => `${k}=${v}`).join('; ');
      let r = await c.post(`${BASE}/requests.json`, form({ api_key: '' }), { cookie });
      assert.equal(r.status, 403, r.text);
      r = await c.post(`${BASE}/requests.json`, form(), { cookie });
      assert.equal(r.status, 200, r.text);
      const who = await one(srv.db, `SELECT coalesce(entered_by, 0) || '|' || coalesce(reporter_id, 0) FROM problems
        WHERE id = ${r.json[0].service_request_id}`);
      assert.equal(who, '0|0', 'not recorded as the staff member');
    });

    test('service_code: missing is 400, unknown is 404', async () => {
      let r = await c.post(`${BASE}/requests.json`, form({ service_code: '' }));
      assert.equal(r.status, 400, r.text);
      checkErrors(r.json, 400);
      assert.match(r.json[0].description, /service_code/);
      r = await c.post(`${BASE}/requests.xml`, form({ service_code: 'potholes' }));
      assert.equal(r.status, 404, r.text);
      assert.equal(xmlAsJson(r.xml)[0].code, '404');
    });

    test('a location is required; address_id alone is refused with a way out; bad coordinates are 400', async () => {
      const before = await one(srv.db, 'SELECT count(*) FROM problems');
      for (const [extra, re] of [
        [{ address_string: '' }, /address_string/],
        [{ address_string: '', address_id: '12345' }, /address_id/],
        [{ address_string: '', lat: '28.1' }, /lat/],
        [{ address_string: '', lat: '91', long: '112' }, /lat/],
        [{ address_string: '', lat: '28', long: 'east' }, /long/],
      ]) {
        const r = await c.post(`${BASE}/requests.json`, form(extra));
        assert.equal(r.status, 400, `${JSON.stringify(extra)}: ${r.text}`);
        checkErrors(r.json, 400);
        assert.match(r.json[0].description, re);
      }
      assert.equal(await one(srv.db, 'SELECT count(*) FROM problems'), before, 'nothing filed');
    });

    test('description: 4000 characters pass, 4001 are 400, HTML is refused', async () => {
      let r = await c.post(`${BASE}/requests.json`, form({ description: '漏'.repeat(4000) }));
      assert.equal(r.status, 200, r.text.slice(0, 200));
      r = await c.post(`${BASE}/requests.json`, form({ description: '漏'.repeat(4001) }));
      assert.equal(r.status, 400);
      assert.match(r.json[0].description, /4000/);
      r = await c.post(`${BASE}/requests.xml`, form({ description: '<script>alert(1)</script>漏水' }));
      assert.equal(r.status, 400);
      assert.match(xmlAsJson(r.xml)[0].description, /HTML/);
      r = await c.post(`${BASE}/requests.json`, form({ description: '水压 3<5 & 时有时无' }));
      assert.equal(r.status, 200, 'a lone < is text');
    });
  });

  describe('GET requests', () => {
    let ids;
    before(async () => {
      ids = (await sql(srv.db, 'SELECT id FROM problems WHERE community_id = 1 ORDER BY id')).trim().split('\n').map(Number);
    });

    test("lists the community's requests of the last 90 days, newest first, at most 1000", async () => {
      const { json } = await both(c, `${BASE}/requests.{fmt}?${J}`);
      checkRequests(json);
      assert.ok(json.length > 30 && json.length <= 1000, String(json.length));
      const got = json.map((r) => Number(r.service_request_id));
      assert.deepEqual(got, [...got].sort((a, b) => b - a));
      assert.ok(got.every((id) => ids.includes(id)), 'only this community\'s');
      const other = (await sql(srv.db, 'SELECT id FROM problems WHERE community_id <> 1')).trim().split('\n').filter(Boolean).map(Number);
      assert.ok(other.every((id) => !got.includes(id)));
    });

    test('service_request_id picks those requests and overrides every other filter', async () => {
      const pick = [ids[0], ids[3], ids[5]];
      const { json } = await both(c, `${BASE}/requests.{fmt}?${J}&service_request_id=${pick.join(',%20')}&status=closed&service_code=nope&start_date=bad`);
      assert.deepEqual(json.map((r) => Number(r.service_request_id)).sort((a, b) => a - b), pick);
      assert.match(await errorBoth(c, `${BASE}/requests.{fmt}?${J}&service_request_id=1,x`, 400), /service_request_id/);
    });

    test('service_code and status filter; open and closed follow the state', async () => {
      const { json } = await both(c, `${BASE}/requests.{fmt}?${J}&service_code=drainage`);
      assert.ok(json.length > 0 && json.every((r) => r.service_code === 'drainage'));
      const open = (await both(c, `${BASE}/requests.{fmt}?${J}&status=open`)).json;
      const closed = (await both(c, `${BASE}/requests.{fmt}?${J}&status=closed`)).json;
      assert.ok(open.length > 0 && closed.length > 0);
      assert.ok(open.every((r) => r.status === 'open' && !['resolved', 'rated', 'merged', 'rejected'].includes(r.yuanli_state)));
      assert.ok(closed.every((r) => r.status === 'closed' && ['resolved', 'rated', 'merged', 'rejected'].includes(r.yuanli_state)));
      const all = (await both(c, `${BASE}/requests.{fmt}?${J}&status=&service_code=`)).json;
      assert.equal(all.length, open.length + closed.length, 'empty parameters are absent ones');
      assert.match(await errorBoth(c, `${BASE}/requests.{fmt}?${J}&status=pending`, 400), /status/);
      assert.match(await errorBoth(c, `${BASE}/requests.{fmt}?${J}&service_code=nope`, 404), /nope/);
    });

    test('a referred request names its department and expected date; a merged one is closed and says where it went', async () => {
      const referred = Number(await one(srv.db, "SELECT id FROM problems WHERE community_id = 1 AND state = 'referred' AND department_id IS NOT NULL ORDER BY id LIMIT 1"));
      let { json } = await both(c, `${BASE}/requests/${referred}.{fmt}?${J}`);
      assert.equal(json[0].status, 'open');
      assert.ok(json[0].agency_responsible, 'agency_responsible');
      assert.match(json[0].expected_datetime, /\+08:00$/);
      assert.equal(json[0].yuanli_state, 'referred');
      const victim = Number(await one(srv.db, "SELECT id FROM problems WHERE community_id = 1 AND state = 'reported' ORDER BY id LIMIT 1"));
      await sql(srv.db, `UPDATE problems SET state = 'merged', merged_into = ${referred} WHERE id = ${victim}`);
      ({ json } = await both(c, `${BASE}/requests/${victim}.{fmt}?${J}`));
      assert.equal(json[0].status, 'closed');
      assert.equal(json[0].yuanli_state, 'merged');
      assert.ok(json[0].status_notes.includes(String(referred)), json[0].status_notes);
      ({ json } = await both(c, `${BASE}/requests/${victim}.{fmt}?${J}`, 200, { 'accept-language': 'en' }));
      assert.match(json[0].status_notes, /^Merged into request \d+/);
    });

    test("media_url is the first photo's absolute URL", async () => {
      const id = Number(posted);
      const pid = Number(await one(srv.db, `INSERT INTO problem_photos (community_id, problem_id, file, mime, bytes, width,
        height, account_id, created_at) VALUES (1, ${id}, 'ab/cdef', 'image/jpeg', 10, 1, 1, 0, 0) RETURNING id`));
      await sql(srv.db, `UPDATE problems SET photos = 1 WHERE id = ${id}`);
      const { json } = await both(c, `${BASE}/requests/${id}.{fmt}?${J}`);
      assert.equal(json[0].media_url, `${srv.url}/problems/photos/${pid}`);
    });

    test('dates: a window of more than 90 days, a date without a zone, an end before the start are 400', async () => {
      const ok = (await both(c, `${BASE}/requests.{fmt}?${J}&start_date=2020-01-01T00:00:00Z&end_date=2020-03-31T00:00:00%2B08:00`)).json;
      assert.deepEqual(ok, []);
      assert.match(await errorBoth(c, `${BASE}/requests.{fmt}?${J}&start_date=2020-01-01T00:00:00Z&end_date=2020-04-01T00:00:01Z`, 400), /90/);
      assert.match(await errorBoth(c, `${BASE}/requests.{fmt}?${J}&start_date=2020-01-01`, 400), /start_date/);
      assert.match(await errorBoth(c, `${BASE}/requests.{fmt}?${J}&end_date=yesterday`, 400), /end_date/);
      assert.match(await errorBoth(c, `${BASE}/requests.{fmt}?${J}&start_date=2020-02-01T00:00:00Z&end_date=2020-01-01T00:00:00Z`, 400), /end_date/);
    });

    test('a window around now finds the posted request; one before it does not', async () => {
      const now = Date.now();
      const iso = (t) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
      const around = (await both(c, `${BASE}/requests.{fmt}?${J}&start_date=${iso(now - 3600e3)}&end_date=${iso(now + 3600e3)}`)).json;
      assert.ok(around.some((r) => r.service_request_id === posted));
      const old = (await both(c, `${BASE}/requests.{fmt}?${J}&end_date=${iso(now - 86400e3 * 80)}`)).json;
      assert.ok(!old.some((r) => r.service_request_id === posted));
    });

    test('an unknown or foreign request id is 404', async () => {
      const foreign = await one(srv.db, 'SELECT id FROM problems WHERE community_id <> 1 ORDER BY id LIMIT 1');
      for (const id of ['999999', 'abc', foreign].filter(Boolean))
        assert.match(await errorBoth(c, `${BASE}/requests/${id}.{fmt}?${J}`, 404), new RegExp(id));
    });
  });

  describe('errors raised before a handler runs are in Open311 shape too', () => {
    test('an unknown path or format is 404', async () => {
      assert.ok(await errorBoth(c, `${BASE}/nothing/here.{fmt}`, 404));
      const r = await c.get(`${BASE}/services.html?${J}`);
      assert.equal(r.status, 404);
      assert.equal(r.xml.name, 'errors', 'XML when the extension is none we speak');
    });

    test('a method the path does not take is 405, code 405', async () => {
      const r = await c.request('DELETE', `${BASE}/requests.json`);
      assert.equal(r.status, 405);
      checkErrors(r.json, 405);
    });

    test('a body over the limit is 413, code 413', async () => {
      const r = await c.post(`${BASE}/requests.xml`, `description=${'a'.repeat(70 * 1024)}`);
      assert.equal(r.status, 413);
      assert.deepEqual(xmlAsJson(r.xml)[0].code, '413');
    });

    test('bytes that are not UTF-8 are 400, in the query, the body or the path', async () => {
      let r = await c.get(`${BASE}/services.json?jurisdiction_id=%ff`);
      assert.equal(r.status, 400);
      checkErrors(r.json, 400);
      r = await c.post(`${BASE}/requests.json`, `api_key=${key}&description=%ff`);
      assert.equal(r.status, 400);
      checkErrors(r.json, 400);
      r = await c.get(`${BASE}/requests/%ff.json`);
      assert.equal(r.status, 400);
      checkErrors(r.json, 400);
    });

    test('error descriptions follow Accept-Language', async () => {
      const r = await c.get(`${BASE}/services.json?jurisdiction_id=atlantis`, { 'accept-language': 'en' });
      assert.match(r.json[0].description, /^No community has the jurisdiction_id "atlantis"/);
    });
  });

  describe('yuanli apikey', () => {
    test('create prints the key alone on the last line; only its hash is stored; it is audited', async () => {
      const r = await yuanli(['apikey', 'create', '--db', srv.db, '--community', '1', '--name', 'city-crm']);
      assert.equal(r.code, 0, r.stderr);
      const k = lastLine(r.stdout);
      assert.match(k, /^[A-Za-z0-9_-]{43}$/);
      const stored = (await sql(srv.db, "SELECT hash FROM open311_keys WHERE name = 'city-crm'")).trim();
      assert.match(stored, /^[0-9a-f]{64}$/);
      assert.notEqual(stored, k);
      assert.equal(await one(srv.db, `SELECT count(*) FROM open311_keys WHERE hash = '${k}' OR name = '${k}'`), '0');
      assert.equal(await one(srv.db, "SELECT count(*) FROM audit WHERE community_id = 1 AND action = 'open311.key_create' AND details LIKE '%city-crm%'"), '1');
      const p = await c.post(`${BASE}/requests.json`, { jurisdiction_id: 'zhongnan', service_code: 'other', address_string: '北门', api_key: k });
      assert.equal(p.status, 200, p.text);
    });

    test('revoke stops the key at once', async () => {
      const k = await newKey(srv.db, 'zhongnan', 'short-lived');
      const f = { jurisdiction_id: 'zhongnan', service_code: 'other', address_string: '北门', api_key: k };
      assert.equal((await c.post(`${BASE}/requests.json`, f)).status, 200);
      const r = await yuanli(['apikey', 'revoke', '--db', srv.db, '--community', 'zhongnan', '--name', 'short-lived']);
      assert.equal(r.code, 0, r.stderr);
      const p = await c.post(`${BASE}/requests.json`, f);
      assert.equal(p.status, 403, p.text);
      assert.equal(await one(srv.db, "SELECT count(*) FROM audit WHERE community_id = 1 AND action = 'open311.key_revoke'"), '1');
      const again = await yuanli(['apikey', 'revoke', '--db', srv.db, '--community', 'zhongnan', '--name', 'short-lived']);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /no live api_key named 'short-lived'/);
    });

    test('help, missing options, an unknown community: clear text and the right exit code', async () => {
      const h = await yuanli(['apikey', '--help']);
      assert.equal(h.code, 0);
      assert.match(h.stdout, /usage: yuanli apikey create --community ID --name LABEL/);
      const missing = await yuanli(['apikey', 'create', '--db', srv.db, '--community', '1']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--name LABEL/);
      const nowhere = await yuanli(['apikey', 'create', '--db', srv.db, '--community', 'atlantis', '--name', 'x']);
      assert.equal(nowhere.code, 1);
      assert.match(nowhere.stderr, /no community 'atlantis'/);
      assert.equal(nowhere.stdout, '');
      const bad = await yuanli(['apikey', 'rotate']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown subcommand 'rotate'/);
    });
  });
});
