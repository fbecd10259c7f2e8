// The Beget API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as beget from '../../firmware/providers/api/beget';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startBeget } from '../../host-sim/world/beget.mjs';

const names = () => ({
  'home.example.com': { A: [{ value: '198.51.100.1', priority: 10 }], MX: [{ value: 'mx.example.com', priority: 10 }] },
});

const rig = apiRig(beget, {
  start: startBeget,
  fake: () => ({ login: 'L', passwd: 'P&w', names: names() }),
  opts: (fake) => ({ username: 'L', password: 'P&w', domain: 'home.example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('beget: different address -> getData then changeRecords keeping the other records, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.path), ['/api/dns/getData', '/api/dns/changeRecords']);
  const f = new URLSearchParams(fake.requests[1].body);
  assert.deepEqual([f.get('login'), f.get('passwd'), f.get('input_format'), f.get('output_format')], ['L', 'P&w', 'json', 'json']);
  assert.deepEqual(JSON.parse(f.get('input_data')!), { fqdn: 'home.example.com',
    records: { A: [{ value: '203.0.113.5', priority: 10 }], MX: [{ value: 'mx.example.com', priority: 10 }] } });
  assert.deepEqual(fake.names['home.example.com'].MX, [{ value: 'mx.example.com', priority: 10 }]);
}));

test('beget: same address -> nochg; AAAA is added beside A', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal(fake.requests.length, 1);
  assert.equal((await update({}, '2001:db8::5')).word, 'good');
  assert.deepEqual(Object.keys(fake.names['home.example.com']).sort(), ['A', 'AAAA', 'MX']);
}));

test('beget: AUTH_ERROR -> badauth; unknown name -> nohost; INVALID_DATA -> stop', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'x' }, '203.0.113.5');
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /AUTH_ERROR/);
  assert.equal((await update({ domain: 'nope.example.com' }, '203.0.113.5')).word, 'nohost');
  fake.failNext(200, { status: 'success', answer: { status: 'error', errors: [{ error_code: 'INVALID_DATA', error_text: 'bad' }] } }, {}, 'changeRecords');
  assert.equal((await update({}, '203.0.113.5')).word, 'badsys');
}));

test('beget: 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(503);
  assert.equal((await update({}, '203.0.113.5')).status, 503);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
