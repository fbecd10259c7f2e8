// The "mqtt" object of ddns.json, checked and filled with defaults. ddns-scripts has no MQTT;
// the option names follow its style (lowercase, '_', '0'/'1' for booleans, strings or numbers).
//
// "mqtt": { "host": "192.168.1.2", "port": 1883, "tls": "0", "username": "", "password": "",
//           "client_id": "", "hostname": "esp32-ddns", "base": "ddns/<hostname>",
//           "keepalive": 60, "command_token": "", "discovery": "1",
//           "discovery_prefix": "homeassistant" }
// Only host is required. Never throws; every message names mqtt.<option>.

import { isObj } from '../core/obj';

export interface OptIssue {
  /** 'mqtt.host', 'syslog.port', ... */
  option: string;
  /** 'error' keeps the service off; 'warn' informs */
  level: string;
  msg: string;
}

export interface MqttConfig {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  /** '' = derived at start: 'ddns-' + hostname, or a random suffix when hostname is the default */
  clientId: string;
  hostname: string;
  /** true when hostname was given (not the default) */
  hostnameSet: boolean;
  base: string;
  keepalive: number;
  /** '' = commands disabled (none given, or one shorter than MIN_TOKEN) */
  commandToken: string;
  discovery: boolean;
  discoveryPrefix: string;
}

export var DEFAULT_HOSTNAME = 'esp32-ddns';
/** Shortest mqtt.command_token accepted. */
export var MIN_TOKEN = 12;

