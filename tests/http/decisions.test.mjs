// decisions.test.mjs: owners' decisions (issue 7) over HTTP — every boundary of Civil Code Art. 278
// on rolls of known areas (exactly 2/3 meets the quorum, exactly 3/4 passes, exactly 1/2 fails,
// 0.01 m² either side), owners with several units, developer-held units as one owner, abstentions,
// building and stairwell scope, the life cycle with its notice period, ballots online, on paper
// and by proxy (heads only for their buildings), changes where allowed (both ballots kept), and
// every refusal with its status, code and field, changing nothing. The same via the pages where a
// person uses them. Runs on SQLite and PostgreSQL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, assertCleanStop, loggedIn, csrfOf, noticeOf, sql, yuanli, lastLine, SUITE,
} from './lib/server.mjs';
import {
  api, tokenFor, compound, unit, draft, published, openDecision, paper, voteAndClose, state,
} from './lib/decisions.mjs';
import { multipartBody, png } from './lib/problems.mjs';

const NOW = Math.floor(Date.now() / 1000);
const DAY = 86400;

let srv;
let staff;
let head;
let owner;
let admin;
let B; // the boundary compound's id

/** A result's figures as [owners, "area"] pairs, for short assertions. */
function fig(c) {
  return [c.owners, c.area_m2];
}

