import test from 'node:test';
import assert from 'node:assert/strict';
import {
  SECTION_OPTIONS, GLOBAL_OPTIONS, optionInfo, optionTable, findOption, unitSeconds
} from '../../firmware/config/schema.ts';

const TYPES = ['bool', 'int', 'string', 'secret', 'list', 'unit', 'enum'];

test('schema: every row is well formed and its default fits its type', () => {
  for (const rows of [SECTION_OPTIONS(), GLOBAL_OPTIONS()]) {
    const seen: Record<string, boolean> = {};
    assert.ok(rows.length > 5);
    for (const r of rows) {
      assert.ok(/^[a-z0-9_]+$/.test(r.name), r.name);
      assert.ok(!seen[r.name], 'duplicate ' + r.name);
      seen[r.name] = true;
      assert.ok(TYPES.includes(r.type), r.name + ' type ' + r.type);
      assert.ok(r.help.length > 5, r.name + ' has help');
      if (r.def === '') continue;
      if (r.type === 'bool') assert.ok(r.def === '0' || r.def === '1', r.name);
      if (r.type === 'int') assert.ok(/^\d+$/.test(r.def), r.name);
      if (r.type === 'enum' || r.type === 'unit') assert.ok(r.values.includes(r.def), r.name);
    }
  }
});

test('schema: has every ddns-scripts option', () => {
  const section = ['enabled', 'interface', 'service_name', 'update_url', 'update_script', 'domain',
    'lookup_host', 'username', 'password', 'param_enc', 'param_opt', 'use_https', 'cacert',
    'ip_source', 'ip_network', 'ip_url', 'ip_interface', 'ip_script', 'ip_static', 'check_interval',
    'check_interval_min', 'check_unit', 'force_interval', 'force_unit', 'retry_interval', 'retry_unit',
    'retry_count', 'retry_max_count', 'use_ipv6', 'force_ipversion', 'dns_server', 'force_dnstcp',
    'is_glue', 'proxy', 'use_syslog', 'use_logfile', 'upd_privateip', 'bind_network', 'user_agent',
    'use_api_check', 'api_url', 'router_ip', 'router_fallback_web', 'answer', 'update_interval_min', 'dns_lookup', 'ip_dns'];
  const global = ['ddns_dateformat', 'ddns_rundir', 'ddns_logdir', 'ddns_loglines', 'upd_privateip', 'use_curl', 'ntp_server'];
  for (const n of section) assert.ok(optionInfo(n, 'section'), n);
  for (const n of global) assert.ok(optionInfo(n, 'global'), n);
  assert.deepEqual(SECTION_OPTIONS().map((r) => r.name).sort(), section.slice().sort());
});

// The defaults as ddns-scripts applies them (dynamic_dns_updater.sh and dynamic_dns_functions.sh).
test('schema: defaults and units of ddns-scripts', () => {
  const rows: [string, string, string, string][] = [
    // name, scope, default, unit
    ['enabled', 'section', '0', ''],
    ['check_interval', 'section', '10', 'check_unit'],
    ['check_interval_min', 'section', '5', 'check_unit'],
    ['check_unit', 'section', 'minutes', ''],
    ['force_interval', 'section', '72', 'force_unit'],
    ['force_unit', 'section', 'hours', ''],
    ['retry_interval', 'section', '60', 'retry_unit'],
    ['retry_unit', 'section', 'seconds', ''],
    ['retry_max_count', 'section', '0', 'retries'],
    ['use_syslog', 'section', '2', ''],
    ['use_logfile', 'section', '0', ''],
    ['use_https', 'section', '0', ''],
    ['use_ipv6', 'section', '0', ''],
    ['ip_source', 'section', 'network', ''],
    ['ddns_loglines', 'global', '250', 'lines'],
    ['ddns_dateformat', 'global', '%F %R', ''],
    ['ddns_rundir', 'global', '/var/run/ddns', ''],
    ['ddns_logdir', 'global', '/var/log/ddns', ''],
    ['upd_privateip', 'global', '0', ''],
    ['use_curl', 'global', '0', ''],
  ];
  for (const [name, scope, def, unit] of rows) {
    const info = optionInfo(name, scope)!;
    assert.equal(info.def, def, name);
    assert.equal(info.unit, unit, name);
    assert.equal(info.global, scope === 'global', name);
  }
});

test('schema: types, enums and lookups', () => {
  assert.equal(optionInfo('password')!.type, 'secret');
  assert.equal(optionInfo('ip_url')!.type, 'list');
  assert.equal(optionInfo('enabled')!.type, 'bool');
  assert.deepEqual(optionInfo('check_unit')!.values, ['seconds', 'minutes', 'hours', 'days']);
  assert.deepEqual(optionInfo('ip_source')!.values, ['network', 'web', 'static', 'router', 'dns', 'interface', 'script']);
  // section first, then global; or one scope only
  assert.equal(optionInfo('upd_privateip')!.global, false);
  assert.equal(optionInfo('upd_privateip', 'global')!.global, true);
  assert.equal(optionInfo('ddns_loglines')!.global, true);
  assert.equal(optionInfo('ddns_loglines', 'section'), null);
  for (const bad of ['', 'nope', 'enable', 'enabled|b', 'a\nb', '|', 'cacert\n']) assert.equal(optionInfo(bad), null, bad);
  assert.equal(optionInfo(undefined as any), null);
  // first and last rows are found
  const t = optionTable(false);
  assert.equal(findOption(t, 'enabled', false)!.name, 'enabled');
  assert.equal(findOption(t, 'use_api_check', false)!.name, 'use_api_check');
  assert.equal(findOption(optionTable(true), 'cacert', true)!.global, true);
});

test('schema: unit seconds', () => {
  assert.deepEqual(['seconds', 'minutes', 'hours', 'days', 'weeks', ''].map(unitSeconds), [1, 60, 3600, 86400, 0, 0]);
});
