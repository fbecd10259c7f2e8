// ip_source router end to end: the built firmware (dist/esp32) on a simulated board in a
// network namespace, the real
// miniupnpd in the router's namespace (ROUTER.md), a dyndns2 fake and DNS beside the board.
// Runs only as root with `ip netns`; elsewhere every test FAILS saying it did not run.
//   node --test test/router/router.test.mjs
import { test, after } from 'node:test';
import { resolve } from 'node:path';
import assert from 'node:assert/strict';
import { Topology, cannotRun, sleep } from './topology.mjs';

const why = cannotRun();
let bundle = null;

// The built firmware, as flashed (npm test builds it first).
function getBundle() {
  if (!bundle) bundle = resolve('dist/esp32');
  return bundle;
}

// A topology with miniupnpd running and a booted board; torn down after the test, pass or fail.
async function setup(t, { natpmp = true, wan = '11.0.0.2/24', section = {}, checkIp } = {}) {
  if (why) assert.fail(`DID NOT RUN: ${why} (these tests need root and ip netns)`);
  const file = getBundle();
  const topo = new Topology();
  t.after(() => topo.down());
  topo.up(wan);
  await topo.startRouter({ natpmp });
  // update_interval_min 0: the WAN address moves every few seconds here, and the latency of each
  // change is measured (by default a section sends at most one update per 5 min)
  const board = await topo.board({ bundle: file, section: { update_interval_min: '0', ...section }, checkIp });
  // ROUTER_TEST_SERIAL=1 shows what the board printed, pass or fail
  if (process.env.ROUTER_TEST_SERIAL) t.after(() => t.diagnostic(board.serial));
  return { topo, board };
}

// Moves the WAN address n times and returns the milliseconds from each add to the provider's
// good answer for the new address.
async function changes(topo, board, addrs, limitMs) {
  const times = [];
  for (const a of addrs) {
    const ipOnly = a.split('/')[0];
    const t0 = await topo.setWan(a);
    const u = await board.waitFor(() => board.updateFor(ipOnly, t0), limitMs, `provider update to ${ipOnly}`);
    times.push(u.time - t0);
    await board.waitFor(() => board.serial.includes('update accepted: home.example.com -> ' + ipOnly), 3000, 'accepted');
  }
  return times;
}

test('NAT-PMP: the announcement of a WAN change reaches the provider at once', async (t) => {
  const { topo, board } = await setup(t);
  await board.waitFor(() => board.updateFor('11.0.0.2'), 10000, 'first update');
  assert.match(board.serial, /\[router\] .*router 192\.168\.77\.1 \(NAT-PMP\): WAN address 11\.0\.0\.2/);
  const times = await changes(topo, board, ['11.0.0.3/24', '11.0.0.4/24', '11.0.0.5/24'], 5000);
  // check_interval is 10 minutes: only the announcement explains an update within seconds; it
  // made the board ask the router, whose answer is what was published
  assert.match(board.serial, /router WAN address 11\.0\.0\.3 \(was (none|11\.0\.0\.2), asked after a NAT-PMP announcement\)/);
  t.diagnostic(`NAT-PMP change -> provider: ${times.map((x) => x + ' ms').join(', ')}`);
  for (const x of times) assert.ok(x < 2000, `update took ${x} ms`);
});

test('UPnP IGD (enable_natpmp=no): GENA events carry the change', async (t) => {
  const { topo, board } = await setup(t, { natpmp: false });
  await board.waitFor(() => board.updateFor('11.0.0.2'), 15000, 'first update');
  assert.match(board.serial, /router 192\.168\.77\.1 \(UPnP IGD\): WAN address 11\.0\.0\.2/);
  await board.waitFor(() => board.serial.includes('subscribed to UPnP events of 192.168.77.1'), 5000, 'subscription');
  const times = await changes(topo, board, ['11.0.0.3/24', '11.0.0.4/24', '11.0.0.5/24'], 5000);
  // the delete's "none" NOTIFY may be dropped by miniupnpd while the subscription's initial
  // NOTIFY is still in flight (ROUTER.md): what counts is that an event brought 11.0.0.3
  assert.match(board.serial, /router WAN address 11\.0\.0\.3 \(was (none|11\.0\.0\.2), asked after a UPnP event\)/);
  t.diagnostic(`UPnP change -> provider: ${times.map((x) => x + ' ms').join(', ')}`);
  for (const x of times) assert.ok(x < 2000, `update took ${x} ms`);
});

test('UPnP with the NOTIFY lost: the safety query catches the change, events come back', async (t) => {
  const { topo, board } = await setup(t, { natpmp: false, section: { check_interval: '8', check_unit: 'seconds' } });
  await board.waitFor(() => board.updateFor('11.0.0.2'), 15000, 'first update');
  await board.waitFor(() => board.serial.includes('subscribed to UPnP events'), 5000, 'subscription');
  await sleep(500);
  // The router cannot reach the board while the address moves: both NOTIFYs fail and
  // miniupnpd drops the subscriber (ROUTER.md).
  topo.block();
  const t0 = await topo.setWan('11.0.0.3/24');
  await sleep(1000);
  topo.unblock();
  const mark = board.serial.length;
  await sleep(1000);
  assert.equal(board.updateFor('11.0.0.3', t0), undefined, 'no event should have arrived');
  const u = await board.waitFor(() => board.updateFor('11.0.0.3', t0), 15000, 'update from the safety query');
  const seen = board.serial.slice(mark);
  assert.match(seen, /router WAN address 11\.0\.0\.3 \(was 11\.0\.0\.2, query\)/);
  t.diagnostic(`lost event: provider updated ${u.time - t0} ms after the change (check_interval 8 s)`);
  // the change no event announced made the board renew: the router had forgotten it
  await board.waitFor(() => /subscription gone .*subscribing again/.test(board.serial.slice(mark)), 5000, 'resubscribe');
  await board.waitFor(() => /subscribed to UPnP events/.test(board.serial.slice(mark)), 5000, 'new subscription');
  const times = await changes(topo, board, ['11.0.0.4/24'], 3000);
  assert.ok(times[0] < 2000, `after resubscribing, an event brings the change in ${times[0]} ms`);
});

