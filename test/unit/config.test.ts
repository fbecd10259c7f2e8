import test from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizeConfig, serializeConfig, getOption, setOption, deleteOption, validName,
  ConfigError, MAX_SECTIONS
} from '../../firmware/config/validate.ts';
import type { ServiceInfo } from '../../firmware/providers/types.ts';

// A tiny fake catalog (the real one is firmware/providers/catalog.ts).
const DYN = 'http://[USERNAME]:[PASSWORD]@members.example.org/nic/update?hostname=[DOMAIN]&myip=[IP]';
const SERVICES: Record<string, ServiceInfo> = {
  'dyndns.org': { name: 'dyndns.org', ipv4: DYN, ipv6: DYN, answer: 'good|nochg' },
  'v4only.example': { name: 'v4only.example', ipv4: 'http://v4.example/u?h=[DOMAIN]&ip=[IP]&p=[PASSWORD]&u=[USERNAME]' },
  'v6only.example': { name: 'v6only.example', ipv6: 'http://v6.example/u?h=[DOMAIN]&ip=[IP]' },
  'params.example': { name: 'params.example', ipv4: 'http://p.example/u?h=[DOMAIN]&k=[PARAMENC]&[PARAMOPT]' },
  'api.example': { name: 'api.example', api: 'gandi' },
  'gone.example': { name: 'gone.example', retired: 'This provider closed in 2020; pick another one.' },
};
const lookupService = (n: string) => SERVICES[n] || null;
const ESP = { lookupService, board: 'esp32' };
const LINUX = { lookupService, board: 'linux' };

const BASE = { enabled: '1', service_name: 'dyndns.org', domain: 'home.example.com', username: 'u', password: 'p-at-least-8' };

// One section `s1` made of BASE with overrides; a null override deletes the option.
function one(over: Record<string, any>, ctx: any = ESP, name = 's1') {
  const opts: Record<string, any> = Object.assign({}, BASE);
  for (const k of Object.keys(over)) {
    if (over[k] === null) delete opts[k];
    else opts[k] = over[k];
  }
  const cfg = normalizeConfig({ service: { [name]: opts } }, ctx);
  return { cfg, sec: cfg.sections[0] };
}

function codes(errs: ConfigError[]) {
  return errs.map((e) => e.option + ':' + e.code);
}

function find(errs: ConfigError[], option: string, code: string) {
  return errs.find((e) => e.option === option && e.code === code);
}

test('config: a plain section is valid, with lookup_host defaulting to domain (info)', () => {
  const { cfg, sec } = one({});
  assert.equal(sec.valid, true);
  assert.equal(sec.enabled, true);
  assert.deepEqual(codes(sec.errors), ['lookup_host:lookup_host']);
  assert.equal(sec.errors[0].level, 'info');
  assert.equal(sec.lookupHost, 'home.example.com');
  assert.equal(sec.updateUrl, DYN);
  assert.equal(sec.answer, 'good|nochg');
  assert.equal(sec.service!.name, 'dyndns.org');
  assert.equal(sec.ipSource, 'network');
  assert.equal(sec.checkMs, 600000);
  assert.equal(sec.forceMs, 72 * 3600000);
  assert.equal(sec.retryMs, 60000);
  assert.equal(sec.retryMax, 0);
  assert.equal(sec.dnsServer, '');
  assert.equal(sec.dnsPort, 53);
  assert.equal(sec.allowPrivate, false);
  assert.deepEqual(cfg.errors, sec.errors);
  assert.equal(cfg.global.loglines, 250);
  assert.equal(cfg.global.dateformat, '%F %R');
});

