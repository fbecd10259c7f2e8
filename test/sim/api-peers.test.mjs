// ddns-updater's API providers through the built bundle on the simulated board: one board with a
// section per provider, each against its fake (host-sim/world/<key>.mjs). Each section must load
// its provider's Storage module, write the board's address into the fake's record, and keep the
// credentials out of the output.
import test from 'node:test';
import assert from 'node:assert/strict';
import { scenario, DOMAIN } from './harness.mjs';
import { startBunny } from '../../host-sim/world/bunny.mjs';
import { startDreamhost } from '../../host-sim/world/dreamhost.mjs';
import { startHostinger } from '../../host-sim/world/hostinger.mjs';
import { startIonos } from '../../host-sim/world/ionos.mjs';
import { startLinode } from '../../host-sim/world/linode.mjs';
import { startMyaddr } from '../../host-sim/world/myaddr.mjs';
import { startNamecom } from '../../host-sim/world/namecom.mjs';
import { startSpaceship } from '../../host-sim/world/spaceship.mjs';
import { startVercel } from '../../host-sim/world/vercel.mjs';
import { startVultr } from '../../host-sim/world/vultr.mjs';

const OLD = '192.0.2.1';
const IP = '198.51.100.10';
const seed = [{ name: DOMAIN, type: 'A', value: OLD }, { name: 'example.com', type: 'A', value: OLD }];
const find = (list, f) => (list.find(f) || {});

// [service_name, start, fake options, section options (with the fake), the address the fake holds now]
const PROVIDERS = [
  ['bunny.net', startBunny, { key: 'bunny-secret-key-1' },
    (f) => ({ domain: 'example.com', username: 'home', password: 'bunny-secret-key-1', api_url: f.apiUrl }),
    (f) => find(f.zones[0].Records, (r) => r.Name === 'home' && r.Type === 0).Value],
  ['dreamhost.com', startDreamhost, { key: 'dreamhost-secret-key' },
    (f) => ({ domain: DOMAIN, password: 'dreamhost-secret-key', api_url: f.apiUrl }),
    (f) => find(f.records, (r) => r.record === DOMAIN && r.type === 'A').value],
  ['hostinger.com', startHostinger, { token: 'hostinger-secret-tok' },
    (f) => ({ domain: 'example.com', username: 'home', password: 'hostinger-secret-tok', api_url: f.apiUrl }),
    (f) => (find(f.sets['example.com'], (s) => s.name === 'home' && s.type === 'A').records || [{}])[0].content],
  ['ionos.com', startIonos, { key: 'pub.ionos-secret-key' },
    (f) => ({ domain: 'example.com', username: 'home', password: 'pub.ionos-secret-key', api_url: f.apiUrl }),
    (f) => find(f.records, (r) => r.name === DOMAIN && r.type === 'A').content],
  ['linode.com', startLinode, { token: 'linode-secret-token' },
    (f) => ({ domain: 'example.com', username: 'home', password: 'linode-secret-token', api_url: f.apiUrl }),
    (f) => find(f.records, (r) => r.name === 'home' && r.type === 'A').target],
  ['myaddr.tools', startMyaddr, { keys: { 'myaddr-secret-key': DOMAIN } },
    (f) => ({ domain: DOMAIN, password: 'myaddr-secret-key', api_url: f.apiUrl }),
    (f) => f.addrs[DOMAIN + '/A']],
  ['name.com', startNamecom, { user: 'me', token: 'namecom-secret-token' },
    (f) => ({ domain: 'home@example.com', username: 'me', password: 'namecom-secret-token', api_url: f.apiUrl }),
    (f) => find(f.records, (r) => r.host === 'home' && r.type === 'A').answer],
  ['spaceship.com', startSpaceship, { key: 'ss-key', secret: 'spaceship-secret-1' },
    (f) => ({ domain: 'home@example.com', username: 'ss-key', password: 'spaceship-secret-1', api_url: f.apiUrl }),
    (f) => find(f.records, (r) => r.name === 'home' && r.type === 'A').address],
  ['vercel.com', startVercel, { token: 'vercel-secret-token' },
    (f) => ({ domain: 'example.com', username: 'home', password: 'vercel-secret-token', api_url: f.apiUrl }),
    (f) => find(f.records, (r) => r.name === 'home' && r.type === 'A').value],
  ['vultr.com', startVultr, { token: 'vultr-secret-key-1' },
    (f) => ({ domain: 'example.com', username: 'home', password: 'vultr-secret-key-1', api_url: f.apiUrl }),
    (f) => find(f.records, (r) => r.name === 'home' && r.type === 'A').data],
];

test('ddns-updater\'s API providers each update their record from the built bundle', async (t) => {
  const fakes = [];
  for (const [, start, opts] of PROVIDERS) fakes.push(await start({ zones: ['example.com'], records: seed, ...opts }));
  t.after(() => Promise.all(fakes.map((f) => f.close())));
  for (let i = 0; i < PROVIDERS.length; i++) assert.notEqual(PROVIDERS[i][4](fakes[i]), IP, PROVIDERS[i][0] + ' seeded');
  const s = await scenario({
    ip: IP,
    time: 'virtual',
    config: (w) => {
      const service = {};
      PROVIDERS.forEach(([name, , , opts], i) => {
        service['p' + i] = { enabled: '1', service_name: name, lookup_host: DOMAIN, dns_server: '127.0.0.1:' + w.dns.port, ...opts(fakes[i]) };
      });
      return { service };
    },
  });
  t.after(() => s.close());
  const pending = () => PROVIDERS.filter((p, i) => p[4](fakes[i]) !== IP).map((p) => p[0]);
  // Bounded: the sections' updates go one at a time through the board's queue.
  for (let k = 0; k < 60 && pending().length; k++) await s.board.advance(2000);
  assert.deepEqual(pending(), [], 'not updated; output: ' + s.board.output.slice(-1500));
  for (const [, , , opts] of PROVIDERS) {
    const secret = opts({ apiUrl: '' }).password;
    assert.ok(!s.board.output.includes(secret), 'secret printed: ' + secret);
  }
  for (let i = 0; i < PROVIDERS.length; i++) {
    assert.ok(s.board.output.includes(`[p${i}] +`) && s.board.output.includes(`sending update via API`), 'section p' + i + ' logged');
  }
  assert.equal((s.board.output.match(/NOTICE update accepted: home\.example\.com -> 198\.51\.100\.10 \(good\)/g) || []).length, PROVIDERS.length);
});