// Built for one reading of the config (at boot, or by syslog.ts): Espruino creates the function
// objects of a scope when the scope runs, so none of this costs RAM while the board idles.
function mqttConfigLib() {
  var MQTT_KEYS = ['host', 'port', 'tls', 'username', 'password', 'client_id', 'hostname', 'base',
    'keepalive', 'command_token', 'discovery', 'discovery_prefix'];


  // A short, printable rendering of a user value for messages (never used for secrets).
  function shown(v: any): string {
    var s = String(v);
    var out = '';
    for (var i = 0; i < s.length && i < 40; i++) {
      var c = s.charCodeAt(i);
      out += c >= 32 && c < 127 ? s.charAt(i) : '?';
    }
    return s.length > 40 ? out + '...' : out;
  }

  /** Records one problem as 'prefix.option: text'. */
  // Why: every message must say which option to fix, in the same words the user wrote.
  function issue(errs: OptIssue[], level: string, prefix: string, opt: string, text: string) {
    var name = prefix + '.' + opt;
    errs.push({ option: name, level: level, msg: name + ': ' + text });
  }

  /** The value as a string ('' when absent), or null (and an error) for objects and arrays. */
  // Why: ddns.json values are UCI strings, but hand-written JSON has numbers and booleans too.
  function optString(errs: OptIssue[], prefix: string, opt: string, v: any): string | null {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') {
      if (v.length > 1024) { issue(errs, 'error', prefix, opt, 'longer than 1024 characters.'); return null; }
      return v;
    }
    if (typeof v === 'number' && isFinite(v)) return String(v);
    if (typeof v === 'boolean') return v ? '1' : '0';
    issue(errs, 'error', prefix, opt, 'expected a string, got ' + (v instanceof Array ? 'an array' : typeof v) + '.');
    return null;
  }

  /** An integer option in [lo, hi], def when unset, or -1 (and an error). */
  // Why: ports and intervals come as "1883" or 1883; anything else is a mistake to name.
  function optInt(errs: OptIssue[], prefix: string, opt: string, v: any, def: number, lo: number, hi: number): number {
    var s = optString(errs, prefix, opt, v);
    if (s === null) return -1;
    if (s === '') return def;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 48 || c > 57) { issue(errs, 'error', prefix, opt, "'" + shown(s) + "' is not a whole number."); return -1; }
    }
    var n = parseInt(s, 10);
    if (n < lo || n > hi) { issue(errs, 'error', prefix, opt, n + ' is out of range ' + lo + '-' + hi + '.'); return -1; }
    return n;
  }

  /** A '0'/'1' option as a boolean (def when unset), or null (and an error). */
  // Why: the same boolean spelling as every ddns-scripts option.
  function optBool(errs: OptIssue[], prefix: string, opt: string, v: any, def: boolean): boolean | null {
    var s = optString(errs, prefix, opt, v);
    if (s === null) return null;
    if (s === '') return def;
    if (s === '1' || s === '0') return s === '1';
    issue(errs, 'error', prefix, opt, "expected '0' or '1', got '" + shown(s) + "'.");
    return null;
  }

  /** A host name or IPv4 address: printable ASCII without spaces, at most 127 chars. */
  // Why: the board cuts longer host names and cannot resolve names with spaces or slashes.
  function optHost(errs: OptIssue[], prefix: string, opt: string, v: any, required: boolean): string | null {
    var s = optString(errs, prefix, opt, v);
    if (s === null) return null;
    if (s === '') {
      if (required) { issue(errs, 'error', prefix, opt, 'required (the host name or IP address of the server).'); return null; }
      return '';
    }
    if (s.length > 127) { issue(errs, 'error', prefix, opt, 'longer than 127 characters (the board cuts it).'); return null; }
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      var ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95;
      if (!ok) { issue(errs, 'error', prefix, opt, "'" + shown(s) + "' is not a host name or IPv4 address."); return null; }
    }
    return s;
  }

  /** A host label for the device itself: letters, digits, '-', at most 63. */
  // Why: it becomes part of MQTT topics, the client id, Home Assistant ids and syslog HOSTNAME.
  function optHostname(errs: OptIssue[], prefix: string, v: any): string | null {
    var s = optString(errs, prefix, 'hostname', v);
    if (s === null) return null;
    if (s === '') return '';
    var ok = s.length <= 63;
    for (var i = 0; i < s.length && ok; i++) {
      var c = s.charCodeAt(i);
      ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
    }
    if (!ok) { issue(errs, 'error', prefix, 'hostname', "'" + shown(s) + "': use at most 63 letters, digits, '-' or '_'."); return null; }
    return s;
  }

  // A topic prefix: no wildcards, no NUL, no leading or trailing '/', no empty level.
  function optTopic(errs: OptIssue[], opt: string, v: any, def: string): string | null {
    var s = optString(errs, 'mqtt', opt, v);
    if (s === null) return null;
    if (s === '') return def;
    var bad = s.length > 200 || s.charAt(0) === '/' || s.charAt(s.length - 1) === '/' || s.charAt(0) === '$';
    for (var i = 0; i < s.length && !bad; i++) {
      var ch = s.charAt(i);
      var c = s.charCodeAt(i);
      bad = ch === '+' || ch === '#' || c < 32 || c === 127 || (ch === '/' && s.charAt(i + 1) === '/');
    }
    if (bad) { issue(errs, 'error', 'mqtt', opt, "'" + shown(s) + "' is not a topic prefix (no + # or //, no '/' or '$' at the ends, at most 200 chars)."); return null; }
    return s;
  }

  // The client id: printable ASCII; brokers must accept 1-23 chars, many accept more.
  function optClientId(errs: OptIssue[], v: any): string | null {
    var s = optString(errs, 'mqtt', 'client_id', v);
    if (s === null) return null;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 33 || c > 126) { issue(errs, 'error', 'mqtt', 'client_id', 'use printable ASCII without spaces.'); return null; }
    }
    if (s.length > 23) issue(errs, 'warn', 'mqtt', 'client_id', 'longer than 23 characters: some brokers refuse it.');
    return s;
  }

  // Every check of readMqttConfig; may throw only on a bug, which the caller turns into an error.
  function readChecked(raw: any, errs: OptIssue[]): MqttConfig | null {
    var keys = Object.keys(raw);
    for (var k = 0; k < keys.length; k++) {
      if (MQTT_KEYS.indexOf(keys[k]) < 0) issue(errs, 'warn', 'mqtt', shown(keys[k]), 'unknown option, ignored.');
    }
    var tls = optBool(errs, 'mqtt', 'tls', raw.tls, false);
    var hostname = optHostname(errs, 'mqtt', raw.hostname);
    var hn = hostname || DEFAULT_HOSTNAME;
    var c: MqttConfig = {
      host: optHost(errs, 'mqtt', 'host', raw.host, true) || '',
      port: optInt(errs, 'mqtt', 'port', raw.port, tls ? 8883 : 1883, 1, 65535),
      tls: !!tls,
      username: optString(errs, 'mqtt', 'username', raw.username) || '',
      password: optString(errs, 'mqtt', 'password', raw.password) || '',
      clientId: optClientId(errs, raw.client_id) || '',
      hostname: hn,
      hostnameSet: !!hostname,
      base: optTopic(errs, 'base', raw.base, 'ddns/' + hn) || '',
      keepalive: optInt(errs, 'mqtt', 'keepalive', raw.keepalive, 60, 1, 65535),
      commandToken: optString(errs, 'mqtt', 'command_token', raw.command_token) || '',
      discovery: optBool(errs, 'mqtt', 'discovery', raw.discovery, true) !== false,
      discoveryPrefix: optTopic(errs, 'discovery_prefix', raw.discovery_prefix, 'homeassistant') || '',
    };
    if (c.password && !c.username) issue(errs, 'error', 'mqtt', 'password', 'needs mqtt.username (MQTT 3.1.1 sends no password alone).');
    // Why: anyone who can publish on the broker may guess it (MQTT tells the board no client
    // address to block): a short token is refused, the rest of MQTT still runs.
    if (c.commandToken && c.commandToken.length < MIN_TOKEN) {
      issue(errs, 'warn', 'mqtt', 'command_token', 'shorter than ' + MIN_TOKEN + ' characters (easy to guess): refused, MQTT commands are off.');
      c.commandToken = '';
    }
    if (c.password && !c.tls) issue(errs, 'warn', 'mqtt', 'password', 'sent in clear over plain MQTT (set mqtt.tls 1, port 8883).');
    if (c.tls) issue(errs, 'warn', 'mqtt', 'tls', "the board's TLS does not verify the broker's certificate.");
    for (var i = 0; i < errs.length; i++) if (errs[i].level === 'error') return null;
    return c;
  }

  /** raw.mqtt to a ready config: null when absent (MQTT off) or on any error (listed in errors). */
  // Why: a wrong MQTT option must not stop DNS updates: the service stays off and says why.
  function readMqttConfig(raw: any): { config: MqttConfig | null; errors: OptIssue[] } {
    var errs: OptIssue[] = [];
    if (raw === undefined || raw === null) return { config: null, errors: errs };
    if (!isObj(raw)) {
      errs.push({ option: 'mqtt', level: 'error', msg: 'mqtt: expected an object of options.' });
      return { config: null, errors: errs };
    }
    var c: MqttConfig | null = null;
    try { c = readChecked(raw, errs); } catch (e) {
      errs.push({ option: 'mqtt', level: 'error', msg: 'mqtt: could not be read.' });
      c = null;
    }
    return { config: c, errors: errs };
  }

  return { issue: issue, optString: optString, optInt: optInt, optBool: optBool, optHost: optHost,
    optHostname: optHostname, readMqttConfig: readMqttConfig };
}

