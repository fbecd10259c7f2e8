import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseUci, exportUci } from '../../firmware/config/uci.ts';
import { normalizeConfig } from '../../firmware/config/validate.ts';
import { SECTION_OPTIONS, GLOBAL_OPTIONS } from '../../firmware/config/schema.ts';
import type { ServiceInfo } from '../../firmware/providers/types.ts';

const fixture = (name: string) => readFileSync(new URL('../fixtures/uci/' + name, import.meta.url), 'utf8');

const DYN = 'http://[USERNAME]:[PASSWORD]@members.example.org/nic/update?hostname=[DOMAIN]&myip=[IP]';
const SERVICES: Record<string, ServiceInfo> = {
  'example.org': { name: 'example.org', ipv4: DYN, answer: 'good|nochg' },
  'dyndns.org': { name: 'dyndns.org', ipv4: DYN, ipv6: DYN, answer: 'good|nochg' },
};
const ctx = { lookupService: (n: string) => SERVICES[n] || null, board: 'esp32' };

// parse -> export -> parse gives the same config, and export is stable
function roundTrip(config: any) {
  const text = exportUci(config);
  const again = parseUci(text);
  assert.deepEqual(again.errors, [], text);
  assert.deepEqual(again.config, config);
  assert.equal(exportUci(again.config), text);
  return text;
}

test('uci: the seed page first example (quoted type, name and options, tabs)', () => {
  const r = parseUci(fixture('seed-basic.txt'));
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.config, {
    service: {
      myddns: {
        service_name: 'example.org', enabled: '1', domain: 'yourhost.example.org', username: 'your_username',
        password: 'your_password', interface: 'wan', ip_source: 'network', ip_network: 'wan',
      },
    },
  });
  const c = normalizeConfig(r.config, ctx);
  assert.equal(c.sections[0].valid, true, JSON.stringify(c.errors));
  assert.equal(c.sections[0].updateUrl, DYN);
  assert.equal(c.sections[0].lookupHost, 'yourhost.example.org');
  assert.equal(roundTrip(r.config), "config service 'myddns'\n\toption service_name 'example.org'\n\toption enabled '1'\n" +
    "\toption domain 'yourhost.example.org'\n\toption username 'your_username'\n\toption password 'your_password'\n" +
    "\toption interface 'wan'\n\toption ip_source 'network'\n\toption ip_network 'wan'\n");
});

// The seed's snippets keep a literal '...' line standing for "the other options": an invalid
// command reported on its line, the rest imported.
test('uci: the seed page https, custom update_url and run-once snippets', () => {
  const rows: [string, Record<string, string>][] = [
    ['seed-https-dir.txt', { use_https: '1', cacert: '/etc/ssl/certs' }],
    ['seed-https-file.txt', { use_https: '1', cacert: '/etc/ssl/certs/ca-certificates.crt' }],
    ['seed-custom.txt', { update_url: 'http://your.update.url...[USERNAME]...[PASSWORD]...[DOMAIN]...[IP]' }],
    ['seed-runonce.txt', { force_interval: '0' }],
  ];
  for (const [file, opts] of rows) {
    const r = parseUci(fixture(file));
    assert.deepEqual(r.errors, [{ line: 2, msg: "invalid command '...'" }], file);
    assert.deepEqual(r.config, { service: { myddns: opts } }, file);
    roundTrip(r.config);
  }
  // merged with the first example they make working sections
  const base = parseUci(fixture('seed-basic.txt')).config.service.myddns;
  const https = normalizeConfig({ service: { myddns: Object.assign({}, base, parseUci(fixture('seed-https-file.txt')).config.service.myddns) } }, ctx);
  assert.equal(https.sections[0].https, true);
  assert.ok(https.errors.some((e) => e.code === 'no_verify'));
  const once = normalizeConfig({ service: { myddns: Object.assign({}, base, { force_interval: '0' }) } }, ctx);
  assert.equal(once.sections[0].forceMs, 0);
  const custom = Object.assign({}, base, parseUci(fixture('seed-custom.txt')).config.service.myddns);
  delete custom.service_name;
  const cu = normalizeConfig({ service: { myddns: custom } }, ctx).sections[0];
  assert.equal(cu.updateUrl, 'http://your.update.url...[USERNAME]...[PASSWORD]...[DOMAIN]...[IP]');
  assert.equal(cu.valid, true);
});

