// The router watcher on the real interpreter: Espruino's Linux build (ESPRUINO_BIN, as in `npm
// run bench`) runs the watcher alone (espruino-watch.ts) in the lan namespace against the real
// miniupnpd: its dgram (bind 5350 for announcements, replies to a multicast search) and http
// (SOAP, SUBSCRIBE, a server receiving NOTIFY) as they really are. Needs root and `ip netns`
// (fails saying it did not run otherwise), and fails without ESPRUINO_BIN. Not part of npm test
// (CI has no interpreter to run): `ESPRUINO_BIN=... npm run test:espruino`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Topology, cannotRun, sleep } from './topology.mjs';
import { buildWatcherBundle } from './watcher-build.mjs';

const BIN = process.env.ESPRUINO_BIN;
const why = cannotRun();
let bundle = null;

after(() => {
  if (bundle) rmSync(dirname(dirname(bundle)), { recursive: true, force: true });
});

// Resolves when out() matches re, or rejects with what the interpreter printed.
async function until(out, re, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (re.test(out())) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}; Espruino printed:\n${out().slice(-2000)}`);
}

for (const natpmp of [true, false]) {
  const proto = natpmp ? 'NAT-PMP announcements' : 'UPnP IGD events';
  test(`Espruino ${proto}: the real interpreter hears WAN changes from miniupnpd`, async (t) => {
    if (why) assert.fail(`DID NOT RUN: ${why} (these tests need root and ip netns)`);
    assert.ok(BIN, 'DID NOT RUN: set ESPRUINO_BIN to a locally built Espruino for Linux');
    if (!bundle) bundle = buildWatcherBundle();
    const topo = new Topology();
    t.after(() => topo.down());
    topo.up();
    await topo.startRouter({ natpmp });
    const p = spawn('ip', ['netns', 'exec', topo.lan, BIN, bundle], { stdio: ['pipe', 'pipe', 'pipe'] });
    topo.children.add(p);
    let text = '';
    p.stdout.on('data', (d) => { text += d; });
    p.stderr.on('data', (d) => { text += d; });
    const out = () => text;
    const label = natpmp ? 'NAT-PMP' : 'UPnP IGD';
    await until(out, new RegExp(`router 192\\.168\\.77\\.1 \\(${label}\\): WAN address 11\\.0\\.0\\.2`), 10000, 'first answer');
    if (!natpmp) await until(out, /subscribed to UPnP events of 192\.168\.77\.1/, 5000, 'subscription');
    const via = natpmp ? 'asked after a NAT-PMP announcement' : 'asked after a UPnP event';
    for (const ip of ['11.0.0.3', '11.0.0.4']) {
      const t0 = await topo.setWan(ip + '/24');
      await until(out, new RegExp(`CHANGE ${ip.replace(/\./g, '\\.')} ${natpmp ? 'natpmp' : 'upnp'}`), 3000, 'change to ' + ip);
      t.diagnostic(`${ip}: seen ${Date.now() - t0} ms after the change`);
    }
    assert.match(text, new RegExp(`router WAN address 11\\.0\\.0\\.4 \\(was [0-9.a-z]+, ${via}\\)`));
    assert.doesNotMatch(text, /Uncaught|ERROR/);
    p.kill('SIGKILL');
  });
}
