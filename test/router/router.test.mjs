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
  // check_interval is 10 minutes: only the announcement explains an update within seconds
  assert.match(board.serial, /router WAN address 11\.0\.0\.3 \(was 11\.0\.0\.2, NAT-PMP announcement\)/);
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
  assert.match(board.serial, /router WAN address 11\.0\.0\.3 \(was (none|11\.0\.0\.2), UPnP event\)/);
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