// Every rule: [label, overrides, option, code, level, section still valid, ctx]
const RULES: [string, Record<string, any>, string, string, string, boolean, any?][] = [
  ['unknown option', { colour: 'blue' }, 'colour', 'unknown', 'warn', true],
  ['unknown option with odd name', { 'a-b c': '1' }, 'a-b c', 'unknown', 'warn', true],
  ['[USERNAME] without username', { service_name: null, update_url: 'http://x.example/?u=[USERNAME]&h=[DOMAIN]', username: null }, 'username', 'placeholder', 'error', false],
  ['[PASSWORD] without password', { service_name: null, update_url: 'http://x.example/?p=[PASSWORD]', password: '' }, 'password', 'placeholder', 'error', false],
  ['[PARAMENC] without param_enc', { service_name: null, update_url: 'http://x.example/?k=[PARAMENC]' }, 'param_enc', 'placeholder', 'error', false],
  ['[PARAMOPT] without param_opt', { service_name: null, update_url: 'http://x.example/?[PARAMOPT]' }, 'param_opt', 'placeholder', 'error', false],
  ['provider template needs password', { password: null }, 'password', 'placeholder', 'error', false],
  ['provider template needs param_enc', { service_name: 'params.example', param_opt: 'a=b' }, 'param_enc', 'placeholder', 'error', false],
  ['unknown service', { service_name: 'nosuch.example' }, 'service_name', 'unknown_service', 'error', false],
  ['retired service', { service_name: 'gone.example' }, 'service_name', 'retired_service', 'error', false],
  ['neither service_name nor update_url', { service_name: null }, 'service_name', 'no_url', 'error', false],
  ['custom service name counts as none', { service_name: '-' }, 'service_name', 'no_url', 'error', false],
  ['both service_name and update_url', { update_url: 'http://other.example/?ip=[IP]' }, 'update_url', 'both_url', 'info', true],
  ['update_url not http', { service_name: null, update_url: 'ftp://x.example/[IP]' }, 'update_url', 'bad_url', 'error', false],
  ['lookup_host defaults to domain', {}, 'lookup_host', 'lookup_host', 'info', true],
  ['domain missing', { domain: null }, 'domain', 'missing', 'error', false],
  ['domain empty', { domain: '' }, 'domain', 'missing', 'error', false],
  ['domain with a space', { domain: 'home example.com' }, 'domain', 'bad_domain', 'error', false],
  ['lookup_host not a host', { lookup_host: 'a;b' }, 'lookup_host', 'bad_host', 'error', false],
  ['wildcard domain needs lookup_host', { domain: '*.example.com' }, 'lookup_host', 'bad_host', 'error', false],
  ['param_opt with a space', { param_opt: 'a b' }, 'param_opt', 'unsafe', 'error', false],
  ['param_opt with a quote', { param_opt: 'a"b' }, 'param_opt', 'unsafe', 'error', false],
  ["param_opt with '", { param_opt: "a'b" }, 'param_opt', 'unsafe', 'error', false],
  ['param_opt with ;', { param_opt: 'a;reboot' }, 'param_opt', 'unsafe', 'error', false],
  ['param_opt with `', { param_opt: '`id`' }, 'param_opt', 'unsafe', 'error', false],
  ['param_opt with $', { param_opt: '$(id)' }, 'param_opt', 'unsafe', 'error', false],
  ['param_opt with |', { param_opt: 'a|b' }, 'param_opt', 'unsafe', 'error', false],
  ['param_opt with <', { param_opt: 'a<b' }, 'param_opt', 'unsafe', 'error', false],
  ['param_opt with >', { param_opt: 'a>b' }, 'param_opt', 'unsafe', 'error', false],
  ['param_opt with a bad %', { param_opt: 'a%zz' }, 'param_opt', 'unsafe', 'error', false],
  ['check_interval not a number', { check_interval: 'ten' }, 'check_interval', 'bad_int', 'error', false],
  ['check_interval decimal', { check_interval: '10.5' }, 'check_interval', 'bad_int', 'error', false],
  ['check_interval negative', { check_interval: '-1' }, 'check_interval', 'bad_int', 'error', false],
  ['check_interval exponent', { check_interval: '1e3' }, 'check_interval', 'bad_int', 'error', false],
  ['check_interval JSON decimal', { check_interval: 2.5 }, 'check_interval', 'bad_int', 'error', false],
  ['force_interval not a number', { force_interval: 'x' }, 'force_interval', 'bad_int', 'error', false],
  ['retry_interval negative', { retry_interval: -5 }, 'retry_interval', 'bad_int', 'error', false],
  ['retry_max_count not a number', { retry_max_count: 'many' }, 'retry_max_count', 'bad_int', 'error', false],
  ['check_unit unknown', { check_unit: 'weeks' }, 'check_unit', 'bad_enum', 'error', false],
  ['force_unit unknown', { force_unit: 'Hours' }, 'force_unit', 'bad_enum', 'error', false],
  ['retry_unit unknown', { retry_unit: 's' }, 'retry_unit', 'bad_enum', 'error', false],
  ['force_interval over a year', { force_interval: '400', force_unit: 'days' }, 'force_interval', 'range', 'error', false],
  ['check_interval under 5 minutes', { check_interval: '2' }, 'check_interval', 'check_min', 'warn', true],
  ['force_interval under check_interval', { check_interval: '2', check_unit: 'hours', force_interval: '1' }, 'force_interval', 'force_min', 'warn', true],
  ['IPv6 from network on esp32', { use_ipv6: '1' }, 'ip_source', 'ipv6_source', 'error', false],
  ['IPv6 from web on esp32', { use_ipv6: '1', ip_source: 'web', ip_url: 'http://ip6.example/' }, 'ip_source', 'ipv6_source', 'error', false],
  ['IPv6 from router on esp32', { use_ipv6: '1', ip_source: 'router' }, 'ip_source', 'ipv6_source', 'error', false],
  ['IPv6 transport on esp32', { use_ipv6: '1', ip_source: 'static', ip_static: '2001:db8::1', force_ipversion: '1' }, 'force_ipversion', 'ipv6_transport', 'error', false],
  ['provider without IPv6', { service_name: 'v4only.example', use_ipv6: '1', ip_source: 'static', ip_static: '2001:db8::1' }, 'use_ipv6', 'no_ipv6', 'error', false],
  ['provider without IPv4', { service_name: 'v6only.example' }, 'use_ipv6', 'no_ipv4', 'error', false],
  ['web without ip_url: the built-in list', { ip_source: 'web' }, 'ip_url', 'default', 'info', true],
  ['dns with a resolver by name', { ip_source: 'dns', ip_dns: 'opendns@resolver1.opendns.com' }, 'ip_dns', 'bad_resolver', 'error', false],
  ['dns with an unknown kind', { ip_source: 'dns', ip_dns: 'google@216.239.32.10 quad9@9.9.9.9' }, 'ip_dns', 'bad_resolver', 'error', false],
  ['dns with a bad port', { ip_source: 'dns', ip_dns: 'cloudflare@1.1.1.1:99999' }, 'ip_dns', 'bad_resolver', 'error', false],
  ['web with a bad ip_url', { ip_source: 'web', ip_url: 'http://a.example/ checkip.example' }, 'ip_url', 'bad_url', 'error', false],
  ['static without ip_static', { ip_source: 'static' }, 'ip_static', 'missing', 'error', false],
  ['static with a bad address', { ip_source: 'static', ip_static: '300.1.1.1' }, 'ip_static', 'bad_ip', 'error', false],
  ['static IPv4 given for IPv6', { ip_source: 'static', ip_static: '192.0.2.1', use_ipv6: '1' }, 'ip_static', 'bad_ip', 'error', false],
  ['ip_source interface', { ip_source: 'interface' }, 'ip_source', 'unsupported', 'error', false],
  ['ip_source script', { ip_source: 'script', ip_script: '/bin/ip.sh' }, 'ip_source', 'unsupported', 'error', false],
  ['ip_source unknown', { ip_source: 'dhcp' }, 'ip_source', 'bad_enum', 'error', false],
  ['update_script', { update_script: '/usr/lib/ddns/update_x.sh' }, 'update_script', 'unsupported', 'error', false],
  ['dns_server with a space', { dns_server: 'ns example' }, 'dns_server', 'bad_dns', 'error', false],
  ['dns_server port 0', { dns_server: '192.0.2.1:0' }, 'dns_server', 'bad_dns', 'error', false],
  ['dns_server port too big', { dns_server: '192.0.2.1:99999' }, 'dns_server', 'bad_dns', 'error', false],
  ['dns_server port not a number', { dns_server: 'ns.example:dns' }, 'dns_server', 'bad_dns', 'error', false],
  ['dns_server unclosed bracket', { dns_server: '[2001:db8::1' }, 'dns_server', 'bad_dns', 'error', false],
  ['dns_server only a port', { dns_server: ':53' }, 'dns_server', 'bad_dns', 'error', false],
  ['dns_server IPv6 on esp32', { dns_server: '[2001:db8::53]:53' }, 'dns_server', 'ipv6_transport', 'error', false],
  ['proxy without port', { proxy: 'proxy.example.com' }, 'proxy', 'bad_proxy', 'error', false],
  ['proxy with scheme', { proxy: 'http://proxy.example.com:3128' }, 'proxy', 'bad_proxy', 'error', false],
  ['proxy user without password', { proxy: 'user@proxy.example.com:3128' }, 'proxy', 'bad_proxy', 'error', false],
  ['proxy password with :', { proxy: 'u:p:x@proxy.example.com:3128' }, 'proxy', 'bad_proxy', 'error', false],
  ['proxy port not a number', { proxy: 'proxy.example.com:http' }, 'proxy', 'bad_proxy', 'error', false],
  ['enabled not a boolean', { enabled: 'maybe' }, 'enabled', 'bad_bool', 'error', false],
  ['use_https not a boolean', { use_https: '2' }, 'use_https', 'bad_bool', 'error', false],
  ['use_syslog out of range', { use_syslog: '5' }, 'use_syslog', 'bad_enum', 'error', false],
  ['value is an object', { domain: { a: 1 } }, 'domain', 'bad_type', 'error', false],
  ['list for a plain option', { domain: ['a.example', 'b.example'] }, 'domain', 'bad_type', 'error', false],
  ['list with a non-string', { ip_source: 'web', ip_url: ['http://a.example/', 5] }, 'ip_url', 'bad_type', 'error', false],
  ['value not finite', { check_interval: Infinity }, 'check_interval', 'bad_type', 'error', false],
  ['value too long', { username: 'x'.repeat(1500) }, 'username', 'too_long', 'error', false],
  ['enabled not set', { enabled: null }, 'enabled', 'disabled', 'info', true],
  ['retry_count, the old name', { retry_count: '3' }, 'retry_count', 'renamed', 'info', true],
  ['cacert is not verified on esp32', { use_https: '1', cacert: '/etc/ssl/certs' }, 'cacert', 'no_verify', 'info', true],
];