// A LAN device forging the router: 40 NAT-PMP announcements in 10 s from the gateway's address
// and port 5351 (sent from the router's namespace, so the source is exactly what a spoofer
// writes), each claiming another address. The socket shares miniupnpd's port (SO_REUSEADDR)
// and is connected to the board's 5350, so the kernel never hands it the board's queries.
const FORGE_NATPMP = `
import dgram from 'node:dgram';
const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
await new Promise((r) => s.bind({ address: '192.168.77.1', port: 5351 }, r));
await new Promise((r) => s.connect(5350, '192.168.77.10', r));
for (let i = 1; i <= 40; i++) {
  s.send(Buffer.from([0, 128, 0, 0, 0, 0, 0, 0, 6, 6, 6, i]));
  await new Promise((r) => setTimeout(r, 250));
}
s.close();
`;

test('NAT-PMP: 40 forged announcements in 10 s make a few queries; the router\'s answer stands', async (t) => {
  const { topo, board } = await setup(t);
  await board.waitFor(() => board.updateFor('11.0.0.2'), 10000, 'first update');
  const requests = () => (topo.daemonLog.match(/NAT-PMP public address request/g) || []).length;
  const before = requests();
  const mark = board.serial.length;
  await topo.run(topo.rt, FORGE_NATPMP);
  await sleep(500);
  const asked = requests() - before;
  t.diagnostic(`40 forged announcements: ${asked} NAT-PMP queries, ${board.updates.length} provider update(s) in all`);
  assert.equal(board.updates.length, 1, 'only the first update');
  assert.doesNotMatch(board.serial, /6\.6\.6\./);
  assert.doesNotMatch(board.serial.slice(mark), /router WAN address/);
  assert.ok(asked >= 1, 'the announcements made the board ask (miniupnpd logged no query)');
  assert.ok(asked <= 5, `${asked} queries`);
  // a real change right after the flood still arrives within the spacing the flood built up
  const times = await changes(topo, board, ['11.0.0.3/24'], 20000);
  t.diagnostic(`a real change after the flood: provider updated after ${times[0]} ms`);
});

test('UPnP: a forged NOTIFY (unknown SID) from the LAN is refused; nothing is published', async (t) => {
  const { topo, board } = await setup(t, { natpmp: false });
  await board.waitFor(() => board.updateFor('11.0.0.2'), 15000, 'first update');
  await board.waitFor(() => board.serial.includes('subscribed to UPnP events of 192.168.77.1'), 5000, 'subscription');
  const body = '<e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0"><e:property><ExternalIPAddress>6.6.6.6' +
    '</ExternalIPAddress></e:property></e:propertyset>';
  const status = await topo.run(topo.lan, `
import http from 'node:http';
const body = ${JSON.stringify(body)};
const req = http.request({ host: '192.168.77.10', port: 8089, path: '/upnp', method: 'NOTIFY', headers: {
  'Content-Type': 'text/xml', NT: 'upnp:event', NTS: 'upnp:propchange', SID: 'uuid:00000000-0000-0000-0000-000000000000',
  SEQ: '1', 'Content-Length': body.length } }, (res) => { process.stdout.write(String(res.statusCode)); res.resume(); });
req.end(body);
`);
  assert.equal(status, '412');
  await sleep(1000);
  assert.equal(board.updates.length, 1);
  assert.doesNotMatch(board.serial, /6\.6\.6\.6/);
});

for (const natpmp of [true, false]) {
  const proto = natpmp ? 'NAT-PMP' : 'UPnP';
  test(`${proto}: a CGNAT WAN address (100.64.0.2) says plainly the board is behind a second NAT`, async (t) => {
    const { board } = await setup(t, { natpmp, wan: '100.64.0.2/24' });
    await board.waitFor(() => /behind a second NAT/.test(board.serial), 15000, 'double NAT status');
    await sleep(300);
    board.type('status()');
    const line = await board.waitFor(() => (/myddns: [^\n]*\n/.exec(board.serial) || [])[0], 3000, 'status line');
    assert.match(line, /error="behind a second NAT or offline \(router WAN address: none reported by 192\.168\.77\.1\): a DNS name pointing there cannot reach you"/);
    assert.match(line, /myddns: waiting /);
    assert.equal(board.updates.length, 0, 'nothing may be sent to the provider');
  });
}

test('CGNAT with router_fallback_web 1: the web source answers instead (our extension)', async (t) => {
  const { board } = await setup(t, { wan: '100.64.0.2/24', checkIp: '203.0.113.77',
    section: { router_fallback_web: '1', ip_url: '$CHECKIP' } });
  await board.waitFor(() => board.updateFor('203.0.113.77'), 10000, 'update from the web source');
  assert.match(board.serial, /behind a second NAT[^\n]*; using ip_url instead \(router_fallback_web\)/);
});
