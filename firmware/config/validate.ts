// The config document (ddns.json) and its validation.
//
// ddns.json: { "global": { option: value }, "service": { name: { option: value } } }
// Values are strings as in UCI; JSON numbers and booleans are accepted too (true -> '1'),
// and arrays for list options (ip_url). Validation never throws and reports every problem
// at once; each ConfigError names its section and option. Levels: 'error' makes the
// section invalid (not run), 'warn' and 'info' only inform.
// Top-level `errors` lists everything (global and every section); Section.errors only its own.

import { ServiceInfo } from '../providers/types';
import { checkApiOptions } from '../providers/registry';
import { Dict } from '../core/ports';
import { OptionInfo, findOption, optionTable, unitSeconds } from './schema';
import { parseIPv4, parseIPv6 } from '../core/ip';
import { indexOfStr } from '../core/text';
import { isObj } from '../core/obj';
import { maskUrlPass, MIN_SECRET } from '../core/mask';

export interface ConfigError {
  section: string;
  option: string;
  /** short code: 'bad_name', 'unknown', 'placeholder', ... */
  code: string;
  /** a sentence naming section and option */
  msg: string;
  /** 'error' invalidates the section; 'warn' and 'info' do not */
  level: string;
}

export interface GlobalSettings {
  /** option strings as given (known options only, bools as '0'/'1') */
  opts: Dict<string>;
  loglines: number;
  allowPrivate: boolean;
  dateformat: string;
}

export interface Section {
  name: string;
  /** option strings as given (known options only, bools as '0'/'1', lists space-joined) */
  opts: Dict<string>;
  /** enabled '1'; a disabled section is kept (and validated) but not run */
  enabled: boolean;
  /** no error-level problem: the section can run */
  valid: boolean;
  service: ServiceInfo | null;
  /** URL template: the service's ipv4/ipv6 template, else update_url; '' for API providers */
  updateUrl: string;
  /** expected answer, alternatives split on '|'; '' = any */
  answer: string;
  /** lookup_host, or domain when lookup_host is not set */
  lookupHost: string;
  /** 'network' | 'web' | 'static' | 'router' | 'dns' */
  ipSource: string;
  /** ip_url split on spaces */
  ipUrls: string[];
  ipv6: boolean;
  https: boolean;
  checkMs: number;
  /** 0 = run once */
  forceMs: number;
  retryMs: number;
  /** 0 = retry forever */
  retryMax: number;
  /** host part of dns_server, '' = the board's default resolver */
  dnsServer: string;
  dnsPort: number;
  allowPrivate: boolean;
  errors: ConfigError[];
}

export interface ConfigContext {
  lookupService: (name: string) => ServiceInfo | null;
  /** 'esp32' (default: no IPv6 sockets) or 'linux' */
  board?: string;
}

export interface NormalizedConfig {
  global: GlobalSettings;
  sections: Section[];
  errors: ConfigError[];
}

/** The answer of getOption, setOption and deleteOption (the console helpers below). */
export interface OptionResult {
  ok: boolean;
  /** '' when ok; else 'bad_path', 'not_found', 'no_section', 'unknown', 'bad_type', 'too_long' */
  code: string;
  msg: string;
  /** the value read by getOption (lists joined with spaces; a section reads as its type) */
  value: string | null;
}

/** Longest accepted option value. */
export var MAX_VALUE = 1024;
/** Most sections run at once: each costs RAM. */
export var MAX_SECTIONS = 16;