test('config: every validation rule, with its exact section/option/code/level', () => {
  for (const [label, over, option, code, level, valid, ctx] of RULES) {
    const { cfg, sec } = one(over, ctx || ESP);
    const e = find(sec.errors, option, code);
    assert.ok(e, label + ': expected ' + option + ':' + code + ', got ' + codes(sec.errors).join(' '));
    assert.equal(e!.section, 's1', label);
    assert.equal(e!.level, level, label);
    assert.ok(e!.msg.indexOf("Section 's1'") === 0, label + ': ' + e!.msg);
    if (option) assert.ok(e!.msg.indexOf("option '") > 0, label + ': ' + e!.msg);
    assert.ok(/[.!:]$|\w$/.test(e!.msg), label);
    assert.equal(sec.valid, valid, label + ': valid ' + codes(sec.errors).join(' '));
    assert.ok(cfg.errors.includes(e!), label + ': listed at top level');
  }
});

test('config: rules that need another board or a section name', () => {
  // on linux the IPv6 restrictions of the esp32 do not apply
  const v6 = one({ use_ipv6: '1', dns_server: '[2001:db8::53]:5353', force_ipversion: '1' }, LINUX).sec;
  assert.equal(v6.valid, true, codes(v6.errors).join(' '));
  assert.equal(v6.ipv6, true);
  assert.equal(v6.dnsServer, '2001:db8::53');
  assert.equal(v6.dnsPort, 5353);
  // IPv6 on esp32 from a static address is the allowed way
  const st = one({ use_ipv6: '1', ip_source: 'static', ip_static: '2001:db8::1' }).sec;
  assert.equal(st.valid, true, codes(st.errors).join(' '));
  // the board defaults to esp32
  assert.ok(find(one({ use_ipv6: '1' }, { lookupService }).sec.errors, 'ip_source', 'ipv6_source'));
  const msg = find(one({ use_ipv6: '1' }).sec.errors, 'ip_source', 'ipv6_source')!.msg;
  assert.ok(msg.includes("'static'") && msg.includes('console'), msg);
  // section names: UCI's [A-Za-z0-9_]
  for (const bad of ['my-ddns', 'my ddns', 'a.b', '', 'x'.repeat(65), '\u00e9t\u00e9', 'global']) {
    const s = one({}, ESP, bad).sec;
    const e = find(s.errors, '', 'bad_name');
    assert.ok(e, 'bad name ' + JSON.stringify(bad));
    assert.equal(e!.section, bad);
    assert.equal(s.valid, false);
  }
  for (const good of ['myddns', 'myddns_ipv4', 'A1_b2', '_x']) assert.equal(one({}, ESP, good).sec.valid, true, good);
  // the retired sentence is passed on
  assert.ok(find(one({ service_name: 'gone.example' }).sec.errors, 'service_name', 'retired_service')!.msg
    .includes('closed in 2020'));
});

