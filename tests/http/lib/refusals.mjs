// refusals.mjs: how the HTTP tests show that a refused request was refused as the API promises
// (status, error code, the field named) and changed nothing (what state() reads is the same after).
import assert from 'node:assert/strict';

/** unchangedBy(state) → unchanged(fn, what): runs fn, asserts state() reads the same before and
 *  after it, and resolves to fn's answer. state: whatever a refused write could have touched. */
export function unchangedBy(state) {
  return async (fn, what) => {
    const before = await state();
    const r = await fn();
    assert.equal(await state(), before, `${what}: something changed`);
    return r;
  };
}

/** The API's error envelope: the status, and the error's code and field when given; resolves to
 *  the error's message, for the tests that read what it says. */
export function refusedWith(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  if (code) assert.equal(r.json?.error?.code, code, r.text);
  if (field) assert.equal(r.json?.error?.field, field, r.text);
  return r.json?.error?.message;
}
