// The freedns.42.pl XML-RPC provider against a local fake of the documented interface.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as freedns42 from '../../firmware/providers/api/freedns42';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startFreedns42 } from '../../host-sim/world/freedns42.mjs';

const rig = apiRig(freedns42, {
  start: startFreedns42,
  fake: () => ({ user: 'U', password: 'p<&>', zones: { 'example.com': { home: ['198.51.100.1', '198.51.100.2'], '': ['198.51.100.9'] } } }),
  opts: (fake) => ({ username: 'U', password: 'p<&>', domain: 'home@example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('freedns42: one xname.updateArecord call replacing every address, serial -> good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 1);
  const b = fake.requests[0].body;
  assert.match(b, /<methodName>xname\.updateArecord<\/methodName>/);
  for (const m of ['<name>name</name><value><string>home</string>', '<name>zone</name><value><string>example.com</string>',
    '<name>oldaddress</name><value><string>*</string>', '<name>newaddress</name><value><string>203.0.113.5</string>',
    '<name>password</name><value><string>p&lt;&amp;&gt;</string>']) assert.ok(b.includes(m), m);
  assert.deepEqual(fake.zones['example.com'].home, ['203.0.113.5']);
}));

test('freedns42: a full name and the zone itself; IPv6 refused before sending', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'home.example.com' }, '203.0.113.6')).word, 'good');
  assert.equal((await update({ domain: '@example.com' }, '203.0.113.7')).word, 'good');
  assert.deepEqual(fake.zones['example.com'][''], ['203.0.113.7']);
  assert.equal((await update({}, '2001:db8::1')).word, 'badsys');
  assert.equal((await update({ domain: 'example' }, '203.0.113.7')).word, 'notfqdn');
  assert.equal(fake.requests.length, 2);
}));

test('freedns42: faults -> badauth / nohost', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'x' }, '203.0.113.5');
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /Login failed/);
  assert.equal((await update({ domain: 'home@example.org' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ domain: 'nope@example.com' }, '203.0.113.5')).word, 'nohost');
}));

test('freedns42: 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(502);
  assert.equal((await update({}, '203.0.113.5')).status, 502);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