test('config: good values of the format checks', () => {
  const good: Record<string, any>[] = [
    { param_opt: 'a=b&c,d:e@f/g+h~i.j-k_l' },
    { param_opt: 'x=%20%2Fok' },
    { dns_server: 'ns1.example.com' },
    { dns_server: '192.0.2.53' },
    { dns_server: '192.0.2.53:5353' },
    { dns_server: 'ns.example.com:53' },
    { proxy: 'proxy.example.com:3128' },
    { proxy: 'user:pass@192.0.2.1:8080' },
    { proxy: '[2001:db8::1]:3128' },
    { ip_source: 'web', ip_url: 'http://a.example/ https://b.example/ip' },
    { ip_source: 'web', ip_url: ['http://a.example/', 'http://b.example/'] },
    { ip_source: 'static', ip_static: '203.0.113.7' },
    { ip_source: 'router' },
    { enabled: true, use_https: false },
    { enabled: 'yes' },
    { enabled: 1 },
    { check_interval: 15 },
    { service_name: 'api.example', username: null },
    { domain: '@.example.com', lookup_host: 'example.com' },
  ];
  for (const over of good) {
    const s = one(over).sec;
    assert.equal(s.valid, true, JSON.stringify(over) + ' -> ' + codes(s.errors).join(' '));
  }
  const d = one({ dns_server: '192.0.2.53:5353' }).sec;
  assert.equal(d.dnsServer, '192.0.2.53');
  assert.equal(d.dnsPort, 5353);
  const w = one({ ip_source: 'web', ip_url: ['http://a.example/', 'http://b.example/'] }).sec;
  assert.deepEqual(w.ipUrls, ['http://a.example/', 'http://b.example/']);
  assert.equal(w.opts.ip_url, 'http://a.example/ http://b.example/');
  const b = one({ enabled: 'yes', use_https: true }).sec;
  assert.equal(b.opts.enabled, '1');
  assert.equal(b.opts.use_https, '1');
  assert.equal(b.https, true);
  const api = one({ service_name: 'api.example' }).sec;
  assert.equal(api.updateUrl, '');
  assert.equal(api.service!.api, 'gandi');
  // ddns-scripts: when service_name is set its URL wins over update_url
  const both = one({ update_url: 'http://other.example/?ip=[IP]' }).sec;
  assert.equal(both.updateUrl, DYN);
  const custom = one({ service_name: null, update_url: 'http://x.example/?h=[DOMAIN]&ip=[IP]' }).sec;
  assert.equal(custom.updateUrl, 'http://x.example/?h=[DOMAIN]&ip=[IP]');
  assert.equal(custom.answer, '');
  assert.equal(custom.service, null);
  const v6 = one({ use_ipv6: '1', ip_source: 'static', ip_static: '2001:db8::1' }).sec;
  assert.equal(v6.updateUrl, DYN);
});