// One call at a time (other modules, tests); code needing several calls keeps one mqttConfigLib().
// Typed by the first line, each passes `arguments` on: a declared parameter of a function that
// lives for as long as the board runs costs a variable block.
export function issue(errs: OptIssue[], level: string, prefix: string, opt: string, text: string): void;
export function issue(): void { mqttConfigLib().issue.apply(null, arguments as any); }
export function optString(errs: OptIssue[], prefix: string, opt: string, v: any): string | null;
export function optString(): string | null { return mqttConfigLib().optString.apply(null, arguments as any); }
export function optInt(errs: OptIssue[], prefix: string, opt: string, v: any, def: number, lo: number, hi: number): number;
export function optInt(): number { return mqttConfigLib().optInt.apply(null, arguments as any); }
export function optBool(errs: OptIssue[], prefix: string, opt: string, v: any, def: boolean): boolean | null;
export function optBool(): boolean | null { return mqttConfigLib().optBool.apply(null, arguments as any); }
export function optHost(errs: OptIssue[], prefix: string, opt: string, v: any, required: boolean): string | null;
export function optHost(): string | null { return mqttConfigLib().optHost.apply(null, arguments as any); }
export function optHostname(errs: OptIssue[], prefix: string, v: any): string | null;
export function optHostname(): string | null { return mqttConfigLib().optHostname.apply(null, arguments as any); }
export function readMqttConfig(raw: any): { config: MqttConfig | null; errors: OptIssue[] };
export function readMqttConfig(): { config: MqttConfig | null; errors: OptIssue[] } { return mqttConfigLib().readMqttConfig.apply(null, arguments as any); }