test('uci: a file in the style of ddns-scripts etc/config/ddns with every option', () => {
  const r = parseUci(fixture('ddns-all-options.txt'));
  assert.deepEqual(r.errors, []);
  const cfg = r.config;
  // every option of both tables appears in the file
  const seen: Record<string, boolean> = {};
  for (const name of Object.keys(cfg.service)) for (const k of Object.keys(cfg.service[name])) seen[k] = true;
  for (const o of SECTION_OPTIONS()) assert.ok(seen[o.name], 'fixture lacks ' + o.name);
  for (const o of GLOBAL_OPTIONS()) assert.ok(o.name in cfg.global, 'fixture lacks global ' + o.name);
  assert.deepEqual(Object.keys(cfg.service), ['home_ipv4', 'home_ipv6', 'web_check', 'not_here', 'cfg065996']);
  assert.equal(cfg.global.ddns_dateformat, '%F %R');
  assert.equal(cfg.global.url, 'https://example.net/ddns/');
  const v4 = cfg.service.home_ipv4;
  assert.equal(v4.password, 's3cr"et\\pw');
  assert.equal(v4.proxy, 'user:pass@proxy.example.com:3128');
  const v6 = cfg.service.home_ipv6;
  assert.equal(v6.password, "it's");
  assert.equal(v6.retry_count, '3');
  assert.equal(v6.update_url, 'http://[USERNAME]:[PASSWORD]@update.example.net/nic/update?hostname=[DOMAIN]&myip=[IP]&[PARAMOPT]&key=[PARAMENC]');
  const web = cfg.service.web_check;
  assert.equal(web.ip_url, 'http://checkip.example.net/ http://ipv4.example.org/ip');
  assert.equal(web.enabled, '1');
  assert.equal(web.check_interval, '30');
  assert.equal(web.check_unit, 'seconds');
  // validation of the imported file
  const c = normalizeConfig(cfg, ctx);
  const by: Record<string, any> = {};
  for (const s of c.sections) by[s.name] = s;
  assert.equal(by.home_ipv4.valid, true, JSON.stringify(by.home_ipv4.errors));
  assert.equal(by.home_ipv4.retryMax, 5);
  assert.equal(by.home_ipv4.dnsServer, '192.0.2.53');
  assert.equal(by.home_ipv6.valid, true, JSON.stringify(by.home_ipv6.errors));
  assert.equal(by.home_ipv6.enabled, false);
  assert.equal(by.home_ipv6.retryMax, 3);
  assert.equal(by.web_check.valid, true, JSON.stringify(by.web_check.errors));
  assert.equal(by.web_check.checkMs, 30000);
  assert.deepEqual(by.web_check.ipUrls, ['http://checkip.example.net/', 'http://ipv4.example.org/ip']);
  assert.equal(by.not_here.valid, false);
  assert.deepEqual(by.not_here.errors.filter((e: any) => e.level === 'error').map((e: any) => e.option + ':' + e.code),
    ['ip_source:unsupported', 'update_script:unsupported']);
  assert.equal(by.cfg065996.valid, true);
  assert.equal(c.global.loglines, 250);
  // export writes the two ip_url values as list lines, and reads back the same
  const text = roundTrip(cfg);
  assert.ok(text.includes("\tlist ip_url 'http://checkip.example.net/'\n\tlist ip_url 'http://ipv4.example.org/ip'\n"));
  assert.ok(text.includes("\toption password 'it'\\''s'\n"));
  assert.ok(text.startsWith("config ddns 'global'\n\toption ddns_dateformat '%F %R'\n"));
});

