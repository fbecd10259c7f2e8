// Every ddns-scripts option, as data: one row per option, one table per UCI section kind.
//
// Row format, one per line:   name|type|default|unit|help
//   type  b  bool, '0' or '1'            i  integer >= 0
//         s  string                      p  secret string (never shown)
//         l  list (space separated)      u  time unit: seconds|minutes|hours|days
//         e:a,b,c  one of the values a, b, c
//   unit  for integers: the option that holds the unit (check_unit...) or a plain word
//
// Defaults and units follow ddns-scripts (net/ddns-scripts in openwrt/packages:
// dynamic_dns_updater.sh, dynamic_dns_functions.sh, etc/config/ddns). Options marked
// "OpenWrt only" are accepted, so a router's config imports without noise, and not used here.
//
// The tables are returned by functions, not kept in variables: run from Storage, the text
// stays in flash and costs RAM only while a caller looks something up.

import { indexOfStr } from '../core/text';

/** One parsed row of the option tables. */
export interface OptionInfo {
  name: string;
  /** 'bool' | 'int' | 'string' | 'secret' | 'list' | 'unit' | 'enum' */
  type: string;
  /** default value as ddns-scripts applies it; '' when there is none */
  def: string;
  /** for integers: the option holding the unit, or a word such as 'lines'; else '' */
  unit: string;
  /** allowed values for 'enum' and 'unit' */
  values: string[];
  help: string;
  /** true for options of the 'global' section */
  global: boolean;
}

function sectionTable(): string {
  return '' +
    'enabled|b|0||1 runs the section, 0 keeps it idle\n' +
    'interface|s|wan||hotplug interface; OpenWrt only\n' +
    'service_name|s|||provider; its URL wins over update_url\n' +
    'update_url|s|||URL with [USERNAME] [PASSWORD] [DOMAIN] [IP] [PARAMENC] [PARAMOPT]\n' +
    'answer|s|||words of a success reply to update_url, alternatives joined by a vertical bar; unset: good/nochg, else DNS must show the address (our extension)\n' +
    'update_script|s|||update script; OpenWrt only\n' +
    'domain|s|||host name to update: [DOMAIN]\n' +
    'lookup_host|s|||name read from DNS; defaults to domain\n' +
    'username|s|||[USERNAME], URL-encoded\n' +
    'password|p|||[PASSWORD], URL-encoded\n' +
    'param_enc|p|||[PARAMENC], URL-encoded\n' +
    'param_opt|s|||[PARAMOPT] as is, URL-safe characters only\n' +
    'use_https|b|0||1 sends over https\n' +
    'cacert|s|||CA path or IGNORE; the board does not verify\n' +
    'ip_source|e:network,web,static,router,dns,interface,script|network||where the address comes from (dns: our extension)\n' +
    'ip_network|s|wan||network for ip_source network; OpenWrt only\n' +
    'ip_url|l|||check-IP URLs for ip_source web, rotated; a dead one rests; empty: a built-in list\n' +
    'ip_dns|l|||ip_source dns: kind@server[:port], kind opendns, google or cloudflare; empty: a built-in list (our extension)\n' +
    'ip_interface|s|||device for ip_source interface; OpenWrt only\n' +
    'ip_script|s|||script for ip_source script; OpenWrt only\n' +
    'ip_static|s|||address for ip_source static\n' +
    'router_ip|s|||router for ip_source router; default: the gateway (our extension)\n' +
    'router_fallback_web|b|0||1: behind a second NAT, ip_url answers instead (our extension)\n' +
    'check_interval|i|10|check_unit|compare addresses this often\n' +
    'check_interval_min|i|5|check_unit|floor when check_interval < 300 s\n' +
    'check_unit|u|minutes||unit of check_interval\n' +
    'force_interval|i|72|force_unit|update at least this often; 0 runs once\n' +
    'force_unit|u|hours||unit of force_interval\n' +
    'retry_interval|i|60|retry_unit|wait after an error\n' +
    'retry_unit|u|seconds||unit of retry_interval\n' +
    'retry_max_count|i|0|retries|retries before stopping; 0 = forever\n' +
    'update_interval_min|i|300|seconds|least time between two updates; triggers in between are sent as one; 0 off (our extension)\n' +
    'retry_count|i||retries|old name of retry_max_count\n' +
    'use_ipv6|b|0||1 updates the AAAA record\n' +
    'force_ipversion|b|0||1 talks only over the IP version of use_ipv6\n' +
    'dns_server|s|||DNS server: host or IP, optional :port\n' +
    'force_dnstcp|b|0||1 asks dns_server over TCP\n' +
    'dns_lookup|e:auto,authoritative,resolver|auto||where the registered address is read: the zone\'s own servers (authoritative), or the resolver as ddns-scripts does; auto: the zone\'s servers unless dns_server is set (our extension)\n' +
    'is_glue|b|0||1 for a glue record\n' +
    'proxy|s|||HTTP proxy [user:pass@]host:port\n' +
    'use_syslog|e:0,1,2,3,4|2||syslog: 0 off, 1 info, 2 notice, 3 warning, 4 error\n' +
    'use_logfile|b|0||1 keeps a log in flash (ddns-scripts: 1; 0 here to spare the flash)\n' +
    'upd_privateip|b|||1 allows private addresses; default: global\n' +
    'bind_network|s|||network to send from; OpenWrt only\n' +
    'user_agent|s|||HTTP User-Agent\n' +
    'use_api_check|b|0||1 reads the registered address from the provider API\n' +
    'api_url|s|||API providers: another API base URL (our extension)\n';
}

