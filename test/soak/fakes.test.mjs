// What the soak adds to the simulator and its world: the NAT-PMP router fake (RFC 6886 section
// 3.2: the external address request, its 12-byte answer, result 3 without a WAN address, the
// announcement on a change), the fault switches of the fakes, and the flash wear counters.
import test from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatPmp } from '../../host-sim/world/natpmp.mjs';
import { startCheckIp } from '../../host-sim/world/checkip.mjs';
import { startDns, RecordStore } from '../../host-sim/world/index.mjs';
import { Flash, PAGES } from '../../host-sim/espruino/flash.mjs';

// One datagram to host:port, the first answer (or null after ms).
async function ask(host, port, bytes, ms = 300) {
  const s = dgram.createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  const got = new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), ms);
    s.on('message', (m) => { clearTimeout(t); resolve(m); });
  });
  s.send(Buffer.from(bytes), port, host);
  const m = await got;
  s.close();
  return m;
}

test('NAT-PMP fake: the address request, result 3 without WAN, the announcement, down', async (t) => {
  let now = 1000000;
  const r = await startNatPmp({ host: '127.0.0.1', port: 0, ip: '198.51.100.7', clock: () => now });
  t.after(() => r.close());
  now += 5000;
  const a = await ask('127.0.0.1', r.port, [0, 0]);
  assert.deepEqual([...a], [0, 128, 0, 0, 0, 0, 0, 5, 198, 51, 100, 7], 'version 0, op 128, result 0, epoch 5 s, address');
  const other = await ask('127.0.0.1', r.port, [0, 1]);
  assert.equal(other[1], 129);
  assert.equal(other.readUInt16BE(2), 5, 'a mapping request: unsupported opcode');
  // a change is announced to the listener, with the epoch restarted
  const listener = dgram.createSocket('udp4');
  await new Promise((res) => listener.bind(0, '127.0.0.1', res));
  t.after(() => listener.close());
  const heard = new Promise((res) => listener.on('message', (m, info) => res({ m, info })));
  r.setIp('203.0.113.9', listener.address().port);
  const { m, info } = await heard;
  assert.deepEqual([...m], [0, 128, 0, 0, 0, 0, 0, 0, 203, 0, 113, 9]);
  assert.equal(info.port, r.port, 'from the router port');
  r.setIp(null);
  const none = await ask('127.0.0.1', r.port, [0, 0]);
  assert.equal(none.readUInt16BE(2), 3);
  assert.deepEqual([...none.subarray(8)], [0, 0, 0, 0]);
  r.setDown(true);
  assert.equal(await ask('127.0.0.1', r.port, [0, 0], 150), null);
  assert.equal(r.requests.length, 4);
});

function get(port) {
  return new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let b = '';
      res.on('data', (d) => { b += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: b }));
    }).on('error', (e) => resolve({ err: e.code }));
  });
}

test('HTTP fakes: an outage answers every request with its 5xx; down refuses connections', async (t) => {
  const c = await startCheckIp({ ip: '198.51.100.3', style: 'plain' });
  t.after(() => c.close());
  assert.deepEqual(await get(c.port), { status: 200, body: '198.51.100.3\n' });
  c.setOutage(503);
  assert.equal((await get(c.port)).status, 503);
  assert.equal((await get(c.port)).status, 503);
  c.setOutage(null);
  assert.equal((await get(c.port)).status, 200);
  c.setDown(true);
  assert.equal((await get(c.port)).err, 'ECONNREFUSED');
  c.setDown(false);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal((await get(c.port)).status, 200);
});

test('DNS fake: down answers nothing', async (t) => {
  const records = new RecordStore();
  records.set('a.example.com', 'A', '192.0.2.5');
  const d = await startDns({ records, zones: ['example.com'] });
  t.after(() => d.close());
  const q = Buffer.from('abcd010000010000000000000161076578616d706c6503636f6d0000010001', 'hex');
  assert.ok(await ask('127.0.0.1', d.port, q));
  d.setDown(true);
  assert.equal(await ask('127.0.0.1', d.port, q, 150), null);
});

test('flash wear: bytes per file, the space new files take, erases per page at a compaction', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wear-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = new Flash(dir);
  f.create('st.a', Buffer.from('0123456789'));
  f.create('st.a', Buffer.from('abcdefghij'));
  f.create('log\x01', Buffer.alloc(4064, 0xff));
  f.patch('log\x01', 0, Buffer.from('line\n'));
  assert.deepEqual(f.wear.bytes, { 'st.a': 20, 'log\x01': 5 });
  assert.deepEqual(f.wear.creates, { 'st.a': 2, 'log\x01': 1 });
  assert.equal(f.wear.allocBytes, 2 * (32 + 12) + 32 + 4064);
  assert.equal(f.wear.compactions, 0);
  f.compact();
  assert.equal(f.wear.compactions, 1);
  assert.equal(f.wear.pageErases.length, PAGES);
  assert.deepEqual(f.wear.pageErases.slice(0, 3), [1, 1, 0], 'the pages up to the end of the used area, once');
});
