// cost_shares.test.mjs: owners' shares of a renovation cost (issue 8, DOMAIN.md §4) over HTTP —
// by area (Civil Code Art. 283) and by the elevator floor coefficients (floor 1 → 0, 2 → 0.5,
// 3 → 1.0, +0.1 a floor), rounded to the fen by largest remainder so the shares sum exactly to
// the total (ties to the earlier owner), owners counted as in §2 (several units once; every
// developer-held unit in one payer that pays for its area), the three scopes, who may ask, and
// every refusal with its status, code and field. Runs on SQLite and PostgreSQL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, yuanli, SUITE } from './lib/server.mjs';
import { api, tokenFor } from './lib/registry.mjs';
import { compound } from './lib/decisions.mjs';

let srv;
let staff;
let committee;
let owner;
let head;
let admin;
let C; // the compound's id

/** One CSV line: building, stairwell, floor, room, area, owner_ref (a person's, delivered unless given). */
function row(b, s, floor, room, area, ref, { kind = 'person', status = 'delivered' } = {}) {
  return `${b},${s},${floor},${room},${area},register,${ref},业主${ref},${kind},${status}`;
}

const share = (a, body, cid = C) => a.post(`/api/v1/communities/${cid}/cost-shares`, body);
const building = (b) => ({ type: 'building', building: b });
const stairwell = (b, s) => ({ type: 'stairwell', building: b, stairwell: s });

/** {owner_ref: amount} of an answer; the developer's under "developer". */
function amounts(r) {
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.shares.map((s) => [s.developer ? 'developer' : s.owner_ref, s.amount]));
}

/** The shares summed in fen, from their strings. */
function fen(r) {
  return r.json.shares.reduce((t, s) => t + BigInt(s.amount.replace('.', '')), 0n);
}

function refused(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
}

