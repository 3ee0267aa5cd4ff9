// decisions.mjs: helpers for the owners' decisions tests — a compound of known areas made through
// the import API (so every boundary of Art. 278 can be built to the hundredth of a m²), a
// decision created, published and opened in one call (the notice period passed by moving its
// publication back in the database: the period itself has its own test), ballots, and the
// counts a refused request must leave as they were.
import assert from 'node:assert/strict';
import { yuanli, sql } from './server.mjs';
import { api, tokenFor, HEADER } from './registry.mjs';

const DAY = 86400;

/**
 * A new community with `rows` (CSV lines after HEADER) imported by staff; staff (the demo's
 * `staff`) is granted staff there. Resolves to {cid}.
 */
export async function compound(srv, admin, staff, name, rows) {
  const made = await admin.post('/api/v1/communities', { name });
  assert.equal(made.status, 201, made.text);
  const cid = made.json.id;
  const g = await yuanli(['user', 'roles', 'staff', '--grant', `staff@${cid}`, '--db', srv.db]);
  assert.equal(g.code, 0, g.stderr);
  const r = await staff.importCsv(cid, [HEADER, ...rows].join('\n') + '\n');
  assert.equal(r.status, 200, r.text);
  return { cid };
}

/** One CSV line: a person's unit in `building`, stairwell 1 unless given. */
export function unit(building, room, area, ref, { stairwell = 1, kind = 'person', status = 'delivered' } = {}) {
  return `${building},${stairwell},1,${room},${area},register,${ref},业主${ref},${kind},${status}`;
}

/** Creates a decision in community cid; resolves to its id. */
export async function draft(a, cid, body) {
  const r = await a.post(`/api/v1/communities/${cid}/decisions`, { title: '测试事项', matter: 'other', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

/** Publishes decision id and moves its publication back past any notice period. */
export async function published(a, db, id) {
  const r = await a.post(`/api/v1/decisions/${id}/publish`, {});
  assert.equal(r.status, 200, r.text);
  await sql(db, `UPDATE decisions SET published_at = published_at - ${60 * DAY} WHERE id = ${Number(id)}`);
  return r.json;
}

/** A decision created, published and opened; resolves to its id. */
export async function openDecision(a, db, cid, body) {
  const id = await draft(a, cid, body);
  await published(a, db, id);
  const r = await a.post(`/api/v1/decisions/${id}/open`, {});
  assert.equal(r.status, 200, r.text);
  return id;
}

/** A paper ballot staff enters for owner_ref; resolves to the response. */
export function paper(a, id, ref, choice, extra = {}) {
  return a.post(`/api/v1/decisions/${id}/ballots`, {
    owner_ref: ref, choice, channel: 'paper', serial: `S-${ref}`, signer: `业主${ref}`, ...extra,
  });
}

/** Enters every {ref: choice} as paper ballots, asserting each is taken; then closes. */
export async function voteAndClose(a, id, votes) {
  for (const [ref, choice] of Object.entries(votes)) {
    const r = await paper(a, id, ref, choice);
    assert.equal(r.status, 201, `${ref}: ${r.text}`);
  }
  const c = await a.post(`/api/v1/decisions/${id}/close`, {});
  assert.equal(c.status, 200, c.text);
  const res = await a.get(`/api/v1/decisions/${id}/result`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** Counts (and the kept turnout) that a refused request must leave as they were. */
export async function state(db) {
  const counts = ['decisions', 'ballots', 'audit', 'decision_voters', 'decision_results']
    .map((t) => `(SELECT count(*) FROM ${t})`)
    .concat(['draft', 'published', 'open', 'closed', 'announced']
      .map((s) => `(SELECT count(*) FROM decisions WHERE state = '${s}')`))
    .concat(['(SELECT coalesce(sum(owners), 0) FROM decision_turnout)', '(SELECT coalesce(sum(area), 0) FROM decision_turnout)'])
    .map((e) => `CAST(${e} AS TEXT)`).join(" || '|' || ");
  return (await sql(db, `SELECT ${counts}`)).trim();
}

export { api, tokenFor };
