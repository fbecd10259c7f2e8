// The PowerDNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as pdns from '../../firmware/providers/api/pdns';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startPdns } from '../../host-sim/world/pdns.mjs';

const rig = apiRig(pdns, {
  start: startPdns,
  fake: () => ({ key: 'PK', zones: ['example.com'], records: [{ name: 'home.example.com', type: 'A', value: '198.51.100.1' }] }),
  opts: (fake) => ({ username: 'home', password: 'PK', domain: 'example.com', param_opt: fake.apiUrl }),
});
const update = rig.update;

test('pdns: one PATCH replacing the rrset, 204 -> good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 1);
  const q = fake.requests[0];
  assert.deepEqual([q.method, q.path, q.headers['x-api-key']], ['PATCH', '/api/v1/servers/localhost/zones/example.com.', 'PK']);
  assert.deepEqual(q.json, { rrsets: [{ name: 'home.example.com.', type: 'A', ttl: 600, changetype: 'REPLACE',
    records: [{ content: '203.0.113.5', disabled: false }] }] });
  assert.deepEqual(fake.records.find((s: any) => s.name === 'home.example.com.').records, [{ content: '203.0.113.5', disabled: false }]);
}));

test('pdns: @ is the zone apex; AAAA; a trailing / on the URL and a dot on the zone', () => rig.withFake(async (fake) => {
  assert.equal((await update({ username: '@', domain: 'example.com.', param_opt: fake.apiUrl + '/' }, '2001:db8::5')).word, 'good');
  assert.deepEqual([fake.requests[0].path, fake.requests[0].json.rrsets[0].name, fake.requests[0].json.rrsets[0].type],
    ['/api/v1/servers/localhost/zones/example.com.', 'example.com.', 'AAAA']);
}));

test('pdns: bad key -> badauth; unknown zone -> nohost; param_opt not a URL -> badsys, nothing sent', () => rig.withFake(async (fake) => {
  assert.equal((await update({ password: 'no' }, '203.0.113.5')).word, 'badauth');
  const z = await update({ domain: 'example.org' }, '203.0.113.5');
  assert.equal(z.word, 'nohost');
  assert.match(z.text!, /Could not find domain/);
  assert.equal((await update({ param_opt: 'pdns.lan:8081' }, '203.0.113.5')).word, 'badsys');
  assert.equal(fake.requests.length, 2);
}));

test('pdns: 422 -> stop status; 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(422, { error: 'RRset home.example.com. IN A: Conflicts with pre-existing RRset' });
  const r = await update({}, '203.0.113.5');
  assert.equal(r.status, 422);
  assert.match(r.text!, /Conflicts/);
  fake.failNext(500);
  assert.equal((await update({}, '203.0.113.5')).status, 500);
  const u = await rig.unreachable({}, '203.0.113.5');
  assert.equal(u.err, 'refused');
}));