test('uci: syntax details', () => {
  const rows: [string, any][] = [
    // unquoted words, trailing comments, one-letter commands, ';' between commands
    ["config service a\n option domain x.example # the host\n", { service: { a: { domain: 'x.example' } } }],
    ["c service a; o domain x; o enabled 1\n", { service: { a: { domain: 'x', enabled: '1' } } }],
    ["config service a\n\toption domain x#comment\n", { service: { a: { domain: 'x' } } }],
    // quotes: '#' inside is text; words glue together; double quotes take \" and \\
    ["config service a\n\toption update_url 'http://x/#frag'\n", { service: { a: { update_url: 'http://x/#frag' } } }],
    ["config service a\n\toption password 'a'\\''b'\n", { service: { a: { password: "a'b" } } }],
    ['config service a\n\toption password "q\\"uo\\\\te\\n"\n', { service: { a: { password: 'q"uo\\ten' } } }],
    ["config service a\n\toption password pre'mid dle'\"post\"\n", { service: { a: { password: 'premid dlepost' } } }],
    ["config service a\n\toption password 'two\nlines'\n", { service: { a: { password: 'two\nlines' } } }],
    ["config service a\n\toption domain \\\n  x.example\n", { service: { a: { domain: 'x.example' } } }],
    ["config service a\r\n\toption domain 'x.example'\r\n", { service: { a: { domain: 'x.example' } } }],
    // empty value, option without value
    ["config service a\n\toption domain ''\n\toption username\n", { service: { a: { domain: '', username: '' } } }],
    // lists join with spaces, as ddns-scripts' config_get reads them; option after list replaces
    ["config service a\n\tlist ip_url u1\n\tlist ip_url u2\n\tlist ip_url ''\n", { service: { a: { ip_url: 'u1 u2' } } }],
    ["config service a\n\toption ip_url u1\n\tlist ip_url u2\n", { service: { a: { ip_url: 'u1 u2' } } }],
    ["config service a\n\tlist ip_url u1\n\toption ip_url u3\n", { service: { a: { ip_url: 'u3' } } }],
    // the same section twice merges, a later option wins
    ["config service a\n\toption domain x\nconfig service a\n\toption domain y\n\toption enabled 1\n", { service: { a: { domain: 'y', enabled: '1' } } }],
    // global, package line, blank lines and comments only
    ["package ddns\n\n# hi\nconfig ddns global\n\toption ddns_loglines 10\n", { global: { ddns_loglines: '10' }, service: {} }],
    ["", { service: {} }],
    ["# only a comment", { service: {} }],
  ];
  for (const [text, want] of rows) {
    const r = parseUci(text);
    assert.deepEqual(r.errors, [], JSON.stringify(text));
    assert.deepEqual(r.config, want, JSON.stringify(text));
    roundTrip(r.config);
  }
});

test('uci: anonymous sections get deterministic cfgNNHHHH names', () => {
  const text = "config service\n\toption domain a\nconfig service 'named'\nconfig service\n\toption domain b\n";
  const r = parseUci(text);
  const names = Object.keys(r.config.service);
  assert.equal(names.length, 3);
  assert.match(names[0], /^cfg01[0-9a-f]{4}$/);
  assert.equal(names[1], 'named');
  assert.match(names[2], /^cfg03[0-9a-f]{4}$/);
  assert.equal(names[0].substring(5), names[2].substring(5)); // the hash depends on the type only
  assert.deepEqual(parseUci(text).config, r.config);
  // djb2 of 'service', low 16 bits
  let h = 5381;
  for (const ch of 'service') h = (h * 33 + ch.charCodeAt(0)) % 4294967296;
  assert.equal(names[0], 'cfg01' + (h % 65536).toString(16).padStart(4, '0'));
});

