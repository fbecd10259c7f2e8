// The BlazingFast API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as blazingfast from '../../firmware/providers/api/blazingfast';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startBlazingfast } from '../../host-sim/world/blazingfast.mjs';

const rig = apiRig(blazingfast, {
  start: startBlazingfast,
  fake: () => ({ user: 'U', pass: 'P', service: '101', zone: '7',
    records: [{ id: 10, name: 'home', type: 'A', content: '198.51.100.1' }, { id: 11, name: 'home', type: 'AAAA', content: '2001:db8::1' }] }),
  opts: (fake) => ({ username: 'U', password: 'P', domain: 'home', param_opt: 'service_id=101 zone_id=7 record_id=10', api_url: fake.apiUrl }),
});
const update = rig.update;

test('blazingfast: different address -> login, zone, PUT with the bearer token, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.method + ' ' + q.path),
    ['POST /api/login', 'GET /api/service/101/dns/7', 'PUT /api/service/101/dns/7/records/10']);
  assert.deepEqual(Object.fromEntries(new URLSearchParams(fake.requests[0].body)), { username: 'U', password: 'P' });
  assert.ok(fake.tokens.has(fake.requests[2].headers.authorization.slice(7)));
  assert.deepEqual(fake.requests[2].json, { name: 'home', ttl: 300, priority: 0, type: 'A', content: '203.0.113.5' });
  assert.equal(fake.records[0].content, '203.0.113.5');
}));

test('blazingfast: same address -> nochg; wrong record type or id -> nohost; ids missing -> badsys', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '2001:db8::5')).word, 'nohost');
  assert.equal((await update({ param_opt: 'service_id=101&zone_id=7&record_id=11&ttl=60' }, '2001:db8::5')).word, 'good');
  assert.equal(fake.requests[fake.requests.length - 1].json.ttl, 60);
  assert.equal((await update({ param_opt: 'service_id=101&zone_id=7&record_id=99' }, '203.0.113.5')).word, 'nohost');
  const n = fake.requests.length;
  assert.equal((await update({ param_opt: 'service_id=101&zone_id=7' }, '203.0.113.5')).word, 'badsys');
  assert.equal(fake.requests.length, n);
}));

test('blazingfast: bad login -> badauth; unknown zone -> nohost; 5xx; network error', () => rig.withFake(async (fake) => {
  assert.equal((await update({ password: 'x' }, '203.0.113.5')).word, 'badauth');
  assert.equal((await update({ param_opt: 'service_id=101&zone_id=8&record_id=10' }, '203.0.113.5')).word, 'nohost');
  fake.failNext(500, undefined, {}, 'PUT');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