test('config: intervals with units', () => {
  const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H;
  // overrides, checkMs, forceMs, retryMs, warnings
  const rows: [Record<string, any>, number, number, number, string[]][] = [
    [{}, 10 * M, 72 * H, 60 * S, []],
    [{ check_interval: '5' }, 5 * M, 72 * H, 60 * S, []],
    [{ check_interval: '2' }, 5 * M, 72 * H, 60 * S, ['check_interval:check_min']],
    [{ check_interval: '0' }, 5 * M, 72 * H, 60 * S, ['check_interval:check_min']],
    [{ check_interval: '30', check_unit: 'seconds' }, 30 * S, 72 * H, 60 * S, []],
    [{ check_interval: '300', check_unit: 'seconds' }, 5 * M, 72 * H, 60 * S, []],
    [{ check_interval: '2', check_unit: 'seconds' }, 5 * S, 72 * H, 60 * S, ['check_interval:check_min']],
    [{ check_interval: '0', check_unit: 'seconds', check_interval_min: '0' }, 5 * S, 72 * H, 60 * S, ['check_interval:check_min']],
    [{ check_interval: '2', check_interval_min: '10' }, 10 * M, 72 * H, 60 * S, ['check_interval:check_min']],
    [{ check_interval: '1', check_unit: 'hours' }, H, 72 * H, 60 * S, []],
    [{ check_interval: '1', check_unit: 'days' }, D, 72 * H, 60 * S, []],
    [{ check_interval: 15 }, 15 * M, 72 * H, 60 * S, []],
    [{ check_interval: '' }, 10 * M, 72 * H, 60 * S, []],
    [{ force_interval: '0' }, 10 * M, 0, 60 * S, []],
    [{ force_interval: '0', force_unit: 'days' }, 10 * M, 0, 60 * S, []],
    [{ force_interval: '3', force_unit: 'days' }, 10 * M, 3 * D, 60 * S, []],
    [{ force_interval: '30', force_unit: 'minutes' }, 10 * M, 30 * M, 60 * S, []],
    [{ force_interval: '5', force_unit: 'minutes' }, 10 * M, 10 * M, 60 * S, ['force_interval:force_min']],
    [{ force_interval: '100', force_unit: 'seconds', check_interval: '60', check_unit: 'seconds' }, M, 100 * S, 60 * S, []],
    [{ retry_interval: '5', retry_unit: 'minutes' }, 10 * M, 72 * H, 5 * M, []],
    [{ retry_interval: '0' }, 10 * M, 72 * H, 0, []],
    [{ retry_interval: '2', retry_unit: 'hours' }, 10 * M, 72 * H, 2 * H, []],
    [{ force_interval: '366', force_unit: 'days' }, 10 * M, 366 * D, 60 * S, []],
  ];
  for (const [over, check, force, retry, warns] of rows) {
    const s = one(over).sec;
    const label = JSON.stringify(over);
    assert.equal(s.checkMs, check, label + ' check');
    assert.equal(s.forceMs, force, label + ' force');
    assert.equal(s.retryMs, retry, label + ' retry');
    assert.deepEqual(s.errors.filter((e) => e.level === 'warn').map((e) => e.option + ':' + e.code), warns, label);
    assert.equal(s.valid, true, label);
  }
  // retry_max_count and its old name
  assert.equal(one({ retry_max_count: '5' }).sec.retryMax, 5);
  assert.equal(one({ retry_count: '3' }).sec.retryMax, 3);
  assert.equal(one({ retry_count: '3', retry_max_count: '7' }).sec.retryMax, 7);
});

