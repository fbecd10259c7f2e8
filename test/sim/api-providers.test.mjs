// The API providers added after Cloudflare and nsupdate, through the built bundle on the
// simulated board: zone lookups, form-encoded methods, sessions, XML-RPC, an OAuth token
// exchange, and the three HMAC-SHA256 signatures (Tencent TC3, Alibaba ACS3, Huawei SDK) with
// the clock set over SNTP. Each runs its Storage module from dist/esp32 against its fake, from
// the catalog name a user writes; the secret never shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { scenario, DOMAIN } from './harness.mjs';
import { startLuadns } from '../../host-sim/world/luadns.mjs';
import { startBeget } from '../../host-sim/world/beget.mjs';
import { startNetcup } from '../../host-sim/world/netcup.mjs';
import { startFreedns42 } from '../../host-sim/world/freedns42.mjs';
import { startGcp } from '../../host-sim/world/gcp.mjs';
import { startDnspod3 } from '../../host-sim/world/dnspod3.mjs';
import { startAliyun } from '../../host-sim/world/aliyun.mjs';
import { startHuaweicloud } from '../../host-sim/world/huaweicloud.mjs';
import { startNamesilo } from '../../host-sim/world/namesilo.mjs';
import { startPdns } from '../../host-sim/world/pdns.mjs';
import { startScaleway } from '../../host-sim/world/scaleway.mjs';
import { startServercow } from '../../host-sim/world/servercow.mjs';
import { startNs1 } from '../../host-sim/world/ns1.mjs';
import { startDnspod } from '../../host-sim/world/dnspod.mjs';
import { startBlazingfast } from '../../host-sim/world/blazingfast.mjs';
import { startTransip } from '../../host-sim/world/transip.mjs';

const OLD = '192.0.2.1';
const NEW = '198.51.100.10';
const SECRET = 'Sim-secret-0123456789abcdef';
const rec = [{ name: DOMAIN, type: 'A', value: OLD }];

