// The DreamHost DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as dreamhost from '../../firmware/providers/api/dreamhost';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startDreamhost } from '../../host-sim/world/dreamhost.mjs';

const rig = apiRig(dreamhost, {
  start: startDreamhost,
  fake: () => ({ key: 'DK', records: [
    { name: 'example.com', type: 'MX', value: 'mx1.mail.dreamhost.com', editable: false },
    { name: 'home.example.com', type: 'A', value: '198.51.100.1' },
    { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
    { name: 'example.com', type: 'A', value: '198.51.100.9', editable: false },
  ] }),
  opts: (fake) => ({ domain: 'home.example.com', password: 'DK', api_url: fake.apiUrl }),
});
const update = rig.update;
const values = (fake: any, name: string, type: string) =>
  fake.records.filter((r: any) => r.record === name && r.type === type).map((r: any) => r.value);

test('dreamhost: list, add the new address, remove the old one, good; unique_id new each time', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.query.cmd), ['dns-list_records', 'dns-add_record', 'dns-remove_record']);
  assert.deepEqual([fake.requests[1].query.record, fake.requests[1].query.type, fake.requests[1].query.value], ['home.example.com', 'A', '203.0.113.5']);
  assert.equal(fake.requests[2].query.value, '198.51.100.1');
  assert.equal(new Set(fake.requests.map((q: any) => q.query.unique_id)).size, 3);
  assert.deepEqual(values(fake, 'home.example.com', 'A'), ['203.0.113.5']);
  assert.deepEqual(values(fake, 'home.example.com', 'AAAA'), ['2001:db8::1']);
}));

test('dreamhost: same address -> nochg; AAAA; a missing record is added', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '2001:db8::2')).word, 'good');
  assert.deepEqual(values(fake, 'home.example.com', 'AAAA'), ['2001:db8::2']);
  const r = await update({ domain: 'new.example.com' }, '203.0.113.8');
  assert.equal(r.word, 'good');
  assert.match(r.text!, /added/);
  assert.deepEqual(values(fake, 'new.example.com', 'A'), ['203.0.113.8']);
}));

test('dreamhost: a record DreamHost manages -> nohost without a write', () => rig.withFake(async (fake) => {
  const r = await update({ domain: 'example.com' }, '203.0.113.5');
  assert.equal(r.word, 'nohost');
  assert.match(r.text!, /not editable/);
  assert.equal(fake.requests.length, 1);
}));

test('dreamhost: bad key -> badauth; unknown zone -> nohost; slow_down -> 429; HTTP 5xx -> status', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'bad' });
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /invalid_api_key/);
  const z = await update({ domain: 'home.example.org' });
  assert.equal(z.word, 'nohost');
  assert.match(z.text!, /no_such_zone/);
  fake.failNext(200, 'error\nslow_down_bucko\n');
  assert.equal((await update()).status, 429);
  fake.failNext(503, 'unavailable');
  assert.equal((await update()).status, 503);
}));

test('dreamhost: a failed remove says both addresses are there', () => rig.withFake(async (fake) => {
  fake.failNext(200, 'success\naccount_id\tzone\trecord\ttype\tvalue\tcomment\teditable\n1\texample.com\thome.example.com\tA\t198.51.100.7\t\t1\n');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'nohost');
  assert.match(r.text!, /no_such_record \(203\.0\.113\.5 was added, the old address 198\.51\.100\.7 is still there\)/);
}));

test('dreamhost: network error -> err', async () => {
  assert.equal((await rig.unreachable()).err, 'refused');
});
