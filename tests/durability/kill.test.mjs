// kill.test.mjs: the durability claim — an acknowledged write is never lost. Concurrent API
// clients write (create communities as admin; import one-unit CSVs, change notice_days, report
// problems and now and then verify one of them or enter an owner's paper ballot, as staff) while
// the server is SIGKILLed at a
// random moment, KILLS times (default 200) on one database. After each restart every write that
// got a 2xx must be there (every acknowledged problem with its description, read through the
// paged problem list), notice_days must not be older than the last acknowledged value, a problem
// whose verify step was acknowledged must be verified (or later), one never sent a verify must
// still be reported, every acknowledged fee payment (the committee's, against bills written before
// the writers start) must be there with its receipt number, its allocation to bills and its
// balanced journal entry, no receipt number twice, every acknowledged payment on a renovation work (staff's, 1.00 each on the
// demo's lights work) must be listed with its reference and counted in what the work has paid, never beyond its budget, and
// every such payment on disk has its audit row, an owner whose ballot was acknowledged is refused a second one (409: the
// first is there) and the live count holds at least the acknowledged ballots and is the kept turnout, and periodically (and at the end, with the server
// stopped) the database's own check says ok (SQLite's integrity_check, or amcheck on PostgreSQL
// when YUANLI_TEST_PG is set) and `yuanli audit verify` exits 0. Writes that were cut off by the
// kill may or may not have been applied: either is fine.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoDb, token, serve, api, getJson, unitsOf, integrity, auditVerify, badStderr, sql, killAll } from './lib/crash.mjs';
import { addToMonthSums, collectionsOf, keptCollections } from '../http/lib/books.mjs';

const KILLS = Number(process.env.KILLS || 200);
const CLIENTS = Number(process.env.DUR_CLIENTS || 4);
const MIN_DELAY = 30;   // ms of load before the kill
const MAX_DELAY = 400;
const INTEGRITY_EVERY = 10; // kills between offline integrity_check runs
const AUDIT_EVERY = 50;     // kills between offline `audit verify` runs
const SAMPLE = 25;          // acknowledged communities (and problems) also read one by one after each restart
const VERIFY_EVERY = 3;     // every so many problem writes of a client is a verify step instead, when one can be

// Problem states from verified on: a problem whose verify was acknowledged must be in one of them.
// This test makes no other step, so in practice it is exactly "verified".
const VERIFIED_OR_LATER = new Set(['verified', 'merged', 'accepted', 'rejected', 'referred', 'answered',
  'resolved', 'rated', 'reopened']);

const rand = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
/** Today in Shanghai (UTC+8), "YYYY-MM-DD": the day a work payment is made on. */
const shanghaiToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const building = (c) => `${90 + c}栋`;

