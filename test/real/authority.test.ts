// Where the board reads the registered address, against REAL servers: BIND9 authoritative for
// example.test on port 53 of its own loopback address, and a BIND9 caching resolver (the
// board's gateway, dns_server unset) that holds the old record for an hour. The built bundle
// runs in the simulator for 24 virtual hours; the provider (the world's dyndns2 fake) changes
// the zone with a TSIG-signed nsupdate when it accepts an update. Fails (does not skip) when
// named is missing or port 53 cannot be bound (tests run as root).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBindPair, BindPair, dig } from './bind-pair';
import { section } from '../sim/harness.mjs';
import { vscenario, at, status, HOUR } from '../sim/kit.mjs';

const ZONE = 'example.test';
const HOME = 'home.example.test';
const WWW = 'www.example.test';
const OLD = '192.0.2.1';
const BOARD_IP = '198.51.100.10';
const KEY = { name: 'ddns-key', secret: Buffer.from('ddns test secret 0123456789abcdef').toString('base64') };

let pair: BindPair;

before(async () => {
  pair = await startBindPair(ZONE, ['home 3600 IN A ' + OLD, 'www 3600 IN A ' + OLD], KEY);
});

after(async () => { if (pair) await pair.stop(); });

// The board behind the resolver (its gateway), 24 virtual hours; returns the updates sent.
async function day(t: any, opts: Record<string, string>) {
  pair.update(HOME, OLD, 3600);
  // the resolver caches the old record (TTL 1 h: longer than the whole test in real time)
  assert.equal(dig(pair.resolver.ip, HOME, true), OLD);
  const s = await vscenario({
    config: (w: any) => ({ service: { myddns: section(w, { domain: HOME, lookup_host: HOME, dns_server: '', ...opts }) } }),
    extraHosts: [HOME],
    boardOpts: () => ({ net: { ip: BOARD_IP, gw: pair.resolver.ip, netmask: '255.255.255.0' }, udpReplyWaitMs: 500 }),
    before: async (x: any) => {
      // the provider's accepted update lands in the zone before its answer goes out
      x.world.records.on('change', (r: any) => { if (r.value) pair.update(r.name, r.value, 3600); });
    },
  });
  t.after(() => s.close());
  await at(s.board, 24 * HOUR);
  return s;
}

test('the zone\'s server shows the update while the resolver does not: one request in 24 h', async (t) => {
  const s = await day(t, {});
  assert.equal(s.updates().length, 1, pair.auth.log().slice(-2000));
  assert.equal(dig(pair.auth.ip, HOME, false), BOARD_IP, 'the zone has the update');
  assert.equal(dig(pair.resolver.ip, HOME, true), OLD, 'the resolver still serves the old record');
  const st = await status(s.board);
  assert.equal(st.state, 'waiting');
  assert.equal(st.error, '');
  assert.match(st.line, new RegExp('dns=' + BOARD_IP.replace(/\./g, '\\.') + ' '));
  assert.match(s.board.output, new RegExp('DNS: ' + HOME.replace(/\./g, '\\.') + ' is ' + OLD.replace(/\./g, '\\.') + ' \\(at ' + pair.auth.ip.replace(/\./g, '\\.') + '\\)'));
});

test('asked as ddns-scripts does (dns_lookup resolver), the stale resolver costs 3 requests in 24 h, not 24', async (t) => {
  const s = await day(t, { dns_lookup: 'resolver' });
  assert.equal(s.updates().length, 3, '0 h, 4 h, 12 h');
  const st = await status(s.board);
  assert.equal(st.error, 'provider accepted ' + BOARD_IP + ', DNS for ' + HOME + ' still shows ' + OLD + ': check lookup_host');
});

test('lookup_host names a record that never changes: 3 requests in 24 h and the plain status', async (t) => {
  const s = await day(t, { lookup_host: WWW });
  assert.equal(s.updates().length, 3, '0 h, 4 h, 12 h');
  assert.equal(dig(pair.auth.ip, WWW, false), OLD);
  const st = await status(s.board);
  assert.equal(st.error, 'provider accepted ' + BOARD_IP + ', DNS for ' + WWW + ' still shows ' + OLD + ': check lookup_host');
});
