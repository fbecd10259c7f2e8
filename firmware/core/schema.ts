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
// "not used on this board" are accepted so an OpenWrt config imports without noise.
//
// The tables are returned by functions, not kept in variables: run from Storage, the text
// stays in flash and costs RAM only while a caller looks something up.

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
    'enabled|b|0||1 runs this section, 0 keeps it without running it\n' +
    'interface|s|wan||OpenWrt interface whose hotplug event starts the section; not used on this board\n' +
    'service_name|s|||provider from the catalog; its update URL wins over update_url\n' +
    'update_url|s|||custom update URL with [USERNAME] [PASSWORD] [DOMAIN] [IP] [PARAMENC] [PARAMOPT]\n' +
    'update_script|s|||shell script doing the update; not supported on this board\n' +
    'domain|s|||host name to update, put in [DOMAIN]\n' +
    'lookup_host|s|||host name looked up in DNS for the registered address; defaults to domain\n' +
    'username|s|||put in [USERNAME], URL-encoded\n' +
    'password|p|||put in [PASSWORD], URL-encoded; never shown\n' +
    'param_enc|p|||put in [PARAMENC], URL-encoded; never shown\n' +
    'param_opt|s|||put in [PARAMOPT] as is: URL-safe characters only\n' +
    'use_https|b|0||1 sends the update over https (http:// is upgraded)\n' +
    'cacert|s|||CA file or directory on OpenWrt, or IGNORE; the board does not verify certificates\n' +
    'ip_source|e:network,web,static,router,interface,script|network||where the current address comes from\n' +
    'ip_network|s|wan||OpenWrt network for ip_source network; the board uses its own address\n' +
    'ip_url|l|||check-IP URLs for ip_source web, tried in order\n' +
    'ip_interface|s|||device for ip_source interface; not supported on this board\n' +
    'ip_script|s|||script for ip_source script; not supported on this board\n' +
    'ip_static|s|||the address for ip_source static (this board only)\n' +
    'check_interval|i|10|check_unit|how often the current and registered addresses are compared\n' +
    'check_interval_min|i|5|check_unit|floor for check_interval when it is under 300 seconds\n' +
    'check_unit|u|minutes||unit of check_interval\n' +
    'force_interval|i|72|force_unit|update at least this often even without a change; 0 runs once\n' +
    'force_unit|u|hours||unit of force_interval\n' +
    'retry_interval|i|60|retry_unit|wait before retrying after an error\n' +
    'retry_unit|u|seconds||unit of retry_interval\n' +
    'retry_max_count|i|0|retries|retries before the section stops; 0 retries forever\n' +
    'retry_count|i||retries|old name of retry_max_count\n' +
    'use_ipv6|b|0||1 updates the IPv6 (AAAA) record\n' +
    'force_ipversion|b|0||1 talks to servers only over the IP version of use_ipv6\n' +
    'dns_server|s|||DNS server for the registered address: host or IP, optional :port\n' +
    'force_dnstcp|b|0||1 asks dns_server over TCP\n' +
    'is_glue|b|0||1 when the record is a glue record\n' +
    'proxy|s|||HTTP proxy as [user:pass@]host:port\n' +
    'use_syslog|e:0,1,2,3,4|2||syslog level: 0 off, 1 info, 2 notice, 3 warning, 4 error\n' +
    'use_logfile|b|1||1 keeps a log of this section\n' +
    'upd_privateip|b|||1 allows private addresses; defaults to the global option\n' +
    'bind_network|s|||OpenWrt network to send from; not used on this board\n' +
    'user_agent|s|||User-Agent header of HTTP requests\n' +
    'use_api_check|b|0||1 reads the registered address from the provider API instead of DNS\n';
}

function globalTable(): string {
  return '' +
    'ddns_dateformat|s|%F %R||strftime format of dates in log lines\n' +
    'ddns_rundir|s|/var/run/ddns||run directory on OpenWrt; not used on this board\n' +
    'ddns_logdir|s|/var/log/ddns||log directory on OpenWrt; not used on this board\n' +
    'ddns_loglines|i|250|lines|lines kept in each section log\n' +
    'upd_privateip|b|0||1 allows private addresses to be sent\n' +
    'use_curl|b|0||1 prefers curl over wget on OpenWrt; not used on this board\n' +
    'url|s|||where ddns.sh downloads provider files; not used on this board\n' +
    'cacert|s|||CA for that download; not used on this board\n';
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
    at = table.indexOf('\n' + key);
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