// Built for one job (reading the config at boot, a console or web edit): Espruino creates the
// function objects of a scope when the scope runs, so none of this costs RAM while the board idles.
function configLib() {
  var MAX_OPTIONS = 100;
  var MAX_SECONDS = 31622400; // 366 days

  // ---------- small helpers (declared before use: Espruino does not hoist) ----------

  function has(o: any, k: string): boolean {
    return Object.prototype.hasOwnProperty.call(o, k);
  }


  // A name safe to print in a message: short, printable ASCII, the password of a user:pass@
  // URL masked by its place before the cut (a cut value must not show part of a secret).
  function shown(s: string): string {
    s = maskUrlPass(s);
    var out = '';
    var n = s.length > 40 ? 40 : s.length;
    for (var i = 0; i < n; i++) {
      var c = s.charCodeAt(i);
      out += c >= 32 && c < 127 ? s.charAt(i) : '?';
    }
    return s.length > 40 ? out + '...' : out;
  }

  function add(errs: ConfigError[], level: string, sec: string, opt: string, code: string, text: string) {
    var where = sec === '' ? 'Config' : sec === 'global' ? "Section 'global'" : "Section '" + shown(sec) + "'";
    if (opt) where += ", option '" + shown(opt) + "'";
    errs.push({ section: sec, option: opt, code: code, msg: where + ': ' + text, level: level });
  }

  function charIn(c: number, lo: number, hi: number): boolean {
    return c >= lo && c <= hi;
  }

  function isAlnum(c: number): boolean {
    return charIn(c, 48, 57) || charIn(c, 65, 90) || charIn(c, 97, 122);
  }

  // Every character is alphanumeric or one of `extra`.
  function onlyChars(s: string, extra: string): boolean {
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (!isAlnum(c) && extra.indexOf(s.charAt(i)) < 0) return false;
    }
    return true;
  }

  function isDigits(s: string): boolean {
    if (!s.length) return false;
    for (var i = 0; i < s.length; i++) if (!charIn(s.charCodeAt(i), 48, 57)) return false;
    return true;
  }

  /** A name every JavaScript object already has: '__proto__', 'constructor', 'toString',
   *  'valueOf', 'hasOwnProperty'... and, on the board, Espruino's own ('on', 'emit', 'clone'). */
  // Why: the firmware keeps per-section tables in plain objects (the log, the web page, the
  // console); looked up bare, such a name finds the prototype's function instead of the
  // section. Decided: these names are refused here, the one place every path goes through
  // (console set/importUci+commit, web page, ddns.json upload: a config-level error, so the
  // whole change is refused and the old config stays), with a message saying why. Asking an
  // empty object catches exactly the names of the interpreter it runs on. And since a saved
  // config may predate this rule, the core's own tables (log/log.ts) do not trust it: a boot
  // survives any saved config.
  function reserved(s: string): boolean {
    return s === '__proto__' || ({} as any)[s] !== undefined;
  }

  /** UCI's rule for section and option names: [A-Za-z0-9_]+, and not reserved (above). */
  // Why: ddns-scripts turns names into shell variables; a '-' breaks it (see the OpenWrt wiki).
  function validName(s: any): boolean {
    return typeof s === 'string' && s.length > 0 && s.length <= 64 && onlyChars(s, '_') && !reserved(s);
  }

  function reservedMsg(s: string): string {
    return "'" + shown(s) + "' is a reserved name (every JavaScript object has it): choose another name.";
  }

  function port(s: string): number {
    if (!isDigits(s) || s.length > 5) return 0;
    var p = parseInt(s, 10);
    return p >= 1 && p <= 65535 ? p : 0;
  }

  // host name or IPv4 in DNS characters (ddns-scripts' DNS_CHARSET without '@' and ':')
  function hostOk(s: string): boolean {
    return s.length > 0 && s.length <= 253 && onlyChars(s, '.-_') && s.charAt(0) !== '.' && s.charAt(0) !== '-';
  }

  // ---------- option values ----------

  var BOOL_TRUE = ' 1 true yes on enabled ';
  var BOOL_FALSE = ' 0 false no off disabled ';

  // A JSON value as the option string, or null with a code in out[0] (out = [code]).
  function toStr(v: any, info: OptionInfo, out: string[]): string | null {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') {
      if (isFinite(v)) return String(v);
      out[0] = 'bad_type';
      return null;
    }
    if (typeof v === 'boolean') return v ? '1' : '0';
    if (v instanceof Array && info.type === 'list') {
      var parts: string[] = [];
      for (var i = 0; i < v.length; i++) {
        if (typeof v[i] !== 'string') { out[0] = 'bad_type'; return null; }
        if (v[i]) parts.push(v[i]);
      }
      return parts.join(' ');
    }
    out[0] = 'bad_type';
    return null;
  }

  function typeWord(v: any): string {
    if (v === null) return 'null';
    if (v instanceof Array) return 'a list';
    return 'a ' + typeof v;
  }

  // Checks one value against its row; returns the value to keep (bools as '0'/'1') or null.
  function checkValue(errs: ConfigError[], sec: string, info: OptionInfo, raw: any): string | null {
    var code = [''];
    var v = toStr(raw, info, code);
    var name = info.name;
    if (v === null) {
      add(errs, 'error', sec, name, 'bad_type', 'the value is ' + typeWord(raw) + ', expected a string.');
      return null;
    }
    if (v.length > MAX_VALUE) {
      add(errs, 'error', sec, name, 'too_long', 'the value has ' + v.length + ' characters, at most ' + MAX_VALUE + ' are allowed.');
      v = v.substring(0, MAX_VALUE);
    }
    // Why: a line break in a value reaches a request as a header of its own (update_url,
    // a password in an API header) and the log as a forged line.
    for (var i = 0; i < v.length; i++) {
      var c = v.charCodeAt(i);
      if (c < 32 || c === 127) {
        add(errs, 'error', sec, name, 'bad_char', 'control characters (line breaks, tabs...) are not allowed; write them as %XX in a URL.');
        return null;
      }
    }
    var t = info.type;
    if (v === '') return v;
    if (t === 'bool') {
      var low = v.toLowerCase();
      // indexOfStr: Espruino's indexOf matches ' x ' at the last space of these lists
      if (indexOfStr(BOOL_TRUE, ' ' + low + ' ') >= 0) return '1';
      if (indexOfStr(BOOL_FALSE, ' ' + low + ' ') >= 0) return '0';
      add(errs, 'error', sec, name, 'bad_bool', "'" + shown(v) + "' is not a boolean: use '0' or '1'.");
      return null;
    }
    if (t === 'int') {
      if (!isDigits(v) || v.length > 9) {
        add(errs, 'error', sec, name, 'bad_int', "'" + shown(v) + "' is not a whole number >= 0.");
        return null;
      }
      return v;
    }
    if (t === 'enum' || t === 'unit') {
      if (info.values.indexOf(v) < 0) {
        add(errs, 'error', sec, name, 'bad_enum', "'" + shown(v) + "' is not one of: " + info.values.join(', ') + '.');
        return null;
      }
    }
    return v;
  }

  // Reads a plain object of options against a table; unknown names are warnings.
  function readOptions(errs: ConfigError[], sec: string, raw: any, table: string, global: boolean): Dict<string> {
    var opts: Dict<string> = {};
    var keys = Object.keys(raw);
    if (keys.length > MAX_OPTIONS) {
      add(errs, 'error', sec, '', 'too_many', 'it has ' + keys.length + ' options, at most ' + MAX_OPTIONS + ' are read.');
      keys = keys.slice(0, MAX_OPTIONS);
    }
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      var info = validName(k) ? findOption(table, k, global) : null;
      if (!info) {
        add(errs, 'warn', sec, k, 'unknown', 'unknown option, ignored.');
        continue;
      }
      var v = raw[k];
      if (v === null || v === undefined) continue;
      var s = checkValue(errs, sec, info, v);
      if (s !== null) opts[k] = s;
    }
    return opts;
  }

  // The option's value, or its default from the table when unset or empty (UCI: empty = unset).
  function val(opts: Dict<string>, table: string, name: string): string {
    if (has(opts, name) && opts[name] !== '') return opts[name];
    var info = findOption(table, name, false);
    return info ? info.def : '';
  }

  // ---------- global ----------

  function readGlobal(raw: any, errs: ConfigError[]): GlobalSettings {
    var table = optionTable(true);
    var opts: Dict<string> = {};
    if (isObj(raw)) opts = readOptions(errs, 'global', raw, table, true);
    var g = function (n: string): string {
      if (has(opts, n) && opts[n] !== '') return opts[n];
      var info = findOption(table, n, true);
      return info ? info.def : '';
    };
    return {
      opts: opts,
      loglines: parseInt(g('ddns_loglines'), 10),
      allowPrivate: g('upd_privateip') === '1',
      dateformat: g('ddns_dateformat')
    };
  }

  // ---------- one section ----------

  var SAFE_OPT = '-._~=&,:@/+';

  function hexPair(s: string): boolean {
    if (s.length !== 2) return false;
    for (var i = 0; i < 2; i++) {
      var c = s.charCodeAt(i);
      if (!(charIn(c, 48, 57) || charIn(c, 65, 70) || charIn(c, 97, 102))) return false;
    }
    return true;
  }

  function paramOptOk(s: string): boolean {
    for (var i = 0; i < s.length; i++) {
      var ch = s.charAt(i);
      var c = s.charCodeAt(i);
      if (isAlnum(c) || SAFE_OPT.indexOf(ch) >= 0) continue;
      // an already percent-encoded byte is safe too
      if (ch === '%' && hexPair(s.substring(i + 1, i + 3))) { i += 2; continue; }
      return false;
    }
    return true;
  }

  // http(s):// and something, without a space (it would split the request line: write %20)
  function isHttpUrl(u: string): boolean {
    var l = u.toLowerCase();
    return ((l.indexOf('http://') === 0 && u.length > 7) || (l.indexOf('https://') === 0 && u.length > 8)) && u.indexOf(' ') < 0;
  }

  // interval * unit in seconds, with errors; -1 when unusable
  function seconds(errs: ConfigError[], sec: string, opts: Dict<string>, table: string, name: string, unitName: string): number {
    var n = val(opts, table, name);
    var u = val(opts, table, unitName);
    if (!isDigits(n) || !unitSeconds(u)) return -1; // already reported by checkValue
    var s = parseInt(n, 10) * unitSeconds(u);
    if (s > MAX_SECONDS) {
      add(errs, 'error', sec, name, 'range', n + ' ' + u + ' is longer than 366 days.');
      return -1;
    }
    return s;
  }

  function words(s: string): string[] {
    var out: string[] = [];
    var p = s.split(' ');
    for (var i = 0; i < p.length; i++) {
      var w = p[i].trim();
      if (w) out.push(w);
    }
    return out;
  }

  // dns_server: host, IPv4 or [IPv6], with an optional :port; bare IPv6 is accepted too.
  // Returns [host, port] or null.
  function parseDnsServer(s: string): any[] | null {
    var host = s;
    var p = 53;
    if (s.charAt(0) === '[') {
      var close = s.indexOf(']');
      if (close < 0) return null;
      host = s.substring(1, close);
      var rest = s.substring(close + 1);
      if (rest) {
        if (rest.charAt(0) !== ':') return null;
        p = port(rest.substring(1));
        if (!p) return null;
      }
      return parseIPv6(host) ? [host, p] : null;
    }
    var colon = s.indexOf(':');
    if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) return parseIPv6(s) ? [s, 53] : null;
    if (colon >= 0) {
      host = s.substring(0, colon);
      p = port(s.substring(colon + 1));
      if (!p) return null;
    }
    return hostOk(host) ? [host, p] : null;
  }

  // proxy: [user:pass@]host:port, host may be [IPv6]; user and pass hold no '@' or ':'.
  function proxyOk(s: string): boolean {
    var at = s.indexOf('@');
    var hp = s;
    if (at >= 0) {
      var cred = s.substring(0, at);
      hp = s.substring(at + 1);
      var c = cred.indexOf(':');
      if (c <= 0 || cred.indexOf(':', c + 1) >= 0 || hp.indexOf('@') >= 0) return false;
      for (var i = 0; i < cred.length; i++) if (cred.charCodeAt(i) <= 32 || cred.charCodeAt(i) >= 127) return false;
    }
    if (hp.charAt(0) === '[') {
      var close = hp.indexOf(']');
      if (close < 0 || hp.charAt(close + 1) !== ':') return false;
      return !!parseIPv6(hp.substring(1, close)) && port(hp.substring(close + 2)) > 0;
    }
    var colon = hp.lastIndexOf(':');
    if (colon <= 0) return false;
    return hostOk(hp.substring(0, colon)) && port(hp.substring(colon + 1)) > 0;
  }

  var PLACEHOLDERS = [['[USERNAME]', 'username'], ['[PASSWORD]', 'password'],
    ['[PARAMENC]', 'param_enc'], ['[PARAMOPT]', 'param_opt']];

  function checkPlaceholders(errs: ConfigError[], name: string, opts: Dict<string>, url: string, from: string) {
    for (var i = 0; i < PLACEHOLDERS.length; i++) {
      var ph = PLACEHOLDERS[i];
      if (url.indexOf(ph[0]) >= 0 && !(has(opts, ph[1]) && opts[ph[1]] !== '')) {
        add(errs, 'error', name, ph[1], 'placeholder', 'the update URL (' + from + ') uses ' + ph[0] + ' but ' + ph[1] + ' is not set.');
      }
    }
  }

  function isCustom(s: string): boolean {
    return s === '' || s === '-' || s === 'custom' || s === '--custom--';
  }

  // The provider and URL template of a section.
  function resolveService(s: Section, ctx: ConfigContext, errs: ConfigError[]) {
    var o = s.opts;
    var name = s.name;
    var svcName = has(o, 'service_name') ? o.service_name : '';
    var url = has(o, 'update_url') ? o.update_url : '';
    if (!isCustom(svcName)) {
      var svc: ServiceInfo | null = null;
      try { svc = ctx.lookupService(svcName); } catch (e) { svc = null; }
      if (!svc) {
        add(errs, 'error', name, 'service_name', 'unknown_service', "'" + shown(svcName) + "' is not a known provider (or use update_url).");
        return;
      }
      s.service = svc;
      s.answer = svc.answer || '';
      if (svc.retired) {
        add(errs, 'error', name, 'service_name', 'retired_service', "'" + shown(svcName) + "' no longer works: " + svc.retired);
        return;
      }
      if (url) add(errs, 'info', name, 'update_url', 'both_url', "ignored: service_name '" + shown(svcName) + "' is set and wins, as in ddns-scripts.");
      if (svc.api) {
        if (o.api_url && !isHttpUrl(o.api_url)) {
          add(errs, 'error', name, 'api_url', 'bad_url', 'the API URL must start with http:// or https:// and have no spaces.');
        }
        // the options its registry row needs; a key without code in this firmware names service_name
        var probs = checkApiOptions(svc.api, o);
        for (var i = 0; i < probs.length; i++) add(errs, 'error', name, probs[i].option, probs[i].code, probs[i].msg);
        return;
      }
      var t = s.ipv6 ? svc.ipv6 : svc.ipv4;
      if (!t) {
        add(errs, 'error', name, 'use_ipv6', s.ipv6 ? 'no_ipv6' : 'no_ipv4', "provider '" + shown(svcName) + "' has no IPv" + (s.ipv6 ? '6' : '4') + ' update URL.');
        return;
      }
      s.updateUrl = t;
      checkPlaceholders(errs, name, o, t, "provider '" + shown(svcName) + "'");
      return;
    }
    if (url) {
      if (!isHttpUrl(url)) {
        add(errs, 'error', name, 'update_url', 'bad_url', 'the update URL must start with http:// or https:// and have no spaces (write %20).');
        return;
      }
      s.updateUrl = url;
      checkPlaceholders(errs, name, o, url, 'update_url');
      return;
    }
    if (!has(o, 'update_script')) {
      add(errs, 'error', name, 'service_name', 'no_url', 'neither service_name nor update_url is set.');
    }
  }

  // ip_dns (our extension): each word kind@server[:port], the server an IPv4 address (the board
  // resolves no names for UDP).
  function checkIpDns(errs: ConfigError[], name: string, o: Dict<string>, v6: boolean) {
    if (v6) add(errs, 'error', name, 'ip_source', 'ipv6_source', 'ip_source dns gives an IPv4 address only: set use_ipv6 0 or use another ip_source.');
    var list = words(has(o, 'ip_dns') ? o.ip_dns : '');
    for (var i = 0; i < list.length; i++) {
      var w = list[i];
      var a = w.indexOf('@');
      var kind = a > 0 ? w.substring(0, a) : '';
      var hp = w.substring(a + 1).split(':');
      var port = hp.length === 2 ? parseInt(hp[1], 10) : 53;
      if ((kind !== 'opendns' && kind !== 'google' && kind !== 'cloudflare') || hp.length > 2 || !parseIPv4(hp[0]) ||
        !(port >= 1 && port <= 65535) || (hp.length === 2 && String(port) !== hp[1])) {
        add(errs, 'error', name, 'ip_dns', 'bad_resolver', "'" + shown(w) + "' is not kind@IPv4[:port] with kind opendns, google or cloudflare.");
      }
    }
  }

  function resolveAddress(s: Section, esp32: boolean, errs: ConfigError[]) {
    var o = s.opts;
    var name = s.name;
    var src = s.ipSource;
    if (src === 'interface' || src === 'script') {
      add(errs, 'error', name, 'ip_source', 'unsupported', "'" + src + "' cannot run on this board: use network, web, static, router or dns.");
    }
    if (src === 'web') {
      if (!s.ipUrls.length) {
        add(errs, 'info', name, 'ip_url', 'default', 'ip_url is empty: the built-in check-IP services are asked in turn (README).');
      }
      for (var i = 0; i < s.ipUrls.length; i++) {
        if (!isHttpUrl(s.ipUrls[i])) {
          add(errs, 'error', name, 'ip_url', 'bad_url', "'" + shown(s.ipUrls[i]) + "' does not start with http:// or https://.");
        }
      }
    }
    if (src === 'dns') checkIpDns(errs, name, o, s.ipv6);
    if (src === 'static') {
      var ip = has(o, 'ip_static') ? o.ip_static : '';
      if (!ip) add(errs, 'error', name, 'ip_static', 'missing', 'ip_source static needs the address in ip_static.');
      else if (!(s.ipv6 ? parseIPv6(ip) : parseIPv4(ip))) {
        add(errs, 'error', name, 'ip_static', 'bad_ip', "'" + shown(ip) + "' is not an IPv" + (s.ipv6 ? '6' : '4') + ' address.');
      }
    }
    if (esp32 && s.ipv6 && src !== 'static' && src !== 'interface' && src !== 'script') {
      add(errs, 'error', name, 'ip_source', 'ipv6_source', "the esp32 board has no IPv6 sockets, so '" + src +
        "' cannot give an IPv6 address: use ip_source 'static' with ip_static, updated from the console or MQTT.");
    }
    if (esp32 && s.ipv6 && o.force_ipversion === '1') {
      add(errs, 'error', name, 'force_ipversion', 'ipv6_transport', 'the esp32 board talks IPv4 only: set force_ipversion 0.');
    }
  }

  function resolveNames(s: Section, errs: ConfigError[]) {
    var o = s.opts;
    var name = s.name;
    var domain = has(o, 'domain') ? o.domain : '';
    if (!domain) add(errs, 'error', name, 'domain', 'missing', 'the host name to update is required.');
    else if (!onlyChars(domain, '@._*-')) {
      add(errs, 'error', name, 'domain', 'bad_domain', "'" + shown(domain) + "' has characters outside A-Z a-z 0-9 @ . _ * -.");
    }
    var lh = has(o, 'lookup_host') ? o.lookup_host : '';
    if (!lh && domain) {
      lh = domain;
      add(errs, 'info', name, 'lookup_host', 'lookup_host', "not set; using domain '" + shown(domain) + "' to look up the registered address.");
    }
    if (lh && !hostOk(lh)) {
      add(errs, 'error', name, 'lookup_host', 'bad_host', "'" + shown(lh) + "' is not a plain host name to look up in DNS.");
    }
    s.lookupHost = lh;
    // Why: a short secret is guessed quickly, and the log does not search free text for it
    // (core/mask.ts: the mask would tell it); the value itself is never printed.
    var sn = ['password', 'param_enc'];
    for (var k = 0; k < 2; k++) {
      var sv = has(o, sn[k]) ? o[sn[k]] : '';
      if (sv && sv.length < MIN_SECRET) {
        add(errs, 'warn', name, sn[k], 'short_secret', 'WARNING: shorter than ' + MIN_SECRET +
          ' characters: easy to guess, and the log cannot hide it in a reply without giving it away. Use ' + MIN_SECRET + ' or more.');
      }
    }
    var po = has(o, 'param_opt') ? o.param_opt : '';
    if (po && !paramOptOk(po)) {
      add(errs, 'error', name, 'param_opt', 'unsafe', 'only A-Z a-z 0-9 - . _ ~ = & , : @ / + and %XX are allowed (or use param_enc).');
    }
  }

  function resolveTimes(s: Section, table: string, errs: ConfigError[]) {
    var o = s.opts;
    var name = s.name;
    var unit = val(o, table, 'check_unit');
    var check = seconds(errs, name, o, table, 'check_interval', 'check_unit');
    var min = seconds(errs, name, o, table, 'check_interval_min', 'check_unit');
    if (check >= 0 && check < 300) {
      // ddns-scripts: under 300 s the interval becomes check_interval_min (in check_unit);
      // here that is a floor, never below 5 s, so 30 seconds stays 30 seconds.
      var floor = min < 5 ? 5 : min;
      if (check < floor) {
        add(errs, 'warn', name, 'check_interval', 'check_min', val(o, table, 'check_interval') + ' ' + unit +
          ' is below the minimum: using ' + floor + ' seconds (check_interval_min).');
        check = floor;
      }
    }
    if (check < 0) check = 600;
    var force = seconds(errs, name, o, table, 'force_interval', 'force_unit');
    if (force < 0) force = 259200;
    if (force > 0 && force < check) {
      add(errs, 'warn', name, 'force_interval', 'force_min', 'shorter than check_interval: using ' + check + ' seconds.');
      force = check;
    }
    var retry = seconds(errs, name, o, table, 'retry_interval', 'retry_unit');
    if (retry < 0) retry = 60;
    s.checkMs = check * 1000;
    s.forceMs = force * 1000;
    s.retryMs = retry * 1000;
    var max = val(o, table, 'retry_max_count');
    if (has(o, 'retry_count') && o.retry_count !== '') {
      if (has(o, 'retry_max_count') && o.retry_max_count !== '') {
        add(errs, 'info', name, 'retry_count', 'renamed', 'old name of retry_max_count, ignored because retry_max_count is set.');
      } else {
        add(errs, 'info', name, 'retry_count', 'renamed', 'old name of retry_max_count, used as retry_max_count.');
        max = o.retry_count;
      }
    }
    s.retryMax = isDigits(max) ? parseInt(max, 10) : 0;
  }

  function resolveNet(s: Section, esp32: boolean, errs: ConfigError[]) {
    var o = s.opts;
    var name = s.name;
    if (has(o, 'dns_server') && o.dns_server) {
      var d = parseDnsServer(o.dns_server);
      if (!d) {
        add(errs, 'error', name, 'dns_server', 'bad_dns', "'" + shown(o.dns_server) + "' is not host, IPv4 or [IPv6] with an optional :port.");
      } else {
        s.dnsServer = d[0];
        s.dnsPort = d[1];
        if (esp32 && d[0].indexOf(':') >= 0) {
          add(errs, 'error', name, 'dns_server', 'ipv6_transport', 'the esp32 board cannot reach IPv6 servers: use IPv4 or a host name.');
        }
      }
    }
    if (has(o, 'proxy') && o.proxy && !proxyOk(o.proxy)) {
      add(errs, 'error', name, 'proxy', 'bad_proxy', 'expected [user:pass@]host:port, without http:// (user and pass may not contain @ or :).');
    }
    if (has(o, 'update_script') && o.update_script) {
      add(errs, 'error', name, 'update_script', 'unsupported', 'scripts cannot run on this board: use service_name or update_url.');
    }
    if (esp32 && s.https && has(o, 'cacert') && o.cacert && o.cacert !== 'IGNORE') {
      add(errs, 'info', name, 'cacert', 'no_verify', 'the esp32 board cannot verify TLS certificates; the CA is not used.');
    }
  }

  function newSection(name: string): Section {
    return {
      name: name, opts: {}, enabled: false, valid: false, service: null, updateUrl: '', answer: '',
      lookupHost: '', ipSource: 'network', ipUrls: [], ipv6: false, https: false,
      checkMs: 600000, forceMs: 259200000, retryMs: 60000, retryMax: 0,
      dnsServer: '', dnsPort: 53, allowPrivate: false, errors: []
    };
  }

  function readSection(name: string, raw: any, ctx: ConfigContext, g: GlobalSettings, table: string): Section {
    var s = newSection(name);
    var errs = s.errors;
    if (!validName(name)) {
      add(errs, 'error', name, '', 'bad_name', 'section names may only use A-Z a-z 0-9 and _ (no - or spaces).');
    } else if (name === 'global') {
      add(errs, 'error', name, '', 'bad_name', "'global' is reserved for the global section.");
    }
    if (!isObj(raw)) {
      add(errs, 'error', name, '', 'bad_section', 'expected an object of options, got ' + typeWord(raw) + '.');
      return s;
    }
    var o = readOptions(errs, name, raw, table, false);
    s.opts = o;
    s.enabled = o.enabled === '1';
    if (!has(raw, 'enabled') || raw.enabled === '' || raw.enabled === null) {
      add(errs, 'info', name, 'enabled', 'disabled', "not set, so the section is off (as in ddns-scripts): set enabled '1'.");
    }
    s.ipv6 = o.use_ipv6 === '1';
    s.https = o.use_https === '1';
    s.ipSource = val(o, table, 'ip_source');
    s.ipUrls = words(has(o, 'ip_url') ? o.ip_url : '');
    s.allowPrivate = has(o, 'upd_privateip') && o.upd_privateip !== '' ? o.upd_privateip === '1' : g.allowPrivate;
    var esp32 = (ctx.board || 'esp32') === 'esp32';
    resolveService(s, ctx, errs);
    resolveNames(s, errs);
    resolveAddress(s, esp32, errs);
    resolveTimes(s, table, errs);
    resolveNet(s, esp32, errs);
    return s;
  }

  /** Top-level blocks kept as they are by serializeConfig: each has its own reader and checks
   *  (web: web/index.ts, which also keeps the admin password hash there). */
  var OWN_BLOCKS = ['mqtt', 'syslog', 'device', 'web', 'notify'];

  /** What makes a document not a config at all, as config-level errors (section ''): not an
   *  object; "global", "service" or a block that is not an object; a section that is not an
   *  object of options; a reserved section name. */
  // Why: a config-level error refuses the whole document everywhere (console commit, web page,
  // an uploaded ddns.json), so a wrong upload never replaces a working config with 0 sections.
  function shapeErrors(raw: any, errors: ConfigError[]) {
    if (!isObj(raw)) {
      add(errors, 'error', '', '', 'bad_config', 'expected an object with "global" and "service", got ' + typeWord(raw) + '.');
      return;
    }
    var blocks = ['global', 'service'].concat(OWN_BLOCKS);
    for (var b = 0; b < blocks.length; b++) {
      var v = has(raw, blocks[b]) ? raw[blocks[b]] : null;
      if (v !== null && v !== undefined && !isObj(v)) {
        add(errors, 'error', '', '', 'bad_section', '"' + blocks[b] + '" must be an object, got ' + typeWord(v) + '.');
      }
    }
    var svc = has(raw, 'service') && isObj(raw.service) ? raw.service : {};
    var names = Object.keys(svc);
    for (var i = 0; i < names.length; i++) {
      var n = names[i];
      if (reserved(n)) add(errors, 'error', '', '', 'reserved_name', 'section name ' + reservedMsg(n));
      else if (!isObj(svc[n])) {
        add(errors, 'error', '', '', 'bad_section', "section '" + shown(n) + "' must be an object of options, got " + typeWord(svc[n]) + '.');
      }
    }
  }

  function anyError(errs: ConfigError[]): boolean {
    for (var i = 0; i < errs.length; i++) if (errs[i].level === 'error') return true;
    return false;
  }

  /** Reads a parsed ddns.json into sections ready to run, with every problem found. */
  // Why: one pass that never throws, so the console can show all mistakes of a config at once
  // and the updater runs only the sections that are valid.
  function normalizeConfig(raw: any, ctx: ConfigContext): NormalizedConfig {
    var errors: ConfigError[] = [];
    var sections: Section[] = [];
    shapeErrors(raw, errors);
    if (!isObj(raw)) return { global: readGlobal(undefined, errors), sections: sections, errors: errors };
    var global = readGlobal(has(raw, 'global') ? raw.global : undefined, errors);
    var keys = Object.keys(raw);
    for (var k = 0; k < keys.length; k++) {
      if (keys[k] !== 'global' && keys[k] !== 'service' && OWN_BLOCKS.indexOf(keys[k]) < 0) {
        add(errors, 'warn', keys[k], '', 'unknown', 'unknown top-level key, ignored (expected "global" and "service").');
      }
    }
    var svc = has(raw, 'service') && isObj(raw.service) ? raw.service : {};
    var table = optionTable(false);
    var names = Object.keys(svc);
    var read = 0;
    for (var i = 0; i < names.length; i++) {
      // what shapeErrors reported is not a section
      if (reserved(names[i]) || !isObj(svc[names[i]])) continue;
      if (read++ >= MAX_SECTIONS) {
        add(errors, 'error', names[i], '', 'too_many', 'more than ' + MAX_SECTIONS + ' sections: this one is not loaded.');
        continue;
      }
      var s = readSection(names[i], svc[names[i]], ctx, global, table);
      s.valid = !anyError(s.errors);
      for (var j = 0; j < s.errors.length; j++) errors.push(s.errors[j]);
      sections.push(s);
    }
    return { global: global, sections: sections, errors: errors };
  }

  // ---------- the stored document ----------

  function cleanValue(v: any): any {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return isFinite(v) ? String(v) : undefined;
    if (typeof v === 'boolean') return v ? '1' : '0';
    if (v instanceof Array) {
      var out: string[] = [];
      for (var i = 0; i < v.length; i++) {
        var e = cleanValue(v[i]);
        if (typeof e === 'string') out.push(e);
      }
      return out;
    }
    return undefined;
  }

  function cleanOptions(raw: any): Dict<any> {
    var out: Dict<any> = {};
    var keys = Object.keys(raw);
    for (var i = 0; i < keys.length; i++) {
      if (keys[i] === '__proto__') continue;
      var v = cleanValue(raw[keys[i]]);
      if (v !== undefined) out[keys[i]] = v;
    }
    return out;
  }

  /** The JSON text to store: "global" and "service" with values as strings, plus the "mqtt",
   *  "syslog", "device" and "web" objects as they are. */
  // Why: the stored file must read back the same on every board; dropping what cannot be an
  // option value (objects, null) keeps a hostile or stale document from growing. The service
  // blocks are validated by their own readers (mqttconfig.ts, syslog.ts), so a console commit
  // must carry them over untouched instead of losing them.
  function serializeConfig(cfg: any): string {
    var doc: any = {};
    if (isObj(cfg) && has(cfg, 'global') && isObj(cfg.global)) doc.global = cleanOptions(cfg.global);
    doc.service = {};
    if (isObj(cfg) && has(cfg, 'service') && isObj(cfg.service)) {
      var names = Object.keys(cfg.service);
      for (var i = 0; i < names.length; i++) {
        var sec = cfg.service[names[i]];
        if (names[i] !== '__proto__' && isObj(sec)) doc.service[names[i]] = cleanOptions(sec);
      }
    }
    for (var b = 0; b < OWN_BLOCKS.length; b++) {
      var k = OWN_BLOCKS[b];
      if (isObj(cfg) && has(cfg, k) && isObj(cfg[k])) doc[k] = cfg[k];
    }
    return JSON.stringify(doc);
  }

  // ---------- console helpers: get / set / delete by 'section.option' ----------


  function res(code: string, msg: string, value: string | null): OptionResult {
    return { ok: code === '', code: code, msg: msg, value: value };
  }

  var BAD_PATH = "expected 'section' or 'section.option' with names of A-Z a-z 0-9 _.";

  // [section, option] from 'sec', 'sec.opt' or 'ddns.sec.opt'; else why not (a sentence).
  function splitPath(path: any): any {
    if (typeof path !== 'string') return BAD_PATH;
    var p = path.split('.');
    if (p.length === 3 && p[0] === 'ddns') p = p.slice(1);
    if (p.length < 1 || p.length > 2) return BAD_PATH;
    for (var i = 0; i < p.length; i++) {
      if (!validName(p[i])) return p[i] && onlyChars(p[i], '_') && reserved(p[i]) ? reservedMsg(p[i]) : BAD_PATH;
    }
    return p;
  }

  // the options object a section name refers to, or null
  function sectionOf(raw: any, name: string): any {
    if (!isObj(raw)) return null;
    if (name === 'global') return has(raw, 'global') && isObj(raw.global) ? raw.global : null;
    if (!has(raw, 'service') || !isObj(raw.service)) return null;
    return has(raw.service, name) && isObj(raw.service[name]) ? raw.service[name] : null;
  }

  /** Reads 'myddns.domain' (or 'myddns', which reads as 'service') from a raw config. */
  // Why: the console's `get`, shaped like `uci get ddns.myddns.domain`.
  function getOption(raw: any, path: string): OptionResult {
    var p = splitPath(path);
    if (typeof p === 'string') return res('bad_path', p, null);
    var sec = sectionOf(raw, p[0]);
    if (!sec) return res('not_found', "there is no section '" + shown(p[0]) + "'.", null);
    if (p.length === 1) return res('', '', p[0] === 'global' ? 'ddns' : 'service');
    if (!has(sec, p[1])) return res('not_found', "section '" + p[0] + "' has no option '" + p[1] + "'.", null);
    var v = cleanValue(sec[p[1]]);
    if (v === undefined) return res('not_found', "option '" + p[1] + "' has no usable value.", null);
    return res('', '', typeof v === 'string' ? v : v.join(' '));
  }

  /** Sets 'myddns.domain' to a value, or creates a section with 'myddns' = 'service'. */
  // Why: the console's `set`, shaped like `uci set`; an empty value deletes the option as uci does.
  function setOption(raw: any, path: string, value: any): OptionResult {
    var p = splitPath(path);
    if (typeof p === 'string') return res('bad_path', p, null);
    if (!isObj(raw)) return res('bad_path', 'the config is not an object.', null);
    if (typeof value !== 'string') value = cleanValue(value);
    if (typeof value !== 'string') return res('bad_type', 'the value must be a string.', null);
    if (value.length > MAX_VALUE) return res('too_long', 'the value is longer than ' + MAX_VALUE + ' characters.', null);
    var isGlobal = p[0] === 'global';
    if (p.length === 1) {
      var want = isGlobal ? 'ddns' : 'service';
      if (value !== want) return res('bad_type', "section '" + p[0] + "' must be of type '" + want + "'.", null);
      if (isGlobal) {
        if (!sectionOf(raw, 'global')) raw.global = {};
      } else {
        if (!has(raw, 'service') || !isObj(raw.service)) raw.service = {};
        if (!sectionOf(raw, p[0])) raw.service[p[0]] = {};
      }
      return res('', '', null);
    }
    var sec = sectionOf(raw, p[0]);
    if (!sec) return res('no_section', "there is no section '" + p[0] + "': create it with " + p[0] + "=" + (isGlobal ? 'ddns' : 'service') + '.', null);
    if (!findOption(optionTable(isGlobal), p[1], isGlobal)) {
      return res('unknown', "'" + p[1] + "' is not an option of " + (isGlobal ? 'the global section.' : 'a service section.'), null);
    }
    if (value === '') delete sec[p[1]];
    else sec[p[1]] = value;
    return res('', '', null);
  }

  /** Deletes 'myddns.domain', or the whole section 'myddns'. */
  // Why: the console's `delete`, shaped like `uci delete`.
  function deleteOption(raw: any, path: string): OptionResult {
    var p = splitPath(path);
    if (typeof p === 'string') return res('bad_path', p, null);
    var sec = sectionOf(raw, p[0]);
    if (!sec) return res('not_found', "there is no section '" + shown(p[0]) + "'.", null);
    if (p.length === 1) {
      if (p[0] === 'global') delete raw.global;
      else delete raw.service[p[0]];
      return res('', '', null);
    }
    if (!has(sec, p[1])) return res('not_found', "section '" + p[0] + "' has no option '" + p[1] + "'.", null);
    delete sec[p[1]];
    return res('', '', null);
  }

  // shapeErrors into a list of its own
  function configShape(raw: any): ConfigError[] {
    var errs: ConfigError[] = [];
    shapeErrors(raw, errs);
    return errs;
  }

  return { validName: validName, configShape: configShape, normalizeConfig: normalizeConfig, serializeConfig: serializeConfig,
    getOption: getOption, setOption: setOption, deleteOption: deleteOption };
}