test('config: global section', () => {
  const g = normalizeConfig({ global: { ddns_loglines: 100, upd_privateip: '1', ddns_dateformat: '%H:%M', use_curl: '1', colour: 'x' }, service: {} }, ESP);
  assert.equal(g.global.loglines, 100);
  assert.equal(g.global.allowPrivate, true);
  assert.equal(g.global.dateformat, '%H:%M');
  assert.deepEqual(g.errors.map((e) => e.section + '.' + e.option + ':' + e.code + ':' + e.level), ['global.colour:unknown:warn']);
  // the section inherits upd_privateip from global unless it sets its own
  const raw = { global: { upd_privateip: '1' }, service: { a: BASE, b: Object.assign({ upd_privateip: '0' }, BASE) } };
  const c = normalizeConfig(raw, ESP);
  assert.equal(c.sections[0].allowPrivate, true);
  assert.equal(c.sections[1].allowPrivate, false);
  const bad = normalizeConfig({ global: { ddns_loglines: 'lots' } }, ESP);
  assert.deepEqual(bad.errors.map((e) => e.section + '.' + e.option + ':' + e.code), ['global.ddns_loglines:bad_int']);
  assert.equal(bad.global.loglines, 250);
  // a global that is not an object makes the whole document wrong: a config-level error
  assert.deepEqual(normalizeConfig({ global: [] }, ESP).errors.map((e) => e.section + ':' + e.code), [':bad_section']);
  // nothing at all: defaults, no sections, no errors
  const empty = normalizeConfig({}, ESP);
  assert.deepEqual(empty.sections, []);
  assert.deepEqual(empty.errors, []);
});

test('config: document-level problems', () => {
  const rows: [any, string, string][] = [
    [null, '', 'bad_config'],
    [[], '', 'bad_config'],
    ['text', '', 'bad_config'],
    // config-level (section ''): the console, the web page and an upload refuse the whole document
    [{ service: [] }, '', 'bad_section'],
    [{ service: 'x' }, '', 'bad_section'],
    [{ service: { a: 'x' } }, '', 'bad_section'],
    [{ service: { a: [] } }, '', 'bad_section'],
    [{ service: { a: null } }, '', 'bad_section'],
    [{ service: {}, mqtt: 'x' }, '', 'bad_section'],
    [{ service: { constructor: {} } }, '', 'reserved_name'],
    [{ services: {} }, 'services', 'unknown'],
  ];
  for (const [raw, section, code] of rows) {
    const c = normalizeConfig(raw, ESP);
    assert.ok(c.errors.some((e) => e.section === section && e.code === code), JSON.stringify(raw) + ' ' + JSON.stringify(c.errors));
  }
  // disabled sections are kept, validated, and not run
  const c = normalizeConfig({ service: { on: BASE, off: Object.assign({}, BASE, { enabled: '0' }) } }, ESP);
  assert.deepEqual(c.sections.map((s) => s.name + ':' + s.enabled + ':' + s.valid), ['on:true:true', 'off:false:true']);
  // too many sections
  const many: Record<string, any> = {};
  for (let i = 0; i < MAX_SECTIONS + 3; i++) many['s' + i] = BASE;
  const m = normalizeConfig({ service: many }, ESP);
  assert.equal(m.sections.length, MAX_SECTIONS);
  assert.equal(m.errors.filter((e) => e.code === 'too_many').length, 3);
  // every problem at once
  const all = one({ domain: null, check_unit: 'weeks', proxy: 'x', colour: 1, param_opt: 'a b' }).sec;
  assert.deepEqual(codes(all.errors).sort(), ['check_unit:bad_enum', 'colour:unknown', 'domain:missing', 'param_opt:unsafe', 'proxy:bad_proxy'].sort());
});