test('uci: errors with their line numbers, the rest still imported', () => {
  const rows: [string, { line: number; msg: string }[], any][] = [
    ["option domain x\nconfig service a\n\toption domain y\n", [{ line: 1, msg: 'option before the first config line' }], { service: { a: { domain: 'y' } } }],
    ["config service my-ddns\n\toption domain x\nconfig service ok\n", [{ line: 1, msg: "invalid character in section name 'my-ddns' (use A-Z a-z 0-9 _ only); section skipped" }], { service: { ok: {} } }],
    ["config interface wan\n\toption proto dhcp\n", [{ line: 1, msg: "unknown section type 'interface' (expected ddns or service); section skipped" }], { service: {} }],
    ["config ddns other\n", [{ line: 1, msg: "config ddns must be named 'global' (ddns-scripts reads only that one); section skipped" }], { service: {} }],
    ["config ddns\n", [{ line: 1, msg: "config ddns must be named 'global' (ddns-scripts reads only that one); section skipped" }], { service: {} }],
    ["config\n", [{ line: 1, msg: 'config without a type' }], { service: {} }],
    ["config service a b\n", [{ line: 1, msg: 'too many words after config' }], { service: { a: {} } }],
    ["config service a\n\toption\n\toption bad-name 1\n\toption domain x y\n", [
      { line: 2, msg: 'option without a name' },
      { line: 3, msg: "invalid character in option name 'bad-name'" },
      { line: 4, msg: 'too many words after option domain' }], { service: { a: { domain: 'x' } } }],
    ["package network\nconfig service a\n", [{ line: 1, msg: "package 'network' is not ddns" }], { service: { a: {} } }],
    ["config service a\n\toptoin domain x\n", [{ line: 2, msg: "invalid command 'optoin'" }], { service: { a: {} } }],
    ["config service a\n\toption domain 'x\n\n", [{ line: 2, msg: "unterminated ' quote" }], { service: { a: {} } }],
    ["config service a\n\n\toption domain \"x\n", [{ line: 3, msg: 'unterminated " quote' }], { service: { a: {} } }],
    ["config service a\n\toption a 'two\nlines'\n\toptoin x\n", [{ line: 4, msg: "invalid command 'optoin'" }], { service: { a: { a: 'two\nlines' } } }],
  ];
  for (const [text, errs, config] of rows) {
    const r = parseUci(text);
    assert.deepEqual(r.errors, errs, JSON.stringify(text));
    assert.deepEqual(r.config, config, JSON.stringify(text));
  }
});

test('uci: export of JSON values and hostile documents', () => {
  const cfg: any = {
    service: {
      a: { enabled: 1, use_https: true, ip_url: ['http://a/', 'http://b/'], domain: 'x', junk: { o: 1 }, nul: null, 'bad name': 'x' },
      'bad-name': { domain: 'y' },
      b: 'not a section',
    },
  };
  assert.equal(exportUci(cfg), "config service 'a'\n\toption enabled '1'\n\toption use_https '1'\n" +
    "\tlist ip_url 'http://a/'\n\tlist ip_url 'http://b/'\n\toption domain 'x'\n");
  // a single ip_url stays an option line; other options keep their spaces
  assert.equal(exportUci({ service: { a: { ip_url: 'http://a/', username: '@ -a www' } } }),
    "config service 'a'\n\toption ip_url 'http://a/'\n\toption username '@ -a www'\n");
  for (const bad of [null, undefined, 1, 'x', [], { service: [] }, { global: 'x', service: null }]) {
    assert.equal(exportUci(bad), '', JSON.stringify(bad));
  }
});

test('uci: hostile text never throws', () => {
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const pieces = ['config', 'service', 'ddns', 'global', 'option', 'list', 'o', 'c', 'l', 'package', ' ', '\t', '\n', '\r',
    "'", '"', '\\', '#', ';', 'domain', 'ip_url', '__proto__', 'constructor', 'x', '-', '\u0000', '\u00ff', 'a b'];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const n = Math.floor(rnd() * 40);
    for (let k = 0; k < n; k++) text += pieces[Math.floor(rnd() * pieces.length)];
    const r = parseUci(text);
    assert.ok(Array.isArray(r.errors) && typeof r.config.service === 'object');
    for (const e of r.errors) assert.ok(typeof e.line === 'number' && typeof e.msg === 'string');
    assert.equal(({} as any).domain, undefined);
    exportUci(r.config);
    normalizeConfig(r.config, ctx);
  }
  for (const bad of [null, undefined, 42, {}, []]) assert.equal(parseUci(bad as any).errors.length, 1);
  const huge = parseUci('#'.repeat(70000));
  assert.deepEqual(huge.errors, [{ line: 0, msg: 'the file is longer than 65536 characters' }]);
  const proto = parseUci("config service __proto__\n\toption domain x\nconfig service a\n\toption __proto__ x\n");
  assert.equal(proto.errors.length, 2);
  assert.equal(Object.getPrototypeOf(proto.config.service), Object.prototype);
});