describe('durability under SIGKILL', { timeout: Math.max(900_000, KILLS * 4000) }, () => {
  let dir;
  let passed = false;
  after(async () => {
    await killAll();
    if (!dir) return;
    if (passed && !process.env.DUR_KEEP) await rm(dir, { recursive: true, force: true });
    else console.error(`kept ${dir} for a look`);
  });

  test(`${KILLS} kills with ${CLIENTS} concurrent writers lose no acknowledged write`, async (t) => {
    const t0 = Date.now();
    let db;
    ({ dir, db } = await demoDb());
    const staff = await token(db, 'staff');
    const admin = await token(db, 'admin');
    const committee = await token(db, 'committee');

    // What was acknowledged. Names and rooms are never reused, so each is one write.
    const communities = new Map();               // name -> id
    const units = Array.from({ length: CLIENTS }, () => new Set()); // per client: rooms
    // Problems: id -> {description, verify}, verify being 'none' (never sent, or cut off and seen
    // not applied after a restart: must be reported), 'sent' (cut off by the kill: reported or
    // verified, either is fine once), 'acked' (must be verified or later) or 'applied' (cut off but
    // seen verified after a restart: from then on it must stay so, as an acknowledged one).
    // A problem has at most one verify in flight, so none meets illegal_from_state.
    const problems = new Map();
    const verifiable = []; // acknowledged problems with no verify sent yet
    // notice_days: one PATCH in flight at a time, so acknowledgements are totally ordered.
    // `durable` is the value known to be on disk (the last acknowledged or the last one seen
    // after a restart); `sentSince` are values sent after it whose fate the kill decided.
    let durable;
    let sentSince = [];
    let patchBusy = false;
    let patchSeq = 0;

    // Ballots: one open decision over the whole compound; each ballot is for an owner never sent
    // one before (one per owner, no changes), so an acknowledged ballot must answer a second
    // try with 409 already_voted after every restart.
    const voters = (await sql(db, "SELECT DISTINCT o.owner_ref FROM owners o JOIN units u ON u.owner_id = o.id " +
      "WHERE o.community_id = 1 AND o.kind = 'person' AND u.status = 'delivered' ORDER BY o.owner_ref")).trim().split('\n');
    const ballots = new Map(); // owner_ref -> choice, acknowledged
    let decision = 0;

    // Plan items: added to a draft of the demo's renovation plan, each with its own title; after
    // every restart the draft (read as staff) must hold every acknowledged one.
    const items = new Set(); // titles, acknowledged
    let draft = 0;
    // Opinions on the demo plan's version 2 (its consultation open): each body its own.
    const opinions = new Set();
    // Small wishes staff enter for a neighbour: each title its own.
    const wishes = new Set();
    // Fee payments (issue 10) of 1.00 each, round the units of 4栋 billed below: id -> {receipt_no, payer}.
    const payments = new Map();
    const payUnits = await billUnits(db);
    // Payments on a renovation work (issue 11) of 1.00 each, on the demo's work under way (the
    // stairwell lights: budget 80,000.00, so no writer here meets over_budget): id -> reference.
    const workPays = new Map();
    const payWork = Number((await sql(db, "SELECT min(id) FROM works WHERE community_id = 1 AND state = 'underway'")).trim());
    assert.ok(payWork > 0, 'the demo has a work under way');

    const stats = { kills: 0, acked: 0, ackedBy: { community: 0, unit: 0, notice: 0, problem: 0, verify: 0, ballot: 0, item: 0, opinion: 0, wish: 0, payment: 0, workpay: 0 },
      inFlightAtKill: 0, killsWithInFlight: 0, unanswered: 0, notice: { stayed: 0, advanced: 0 },
      integrityRuns: 0, auditRuns: 0, beyondList: 0, problemsListed: 0,
      problemsUnacked: 0, verifyCut: { applied: 0, not: 0 } };
    const unexpected = []; // non-2xx answers, or failures before the kill

    let srv = await serve(db, dir);
    {
      const made = await api(srv.url, '/api/v1/communities/1/decisions', { token: staff, method: 'POST',
        body: { title: 'dur 表决', matter: 'other' } });
      assert.equal(made.status, 201, made.text);
      decision = made.json.id;
      const pub = await api(srv.url, `/api/v1/decisions/${decision}/publish`, { token: staff, method: 'POST', body: {} });
      assert.equal(pub.status, 200, pub.text);
      await sql(db, `UPDATE decisions SET published_at = published_at - 100 * 86400 WHERE id = ${decision}`);
      const open = await api(srv.url, `/api/v1/decisions/${decision}/open`, { token: staff, method: 'POST', body: {} });
      assert.equal(open.status, 200, open.text);
      const d = await api(srv.url, '/api/v1/plans/1/draft', { token: staff, method: 'POST', body: {} });
      assert.equal(d.status, 201, d.text);
      draft = d.json.number;
    }
    const setupMs = Date.now() - t0;
    const first = await getJson(srv.url, '/api/v1/communities/1', staff);
    durable = first.settings.notice_days;

    // GET /api/v1/communities pages (limit at most 1,000, total counts all): the whole list is
    // read a page at a time after every restart. checkOne reads one community by id as well, so
    // both ways of reading agree.
    const seen = new Set(); // names verified after some restart
    async function checkOne(name, id, round) {
      const r = await api(srv.url, `/api/v1/communities/${id}`, { token: admin });
      assert.ok(r.status === 200 && r.json?.name === name,
        `after kill ${round}: acknowledged community ${name} (id ${id}) is missing: GET /api/v1/communities/${id} ${r.status} ${r.text}`);
    }
    async function checkProblem(id, want, round) {
      const r = await api(srv.url, `/api/v1/problems/${id}`, { token: staff });
      assert.ok(r.status === 200 && r.json?.description === want.description,
        `after kill ${round}: acknowledged problem ${id} (${want.description}) is missing: GET /api/v1/problems/${id} ${r.status} ${r.text.slice(0, 300)}`);
      checkState(id, want, r.json.state, round, 'GET /api/v1/problems/{id}');
    }
    function checkState(id, want, state, round, how) {
      if (want.verify === 'acked' || want.verify === 'applied')
        assert.ok(VERIFIED_OR_LATER.has(state), `after kill ${round}: problem ${id}'s verify step was ` +
          `${want.verify === 'acked' ? 'acknowledged' : 'seen applied after an earlier restart'} but ${how} says it is ${state}`);
      else if (want.verify === 'none')
        assert.equal(state, 'reported', `after kill ${round}: problem ${id} was never sent a verify but ${how} says it is ${state}`);
      else
        assert.ok(state === 'reported' || state === 'verified', `after kill ${round}: problem ${id} (verify cut off by the kill) is ${state}`);
    }
    // Every problem of community 1 through the paged API list (newest first, at most 1,000 a page;
    // nothing writes while it is read), then the acknowledged ones checked against it.
    async function verifyProblems(round, all) {
      const items = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await getJson(srv.url, `/api/v1/communities/1/problems?limit=1000&offset=${offset}`, staff);
        items.push(...page.items);
        if (page.items.length < 1000 || items.length >= page.total) break;
      }
      const have = new Map(items.map((p) => [p.id, p]));
      assert.equal(have.size, items.length, `after kill ${round}: the paged problem list repeats an id`);
      const acknowledged = [...problems];
      for (const [id, want] of acknowledged) {
        const got = have.get(id);
        assert.ok(got, `after kill ${round}: acknowledged problem ${id} (${want.description}) is missing from the list`);
        assert.equal(got.description, want.description, `after kill ${round}: problem ${id}'s description`);
        checkState(id, want, got.state, round, 'the list');
        if (want.verify === 'sent') { // the kill decided; what this restart shows is what is on disk
          if (got.state === 'verified') { want.verify = 'applied'; stats.verifyCut.applied++; }
          else { want.verify = 'none'; verifiable.push(id); stats.verifyCut.not++; }
        }
      }
      for (let i = 0; i < (all ? acknowledged.length : Math.min(SAMPLE, acknowledged.length)); i++) {
        const [id, want] = all ? acknowledged[i] : acknowledged[Math.floor(Math.random() * acknowledged.length)];
        await checkProblem(id, want, round);
      }
      stats.problemsListed = items.length;
      stats.problemsUnacked = items.filter((p) => p.description?.startsWith('dur-p-') && !problems.has(p.id)).length;
    }
    async function verify(round, { all = false } = {}) {
      const items = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await getJson(srv.url, `/api/v1/communities?limit=1000&offset=${offset}`, admin);
        items.push(...page.items);
        if (page.items.length < 1000 || items.length >= page.total) break;
      }
      const have = new Map(items.map((c) => [c.name, c.id]));
      const acknowledged = [...communities];
      for (const [name, id] of acknowledged) {
        assert.equal(have.get(name), id, `after kill ${round}: acknowledged community ${name} (id ${id}) is missing`);
        seen.add(name);
      }
      // and a sample read one by one, so the list and the single read agree
      for (let i = 0; i < (all ? acknowledged.length : Math.min(SAMPLE, acknowledged.length)); i++) {
        const [name, id] = all ? acknowledged[i] : acknowledged[Math.floor(Math.random() * acknowledged.length)];
        await checkOne(name, id, round);
      }
      stats.beyondList = items.length;
      for (let c = 0; c < CLIENTS; c++) {
        if (units[c].size === 0) continue;
        const rooms = new Set((await unitsOf(srv.url, staff, building(c)))
          .filter((u) => u.stairwell === '1单元').map((u) => u.room));
        for (const room of units[c]) {
          assert.ok(rooms.has(room), `after kill ${round}: acknowledged unit ${building(c)} 1单元 ${room} is missing`);
        }
      }
      const now = (await getJson(srv.url, '/api/v1/communities/1', staff)).settings.notice_days;
      const allowed = [durable, ...sentSince];
      assert.ok(allowed.includes(now), `after kill ${round}: notice_days is ${now}; the last acknowledged ` +
        `(or last seen after a restart) value was ${durable} and only ${JSON.stringify(sentSince)} were sent after it`);
      if (now !== durable) stats.notice.advanced++; else stats.notice.stayed++;
      durable = now;
      sentSince = [];
      await verifyProblems(round, all);
      await verifyBallots(round, all);
      await verifyItems(round);
      await verifyPayments(round);
      await verifyWorkPayments(round);
    }
    // Every acknowledged work payment in the work's list, the list's sum its "paid" and within its
    // budget (read through the API); every one on disk, acknowledged or not, with its audit row
    // (read with SQL: the row and its audit row are one transaction).
    async function verifyWorkPayments(round) {
      const l = await getJson(srv.url, `/api/v1/works/${payWork}/payments`, staff);
      const have = new Map(l.items.map((p) => [p.id, p]));
      for (const [id, reference] of workPays) {
        const got = have.get(id);
        assert.ok(got, `after kill ${round}: acknowledged work payment ${id} (${reference}) is missing`);
        assert.deepEqual([got.reference, got.amount], [reference, '1.00'], `after kill ${round}: work payment ${id}`);
      }
      const cents = (s) => Math.round(Number(s) * 100);
      assert.equal(l.items.reduce((sum, p) => sum + cents(p.amount), 0), cents(l.paid), `after kill ${round}: the work's paid`);
      assert.ok(cents(l.paid) <= cents(l.budget), `after kill ${round}: paid ${l.paid} beyond the budget ${l.budget}`);
      const bare = (await sql(db, "SELECT count(*) FROM work_payments p WHERE p.reference LIKE 'dur-wp-%' AND NOT EXISTS " +
        "(SELECT 1 FROM audit a WHERE a.community_id = p.community_id AND a.action = 'work_payment.record' AND a.object_id = p.id)")).trim();
      assert.equal(bare, '0', `after kill ${round}: a work payment without its audit row`);
    }
    // Every acknowledged payment with its number, its allocations adding up to its amount and its
    // entry balanced for that amount; no receipt number twice (read with SQL: what is on disk).
    async function verifyPayments(round) {
      const out = (await sql(db, 'SELECT p.id, p.receipt_no, p.amount, ' +
        '(SELECT coalesce(sum(a.amount), 0) FROM payment_allocations a WHERE a.community_id = p.community_id AND a.payment_id = p.id), ' +
        '(SELECT coalesce(sum(l.debit), 0) FROM journal_lines l WHERE l.community_id = p.community_id AND l.entry_id = p.entry_id), ' +
        '(SELECT coalesce(sum(l.credit), 0) FROM journal_lines l WHERE l.community_id = p.community_id AND l.entry_id = p.entry_id) ' +
        "FROM payments p WHERE p.community_id = 1 AND p.payer LIKE 'dur-%'")).trim();
      const have = new Map(out.split('\n').filter(Boolean).map((l) => { const [id, ...rest] = l.split('|'); return [Number(id), rest]; }));
      for (const [id, want] of payments) {
        const got = have.get(id);
        assert.ok(got, `after kill ${round}: acknowledged payment ${id} (${want.receipt_no}) is missing`);
        const [no, amount, allocated, debit, credit] = got;
        assert.equal(no, want.receipt_no, `after kill ${round}: payment ${id}'s receipt number`);
        assert.deepEqual([allocated, debit, credit], [amount, amount, amount],
          `after kill ${round}: payment ${id}'s allocations and journal entry (amount ${amount})`);
      }
      const twice = (await sql(db, 'SELECT count(*) FROM (SELECT receipt_no FROM payments WHERE community_id = 1 ' +
        'GROUP BY receipt_no HAVING count(*) > 1) d')).trim();
      assert.equal(twice, '0', `after kill ${round}: a receipt number is used twice`);
      // what a bill has been paid is kept on it, written with the allocations (schema/020): a
      // kill may cut a payment off, never leave the two apart
      const apart = (await sql(db, 'SELECT count(*) FROM bills b WHERE b.community_id = 1 AND b.paid <> ' +
        '(SELECT coalesce(sum(a.amount), 0) FROM payment_allocations a WHERE a.community_id = b.community_id ' +
        'AND a.bill_id = b.id)')).trim();
      assert.equal(apart, '0', `after kill ${round}: bills whose kept paid amount differs from their allocations`);
      // and so are the fee collections by bill month and month paid in (schema/022)
      assert.deepEqual(await keptCollections(db, 1), await collectionsOf(db, 1),
        `after kill ${round}: fee collections that differ from the allocations`);
    }
    async function verifyItems(round) {
      const p = await getJson(srv.url, `/api/v1/plans/1?version=${draft}`, staff);
      const have = new Set(p.items.map((i) => i.title));
      for (const title of items)
        assert.ok(have.has(title), `after kill ${round}: acknowledged plan item ${title} is missing from draft ${draft}`);
      const o = await getJson(srv.url, '/api/v1/plans/1/opinions?version=2', staff);
      const said = new Set(o.items.map((x) => x.body));
      for (const body of opinions)
        assert.ok(said.has(body), `after kill ${round}: acknowledged opinion ${body} is missing`);
      const w = await getJson(srv.url, '/api/v1/communities/1/wishes?state=open', staff);
      const open = new Set(w.items.map((x) => x.title));
      for (const title of wishes)
        assert.ok(open.has(title), `after kill ${round}: acknowledged small wish ${title} is missing`);
    }
    async function verifyBallots(round, all) {
      const t = await getJson(srv.url, `/api/v1/decisions/${decision}/turnout`, staff);
      assert.ok(t.participating.owners >= ballots.size,
        `after kill ${round}: ${ballots.size} ballots acknowledged but the count has ${t.participating.owners}`);
      const acked = [...ballots.keys()];
      for (let i = 0; i < (all ? acked.length : Math.min(SAMPLE, acked.length)); i++) {
        const ref = all ? acked[i] : acked[Math.floor(Math.random() * acked.length)];
        const r = await api(srv.url, `/api/v1/decisions/${decision}/ballots`, { token: staff, method: 'POST',
          body: { owner_ref: ref, choice: 'abstain', channel: 'paper', serial: 'again', signer: 'again' } });
        assert.ok(r.status === 409 && r.json?.error?.code === 'already_voted',
          `after kill ${round}: owner ${ref}'s acknowledged ballot is missing: a second one got ${r.status} ${r.text}`);
      }
      // the turnout the page shows is kept with each ballot (schema/023): a kill may cut a ballot
      // off, never leave the kept figure apart from the ballots on disk
      const counted = (await sql(db, 'SELECT count(*), coalesce(sum(v.area), 0) FROM ballots b JOIN decision_voters v ' +
        'ON v.community_id = b.community_id AND v.decision_id = b.decision_id AND v.voter = b.voter ' +
        `WHERE b.decision_id = ${decision} AND b.replaced_at IS NULL`)).trim();
      const kept = (await sql(db, `SELECT coalesce(sum(owners), 0), coalesce(sum(area), 0) FROM decision_turnout WHERE decision_id = ${decision}`)).trim();
      assert.equal(kept, counted, `after kill ${round}: the kept turnout differs from the live ballots`);
      assert.equal(Number(kept.split('|')[0]), t.participating.owners, `after kill ${round}: the turnout page's owners`);
      stats.ballotsCounted = t.participating.owners;
    }

    // One writer: loops until the kill, recording each write only after a complete 2xx.
    async function writer(c, state) {
      while (!state.killed) {
        const n = state.next[c]++;
        let op = ['community', 'unit', 'notice', 'problem'][(n + c) % 4];
        if (op === 'notice' && patchBusy) op = 'community';
        if (op === 'community' && Math.floor(n / 4) % 2 === 1) op = ['opinion', 'item', 'wish', 'payment', 'workpay'][Math.floor(n / 8) % 5];
        if (op === 'problem' && Math.floor(n / 4) % VERIFY_EVERY === 0 && verifiable.length) op = 'verify';
        else if (op === 'problem' && Math.floor(n / 4) % VERIFY_EVERY === 1 && voters.length) op = 'ballot';
        let p;
        if (op === 'workpay') {
          const reference = `dur-wp-${c}-${n}`;
          p = api(srv.url, `/api/v1/works/${payWork}/payments`, { token: staff, method: 'POST',
            body: { amount: '1.00', paid_on: shanghaiToday(), kind: 'progress', reference } })
            .then((r) => {
              if (r.status === 201) {
                assert.ok(Number.isInteger(r.json?.id), `work payment answer: ${r.text}`);
                workPays.set(r.json.id, reference);
                stats.ackedBy.workpay++;
              }
              return r;
            });
        } else if (op === 'payment') {
          const payer = `dur-${c}-${n}`;
          p = api(srv.url, '/api/v1/communities/1/payments', { token: committee, method: 'POST',
            body: { unit_id: payUnits[n % payUnits.length], amount: '1.00', method: n % 2 ? 'cash' : 'wechat', reference: payer, payer } })
            .then((r) => {
              if (r.status === 201) {
                assert.match(r.json?.receipt_no ?? '', /^\d{4}-\d{6}$/, `payment answer: ${r.text}`);
                payments.set(r.json.id, { receipt_no: r.json.receipt_no, payer });
                stats.ackedBy.payment++;
              }
              return r;
            });
        } else if (op === 'wish') {
          const title = `dur-w-${c}-${n} 帮忙买药`;
          p = api(srv.url, '/api/v1/communities/1/wishes', { token: staff, method: 'POST',
            body: { title, body: '', for_name: '王奶奶', unit: '2栋1单元201' } })
            .then((r) => {
              if (r.status === 201) {
                assert.ok(Number.isInteger(r.json?.id), `wish answer: ${r.text}`);
                wishes.add(title);
                stats.ackedBy.wish++;
              }
              return r;
            });
        } else if (op === 'opinion') {
          const body = `dur-o-${c}-${n} 道路请早点修`;
          p = api(srv.url, '/api/v1/plans/1/opinions', { token: staff, method: 'POST',
            body: { version: 2, item: 2, stance: 'suggest', body } })
            .then((r) => {
              if (r.status === 201) {
                assert.ok(Number.isInteger(r.json?.id), `opinion answer: ${r.text}`);
                opinions.add(body);
                stats.ackedBy.opinion++;
              }
              return r;
            });
        } else if (op === 'item') {
          const title = `dur-i-${c}-${n} 楼道粉刷`;
          p = api(srv.url, '/api/v1/plans/1/items', { token: staff, method: 'POST',
            body: { title, class: 'basic', mandatory: true, cost: '1000.00', funding: { government: '600.00', residents: '400.00' } } })
            .then((r) => {
              if (r.status === 201) {
                assert.ok(Number.isInteger(r.json?.key), `item answer: ${r.text}`);
                items.add(title);
                stats.ackedBy.item++;
              }
              return r;
            });
        } else if (op === 'ballot') {
          // an owner never sent a ballot: if the kill cuts this one off, that owner is not tried again
          const ref = voters.pop();
          const choice = ['yes', 'no', 'abstain'][n % 3];
          p = api(srv.url, `/api/v1/decisions/${decision}/ballots`, { token: staff, method: 'POST',
            body: { owner_ref: ref, choice, channel: 'paper', serial: `dur-${c}-${n}`, signer: `dur ${ref}` } })
            .then((r) => {
              if (r.status === 201) {
                assert.ok(Number.isInteger(r.json?.id), `ballot answer: ${r.text}`);
                ballots.set(ref, choice);
                stats.ackedBy.ballot++;
              }
              return r;
            });
        } else if (op === 'verify') {
          // a random acknowledged problem never sent a verify: report → verified (staff may)
          const id = verifiable.splice(Math.floor(Math.random() * verifiable.length), 1)[0];
          const want = problems.get(id);
          want.verify = 'sent';
          p = api(srv.url, `/api/v1/problems/${id}/steps`, { token: staff, method: 'POST', body: { action: 'verify' } })
            .then((r) => {
              if (r.status >= 200 && r.status < 300) {
                assert.equal(r.json?.state, 'verified', `verify answer for problem ${id}: ${r.text}`);
                want.verify = 'acked';
                stats.ackedBy.verify++;
              }
              return r;
            });
        } else if (op === 'problem') {
          const description = `dur-p-${c}-${n} 楼道灯不亮`;
          p = api(srv.url, '/api/v1/communities/1/problems', { token: staff, method: 'POST',
            body: { category: 'other', description, place: `dur ${c}` } })
            .then((r) => {
              if (r.status === 201) {
                assert.ok(Number.isInteger(r.json?.id), `report answer: ${r.text}`);
                problems.set(r.json.id, { description, verify: 'none' });
                verifiable.push(r.json.id);
                stats.ackedBy.problem++;
              }
              return r;
            });
        } else if (op === 'notice') {
          const v = (patchSeq++ % 90) + 1;
          patchBusy = true;
          sentSince.push(v);
          p = api(srv.url, '/api/v1/communities/1', { token: staff, method: 'PATCH', body: { settings: { notice_days: v } } })
            .then((r) => {
              if (r.status === 200) {
                assert.equal(r.json?.settings?.notice_days, v, `PATCH answer: ${r.text}`);
                durable = v;
                sentSince = [];
                stats.ackedBy.notice++;
              }
              return r;
            })
            .finally(() => { patchBusy = false; });
        } else if (op === 'unit') {
          const room = String(n);
          const csv = `building,stairwell,floor,room,area_m2\n${building(c)},1,1,${room},88.50\n`;
          p = api(srv.url, '/api/v1/communities/1/units/import', { token: staff, method: 'POST', body: csv, contentType: 'text/csv' })
            .then((r) => {
              if (r.status === 200) {
                assert.equal(r.json?.imported, 1, `import answer: ${r.text}`);
                units[c].add(room);
                stats.ackedBy.unit++;
              }
              return r;
            });
        } else {
          const name = `dur-${c}-${n}`;
          p = api(srv.url, '/api/v1/communities', { token: admin, method: 'POST', body: { name, jurisdiction_id: name } })
            .then((r) => {
              if (r.status === 201) {
                assert.ok(Number.isInteger(r.json?.id), `create answer: ${r.text}`);
                communities.set(name, r.json.id);
                stats.ackedBy.community++;
              }
              return r;
            });
        }
        state.inFlight++;
        try {
          const r = await p;
          if (r.status >= 200 && r.status < 300) stats.acked++;
          else unexpected.push(`client ${c} op ${op}: ${r.status} ${r.text.slice(0, 200)}`);
        } catch (e) {
          if (e?.code === 'ERR_ASSERTION') throw e;
          if (!state.killed) unexpected.push(`client ${c} op ${op} failed before the kill: ${e.message}`);
          else stats.unanswered++;
          return; // the server is gone
        } finally {
          state.inFlight--;
        }
      }
    }

    const prof = {};
    const next = Array(CLIENTS).fill(0).map((_, c) => c * 1_000_000); // keeps rooms/names unique
    for (let k = 1; k <= KILLS; k++) {
      const state = { killed: false, inFlight: 0, next };
      const writers = Promise.all(Array.from({ length: CLIENTS }, (_, c) => writer(c, state)));
      writers.catch(() => {}); // awaited after the kill; this only keeps a failure from being "unhandled" meanwhile
      let tp = Date.now();
      const phase = (name) => { const now = Date.now(); prof[name] = (prof[name] || 0) + now - tp; tp = now; };
      await sleep(rand(MIN_DELAY, MAX_DELAY));
      phase('load');
      state.killed = true;
      if (state.inFlight > 0) stats.killsWithInFlight++;
      stats.inFlightAtKill += state.inFlight;
      assert.ok(srv.alive(), `the server died by itself before kill ${k}:\n${srv.stderr()}`);
      const ex = await srv.kill();
      assert.equal(ex.signal, 'SIGKILL', `server exit before kill ${k}: ${JSON.stringify(ex)}\n${srv.stderr()}`);
      const bad = badStderr(srv.stderr());
      assert.equal(bad, null, `server stderr before kill ${k}: ${bad}\n${srv.stderr()}`);
      await writers;
      phase('kill');
      stats.kills++;
      assert.deepEqual(unexpected, [], `unexpected answers before kill ${k}`);

      if (k % INTEGRITY_EVERY === 0 || k === KILLS) {
        assert.equal(await integrity(db), 'ok', `integrity_check after kill ${k}`);
        stats.integrityRuns++;
        phase('integrity');
      }
      if (k % AUDIT_EVERY === 0 || k === KILLS) {
        const a = await auditVerify(db);
        assert.equal(a.code, 0, `audit verify after kill ${k}: ${a.stdout}${a.stderr}`);
        stats.auditRuns++;
        phase('audit');
      }
      srv = await serve(db, dir);
      phase('start');
      await verify(k, { all: k === KILLS });
      phase('verify');
    }
    // The last check with the server stopped, once more on the recovered database.
    const ex = await srv.kill();
    assert.equal(ex.signal, 'SIGKILL');
    assert.equal(await integrity(db), 'ok', 'final integrity_check');
    const a = await auditVerify(db);
    assert.equal(a.code, 0, `final audit verify: ${a.stdout}${a.stderr}`);
    stats.integrityRuns++;
    stats.auditRuns++;
    // every acknowledged ballot with the choice it was sent with, read from the stopped database
    const stored = new Map((await sql(db, `SELECT o.owner_ref, b.choice FROM ballots b JOIN owners o ON o.community_id = b.community_id ` +
      `AND o.id = b.voter WHERE b.decision_id = ${decision} AND b.replaced_at IS NULL`)).trim().split('\n')
      .filter(Boolean).map((l) => l.split('|')));
    for (const [ref, choice] of ballots) assert.equal(stored.get(ref), choice, `owner ${ref}'s acknowledged ballot`);

    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    const unitsTotal = units.reduce((s, u) => s + u.size, 0);
    const verifiedAcked = [...problems.values()].filter((p) => p.verify === 'acked' || p.verify === 'applied').length;
    t.diagnostic(`durability: ${stats.kills} SIGKILLs in ${secs} s; ${stats.acked} writes acknowledged ` +
      `(${stats.ackedBy.community} community creations, ${stats.ackedBy.unit} unit imports, ${stats.ackedBy.notice} notice_days changes, ` +
      `${stats.ackedBy.problem} problem reports, ${stats.ackedBy.verify} verify steps, ${stats.ackedBy.ballot} ballots, ${stats.ackedBy.item} plan items, ${stats.ackedBy.opinion} opinions, ${stats.ackedBy.wish} small wishes, ${stats.ackedBy.payment} payments, ${stats.ackedBy.workpay} work payments); ` +
      `all verified after the last restart: ${communities.size} communities, ${unitsTotal} units, ${problems.size} problems ` +
      `(${verifiedAcked} of them verified, as acknowledged or as seen after a restart), ${ballots.size} ballots (each refused a second time, ` +
      `${stats.ballotsCounted} counted), ${items.size} plan items in the draft, ${opinions.size} opinions, ${wishes.size} small wishes, ${payments.size} payments with their allocations and entries, ${workPays.size} work payments, and notice_days = the last acknowledged value or a later one; ` +
      `0 lost (${stats.beyondList} communities and ${stats.problemsListed} problems read back through the paged lists)`);
    t.diagnostic(`durability: ${stats.killsWithInFlight}/${stats.kills} kills with requests in flight ` +
      `(${stats.inFlightAtKill} in all, ${stats.unanswered} cut off); notice_days after restart: ` +
      `${stats.notice.advanced} times an unacknowledged later value, ${stats.notice.stayed} the last acknowledged; ` +
      `${stats.problemsUnacked} problem reports cut off by a kill were there anyway; verify steps cut off by a kill: ` +
      `${stats.verifyCut.applied} applied, ${stats.verifyCut.not} not (sent again later); ` +
      `integrity_check ${stats.integrityRuns}× ok, audit verify ${stats.auditRuns}× ok; ${(await dbCounts(db))}`);
    t.diagnostic(`durability: time by phase (ms): ${JSON.stringify(prof)}; setup ${setupMs}`);
    assert.ok(stats.killsWithInFlight >= stats.kills * 0.9, 'most kills should land with requests in flight');
    passed = true;
  });
});