test('config: hostile input never throws', () => {
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const atoms = [null, undefined, 0, -1, 1.5, NaN, Infinity, '', '1', 'x'.repeat(5000), true, false, [], [1, [2]], {}, { a: { b: {} } },
    '__proto__', 'constructor', '\u0000\u00ff\n', ['http://a/', null]];
  const keys = ['enabled', 'service_name', 'update_url', 'domain', 'ip_source', 'ip_url', 'check_interval', 'check_unit',
    'use_ipv6', 'dns_server', 'proxy', 'param_opt', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x-y', ''];
  const pick = (a: any[]) => a[Math.floor(rnd() * a.length)];
  const throwing = { lookupService: () => { throw new Error('boom'); } };
  for (let i = 0; i < 400; i++) {
    const sec: Record<string, any> = {};
    for (let k = 0; k < 6; k++) sec[pick(keys)] = pick(atoms);
    const raws = [pick(atoms), { service: pick(atoms) }, { service: { [pick(keys)]: sec } }, { global: sec, service: { s: sec } }];
    for (const raw of raws) {
      for (const ctx of [ESP, LINUX, throwing]) {
        const c = normalizeConfig(raw, ctx as any);
        assert.ok(Array.isArray(c.errors) && Array.isArray(c.sections));
        for (const e of c.errors) assert.equal(typeof e.msg, 'string');
      }
      assert.equal(typeof serializeConfig(raw), 'string');
    }
  }
  // JSON's own "__proto__" keys
  const j = JSON.parse('{"service":{"__proto__":{"enabled":"1"},"ok":{"__proto__":"x","constructor":"y"}},"__proto__":1}');
  const c = normalizeConfig(j, ESP);
  assert.ok(c.errors.some((e) => e.section === '' && e.code === 'reserved_name'), JSON.stringify(c.errors));
  assert.ok(find(c.errors, '__proto__', 'unknown'));
  assert.equal(({} as any).enabled, undefined);
  // messages stay short and printable however long the name
  const long = normalizeConfig({ service: { ['n\u0001' + 'x'.repeat(10000)]: {} } }, ESP);
  for (const e of long.errors) assert.ok(e.msg.length < 400 && !/[\u0000-\u001f]/.test(e.msg), e.msg.length + '');
});

test('config: serializeConfig keeps options as strings and drops the rest', () => {
  const raw = {
    global: { ddns_loglines: 100, upd_privateip: true, junk: { a: 1 }, none: null },
    service: { a: { enabled: 1, ip_url: ['http://a/', 'http://b/', 3], domain: 'x.example' }, b: 'oops', c: [] },
    extra: 1,
  };
  const text = serializeConfig(raw);
  assert.deepEqual(JSON.parse(text), {
    global: { ddns_loglines: '100', upd_privateip: '1' },
    service: { a: { enabled: '1', ip_url: ['http://a/', 'http://b/', '3'], domain: 'x.example' } },
  });
  assert.equal(serializeConfig(null), '{"service":{}}');
  // the mqtt, syslog and device blocks are kept as they are; other top-level keys and non-objects go
  const blocks = { service: {}, mqtt: { host: '192.0.2.2', port: 1883, tls: false, password: 'p' },
    syslog: { host: 'log.example', port: '514' }, device: { hostname: 'esp' }, junk: { a: 1 } };
  assert.deepEqual(JSON.parse(serializeConfig(blocks)), {
    service: {}, mqtt: blocks.mqtt, syslog: blocks.syslog, device: blocks.device,
  });
  assert.deepEqual(JSON.parse(serializeConfig({ mqtt: 'x', syslog: [1], device: null })), { service: {} });
  // stored and read back, it validates the same
  const full = { global: { ddns_loglines: '250' }, service: { s1: Object.assign({ check_interval: 15, use_https: true }, BASE) } };
  const before = normalizeConfig(full, ESP);
  const after = normalizeConfig(JSON.parse(serializeConfig(full)), ESP);
  assert.deepEqual(after.sections, before.sections);
  assert.equal(serializeConfig(JSON.parse(serializeConfig(full))), serializeConfig(full));
});

test('config: get/set/delete by path', () => {
  const raw: any = {};
  const ok = (r: any) => { assert.equal(r.ok, true, r.msg); return r; };
  const err = (r: any, code: string) => { assert.equal(r.ok, false); assert.equal(r.code, code, r.msg); assert.ok(r.msg.length > 5); };
  err(setOption(raw, 'myddns.domain', 'x.example'), 'no_section');
  ok(setOption(raw, 'myddns', 'service'));
  ok(setOption(raw, 'myddns', 'service')); // again: no change
  ok(setOption(raw, 'myddns.domain', 'x.example'));
  ok(setOption(raw, 'ddns.myddns.enabled', '1'));
  assert.deepEqual(raw, { service: { myddns: { domain: 'x.example', enabled: '1' } } });
  assert.equal(ok(getOption(raw, 'myddns.domain')).value, 'x.example');
  assert.equal(ok(getOption(raw, 'ddns.myddns.domain')).value, 'x.example');
  assert.equal(ok(getOption(raw, 'myddns')).value, 'service');
  err(getOption(raw, 'myddns.username'), 'not_found');
  err(getOption(raw, 'other.domain'), 'not_found');
  err(setOption(raw, 'myddns.colour', 'x'), 'unknown');
  err(setOption(raw, 'myddns.ddns_loglines', '10'), 'unknown');
  err(setOption(raw, 'my-ddns', 'service'), 'bad_path');
  err(setOption(raw, 'other', 'interface'), 'bad_type');
  err(setOption(raw, 'myddns.domain', 'x'.repeat(1025)), 'too_long');
  err(setOption(raw, 'myddns.domain', { a: 1 }), 'bad_type');
  for (const bad of ['', '.', 'a.', '.b', 'a.b.c', 'x.a.b', 'a..b', 'a b', '__proto__', '__proto__.x', 'a.__proto__', 42, null]) {
    err(getOption(raw, bad as any), 'bad_path');
    err(setOption(raw, bad as any, 'v'), 'bad_path');
    err(deleteOption(raw, bad as any), 'bad_path');
  }
  // global
  err(setOption(raw, 'global.ddns_loglines', '100'), 'no_section');
  ok(setOption(raw, 'global', 'ddns'));
  ok(setOption(raw, 'global.ddns_loglines', '100'));
  assert.equal(ok(getOption(raw, 'global')).value, 'ddns');
  assert.equal(ok(getOption(raw, 'global.ddns_loglines')).value, '100');
  err(setOption(raw, 'global.domain', 'x'), 'unknown');
  // lists read as one string; numbers as text
  raw.service.myddns.ip_url = ['http://a/', 'http://b/'];
  raw.service.myddns.check_interval = 5;
  assert.equal(ok(getOption(raw, 'myddns.ip_url')).value, 'http://a/ http://b/');
  assert.equal(ok(getOption(raw, 'myddns.check_interval')).value, '5');
  // numbers and booleans are stored as strings; an empty value deletes (as uci set does)
  ok(setOption(raw, 'myddns.use_https', true));
  assert.equal(raw.service.myddns.use_https, '1');
  ok(setOption(raw, 'myddns.use_https', ''));
  assert.equal('use_https' in raw.service.myddns, false);
  // delete
  ok(deleteOption(raw, 'myddns.domain'));
  err(deleteOption(raw, 'myddns.domain'), 'not_found');
  ok(deleteOption(raw, 'myddns'));
  err(deleteOption(raw, 'myddns'), 'not_found');
  ok(deleteOption(raw, 'global'));
  assert.deepEqual(raw, { service: {} });
  // inherited names are not sections
  err(getOption({ service: {} }, 'constructor'), 'bad_path');
  err(getOption({ service: {} }, 'toString.domain'), 'bad_path');
  err(setOption(null, 'a', 'service'), 'bad_path');
  err(getOption(null, 'a'), 'not_found');
  assert.equal(validName('ok_1'), true);
  assert.equal(validName('no-dash'), false);
});
