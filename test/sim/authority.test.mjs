// Where the board reads the registered address (dns_lookup, dns/authority.ts) and what it sends
// when DNS does not show an accepted update (decide.ts lagDelayMs), on the built bundle in 24
// virtual hours. The zone's server listens on port 53 of its own loopback address, as its NS
// glue says; the resolver the board is given is a second server whose data is stale.
import test from 'node:test';
import assert from 'node:assert/strict';
import { section, DOMAIN } from './harness.mjs';
import { vscenario, at, status, HOUR } from './kit.mjs';
import { RecordStore } from '../../host-sim/world/records.mjs';
import { startDns, startDnsAt53 } from '../../host-sim/world/dns.mjs';

const OLD = '192.0.2.1';
const BOARD_IP = '198.51.100.10';
const FIXED = 'www.example.com';

// The zone's own server (serving the world's records, which the provider changes) and a
// resolver holding the old address for an hour. unreachable: the NS glue names an address
// nothing listens on (a firewall that lets only the LAN resolver through).
async function servers(world, { unreachable = false } = {}) {
  const auth = unreachable ? null : await startDnsAt53({ records: world.records, zones: ['example.com'] });
  const nsIp = auth ? auth.host : '127.0.0.254';
  const stale = new RecordStore();
  stale.set(DOMAIN, 'A', OLD, 3600);
  stale.set(FIXED, 'A', OLD, 3600);
  const resolver = await startDns({ records: stale, zones: ['example.com'], ns: { 'example.com': [{ name: 'ns1.example.com', ip: nsIp }] } });
  return { auth, resolver, close: async () => { if (auth) await auth.close(); await resolver.close(); } };
}

async function run(t, opts, { unreachable = false, erase = '' } = {}) {
  let dns;
  const s = await vscenario({
    // a datagram nobody answers costs 100 ms of real time, not 2 s
    boardOpts: () => ({ udpReplyWaitMs: 100 }),
    config: (w) => ({ service: { myddns: section(w, { dns_server: '127.0.0.1:' + w.dns.port, ...opts }) } }),
    extraHosts: [FIXED],
    before: async (x) => {
      x.world.records.set(FIXED, 'A', OLD);
      dns = await servers(x.world, { unreachable });
      // the section's resolver is the stale one (the config was written before it existed)
      const cfg = JSON.parse(x.board.storage.read('ddns.json'));
      cfg.service.myddns.dns_server = '127.0.0.1:' + dns.resolver.port;
      x.board.storage.write('ddns.json', JSON.stringify(cfg));
      if (erase) x.board.storage.erase(erase);
    },
  });
  t.after(async () => { await s.close(); await dns.close(); });
  await at(s.board, 24 * HOUR);
  return { s, dns };
}

test('a resolver with a stale record: the zone\'s server shows the update, one request in 24 h', async (t) => {
  const { s, dns } = await run(t, { dns_lookup: 'authoritative' });
  assert.equal(s.updates().length, 1, 'one update, never re-sent');
  const st = await status(s.board);
  assert.equal(st.state, 'waiting');
  assert.equal(st.error, '');
  assert.match(st.line, new RegExp(`dns=${BOARD_IP.replace(/\./g, '\\.')} `));
  // the address is only ever asked of the zone's server, without recursion
  const asked = dns.auth.queries.filter((q) => q.name === DOMAIN && q.type === 'A');
  assert.ok(asked.length >= 24 && asked.length <= 26, `about one read an hour (${asked.length})`);
  assert.ok(asked.every((q) => q.rd === false), 'RD=0');
  assert.equal(dns.resolver.queries.filter((q) => q.name === DOMAIN && q.type === 'A').length, 0);
  // NS set found once (TTL a day): NS of the name, NS of the zone; the glue came with it
  assert.deepEqual(dns.resolver.queries.map((q) => q.type + ' ' + q.name), ['NS ' + DOMAIN, 'NS example.com']);
});

test('the same stale resolver asked as ddns-scripts does (dns_lookup resolver): DNS "lags", sent again every few hours, not every hour', async (t) => {
  const { s, dns } = await run(t, { dns_lookup: 'resolver' });
  assert.equal(dns.auth.queries.length, 0, 'the zone\'s server is never asked');
  // at 0 h, then 4 h and 12 h after (4 h doubling); the next would be at 28 h
  assert.equal(s.updates().length, 3);
  const st = await status(s.board);
  assert.equal(st.error, `provider accepted ${BOARD_IP}, DNS for ${DOMAIN} still shows ${OLD}: check lookup_host`);
});

test('lookup_host is a name that never changes: at most 3 requests in 24 h and a plain status', async (t) => {
  const { s } = await run(t, { lookup_host: FIXED, dns_lookup: 'authoritative' });
  assert.equal(s.updates().length, 3, '0 h, 4 h, 12 h');
  const st = await status(s.board);
  assert.equal(st.state, 'waiting');
  assert.equal(st.error, `provider accepted ${BOARD_IP}, DNS for ${FIXED} still shows ${OLD}: check lookup_host`);
});

test('the zone\'s servers cannot be reached: the resolver answers, and the status says so', async (t) => {
  const { s } = await run(t, { dns_lookup: 'authoritative' }, { unreachable: true });
  const st = await status(s.board);
  assert.match(st.line, /the servers of example\.com were not reached \(timeout\): read from the resolver 127\.0\.0\.1/);
  assert.equal(s.updates().length, 3, 'the stale resolver: 0 h, 4 h, 12 h');
});

test('the module ddns.auth missing: the resolver answers, and the status says so', async (t) => {
  const { s, dns } = await run(t, { dns_lookup: 'authoritative' }, { erase: 'ddns.auth' });
  assert.equal(dns.auth.queries.length, 0);
  const st = await status(s.board);
  assert.match(st.line, /the module ddns\.auth cannot be loaded: read from the resolver 127\.0\.0\.1/);
  assert.equal(s.updates().length, 3, 'the stale resolver: 0 h, 4 h, 12 h');
});