// One call at a time (other modules, tests); code needing several calls keeps one configLib().
// Typed by the first line, each passes `arguments` on: a declared parameter of a function that
// lives for as long as the board runs costs a variable block.
export function validName(s: any): boolean;
export function validName(): boolean { return configLib().validName.apply(null, arguments as any); }
/** The problems that make a document not a config at all (none: [] ). */
export function configShape(raw: any): ConfigError[];
export function configShape(): ConfigError[] { return configLib().configShape.apply(null, arguments as any); }
export function normalizeConfig(raw: any, ctx: ConfigContext): NormalizedConfig;
export function normalizeConfig(): NormalizedConfig { return configLib().normalizeConfig.apply(null, arguments as any); }
export function serializeConfig(cfg: any): string;
export function serializeConfig(): string { return configLib().serializeConfig.apply(null, arguments as any); }
export function getOption(raw: any, path: string): OptionResult;
export function getOption(): OptionResult { return configLib().getOption.apply(null, arguments as any); }
export function setOption(raw: any, path: string, value: any): OptionResult;
export function setOption(): OptionResult { return configLib().setOption.apply(null, arguments as any); }
export function deleteOption(raw: any, path: string): OptionResult;
export function deleteOption(): OptionResult { return configLib().deleteOption.apply(null, arguments as any); }
