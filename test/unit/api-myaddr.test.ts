// The myaddr.tools provider against a local fake of its update form.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as myaddr from '../../firmware/providers/api/myaddr';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startMyaddr } from '../../host-sim/world/myaddr.mjs';

const rig = apiRig(myaddr, {
  start: startMyaddr,
  fake: () => ({ keys: { 'k&y=1': 'home.myaddr.tools' } }),
  opts: (fake) => ({ domain: 'home.myaddr.tools', password: 'k&y=1', api_url: fake.apiUrl }),
});
const update = rig.update;

test('myaddr: one form POST with key and ip (URL-encoded) -> good; IPv6 sets AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  const q = fake.requests[0];
  assert.deepEqual([q.method, q.path, q.headers['content-type']], ['POST', '/update', 'application/x-www-form-urlencoded']);
  assert.equal(q.body, 'key=k%26y%3D1&ip=203.0.113.5');
  assert.equal((await update({}, '2001:db8::5')).word, 'good');
  assert.deepEqual(fake.addrs, { 'home.myaddr.tools/A': '203.0.113.5', 'home.myaddr.tools/AAAA': '2001:db8::5' });
}));

test('myaddr: unknown key (404) -> badauth; 400 -> refused; 5xx -> status', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'nope' });
  assert.deepEqual([a.word, a.status], ['badauth', 404]);
  assert.match(a.text!, /key not known \(key not found\)/);
  fake.failNext(400, 'invalid ip');
  const b = await update();
  assert.deepEqual([b.word, b.status], [undefined, 400]);
  assert.match(b.text!, /invalid ip/);
  fake.failNext(502, 'bad gateway');
  assert.equal((await update()).status, 502);
}));

test('myaddr: no key -> badauth without a request; network error -> err', async () => {
  await rig.withFake(async (fake) => {
    assert.equal((await update({ password: '' })).word, 'badauth');
    assert.equal(fake.requests.length, 0);
  });
  assert.equal((await rig.unreachable()).err, 'refused');
});
