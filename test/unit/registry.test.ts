// The API provider registry (firmware/providers/registry.ts) against everything it describes:
// the catalog's '@key's, the provider modules in firmware/providers/api/, the options each one
// reads, the schema's option names, the fakes and tests; then checkApiOptions and the
// validator's use of it (a missing option is an error at load, naming section and option).
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiRows, apiRow, checkApiOptions } from '../../firmware/providers/registry';
import { lookupService, serviceNames } from '../../firmware/providers/catalog';
import { normalizeConfig } from '../../firmware/config/validate';
import { findOption, optionTable } from '../../firmware/config/schema';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const API_DIR = path.join(ROOT, 'firmware/providers/api');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');

// The '@key's of the catalog, in table order, each once.
function catalogKeys(): string[] {
  const keys: string[] = [];
  for (const n of serviceNames()) {
    const k = lookupService(n)!.api;
    if (k && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

// The options of a 'need' entry ('a|b' -> a, b).
const alts = (need: string) => need.split('|');

// The test files under test/unit and test/real that import a provider module.
function testsOf(key: string): string[] {
  const out: string[] = [];
  for (const dir of ['test/unit', 'test/real']) {
    for (const f of readdirSync(path.join(ROOT, dir))) {
      if (f.endsWith('.test.ts') && read(dir + '/' + f).includes("providers/api/" + key + "'")) out.push(dir + '/' + f);
    }
  }
  return out;
}

test('registry: every catalog @key has exactly one row, and every row is a catalog @key', () => {
  const rows = apiRows();
  const keys = rows.map((r) => r.key);
  assert.equal(new Set(keys).size, keys.length, 'a key has two rows');
  const cat = catalogKeys();
  for (const k of cat) {
    const r = apiRow(k);
    assert.ok(r, 'catalog @' + k + ' has no row in firmware/providers/registry.ts');
    assert.equal(r.key, k);
  }
  for (const k of keys) assert.ok(cat.includes(k), 'row ' + k + ' is not an @key of the catalog');
  assert.deepEqual(keys, cat, 'rows in the catalog\'s order');
});

test('registry: no fallback: an unknown key has no row', () => {
  assert.equal(apiRow('nosuchapi'), null);
  assert.equal(apiRow(''), null);
  assert.equal(apiRow('toString'), null);
});

test('registry: a row with a module has its file in providers/api, and that folder holds only those', () => {
  const files = readdirSync(API_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
  const withModule = apiRows().filter((r) => r.module).map((r) => r.key).sort();
  assert.deepEqual(files, withModule, 'firmware/providers/api/ holds one file per implemented row and nothing else');
  for (const r of apiRows()) {
    if (!r.module) {
      assert.deepEqual([r.need, r.optional, r.says], [[], [], {}], r.key + ': a row without code needs nothing');
      continue;
    }
    assert.equal(r.module, 'ddns.api.' + r.key, r.key);
    assert.ok(r.module.length <= 28, r.module + ': Storage names are cut at 28 characters');
    assert.match(read('firmware/providers/api/' + r.key + '.ts'),
      /\nexport function update\(ctx: ApiContext, cb: \(res: ApiResult\) => void\): void \{/, r.key + ' exports update');
  }
});

test('registry: each provider module exports update, as the engine calls it', async () => {
  for (const r of apiRows().filter((x) => x.module)) {
    const m = await import('../../firmware/providers/api/' + r.key + '.ts');
    assert.equal(typeof m.update, 'function', r.key);
  }
});

test('registry: every implemented provider has a test and a fake (or a real server)', () => {
  for (const r of apiRows().filter((x) => x.module)) {
    const tests = testsOf(r.key);
    assert.ok(tests.length > 0, r.key + ': no test imports firmware/providers/api/' + r.key);
    const fake = existsSync(path.join(ROOT, 'host-sim/world/' + r.key + '.mjs'));
    const real = tests.some((t) => t.startsWith('test/real/'));
    assert.ok(fake || real, r.key + ': no fake host-sim/world/' + r.key + '.mjs and no test against a real server');
  }
  for (const f of readdirSync(path.join(ROOT, 'test/unit'))) {
    const m = /^api-(.+)\.test\.ts$/.exec(f);
    if (m) assert.ok(apiRow(m[1]) && apiRow(m[1])!.module, f + ' tests no implemented row');
  }
});

test('registry: needed and optional options are exactly what the provider reads, and schema options', () => {
  const table = optionTable(false);
  for (const r of apiRows().filter((x) => x.module)) {
    const src = read('firmware/providers/api/' + r.key + '.ts');
    const reads = new Set<string>();
    for (const m of src.matchAll(/\b(?:o|ctx\.opts)\.([a-z_0-9]+)/g)) reads.add(m[1]);
    if (src.includes('apiBase(')) reads.add('api_url');
    const named = r.need.flatMap(alts).concat(r.optional);
    assert.equal(new Set(named).size, named.length, r.key + ': an option is named twice');
    assert.deepEqual([...named].sort(), [...reads].sort(), r.key + ': row vs options read in its code');
    for (const o of named) assert.ok(findOption(table, o, false), r.key + ': ' + o + ' is not a section option');
    for (const o of Object.keys(r.says)) assert.ok(named.includes(o), r.key + ': says ' + o + ' but does not read it');
    for (const n of r.need) assert.ok(r.says[alts(n)[0]] || n === 'dns_server', r.key + ': say what ' + n + ' is');
    assert.ok(r.need.length > 0, r.key);
  }
});

test('checkApiOptions: all set -> nothing; each missing option named, with what it is', () => {
  const cf = { username: 'Bearer', password: 'tok', domain: 'home@example.com' };
  assert.deepEqual(checkApiOptions('cloudflare', cf), []);
  assert.deepEqual(checkApiOptions('cloudflare', { ...cf, param_opt: 'zone_id=1' }), []);
  const p = checkApiOptions('cloudflare', { ...cf, password: '' });
  assert.equal(p.length, 1);
  assert.equal(p[0].option, 'password');
  assert.equal(p[0].code, 'missing');
  assert.equal(p[0].msg, 'provider API \'cloudflare\' needs password: the Global API key, or the API token when username is Bearer.');
  assert.deepEqual(checkApiOptions('nsupdate', { username: 'k', password: 's' }).map((x) => x.option), ['dns_server', 'domain']);
  assert.deepEqual(checkApiOptions('gandi', {}).map((x) => x.option), ['domain', 'password']);
  assert.deepEqual(checkApiOptions('gandi', { domain: 'example.com', password: 'x' }), [], 'username is optional');
});

test('checkApiOptions: one of several options (route53: lookup_host, or the zone id in param_enc / param_opt)', () => {
  const base = { username: 'AKIA', password: 's', domain: 'Z0123' };
  const miss = checkApiOptions('route53', base);
  assert.deepEqual(miss.map((x) => x.option), ['lookup_host']);
  assert.match(miss[0].msg, /^provider API 'route53' needs lookup_host, param_enc or param_opt: /);
  for (const o of ['lookup_host', 'param_enc', 'param_opt']) {
    assert.deepEqual(checkApiOptions('route53', { ...base, [o]: 'x' }), [], o);
  }
});

test('checkApiOptions: a key without code, or unknown, is a problem of service_name', () => {
  const c = checkApiOptions('cnkuai', { username: 'u', password: 'p', domain: 'd' });
  assert.deepEqual(c.map((x) => [x.option, x.code]), [['service_name', 'no_api']]);
  assert.match(c[0].msg, /^provider API 'cnkuai' is not in this firmware: cnkuai\.cn publishes no API: .*captcha/);
  assert.deepEqual(checkApiOptions('nosuchapi', {}),
    [{ option: 'service_name', code: 'no_api', msg: 'provider API \'nosuchapi\' is not in this firmware.' }]);
});

// One section s1 with the real catalog.
const section = (opts: Record<string, string>) =>
  normalizeConfig({ service: { s1: { enabled: '1', ...opts } } }, { lookupService, board: 'esp32' }).sections[0];

test('validator: a missing API option is an error at load naming section and option', () => {
  const ok = section({ service_name: 'cloudflare.com-v4', username: 'Bearer', password: 't', domain: 'home@example.com', lookup_host: 'home.example.com' });
  assert.equal(ok.valid, true, JSON.stringify(ok.errors));
  const s = section({ service_name: 'cloudflare.com-v4', username: 'Bearer', domain: 'home@example.com', lookup_host: 'home.example.com' });
  assert.equal(s.valid, false);
  const e = s.errors.filter((x) => x.level === 'error');
  assert.deepEqual(e.map((x) => [x.section, x.option, x.code]), [['s1', 'password', 'missing']]);
  assert.equal(e[0].msg, "Section 's1', option 'password': provider API 'cloudflare' needs password: " +
    'the Global API key, or the API token when username is Bearer.');
  const ns = section({ service_name: 'bind-nsupdate', username: 'k', password: 's', domain: 'h.example.test' });
  assert.deepEqual(ns.errors.filter((x) => x.level === 'error').map((x) => x.option), ['dns_server']);
  const ns2 = section({ service_name: 'bind-nsupdate', username: 'k', password: 's', domain: 'h.example.test', dns_server: '192.0.2.53' });
  assert.equal(ns2.valid, true, JSON.stringify(ns2.errors));
});

test('validator: a provider not in this firmware is refused at load, on service_name', () => {
  const s = section({ service_name: 'one.com', username: 'u', password: 'p', domain: 'home.example.com' });
  assert.equal(s.valid, false);
  const e = s.errors.filter((x) => x.level === 'error');
  assert.deepEqual(e.map((x) => [x.option, x.code]), [['service_name', 'no_api']]);
  assert.match(e[0].msg, /^Section 's1', option 'service_name': provider API 'onecom' is not in this firmware: one\.com publishes no DNS API/);
});

// The core loads a provider as Storage module 'ddns.api.<key>' (main.ts); the build makes one
// per provider file (rollup.config.mjs). npm test builds before it runs the unit tests.
test('every implemented provider is built as its own Storage module, named as its row says', () => {
  for (const r of apiRows().filter((x) => x.module)) {
    assert.equal(r.module, 'ddns.api.' + r.key, r.key);
    assert.ok(existsSync('dist/esp32/' + r.module), r.module + ' missing from dist/esp32 (npm run build)');
  }
});