function globalTable(): string {
  return '' +
    'ddns_dateformat|s|%F %R||strftime format of log dates\n' +
    'ddns_rundir|s|/var/run/ddns||OpenWrt only\n' +
    'ddns_logdir|s|/var/log/ddns||OpenWrt only\n' +
    'ddns_loglines|i|250|lines|lines kept per section log\n' +
    'upd_privateip|b|0||1 allows private addresses\n' +
    'use_curl|b|0||OpenWrt only\n' +
    'ntp_server|s|||SNTP server host[:port] that sets the clock (our extension; e.g. your router)\n' +
    'url|s|||provider download URL; OpenWrt only\n' +
    'cacert|s|||CA for that download; OpenWrt only\n';
}

/** The raw text of a table: for callers doing many lookups (findOption) without re-reading it. */
// Why: normalizeConfig looks up dozens of names; one copy of the text per config load is enough.
export function optionTable(global: boolean): string {
  return global ? globalTable() : sectionTable();
}

function expandType(t: string): string[] {
  // returns [type, values joined by ',']
  if (t === 'b') return ['bool', ''];
  if (t === 'i') return ['int', ''];
  if (t === 'p') return ['secret', ''];
  if (t === 'l') return ['list', ''];
  if (t === 'u') return ['unit', 'seconds,minutes,hours,days'];
  if (t.charAt(0) === 'e') return ['enum', t.substring(2)];
  return ['string', ''];
}

function rowInfo(row: string, global: boolean): OptionInfo {
  var f = row.split('|');
  var t = expandType(f[1]);
  return {
    name: f[0], type: t[0], def: f[2], unit: f[3], help: f[4],
    values: t[1] ? t[1].split(',') : [], global: global
  };
}

/** Looks a name up in a table text from optionTable; null when the table has no such option. */
// Why: a scan with indexOf keeps the table a single string, never a tree of objects.
export function findOption(table: string, name: string, global: boolean): OptionInfo | null {
  if (typeof name !== 'string' || !name || name.indexOf('|') >= 0 || name.indexOf('\n') >= 0) return null;
  var key = name + '|';
  var at = -1;
  if (table.substring(0, key.length) === key) at = 0;
  else {
    // indexOfStr: Espruino's indexOf matches '\n...' at the table's final newline
    at = indexOfStr(table, '\n' + key);
    if (at >= 0) at++;
  }
  if (at < 0) return null;
  var end = table.indexOf('\n', at);
  return rowInfo(table.substring(at, end < 0 ? table.length : end), global);
}

/** One option by name: section options first, then global ones (or only `scope`'s). */
// Why: the console's help and the validators need type, default and unit of a single option.
export function optionInfo(name: string, scope?: string): OptionInfo | null {
  var info: OptionInfo | null = null;
  if (scope !== 'global') info = findOption(sectionTable(), name, false);
  if (!info && scope !== 'section') info = findOption(globalTable(), name, true);
  return info;
}

function rows(global: boolean): OptionInfo[] {
  var lines = optionTable(global).split('\n');
  var out: OptionInfo[] = [];
  for (var i = 0; i < lines.length; i++) {
    if (lines[i]) out.push(rowInfo(lines[i], global));
  }
  return out;
}

/** Every option of a service section, parsed now (a function so the text stays in flash). */
// Why: listings (console help, docs, tests) need the whole table; nothing keeps it resident.
export function SECTION_OPTIONS(): OptionInfo[] {
  return rows(false);
}

/** Every option of the 'global' section, parsed now. */
// Why: same as SECTION_OPTIONS, for `config ddns 'global'`.
export function GLOBAL_OPTIONS(): OptionInfo[] {
  return rows(true);
}

/** Seconds in one time unit of check_unit/force_unit/retry_unit, or 0 for an unknown unit. */
// Why: the three interval options share the unit words of ddns-scripts' get_seconds.
export function unitSeconds(unit: string): number {
  if (unit === 'seconds') return 1;
  if (unit === 'minutes') return 60;
  if (unit === 'hours') return 3600;
  if (unit === 'days') return 86400;
  return 0;
}