describe('owners\' decisions', SUITE, () => {
  before(async () => {
    srv = await startServer({ env: { YUANLI_NOW: String(NOW) }, demoEnv: null });
    staff = api(srv.url, await tokenFor(srv, 'staff'));
    head = api(srv.url, await tokenFor(srv, 'head'));
    owner = api(srv.url, await tokenFor(srv, 'owner'));
    admin = api(srv.url, await tokenFor(srv, 'admin'));
    // One compound, one building per boundary: a building-scoped decision is a roll of its own.
    ({ cid: B } = await compound(srv, admin, staff, '边界小区', [
      // Q: quorum by area, 0.01 m² either side of two thirds (total 300.00)
      unit(1, 101, '100.00', 'Qa'), unit(1, 102, '99.99', 'Qb'), unit(1, 103, '100.01', 'Qc'),
      // E: exactly two thirds, by owners and by area (3 × 100.00)
      unit(2, 101, '100.00', 'Ea'), unit(2, 102, '100.00', 'Eb'), unit(2, 103, '100.00', 'Ec'),
      // H: majority by area at exactly half (yes 200.00 of 400.00, owners 3 of 4)
      unit(3, 101, '50.00', 'Hw'), unit(3, 102, '50.00', 'Hx'), unit(3, 103, '100.00', 'Hy'), unit(3, 104, '200.00', 'Hz'),
      // I: the same with 0.01 m² more on the yes side (200.01 of 400.01)
      unit(4, 101, '50.00', 'Iw'), unit(4, 102, '50.00', 'Ix'), unit(4, 103, '100.01', 'Iy'), unit(4, 104, '200.00', 'Iz'),
      // P: majority by headcount at exactly half (2 of 4 owners, 300.00 of 400.00)
      unit(5, 101, '150.00', 'Pp'), unit(5, 102, '150.00', 'Pq'), unit(5, 103, '50.00', 'Pr'), unit(5, 104, '50.00', 'Ps'),
      // T: three quarters, exactly (4 × 100.00)
      unit(6, 101, '100.00', 'Ta'), unit(6, 102, '100.00', 'Tb'), unit(6, 103, '100.00', 'Tc'), unit(6, 104, '100.00', 'Td'),
      // U: three quarters, 0.01 m² either side (total 400.00)
      unit(7, 101, '100.00', 'Ua'), unit(7, 102, '100.00', 'Ub'), unit(7, 103, '99.99', 'Uc'), unit(7, 104, '100.01', 'Ud'),
      // M: an owner with two units (60.00 + 40.00) and two owners of one
      unit(8, 101, '60.00', 'Mm'), unit(8, 102, '40.00', 'Mm'), unit(8, 103, '100.00', 'Mn'), unit(8, 104, '100.00', 'Mo'),
      // D: developer-held — two unsold, one sold but not delivered (its buyer named), two people
      unit(9, 101, '70.00', 'dev', { kind: 'developer', status: 'unsold' }),
      unit(9, 102, '80.00', 'dev', { kind: 'developer', status: 'unsold' }),
      unit(9, 103, '90.00', 'Dbuyer', { status: 'undelivered' }),
      unit(9, 104, '100.00', 'Da'), unit(9, 105, '110.00', 'Db'),
      // S: two stairwells
      unit(10, 101, '100.00', 'S1a', { stairwell: 1 }), unit(10, 102, '100.00', 'S1b', { stairwell: 1 }),
      unit(10, 101, '100.00', 'S2a', { stairwell: 2 }), unit(10, 102, '100.00', 'S2b', { stairwell: 2 }),
      unit(10, 103, '100.00', 'S2c', { stairwell: 2 }),
      // F: a roll frozen before the register grows
      unit(11, 101, '100.00', 'F1'),
    ]));
  });
  after(async () => { await assertCleanStop(srv); });

  const inBuilding = (n, extra = {}) => ({ scope: { type: 'building', building: `${n}栋` }, ...extra });

  describe('the quorum: two thirds or more, by area and by owners (Art. 278 ¶2)', () => {
    test('0.01 m² under two thirds of the area fails the quorum, 0.01 m² over meets it', async () => {
      const under = await openDecision(staff, srv.db, B, inBuilding(1));
      let r = await voteAndClose(staff, under, { Qa: 'yes', Qb: 'yes' });
      assert.deepEqual(fig(r.total), [3, '300.00']);
      assert.deepEqual(fig(r.participating), [2, '199.99']);
      assert.equal(r.quorum_met, false);
      assert.equal(r.passed, false);
      const over = await openDecision(staff, srv.db, B, inBuilding(1));
      r = await voteAndClose(staff, over, { Qa: 'yes', Qc: 'yes' });
      assert.deepEqual(fig(r.participating), [2, '200.01']);
      assert.equal(r.quorum_met, true);
      assert.equal(r.passed, true);
    });

    test('exactly two thirds of owners and of area meets the quorum; one owner fewer does not', async () => {
      const exact = await openDecision(staff, srv.db, B, inBuilding(2));
      let r = await voteAndClose(staff, exact, { Ea: 'yes', Eb: 'yes' });
      assert.deepEqual(fig(r.participating), [2, '200.00']);
      assert.equal(r.quorum_met, true);
      assert.equal(r.passed, true);
      const short = await openDecision(staff, srv.db, B, inBuilding(2));
      r = await voteAndClose(staff, short, { Ea: 'yes' });
      assert.equal(r.quorum_met, false);
    });
  });

  describe('majority tier: strictly more than half (过半数)', () => {
    test('yes with exactly half the participating area fails even with three owners of four', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(3, { matter: 'manager' }));
      const r = await voteAndClose(staff, id, { Hw: 'yes', Hx: 'yes', Hy: 'yes', Hz: 'no' });
      assert.equal(r.tier, 'majority');
      assert.deepEqual(fig(r.yes), [3, '200.00']);
      assert.deepEqual(fig(r.no), [1, '200.00']);
      assert.equal(r.quorum_met, true);
      assert.equal(r.passed, false);
    });

    test('0.01 m² more than half passes', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(4, { matter: 'manager' }));
      const r = await voteAndClose(staff, id, { Iw: 'yes', Ix: 'yes', Iy: 'yes', Iz: 'no' });
      assert.deepEqual(fig(r.yes), [3, '200.01']);
      assert.deepEqual(fig(r.participating), [4, '400.01']);
      assert.equal(r.passed, true);
    });

    test('exactly half of the owners fails though they hold three quarters of the area', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(5, { matter: 'fund_use' }));
      const r = await voteAndClose(staff, id, { Pp: 'yes', Pq: 'yes', Pr: 'no', Ps: 'no' });
      assert.deepEqual(fig(r.yes), [2, '300.00']);
      assert.equal(r.passed, false);
    });

    test('abstentions take part and are not yes: 2 yes, 1 no, 1 abstain of 4 is exactly half and fails', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(6, { matter: 'other' }));
      const r = await voteAndClose(staff, id, { Ta: 'yes', Tb: 'yes', Tc: 'no', Td: 'abstain' });
      assert.deepEqual(fig(r.participating), [4, '400.00']);
      assert.deepEqual(fig(r.abstain), [1, '100.00']);
      assert.equal(r.quorum_met, true);
      assert.equal(r.passed, false);
    });
  });

  describe('three-quarters tier (matters 6–8): three quarters or more', () => {
    test('exactly three quarters of owners and area passes (rebuild)', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(6, { matter: 'rebuild' }));
      const r = await voteAndClose(staff, id, { Ta: 'yes', Tb: 'yes', Tc: 'yes', Td: 'no' });
      assert.equal(r.tier, 'three_quarters');
      assert.deepEqual(fig(r.yes), [3, '300.00']);
      assert.equal(r.passed, true);
    });

    test('an abstention among four keeps yes at 3 of 4: passes; 0.01 m² under three quarters fails', async () => {
      let id = await openDecision(staff, srv.db, B, inBuilding(6, { matter: 'common_use' }));
      let r = await voteAndClose(staff, id, { Ta: 'yes', Tb: 'yes', Tc: 'yes', Td: 'abstain' });
      assert.equal(r.passed, true);
      id = await openDecision(staff, srv.db, B, inBuilding(7, { matter: 'fund_raise' }));
      r = await voteAndClose(staff, id, { Ua: 'yes', Ub: 'yes', Uc: 'yes', Ud: 'no' });
      assert.deepEqual(fig(r.yes), [3, '299.99']);
      assert.equal(r.passed, false);
      id = await openDecision(staff, srv.db, B, inBuilding(7, { matter: 'fund_raise' }));
      r = await voteAndClose(staff, id, { Ua: 'yes', Ub: 'yes', Ud: 'yes', Uc: 'no' });
      assert.deepEqual(fig(r.yes), [3, '300.01']);
      assert.equal(r.passed, true);
    });
  });

  describe('who counts, and how (SPC interpretation Arts. 8–9)', () => {
    test('an owner with two units is one owner with the areas summed, and votes once', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(8));
      const d = (await staff.get(`/api/v1/decisions/${id}`)).json;
      assert.deepEqual(fig(d.roll), [3, '300.00']);
      assert.equal(d.roll_units, 4);
      assert.equal((await paper(staff, id, 'Mm', 'yes')).status, 201);
      const again = await paper(staff, id, 'Mm', 'no', { serial: 'other-sheet' });
      assert.equal(again.status, 409);
      assert.equal(again.json.error.code, 'already_voted');
      const r = await voteAndClose(staff, id, { Mn: 'yes' });
      assert.deepEqual(fig(r.participating), [2, '200.00']);
      assert.deepEqual(fig(r.yes), [2, '200.00']);
    });

    test('unsold and undelivered units are one developer owner, whose ballot the developer casts', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(9));
      const d = (await staff.get(`/api/v1/decisions/${id}`)).json;
      assert.deepEqual(fig(d.roll), [3, '450.00']); // the developer (70 + 80 + 90) and two people
      const buyer = await paper(staff, id, 'Dbuyer', 'yes');
      assert.equal(buyer.status, 403, 'a unit sold but not delivered is still the developer\'s');
      assert.equal(buyer.json.error.code, 'not_in_scope');
      assert.equal((await paper(staff, id, 'dev', 'no')).status, 201);
      assert.equal((await paper(staff, id, 'dev', 'yes', { serial: 'again' })).status, 409);
      const r = await voteAndClose(staff, id, { Da: 'yes', Db: 'yes' });
      assert.deepEqual(fig(r.no), [1, '240.00']);
      assert.deepEqual(fig(r.yes), [2, '210.00']);
      assert.equal(r.passed, false, 'yes owners 2 of 3 but area 210.00 of 450.00');
    });

    test('a stairwell decision\'s roll is that stairwell; an owner of the next one is not on it (403)', async () => {
      const id = await openDecision(staff, srv.db, B, { scope: { type: 'stairwell', building: '10栋', stairwell: '2' } });
      const d = (await staff.get(`/api/v1/decisions/${id}`)).json;
      assert.deepEqual(d.scope, { type: 'stairwell', building: '10栋', stairwell: '2单元' });
      assert.deepEqual(fig(d.roll), [3, '300.00']);
      const before = await state(srv.db);
      const out = await paper(staff, id, 'S1a', 'yes');
      assert.equal(out.status, 403);
      assert.equal(out.json.error.code, 'not_in_scope');
      assert.equal(await state(srv.db), before);
      const r = await voteAndClose(staff, id, { S2a: 'yes', S2b: 'yes' });
      assert.equal(r.quorum_met, true);
      assert.equal(r.passed, true);
    });

    test('a whole-community roll is every unit of the compound, building scope only its building', async () => {
      const all = await draft(staff, B, {});
      const p = await published(staff, srv.db, all);
      assert.equal(p.state, 'published');
      const d = (await staff.get(`/api/v1/decisions/${all}`)).json;
      // 39 owner refs over 41 units: Mm holds two; the developer's two and Dbuyer's undelivered one are one owner
      assert.equal(d.roll_units, 41);
      assert.equal(d.roll.owners, 38);
    });

    test('the roll is frozen at publication: a unit imported later is not on it', async () => {
      const id = await draft(staff, B, inBuilding(11));
      await published(staff, srv.db, id);
      const r = await staff.importCsv(B, ['building,stairwell,floor,room,area_m2,owner_ref', '11,1,1,102,50.00,F2'].join('\n'));
      assert.equal(r.status, 200, r.text);
      const d = (await staff.get(`/api/v1/decisions/${id}`)).json;
      assert.deepEqual(fig(d.roll), [1, '100.00']);
      await staff.post(`/api/v1/decisions/${id}/open`, {});
      assert.equal((await paper(staff, id, 'F2', 'yes')).status, 403);
      assert.equal((await paper(staff, id, 'F1', 'yes')).status, 201);
    });
  });

  describe('the life cycle', () => {
    test('opening before notice_days have passed is 409 to the second; at the boundary it opens', async () => {
      const id = await draft(staff, B, inBuilding(2));
      assert.equal((await staff.post(`/api/v1/decisions/${id}/publish`, {})).status, 200);
      let r = await staff.post(`/api/v1/decisions/${id}/open`, {});
      assert.equal(r.status, 409);
      assert.equal(r.json.error.code, 'notice_period');
      assert.match(r.json.error.message, /公示期未满/);
      const d = (await staff.get(`/api/v1/decisions/${id}`)).json;
      assert.equal(Date.parse(d.opens_from) / 1000 - Date.parse(d.published_at) / 1000, 15 * DAY);
      await sql(srv.db, `UPDATE decisions SET published_at = ${NOW - 15 * DAY + 1} WHERE id = ${id}`);
      r = await staff.post(`/api/v1/decisions/${id}/open`, {});
      assert.equal(r.status, 409, 'one second short of 15 days');
      await sql(srv.db, `UPDATE decisions SET published_at = ${NOW - 15 * DAY} WHERE id = ${id}`);
      r = await staff.post(`/api/v1/decisions/${id}/open`, {});
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.state, 'open');
    });

    test('the community\'s notice_days sets the period', async () => {
      const c = await staff.patch(`/api/v1/communities/${B}`, { settings: { notice_days: 20 } });
      assert.equal(c.status, 200, c.text);
      const id = await draft(staff, B, inBuilding(2));
      await staff.post(`/api/v1/decisions/${id}/publish`, {});
      await sql(srv.db, `UPDATE decisions SET published_at = ${NOW - 19 * DAY} WHERE id = ${id}`);
      assert.equal((await staff.post(`/api/v1/decisions/${id}/open`, {})).status, 409);
      await sql(srv.db, `UPDATE decisions SET published_at = ${NOW - 20 * DAY} WHERE id = ${id}`);
      assert.equal((await staff.post(`/api/v1/decisions/${id}/open`, {})).status, 200);
      await staff.patch(`/api/v1/communities/${B}`, { settings: { notice_days: 15 } });
    });

    test('each step in its turn only: 409 with the reason, nothing changed', async () => {
      const id = await draft(staff, B, inBuilding(2));
      const before = await state(srv.db);
      for (const step of ['open', 'close', 'announce']) {
        const r = await staff.post(`/api/v1/decisions/${id}/${step}`, {});
        assert.equal(r.status, 409, step);
        assert.equal(r.json.error.code, 'wrong_state');
      }
      assert.equal((await staff.get(`/api/v1/decisions/${id}/result`)).status, 409);
      assert.equal(await state(srv.db), before);
      await published(staff, srv.db, id);
      assert.equal((await staff.post(`/api/v1/decisions/${id}/publish`, {})).status, 409);
      assert.equal((await paper(staff, id, 'Ea', 'yes')).status, 409, 'not open yet');
      await staff.post(`/api/v1/decisions/${id}/open`, {});
      await voteAndClose(staff, id, { Ea: 'yes', Eb: 'no' });
      const late = await paper(staff, id, 'Ec', 'yes');
      assert.equal(late.status, 409);
      assert.equal(late.json.error.code, 'not_open');
      const a = await staff.post(`/api/v1/decisions/${id}/announce`, {});
      assert.equal(a.status, 200);
      assert.equal((await staff.get(`/api/v1/decisions/${id}/result`)).json.state, 'announced');
    });

    test('a draft is staff\'s work in progress: owners neither list nor open it until it is published', async () => {
      const id = await draft(staff, 1, { title: '草稿中的事项' });
      assert.equal((await owner.get(`/api/v1/decisions/${id}`)).status, 404);
      assert.ok(!(await owner.get('/api/v1/communities/1/decisions')).json.items.some((d) => d.id === id));
      assert.ok((await staff.get('/api/v1/communities/1/decisions')).json.items.some((d) => d.id === id));
      assert.equal((await staff.post(`/api/v1/decisions/${id}/publish`, {})).status, 200);
      assert.equal((await owner.get(`/api/v1/decisions/${id}`)).status, 200);
    });

    test('a scope with no unit cannot be published (422), and nothing is written', async () => {
      const made = await admin.post('/api/v1/communities', { name: '空小区' });
      const cid = made.json.id;
      await yuanli(['user', 'roles', 'staff', '--grant', `staff@${cid}`, '--db', srv.db]);
      const id = await draft(staff, cid, {});
      const before = await state(srv.db);
      const r = await staff.post(`/api/v1/decisions/${id}/publish`, {});
      assert.equal(r.status, 422);
      assert.equal(r.json.error.code, 'empty_roll');
      assert.equal(await state(srv.db), before);
    });

    test('every step and ballot has its audit row, with who entered what', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(2));
      await voteAndClose(staff, id, { Ea: 'yes' });
      const rows = (await sql(srv.db, `SELECT action FROM audit WHERE object_type = 'decision' AND object_id = ${id} ORDER BY seq`)).trim().split('\n');
      assert.deepEqual(rows, ['decision.create', 'decision.publish', 'decision.open', 'decision.close']);
      const ballot = (await sql(srv.db, `SELECT actor, details FROM audit WHERE action = 'ballot.cast' AND details LIKE '%"decision_id":${id}%'`)).trim();
      assert.match(ballot, /^staff\|/);
      assert.match(ballot, /"channel":"paper"/);
      assert.match(ballot, /"serial":"S-Ea"/);
      assert.match(ballot, /"signer":"业主Ea"/);
    });
  });

  describe('ballots', () => {
    test('changes allowed: a second ballot replaces the first, both are kept, the count takes the last', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(2, { allow_change: true }));
      assert.equal((await paper(staff, id, 'Ea', 'no')).status, 201);
      const second = await paper(staff, id, 'Ea', 'yes', { serial: 'S-Ea-2' });
      assert.equal(second.status, 201, second.text);
      const kept = (await sql(srv.db, `SELECT choice, replaced_at IS NULL FROM ballots WHERE decision_id = ${id} ORDER BY id`)).trim();
      assert.match(kept, /^no\|(0|f)\nyes\|(1|t)$/);
      const audit = (await sql(srv.db, `SELECT action FROM audit WHERE details LIKE '%"decision_id":${id}%' AND object_type = 'ballot' ORDER BY seq`)).trim();
      assert.equal(audit, 'ballot.cast\nballot.replace');
      const r = await voteAndClose(staff, id, { Eb: 'yes' });
      assert.deepEqual(fig(r.yes), [2, '200.00']);
      assert.deepEqual(fig(r.no), [0, '0.00']);
    });

    test('proxy ballots need the authorised person\'s name and count like any other', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(2));
      const before = await state(srv.db);
      const bad = await staff.post(`/api/v1/decisions/${id}/ballots`, { owner_ref: 'Ea', choice: 'yes', channel: 'proxy' });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.error.field, 'proxy_name');
      assert.equal(await state(srv.db), before);
      const ok = await staff.post(`/api/v1/decisions/${id}/ballots`, { owner_ref: 'Ea', choice: 'yes', channel: 'proxy', proxy_name: '王小明' });
      assert.equal(ok.status, 201, ok.text);
      const row = (await sql(srv.db, `SELECT channel, proxy_name, account_id = (SELECT id FROM accounts WHERE name = 'staff') FROM ballots WHERE id = ${ok.json.id}`)).trim();
      assert.match(row, /^proxy\|王小明\|(1|t)$/);
      const t = (await staff.get(`/api/v1/decisions/${id}/turnout`)).json;
      assert.deepEqual(fig(t.participating), [1, '100.00']);
      assert.deepEqual(fig(t.quorum_gap), [1, '100.00']);
      assert.equal(t.channels.proxy, 1);
    });

    test('online: only an owner\'s own account, only on a roll it is on', async () => {
      // a new owner account linked to Ea
      const add = await yuanli(['user', 'add', 'owner.ea', '--grant', `owner@${B}`, '--db', srv.db], { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(add.code, 0, add.stderr);
      await sql(srv.db, `INSERT INTO owner_accounts (community_id, owner_id, account_id) SELECT ${B}, o.id, a.id FROM owners o, accounts a WHERE o.community_id = ${B} AND o.owner_ref = 'Ea' AND a.name = 'owner.ea'`);
      const ea = api(srv.url, await tokenFor(srv, 'owner.ea'));
      const id = await openDecision(staff, srv.db, B, inBuilding(2));
      const ballots = async () => (await sql(srv.db, 'SELECT count(*) FROM ballots')).trim();
      const before = await ballots();
      let r = await ea.post(`/api/v1/decisions/${id}/ballots`, { owner_ref: 'Eb', choice: 'yes' });
      assert.equal(r.status, 403, 'another owner\'s ballot');
      assert.equal(r.json.error.code, 'not_your_ballot');
      r = await staff.post(`/api/v1/decisions/${id}/ballots`, { choice: 'yes' });
      assert.equal(r.status, 403, 'staff own no unit');
      const other = await openDecision(staff, srv.db, B, inBuilding(3));
      r = await ea.post(`/api/v1/decisions/${other}/ballots`, { choice: 'yes' });
      assert.equal(r.status, 403);
      assert.equal(r.json.error.code, 'not_in_scope');
      assert.equal(await ballots(), before);
      r = await ea.post(`/api/v1/decisions/${id}/ballots`, { choice: 'yes' });
      assert.equal(r.status, 201, r.text);
      const me = (await ea.get(`/api/v1/decisions/${id}`)).json.me;
      assert.equal(me.area_m2, '100.00');
      assert.equal(me.ballot.choice, 'yes');
      assert.equal(me.ballot.channel, 'online');
      r = await ea.post(`/api/v1/decisions/${id}/ballots`, { choice: 'no' });
      assert.equal(r.status, 409);
      assert.equal(r.json.error.code, 'already_voted');
      assert.equal((await ea.post(`/api/v1/decisions/${id}/publish`, {})).status, 403, 'owners do not run votes');
    });

    test('a paper ballot may carry the signed sheet\'s scan: cleaned of its metadata, shown only to staff; a bad file refuses the ballot', async () => {
      const id = await openDecision(staff, srv.db, 1, {});
      const hc = await loggedIn(srv.url, 'head');
      const entry = async (room, files) => {
        const page = await hc.get(`/decisions/${id}/paper`);
        assert.equal(page.status, 200);
        const { body, contentType } = multipartBody({ csrf: csrfOf(page.body), entry: '1', building: '3栋', stairwell: '1',
          room, channel: 'paper', serial: `S-${room}`, signer: '签字人', choice: 'yes' }, files);
        return hc.postRaw(`/decisions/${id}/ballots`, body, contentType);
      };
      // a GIF is no scan: 422 naming the file, and no ballot
      const before = await state(srv.db);
      const bad = await entry('101', [{ name: 'scan', filename: 'sheet.jpg', type: 'image/jpeg', data: Buffer.from('GIF89a\x01\x00\x01\x00') }]);
      assert.equal(bad.status, 422);
      assert.equal(noticeOf(bad.body), '“sheet.jpg”不是 JPEG 或 PNG 图片。');
      assert.equal(await state(srv.db), before);
      const sheet = png(8, 4); // carries a tEXt chunk, which must not be kept
      const ok = await entry('101', [{ name: 'scan', filename: 'sheet.png', type: 'image/png', data: sheet }]);
      assert.equal(ok.status, 303, ok.body);
      const bid = Number(/done=(\d+)/.exec(ok.headers.get('location'))[1]);
      const file = (await sql(srv.db, `SELECT scan FROM ballots WHERE id = ${bid}`)).trim();
      assert.match(file, /^[0-9a-f]{64}\.png$/);
      const audit = (await sql(srv.db, `SELECT details FROM audit WHERE action = 'ballot.cast' AND object_id = ${bid}`)).trim();
      assert.match(audit, new RegExp(`"scan":"${file}"`));
      const sc = await loggedIn(srv.url, 'staff');
      const got = await sc.get(`/decisions/ballots/${bid}/scan`);
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-type'), 'image/png');
      const bytes = Buffer.from(await (await fetch(`${srv.url}/decisions/ballots/${bid}/scan`, { headers: { cookie: [...sc.jar].map(([k, v]) => `${k}=${v}`).join('; ') } })).arrayBuffer());
      assert.ok(bytes.length > 0 && bytes.length < sheet.length, 'smaller than what was sent: its text chunk is gone');
      assert.equal(bytes.indexOf('tEXt'), -1);
      // a signature is personal data: the head who entered it and the owner may not open it
      assert.equal((await hc.get(`/decisions/ballots/${bid}/scan`)).status, 403);
      assert.equal((await (await loggedIn(srv.url, 'owner')).get(`/decisions/ballots/${bid}/scan`)).status, 403);
    });

    test('the frozen roll is shown to owners: rooms, areas and voter numbers, one number for an owner\'s several units and for all the developer\'s, never a name', async () => {
      for (const [n, rooms] of [[8, ['101', '102', '103', '104']], [9, ['101', '102', '103', '104', '105']]]) {
        const id = await draft(staff, B, { scope: { type: 'building', building: `${n}栋` } });
        const sc = await loggedIn(srv.url, 'staff');
        assert.equal((await sc.get(`/decisions/${id}/roll?community=${B}`)).status, 409, 'a draft has no roll yet');
        await published(staff, srv.db, id);
        const page = await sc.get(`/decisions/${id}/roll?community=${B}`);
        assert.equal(page.status, 200);
        const rows = [...page.body.matchAll(/<tr><td>([^<]+)<\/td><td class="num">([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/g)]
          .map((m) => [m[1], m[2], m[3]]);
        assert.deepEqual(rows.map((r) => r[0]), rooms.map((r) => `${n}栋1单元 ${r}`));
        assert.doesNotMatch(page.body, /业主[A-Z]/, 'no owner\'s name');
        if (n === 8) { // Mm owns 101 and 102: one number, "2 units"; Mn and Mo a number each
          assert.equal(rows[0][2], rows[1][2]);
          assert.match(rows[0][2], /（共 2 套）/);
          assert.notEqual(rows[2][2], rows[3][2]);
          assert.deepEqual(rows.map((r) => r[1]), ['60.00', '40.00', '100.00', '100.00']);
        } else { // two unsold and one undelivered unit are the developer's one vote
          assert.deepEqual(rows.slice(0, 3).map((r) => r[2]), Array(3).fill('建设单位/原单位（按一人计） （共 3 套）'));
        }
      }
    });

    test('heads enter paper ballots only for owners with a unit in their buildings', async () => {
      const id = await openDecision(staff, srv.db, 1, {});
      const before = await state(srv.db);
      const far = await head.post(`/api/v1/decisions/${id}/ballots`, {
        building: '10栋', stairwell: '1', room: '101', choice: 'yes', channel: 'paper', serial: 'H-1', signer: '某某',
      });
      assert.equal(far.status, 403);
      assert.equal(far.json.error.code, 'not_your_building');
      assert.equal(await state(srv.db), before);
      const near = await head.post(`/api/v1/decisions/${id}/ballots`, {
        building: '2栋', stairwell: '1', room: '101', choice: 'no', channel: 'paper', serial: 'H-2', signer: '某某',
      });
      assert.equal(near.status, 201, near.text);
      const row = (await sql(srv.db, `SELECT a.name, b.serial, b.signer FROM ballots b JOIN accounts a ON a.id = b.account_id WHERE b.id = ${near.json.id}`)).trim();
      assert.equal(row, 'head|H-2|某某');
      // the head's turnout shows their buildings only
      const t = (await head.get(`/api/v1/decisions/${id}/turnout`)).json;
      assert.deepEqual(t.buildings.map((b) => b.building), ['1栋', '2栋', '3栋']);
      assert.equal(t.total, undefined);
      const s = (await staff.get(`/api/v1/decisions/${id}/turnout`)).json;
      assert.equal(s.buildings.length, 49);
      assert.equal(s.participating.owners, 1);
      // the demo owner is on this roll and votes online
      const o = await owner.post(`/api/v1/decisions/${id}/ballots`, { choice: 'yes' });
      assert.equal(o.status, 201, o.text);
      assert.equal((await owner.get(`/api/v1/decisions/${id}/turnout`)).status, 403);
    });

    test('the turnout is kept with each ballot: a first one adds the owner and their area, a replacement (online or on paper) nothing; audit verify names a row that drifts', async () => {
      // Mm holds two units (60.00 + 40.00), Mn one of 100.00; Mm votes online, Mn on paper
      const add = await yuanli(['user', 'add', 'owner.mm', '--grant', `owner@${B}`, '--db', srv.db], { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(add.code, 0, add.stderr);
      await sql(srv.db, `INSERT INTO owner_accounts (community_id, owner_id, account_id) SELECT ${B}, o.id, a.id FROM owners o, accounts a WHERE o.community_id = ${B} AND o.owner_ref = 'Mm' AND a.name = 'owner.mm'`);
      const mm = api(srv.url, await tokenFor(srv, 'owner.mm'));
      const id = await openDecision(staff, srv.db, B, inBuilding(8, { allow_change: true }));
      const kept = async () => (await sql(srv.db, `SELECT owners, area FROM decision_turnout WHERE community_id = ${B} AND decision_id = ${id}`)).trim();
      // the same figure counted from the ballots, as the dashboard once did
      const counted = async () => (await sql(srv.db, `SELECT count(*), coalesce(sum(v.area), 0) FROM ballots b JOIN decision_voters v ` +
        `ON v.community_id = b.community_id AND v.decision_id = b.decision_id AND v.voter = b.voter ` +
        `WHERE b.community_id = ${B} AND b.decision_id = ${id} AND b.replaced_at IS NULL`)).trim();
      const participating = async () => fig((await staff.get(`/api/v1/decisions/${id}/turnout`)).json.participating);
      const onBoard = async () => {
        const v = (await staff.get(`/api/v1/communities/${B}/dashboard`)).json.votes.find((x) => x.id === id);
        return [v.voted_owners, v.voted_area];
      };
      assert.equal(await kept(), '', 'no ballot, no row');
      assert.deepEqual(await participating(), [0, '0.00']);
      assert.deepEqual(await onBoard(), [0, '0.00']);

      const steps = [
        ['Mm online', () => mm.post(`/api/v1/decisions/${id}/ballots`, { choice: 'no' }), '1|10000'],
        ['Mm online again', () => mm.post(`/api/v1/decisions/${id}/ballots`, { choice: 'yes' }), '1|10000'],
        ['Mn on paper', () => paper(staff, id, 'Mn', 'yes'), '2|20000'],
        ['Mn on paper again', () => paper(staff, id, 'Mn', 'abstain', { serial: 'S-Mn-2' }), '2|20000'],
        ['Mm on paper', () => paper(staff, id, 'Mm', 'abstain'), '2|20000'],
      ];
      for (const [what, cast, want] of steps) {
        const r = await cast();
        assert.equal(r.status, 201, `${what}: ${r.text}`);
        assert.equal(await kept(), want, what);
        assert.equal(await counted(), want, what);
      }
      assert.equal((await sql(srv.db, `SELECT count(*) FROM ballots WHERE decision_id = ${id}`)).trim(), '5', 'every ballot kept');
      assert.deepEqual(await participating(), [2, '200.00']);
      assert.deepEqual(await onBoard(), [2, '200.00']);

      const ok = await yuanli(['audit', 'verify', '--db', srv.db]);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /^decisions' turnout agrees: \d+ decisions, \d+ live ballots$/m);
      // a row nudged by one owner, a row's area off by 0.01 m², and a row gone are each named
      const nudges = [
        ['UPDATE decision_turnout SET owners = owners + 1', 'UPDATE decision_turnout SET owners = owners - 1', '3 owners \\(area 20000\\) kept'],
        ['UPDATE decision_turnout SET area = area - 1', 'UPDATE decision_turnout SET area = area + 1', '2 owners \\(area 19999\\) kept'],
        ['DELETE FROM decision_turnout', `INSERT INTO decision_turnout (community_id, decision_id, owners, area) VALUES (${B}, ${id}, 2, 20000)`,
          '0 owners \\(area 0\\) kept'],
      ];
      for (const [nudge, undo, named] of nudges) {
        const where = nudge.startsWith('INSERT') ? '' : ` WHERE community_id = ${B} AND decision_id = ${id}`;
        await sql(srv.db, nudge + where);
        try {
          const bad = await yuanli(['audit', 'verify', '--db', srv.db]);
          assert.equal(bad.code, 1, bad.stdout + bad.stderr);
          assert.match(bad.stdout, new RegExp(`^decisions' turnout DIFFERS at community ${B}, decision ${id}: ${named}, ` +
            '2 live ballots \\(area 20000\\)$', 'm'));
        } finally {
          await sql(srv.db, undo + (undo.startsWith('INSERT') ? '' : ` WHERE community_id = ${B} AND decision_id = ${id}`));
        }
      }
      assert.equal((await yuanli(['audit', 'verify', '--db', srv.db])).code, 0);
      // the count kept at the close took part with the same owners
      assert.equal((await staff.post(`/api/v1/decisions/${id}/close`, {})).status, 200);
      const res = (await staff.get(`/api/v1/decisions/${id}/result`)).json;
      assert.deepEqual(fig(res.participating), [2, '200.00']);
      assert.deepEqual(await onBoard(), [2, '200.00']);
    });

    test('multiple choice: each item answered and counted on its own with the same rule', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(6, { options: ['北侧加装电梯', '更换屋面防水'] }));
      let r = await staff.post(`/api/v1/decisions/${id}/ballots`, { owner_ref: 'Ta', channel: 'paper', serial: '1', signer: 'x', answers: ['yes'] });
      assert.equal(r.status, 422);
      assert.equal(r.json.error.field, 'answers');
      const answers = { Ta: ['yes', 'yes'], Tb: ['yes', 'no'], Tc: ['yes', 'no'], Td: ['no', 'abstain'] };
      for (const [ref, a] of Object.entries(answers)) {
        r = await staff.post(`/api/v1/decisions/${id}/ballots`, { owner_ref: ref, channel: 'paper', serial: ref, signer: ref, answers: a });
        assert.equal(r.status, 201, r.text);
      }
      await staff.post(`/api/v1/decisions/${id}/close`, {});
      const res = (await staff.get(`/api/v1/decisions/${id}/result`)).json;
      assert.equal(res.options.length, 2);
      assert.deepEqual(fig(res.options[0].yes), [3, '300.00']);
      assert.equal(res.options[0].passed, true);
      assert.deepEqual(fig(res.options[1].yes), [1, '100.00']);
      assert.deepEqual(fig(res.options[1].abstain), [1, '100.00']);
      assert.equal(res.options[1].passed, false);
    });
  });

  describe('refusals name the field (422) and change nothing', () => {
    const createCases = [
      [{ matter: 'other' }, 'title'],
      [{ title: '长'.repeat(201), matter: 'other' }, 'title'],
      [{ title: 'x' }, 'matter'],
      [{ title: 'x', matter: 'elevator' }, 'matter'],
      [{ title: 'x', matter: 'other', scope: { type: 'district' } }, 'scope.type'],
      [{ title: 'x', matter: 'other', scope: 'community' }, 'scope'],
      [{ title: 'x', matter: 'other', scope: { type: 'building' } }, 'scope.building'],
      [{ title: 'x', matter: 'other', scope: { type: 'building', building: '99栋' } }, 'scope.building'],
      [{ title: 'x', matter: 'other', scope: { type: 'stairwell', building: '10栋', stairwell: '9' } }, 'scope.stairwell'],
      [{ title: 'x', matter: 'other', allow_change: 'yes' }, 'allow_change'],
      [{ title: 'x', matter: 'other', closes_on: '2026-02-30' }, 'closes_on'],
      [{ title: 'x', matter: 'other', options: ['only one'] }, 'options'],
      [{ title: 'x', matter: 'other', options: 'a,b' }, 'options'],
    ];
    for (const [body, field] of createCases) {
      test(`create: ${JSON.stringify(body).slice(0, 80)} → 422 ${field}`, async () => {
        const before = await state(srv.db);
        const r = await staff.post(`/api/v1/communities/${B}/decisions`, body);
        assert.equal(r.status, 422, r.text);
        assert.equal(r.json.error.field, field);
        assert.ok(r.json.error.message.length > 4);
        assert.equal(await state(srv.db), before);
      });
    }

    test('ballots: each malformed field is named', async () => {
      const id = await openDecision(staff, srv.db, B, inBuilding(2));
      const cases = [
        [{ owner_ref: 'Ea', channel: 'paper', serial: '1', signer: 'x' }, 'choice'],
        [{ owner_ref: 'Ea', choice: 'maybe', channel: 'paper', serial: '1', signer: 'x' }, 'choice'],
        [{ owner_ref: 'Ea', choice: 'yes', channel: 'fax' }, 'channel'],
        [{ owner_ref: 'Ea', choice: 'yes', channel: 'paper', signer: 'x' }, 'serial'],
        [{ owner_ref: 'Ea', choice: 'yes', channel: 'paper', serial: '1' }, 'signer'],
        [{ owner_ref: 'Ea', choice: 'yes', channel: 'paper', serial: 'x'.repeat(33), signer: 'x' }, 'serial'],
        [{ choice: 'yes', channel: 'paper', serial: '1', signer: 'x' }, 'owner_ref'],
        [{ owner_ref: 'nobody', choice: 'yes', channel: 'paper', serial: '1', signer: 'x' }, 'owner_ref'],
        [{ owner_id: 'abc', choice: 'yes', channel: 'paper', serial: '1', signer: 'x' }, 'owner_id'],
        [{ owner_id: 99999999, choice: 'yes', channel: 'paper', serial: '1', signer: 'x' }, 'owner_id'],
        [{ building: '2栋', stairwell: '1', room: '999', choice: 'yes', channel: 'paper', serial: '1', signer: 'x' }, 'room'],
      ];
      const before = await state(srv.db);
      for (const [body, field] of cases) {
        const r = await staff.post(`/api/v1/decisions/${id}/ballots`, body);
        assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
        assert.equal(r.json.error.field, field, JSON.stringify(body));
      }
      assert.equal((await staff.post(`/api/v1/decisions/${id}/ballots`, '{"choice":')).status, 400);
      assert.equal(await state(srv.db), before);
    });

    test('unknown decisions are 404; another community\'s staff are 403', async () => {
      assert.equal((await staff.get('/api/v1/decisions/999999/result')).status, 404);
      const id = await draft(staff, B, {});
      const dong = api(srv.url, await tokenFor(srv, 'staff.dongtang'));
      assert.equal((await dong.post(`/api/v1/decisions/${id}/publish`, {})).status, 403);
      assert.equal((await dong.post(`/api/v1/communities/${B}/decisions`, { title: 'x', matter: 'other' })).status, 403);
    });
  });

  describe('the demo and the pages', () => {
    test('the demo\'s closed decision has its result; its open one takes the owner\'s vote', async () => {
      const list = (await staff.get('/api/v1/communities/1/decisions')).json;
      const closed = list.items.find((d) => d.state === 'announced');
      const open = list.items.find((d) => d.state === 'open');
      assert.ok(closed && open);
      const r = (await owner.get(`/api/v1/decisions/${closed.id}/result`)).json;
      // one per owner of a delivered unit, and the developer-held units as one more
      const people = Number((await sql(srv.db, "SELECT count(DISTINCT u.owner_id) FROM units u JOIN owners o ON o.id = u.owner_id WHERE u.community_id = 1 AND u.status = 'delivered' AND o.kind <> 'developer'")).trim());
      assert.equal(r.total.owners, people + 1);
      assert.equal(r.total.area_m2, (await staff.get('/api/v1/communities/1')).json.area_m2);
      assert.equal(r.quorum_met, true);
      assert.equal(r.passed, true);
      assert.equal((await owner.get(`/api/v1/decisions/${open.id}/result`)).status, 409);
    });

    test('the body is shown formatted (Markdown), and what would be markup or a script link is text', async () => {
      const body = '## 方案\n\n**注意**：费用从专项维修资金列支。\n\n1. 拆除旧梯\n2. 安装新梯\n\n> 依据《民法典》第二百七十八条\n\n'
        + '[详情](https://example.cn/a?b=1&c=2) [点我](JaVaScRiPt:alert(1)) <script>alert(1)</script>\n'
        + '<img src=x onerror=alert(1)> &lt;b&gt;';
      const id = await draft(staff, 1, { body });
      const c = await loggedIn(srv.url, 'staff');
      const page = await c.get(`/decisions/${id}`);
      assert.equal(page.status, 200);
      const read = page.body.match(/<div class="description" id="read">([\s\S]*?)<\/div>/);
      assert.ok(read, 'the page shows the body');
      assert.equal(read[1], '<h3>方案</h3><p><strong>注意</strong>：费用从专项维修资金列支。</p>'
        + '<ol><li>拆除旧梯</li><li>安装新梯</li></ol><blockquote><p>依据《民法典》第二百七十八条</p></blockquote>'
        + '<p><a href="https://example.cn/a?b=1&amp;c=2">详情</a> <a href="#">点我</a> &lt;script&gt;alert(1)&lt;/script&gt;<br>'
        // CommonMark decodes the entities; what they stand for is shown as text
        + '&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;</p>');
      // what staff typed is kept as typed; only the page formats it
      assert.equal((await staff.get(`/api/v1/decisions/${id}`)).json.body, body);
    });

    test('an owner votes through the phone page; a second vote is 409 on the page', async () => {
      const c = await loggedIn(srv.url, 'owner');
      const id = await openDecision(staff, srv.db, 1, { scope: { type: 'stairwell', building: '1栋', stairwell: '1' } });
      const page = await c.get(`/decisions/${id}/vote`);
      assert.equal(page.status, 200);
      assert.match(page.body, /name="choice" value="yes"/);
      let r = await c.post(`/decisions/${id}/ballots`, { csrf: csrfOf(page.body), channel: 'online' });
      assert.equal(r.status, 422);
      assert.match(noticeOf(r.body), /同意、反对或弃权/);
      r = await c.post(`/decisions/${id}/ballots`, { csrf: csrfOf(page.body), channel: 'online', choice: 'yes' });
      assert.equal(r.status, 303);
      const after = await c.get(r.headers.get('location'));
      assert.match(noticeOf(after.body), /已记录/);
      assert.match(after.body, /您已投票：同意/);
      r = await c.post(`/decisions/${id}/ballots`, { csrf: csrfOf(page.body), channel: 'online', choice: 'no' });
      assert.equal(r.status, 409);
    });

    test('a head enters a paper ballot on the page; a missing signer is named there (422)', async () => {
      const c = await loggedIn(srv.url, 'head');
      const id = await openDecision(staff, srv.db, 1, { scope: { type: 'building', building: '2栋' } });
      const page = await c.get(`/decisions/${id}/paper`);
      assert.equal(page.status, 200);
      const form = { csrf: csrfOf(page.body), entry: '1', building: '2栋', stairwell: '1', room: '101', channel: 'paper', serial: 'P-7', choice: 'yes' };
      const before = await state(srv.db);
      let r = await c.post(`/decisions/${id}/ballots`, form);
      assert.equal(r.status, 422);
      assert.match(noticeOf(r.body), /签字人姓名/);
      assert.equal(await state(srv.db), before);
      r = await c.post(`/decisions/${id}/ballots`, { ...form, signer: '张桂兰' });
      assert.equal(r.status, 303);
      assert.match(r.headers.get('location'), new RegExp(`/decisions/${id}/paper\\?done=\\d+`));
    });

    test('staff publish, open and close through the page; the result page and A4 notice show no names', async () => {
      const c = await loggedIn(srv.url, 'staff');
      const list = (await staff.get('/api/v1/communities/1/decisions')).json;
      const closed = list.items.find((d) => d.state === 'announced');
      const res = await c.get(`/decisions/${closed.id}/print`);
      assert.equal(res.status, 200);
      assert.match(res.body, /表决结果公告/);
      assert.match(res.body, /同意/);
      const names = (await sql(srv.db, 'SELECT name FROM owners WHERE community_id = 1 LIMIT 50')).trim().split('\n');
      for (const n of names) assert.ok(!res.body.includes(n), `the notice shows ${n}`);
      const id = await draft(staff, 1, { scope: { type: 'building', building: '3栋' } });
      let page = await c.get(`/decisions/${id}`);
      let r = await c.post(`/decisions/${id}/step`, { csrf: csrfOf(page.body), to: 'published' });
      assert.equal(r.status, 303);
      page = await c.get(r.headers.get('location'));
      r = await c.post(`/decisions/${id}/step`, { csrf: csrfOf(page.body), to: 'open' });
      assert.equal(r.status, 409);
      assert.match(noticeOf(r.body), /公示期未满/);
      const ownerPage = await (await loggedIn(srv.url, 'owner')).get(`/decisions/${closed.id}/result`);
      assert.equal(ownerPage.status, 200);
      assert.match(ownerPage.body, /结果：通过/);
    });
  });
});