describe('cost shares', SUITE, () => {
  before(async () => {
    srv = await startServer();
    staff = api(srv.url, await tokenFor(srv, 'staff'));
    committee = api(srv.url, await tokenFor(srv, 'committee'));
    owner = api(srv.url, await tokenFor(srv, 'owner'));
    head = api(srv.url, await tokenFor(srv, 'head'));
    admin = api(srv.url, await tokenFor(srv, 'admin'));
    ({ cid: C } = await compound(srv, admin, staff, '分摊小区', [
      // 1栋: by area, exact — 60.00, 90.00, 150.00
      row(1, 1, 2, 201, '60.00', 'Aa'), row(1, 1, 3, 301, '90.00', 'Ab'), row(1, 1, 4, 401, '150.00', 'Ac'),
      // 2栋: three equal owners — the fen left over go to the earlier ones
      row(2, 1, 2, 201, '50.00', 'Ea'), row(2, 1, 3, 301, '50.00', 'Eb'), row(2, 1, 4, 401, '50.00', 'Ec'),
      // 3栋 stairwell 2: one 80.00 m² unit a floor, 1 … 6 (coefficients 0, .5, 1, 1.1, 1.2, 1.3)
      row(3, 2, 1, 101, '80.00', 'F1'), row(3, 2, 2, 201, '80.00', 'F2'), row(3, 2, 3, 301, '80.00', 'F3'),
      row(3, 2, 4, 401, '80.00', 'F4'), row(3, 2, 5, 501, '80.00', 'F5'), row(3, 2, 6, 601, '80.00', 'F6'),
      // 3栋 stairwell 1: ground floor only
      row(3, 1, 1, 101, '70.00', 'G1'), row(3, 1, 1, 102, '30.00', 'G2'),
      // 4栋: the developer's two unsold units, a sold-but-undelivered one (buyer Db named) and
      // an owner of two units
      row(4, 1, 2, 201, '70.00', 'dev', { kind: 'developer', status: 'unsold' }),
      row(4, 1, 3, 301, '80.00', 'dev', { kind: 'developer', status: 'unsold' }),
      row(4, 1, 4, 401, '50.00', 'Db', { status: 'undelivered' }),
      row(4, 1, 5, 501, '120.00', 'Dm'), row(4, 1, 6, 601, '80.00', 'Dm'),
    ]));
    const g = await yuanli(['user', 'roles', 'committee', '--grant', `committee@${C}`, '--db', srv.db]);
    assert.equal(g.code, 0, g.stderr);
  });
  after(async () => { await assertCleanStop(srv); });

  describe('by area (Art. 283)', () => {
    test('shares are proportional to area when they come out exact', async () => {
      const r = await share(staff, { total: '3000.00', rule: 'area', scope: building('1栋') });
      assert.deepEqual(amounts(r), { Aa: '600.00', Ab: '900.00', Ac: '1500.00' });
      assert.equal(r.json.sum, '3000.00');
      for (const s of r.json.shares) assert.ok(Number.isInteger(s.owner_id) && s.owner_id > 0);
    });

    test('the fen left over go to the earlier owners when remainders tie', async () => {
      assert.deepEqual(amounts(await share(staff, { total: '1.00', rule: 'area', scope: building('2栋') })),
        { Ea: '0.34', Eb: '0.33', Ec: '0.33' });
      assert.deepEqual(amounts(await share(staff, { total: '0.02', rule: 'area', scope: building('2栋') })),
        { Ea: '0.01', Eb: '0.01', Ec: '0.00' });
    });

    test('developer-held units are one payer by their area; an owner of two units pays once', async () => {
      // developer 70 + 80 + Db's undelivered 50 = 200.00 of 400.00; Dm 120 + 80 = 200.00
      const r = await share(staff, { total: '3000.00', rule: 'area', scope: building('4栋') });
      assert.deepEqual(amounts(r), { developer: '1500.00', Dm: '1500.00' });
      const dev = r.json.shares[0];
      assert.equal(dev.developer, true);
      assert.equal(dev.owner_id, null);
      assert.equal(dev.area, '200.00');
      assert.equal(dev.units, 3);
      assert.equal(r.json.shares[1].units, 2);
      assert.equal(r.json.payers, 2);
      assert.equal(r.json.units, 5);
    });

    test('the whole compound sums exactly to any total', async () => {
      for (const total of ['120000.00', '12345.67', '0.01', '0.00', '9999999999.99']) {
        const r = await share(committee, { total, rule: 'area', scope: { type: 'community' } });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.sum, total);
        assert.equal(fen(r), BigInt(total.replace('.', '')));
        assert.equal(r.json.units, 19);
        assert.equal(r.json.payers, 16); // 19 units: Dm's two once, the developer's three (Db's too) once
      }
      // no scope is the whole compound
      const r = await share(staff, { total: '100.00', rule: 'area' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.units, 19);
    });
  });

  describe('elevator: by floor coefficient', () => {
    test('floor 1 pays nothing, then 0.5, 1.0, 1.1, 1.2, 1.3 of a share', async () => {
      const r = await share(staff, { total: '5100.00', rule: 'elevator', scope: stairwell('3栋', '2') });
      assert.deepEqual(amounts(r), {
        F1: '0.00', F2: '500.00', F3: '1000.00', F4: '1100.00', F5: '1200.00', F6: '1300.00',
      });
      assert.equal(r.json.sum, '5100.00');
      assert.equal(r.json.rule, 'elevator');
    });

    test('largest remainders round to the fen and never reach the ground floor', async () => {
      // 100 fen · 5/51, 10/51 … = 9.80, 19.61, 21.57, 23.53, 25.49: 97 fen, 3 left for the largest
      const r = await share(staff, { total: '1.00', rule: 'elevator', scope: stairwell('3栋', '2') });
      assert.deepEqual(amounts(r), { F1: '0.00', F2: '0.10', F3: '0.20', F4: '0.22', F5: '0.23', F6: '0.25' });
      const one = await share(staff, { total: '0.01', rule: 'elevator', scope: stairwell('3栋', 2) });
      assert.deepEqual(amounts(one), { F1: '0.00', F2: '0.00', F3: '0.00', F4: '0.00', F5: '0.00', F6: '0.01' });
    });

    test('a ground-floor stairwell has nobody to pay for an elevator, but shares by area', async () => {
      refused(await share(staff, { total: '100.00', rule: 'elevator', scope: stairwell('3栋', '1') }), 422, 'nobody_pays', 'scope');
      assert.deepEqual(amounts(await share(staff, { total: '100.00', rule: 'area', scope: stairwell('3栋', '1') })),
        { G1: '70.00', G2: '30.00' });
    });

    test('the whole compound by elevator rule still sums exactly', async () => {
      const r = await share(staff, { total: '120000.00', rule: 'elevator', scope: { type: 'community' } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.sum, '120000.00');
      assert.equal(fen(r), 12000000n);
      const a = amounts(r);
      assert.equal(a.F1, '0.00');
      assert.equal(a.G1, '0.00');
    });
  });

  describe('refusals', () => {
    test('the total: a quoted amount with at most two decimals', async () => {
      for (const total of ['12.345', '-1.00', '1e3', '', 'abc', 120000, null, '10000000000000.01']) {
        refused(await share(staff, { total, rule: 'area' }), 422, 'bad_total', 'total');
      }
      refused(await share(staff, { rule: 'area' }), 422, 'bad_total', 'total');
    });

    test('the rule: area or elevator', async () => {
      refused(await share(staff, { total: '1.00', rule: 'floor' }), 422, 'bad_rule', 'rule');
      refused(await share(staff, { total: '1.00' }), 422, 'bad_rule', 'rule');
    });

    test('the scope: a known type, building and stairwell, each named in the error', async () => {
      refused(await share(staff, { total: '1.00', rule: 'area', scope: { type: 'street' } }), 422, 'bad_scope', 'scope.type');
      refused(await share(staff, { total: '1.00', rule: 'area', scope: 'community' }), 422, 'bad_scope', 'scope');
      refused(await share(staff, { total: '1.00', rule: 'area', scope: { type: 'building' } }), 422, 'required', 'scope.building');
      const r = await share(staff, { total: '1.00', rule: 'area', scope: building('99栋') });
      refused(r, 422, 'unknown_building', 'scope.building');
      assert.match(r.json.error.message, /99栋/);
      refused(await share(staff, { total: '1.00', rule: 'area', scope: { type: 'stairwell', building: '3栋' } }), 422, 'required', 'scope.stairwell');
      refused(await share(staff, { total: '1.00', rule: 'area', scope: stairwell('3栋', '9') }), 422, 'unknown_stairwell', 'scope.stairwell');
      // a building of another community is unknown here
      refused(await share(staff, { total: '1.00', rule: 'area', scope: building('10栋') }), 422, 'unknown_building', 'scope.building');
    });

    test('a body that is not JSON is 400', async () => {
      const r = await share(staff, '{"total":');
      assert.equal(r.status, 400, r.text);
    });

    test('staff and the committee may ask; owners, heads, other communities and strangers may not', async () => {
      const body = { total: '1.00', rule: 'area' };
      assert.equal((await share(committee, body)).status, 200);
      refused(await share(owner, body), 403, 'forbidden');
      refused(await share(head, body), 403, 'forbidden');
      refused(await share(owner, body, 1), 403, 'forbidden');
      const anon = await share(api(srv.url, null), body);
      assert.equal(anon.status, 401, anon.text);
      // the committee of community 1 is not the committee here
      const g = await yuanli(['user', 'roles', 'committee', '--revoke', `committee@${C}`, '--db', srv.db]);
      assert.equal(g.code, 0, g.stderr);
      refused(await share(committee, body), 403, 'forbidden');
      const again = await yuanli(['user', 'roles', 'committee', '--grant', `committee@${C}`, '--db', srv.db]);
      assert.equal(again.code, 0, again.stderr);
    });
  });
});
