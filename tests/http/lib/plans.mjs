// plans.mjs: renovation plans for the HTTP tests (issue 8) — a plan made, items put into its
// draft, a version published, each asserting the server took it.
import assert from 'node:assert/strict';

/** A funded item body: cost all from the government unless funding is given. */
export function itemBody(extra = {}) {
  const cost = extra.cost ?? '100000.00';
  return {
    title: '雨污分流', description: '更换主管', class: 'basic', mandatory: true,
    scope: { type: 'community' }, place: '', cost, funding: { government: cost }, ...extra,
  };
}

/** Creates a plan in community cid; resolves to its id. */
export async function makePlan(a, cid, title = '中南家园改造方案') {
  const r = await a.post(`/api/v1/communities/${cid}/plans`, { title, summary: '' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

/** Adds an item to plan id's draft; resolves to its key. */
export async function addItem(a, id, extra = {}) {
  const r = await a.post(`/api/v1/plans/${id}/items`, itemBody(extra));
  assert.equal(r.status, 201, r.text);
  return r.json.key;
}

/** Publishes plan id's draft; resolves to the version number. */
export async function publish(a, id, body = {}) {
  const r = await a.post(`/api/v1/plans/${id}/publish`, { changelog: '修订', ...body });
  assert.equal(r.status, 200, r.text);
  return r.json.number;
}
