// The netcup CCP DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as netcup from '../../firmware/providers/api/netcup';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startNetcup } from '../../host-sim/world/netcup.mjs';

const rig = apiRig(netcup, {
  start: startNetcup,
  fake: () => ({ customer: '4711', apikey: 'AK', apipassword: 'AP', zones: ['example.com', 'example.co.uk'],
    records: [{ name: 'home.example.com', type: 'A', value: '198.51.100.1' }, { name: 'example.co.uk', type: 'A', value: '198.51.100.9' }] }),
  opts: (fake) => ({ username: '4711', password: 'AP', param_enc: 'AK', domain: 'home.example.com', api_url: fake.apiUrl }),
});
const update = rig.update;
const actions = (fake: any) => fake.requests.map((q: any) => q.json.action);

test('netcup: different address -> login, infoDnsRecords, updateDnsRecords, logout; good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(actions(fake), ['login', 'infoDnsRecords', 'updateDnsRecords', 'logout']);
  assert.deepEqual(fake.requests[0].json.param, { apipassword: 'AP', customernumber: '4711', apikey: 'AK' });
  const up = fake.requests[2].json.param;
  assert.equal(up.domainname, 'example.com');
  assert.equal(up.apipassword, undefined);
  assert.deepEqual(up.dnsrecordset.dnsrecords, [{ id: '100', hostname: 'home', type: 'A', priority: '0', destination: '203.0.113.5', deleterecord: false }]);
  assert.equal(fake.records[0].destination, '203.0.113.5');
  assert.equal(fake.sessions.size, 0, 'the session is closed');
}));

test('netcup: same address -> nochg (and logout); the zone from param_opt; @ for the zone itself', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.deepEqual(actions(fake), ['login', 'infoDnsRecords', 'logout']);
  assert.equal((await update({ domain: 'example.co.uk', param_opt: 'example.co.uk' }, '198.51.100.9')).word, 'nochg');
  assert.equal(fake.requests[4].json.param.domainname, 'example.co.uk');
}));

test('netcup: bad password -> badauth; unknown zone or record -> nohost', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'x' }, '203.0.113.5');
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /4013/);
  assert.equal((await update({ param_enc: 'x' }, '203.0.113.5')).word, 'badauth');
  assert.equal((await update({ domain: 'home.example.org' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ domain: 'nope.example.com' }, '203.0.113.5')).word, 'nohost');
}));

test('netcup: a refused update -> badsys; 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.refuse('updateDnsRecords', 5028, 'Permission denied.');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'badsys');
  assert.match(r.text!, /5028 Permission denied/);
  assert.equal(fake.requests[fake.requests.length - 1].json.action, 'logout', 'the session is ended after a refusal too');
  assert.equal(fake.sessions.size, 0);
  fake.refuse('logout', 4001, 'The session id is not in a valid format.');
  assert.equal((await update({}, '203.0.113.6')).word, 'good', 'a refused logout does not change the outcome');
  fake.failNext(503);
  assert.equal((await update({}, '203.0.113.5')).status, 503);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