async function dbCounts(db) {
  const out = (await sql(db, "SELECT (SELECT count(*) FROM communities WHERE name LIKE 'dur-%'), " +
    "(SELECT count(*) FROM problems WHERE description LIKE 'dur-p-%'), (SELECT count(*) FROM audit)")).trim();
  const [c, p, audit] = out.split('|');
  return `database: ${c} dur- communities, ${p} dur-p- problems, ${audit} audit rows`;
}

// Bills for the payment writers (the fees slice makes them in the product; here SQL does): one
// billing run over the first 50 units of 4栋, 1000.00 each, with its balanced journal entry.
// Resolves to the units' ids.
async function billUnits(db) {
  const one = async (q) => (await sql(db, q)).trim();
  const by = await one("SELECT id FROM accounts WHERE name = 'committee'");
  const units = (await one("SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.community_id = 1 " +
    "AND b.name = '4栋' ORDER BY u.id LIMIT 50")).split('\n').map(Number);
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  const month = d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
  const total = units.length * 100000;
  const entry = await one(`INSERT INTO journal_entries (community_id, month, kind, ref_type, ref_id, memo, created_by, created_at) ` +
    `VALUES (1, ${month}, 'billing', 'billing_run', 0, 'dur', ${by}, 0) RETURNING id`);
  await sql(db, `INSERT INTO journal_lines (community_id, entry_id, position, account, debit, credit) VALUES ` +
    `(1, ${entry}, 1, 'receivable', ${total}, 0), (1, ${entry}, 2, 'fee_income', 0, ${total})`);
  await sql(db, addToMonthSums(1, entry));
  const run = await one(`INSERT INTO billing_runs (community_id, first_month, months, bills, total, entry_id, created_by, created_at) ` +
    `VALUES (1, ${month}, 1, ${units.length}, ${total}, ${entry}, ${by}, 0) RETURNING id`);
  await sql(db, `INSERT INTO bills (community_id, unit_id, run_id, first_month, last_month, area, price_months, area_fee, ` +
    `fixed_fee, relief, total, created_at) SELECT 1, id, ${run}, ${month}, ${month}, area, 0, 100000, 0, 0, 100000, 0 FROM units ` +
    `WHERE community_id = 1 AND id IN (${units.join(', ')})`);
  // the run's bills are read as its stretch of ids, as store_billing_run records it (schema/018)
  await sql(db, `UPDATE billing_runs SET first_bill = (SELECT min(id) FROM bills WHERE run_id = ${run}), ` +
    `last_bill = (SELECT max(id) FROM bills WHERE run_id = ${run}) WHERE id = ${run}`);
  return units;
}