// key: fake, the section's options for it, and where the fake keeps the address now.
const CASES = [
  { name: 'luadns.com-v1', start: () => startLuadns({ email: 'me@example.com', key: SECRET, zones: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'me@example.com', password: SECRET, domain: DOMAIN, api_url: f.apiUrl }),
    now: (f) => f.records[0].content },
  { name: 'beget.com', start: () => startBeget({ login: 'me', passwd: SECRET, names: { [DOMAIN]: { A: [{ value: OLD, priority: 10 }] } } }),
    opts: (f) => ({ username: 'me', password: SECRET, domain: DOMAIN, api_url: f.apiUrl }),
    now: (f) => f.names[DOMAIN].A[0].value },
  { name: 'netcup.com', start: () => startNetcup({ customer: '4711', apikey: 'AK', apipassword: SECRET, zones: ['example.com'], records: rec }),
    opts: (f) => ({ username: '4711', password: SECRET, param_enc: 'AK', domain: DOMAIN, api_url: f.apiUrl }),
    now: (f) => f.records[0].destination },
  { name: 'freedns.42.pl', start: () => startFreedns42({ user: 'me', password: SECRET, zones: { 'example.com': { home: [OLD] } } }),
    opts: (f) => ({ username: 'me', password: SECRET, domain: DOMAIN, api_url: f.apiUrl }),
    now: (f) => f.zones['example.com'].home[0] },
  { name: 'cloud.google.com-v1', start: () => startGcp({ clientId: 'CID', clientSecret: 'CS', refreshToken: SECRET, project: 'p', zone: 'z', records: rec }),
    opts: (f) => ({ username: 'CID', password: SECRET, param_enc: 'project=p&zone=z&client_secret=CS', domain: DOMAIN, api_url: f.apiUrl }),
    now: (f) => f.records[0].rrdatas[0] },
  { name: 'dnspod.cn-v3', clock: true, start: () => startDnspod3({ secretId: 'AKID', secretKey: SECRET, domains: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'AKID', password: SECRET, domain: 'home@example.com', api_url: f.apiUrl }),
    now: (f) => f.records[0].Value },
  { name: 'aliyun.com', clock: true, start: () => startAliyun({ keyId: 'LTAI', secret: SECRET, domains: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'LTAI', password: SECRET, domain: 'home@example.com', api_url: f.apiUrl }),
    now: (f) => f.records[0].Value },
  { name: 'huaweicloud.com', clock: true, start: () => startHuaweicloud({ ak: 'AK', sk: SECRET, zones: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'AK', password: SECRET, domain: 'home@example.com', api_url: f.apiUrl }),
    now: (f) => f.records[0].records[0] },
  { name: 'namesilo.com-v1', start: () => startNamesilo({ key: SECRET, domains: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'home', password: SECRET, domain: 'example.com', api_url: f.apiUrl }),
    now: (f) => f.records[0].value },
  { name: 'pdns', start: () => startPdns({ key: SECRET, zones: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'home', password: SECRET, domain: 'example.com', param_opt: f.apiUrl }),
    now: (f) => f.records.find((x) => x.name === DOMAIN + '.').records[0].content },
  { name: 'scaleway.com', start: () => startScaleway({ token: SECRET, zones: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'example.com', password: SECRET, domain: 'home', api_url: f.apiUrl }),
    now: (f) => f.records.find((x) => x.name === 'home').data },
  { name: 'servercow.de', start: () => startServercow({ user: 'me', pass: SECRET, domains: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'me', password: SECRET, domain: DOMAIN, api_url: f.apiUrl }),
    now: (f) => f.records.find((x) => x.name === 'home').content },
  { name: 'ns1.com', start: () => startNs1({ key: SECRET, zones: ['example.com'], records: rec }),
    opts: (f) => ({ username: 'example.com', password: SECRET, domain: DOMAIN, api_url: f.apiUrl }),
    now: (f) => f.records[0].answers[0].answer[0] },
  { name: 'dnspod.cn', start: () => startDnspod({ id: '42', token: SECRET, domains: ['example.com'], records: rec }),
    opts: (f) => ({ username: '42', password: SECRET, domain: DOMAIN, api_url: f.apiUrl }),
    now: (f) => f.records[0].value },
  { name: 'blazingfast.io', start: () => startBlazingfast({ user: 'me', pass: SECRET, service: '1', zone: '2', records: [{ id: 3, name: 'home', type: 'A', content: OLD }] }),
    opts: (f) => ({ username: 'me', password: SECRET, domain: 'home', param_opt: 'service_id=1&zone_id=2&record_id=3', api_url: f.apiUrl }),
    now: (f) => f.records[0].content },
  { name: 'transip.nl', start: () => startTransip({ token: SECRET, domains: { 'example.com': [{ name: 'home', expire: 300, type: 'A', content: OLD }] } }),
    opts: (f) => ({ password: SECRET, domain: 'example.com', param_enc: 'home', api_url: f.apiUrl }),
    now: (f) => f.domains['example.com'][0].content },
];

for (const c of CASES) {
  test(`${c.name} from the catalog updates its record through the built module`, async (t) => {
    const fake = await c.start();
    t.after(() => fake.close());
    const s = await scenario({
      config: (w) => ({ ...(c.clock ? { global: { ntp_server: '127.0.0.1:' + w.sntp.port } } : {}),
        service: { p: { enabled: '1', service_name: c.name, lookup_host: DOMAIN, ip_source: 'network',
          dns_server: '127.0.0.1:' + w.dns.port, ...c.opts(fake) } } }),
    });
    t.after(() => s.close());
    await s.board.waitFor('update accepted', { timeoutMs: 10000 });
    assert.equal(c.now(fake), NEW);
    assert.ok(!s.board.output.includes(SECRET), 'secret printed');
    assert.doesNotMatch(s.board.output, /Uncaught/);
  });
}
