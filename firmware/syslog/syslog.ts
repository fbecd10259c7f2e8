// Log lines to a remote syslog (the router's logd) as RFC 5424 over UDP:
//   <PRI>1 TIMESTAMP HOSTNAME ddns - - - section: message
// facility daemon (3); TIMESTAMP '-' while the clock is not set. ddns-scripts logs to the local
// logd and has no host option; the board has no local logd, so ddns.json gets a top-level
//   "syslog": { "host": "192.168.1.1", "port": 514, "hostname": "esp32-ddns" }
// (host required; hostname defaults to mqtt.hostname, then 'esp32-ddns'). Which lines go out is
// each section's use_syslog, as in ddns-scripts: 0 none, 1 info and up, 2 notice and up
// (default), 3 warning and up, 4 errors only; a terminal error (the section stops) always goes.

import { ClockPort, UdpSendPort, NetPort } from '../core/ports';
import { formatTime } from '../core/timefmt';
import { indexOfStr } from '../core/text';
import { escapeControls } from '../log/log';
import { OptIssue, optHost, optInt, optHostname, issue, DEFAULT_HOSTNAME } from '../mqtt/config';
import type { Logger, Severity } from '../core/ports';

export interface SyslogConfig { host: string; port: number; hostname: string; }

var FACILITY_DAEMON = 3;
var MAX_MSG = 1024;
/** lines kept while the board has no address (boot, Wifi lost), sent when it has one */
var HELD_MAX = 8;

/** raw.syslog checked: null when absent or wrong (errors name syslog.<option>); never throws. */
// Why: a mistake here must switch syslog off with a reason, never stop the updater.
export function readSyslogConfig(raw: any, fallbackHostname: string): { config: SyslogConfig | null; errors: OptIssue[] } {
  var errs: OptIssue[] = [];
  if (raw === undefined || raw === null) return { config: null, errors: errs };
  if (typeof raw !== 'object' || raw instanceof Array) {
    errs.push({ option: 'syslog', level: 'error', msg: 'syslog: expected an object of options.' });
    return { config: null, errors: errs };
  }
  var c: SyslogConfig | null = null;
  try {
    var keys = Object.keys(raw);
    for (var i = 0; i < keys.length; i++) {
      if (keys[i] !== 'host' && keys[i] !== 'port' && keys[i] !== 'hostname') issue(errs, 'warn', 'syslog', keys[i].substr(0, 40), 'unknown option, ignored.');
    }
    var host = optHost(errs, 'syslog', 'host', raw.host, true);
    var port = optInt(errs, 'syslog', 'port', raw.port, 514, 1, 65535);
    var hn = optHostname(errs, 'syslog', raw.hostname);
    if (host && port > 0 && hn !== null) c = { host: host, port: port, hostname: hn || fallbackHostname || DEFAULT_HOSTNAME };
  } catch (e) {
    errs.push({ option: 'syslog', level: 'error', msg: 'syslog: could not be read.' });
    c = null;
  }
  return { config: c, errors: errs };
}

/** RFC 5424 severity of a log line: terminal 2 (crit), err 3, warn 4, notice 5, info 6. */
// Why: the receiving logd filters and colours by it.
export function severityCode(sev: string, terminal: boolean): number {
  if (terminal) return 2;
  return sev === 'err' ? 3 : sev === 'warn' ? 4 : sev === 'notice' ? 5 : 6;
}

/** ddns-scripts' use_syslog table: does a line of this severity go out at this level? */
// Why: users set use_syslog on their router and expect the same amount of log here.
export function syslogWants(level: number, sev: string, terminal: boolean): boolean {
  if (terminal) return true;
  var rank = sev === 'err' ? 4 : sev === 'warn' ? 3 : sev === 'notice' ? 2 : 1;
  return level > 0 && rank >= level;
}

/** One RFC 5424 message; control characters escaped as rsyslog does ('#012'), the text cut
 *  to 1024 bytes. */
// Why: pure, so the format is tested without a network. The Logger escapes its lines already;
// this escapes again whatever else reaches a datagram (a section name of an old saved config),
// so one message is one line on the receiving logd, never a forged one.
export function syslogMessage(o: { sevCode: number; wallMs: number; hostname: string; section: string; text: string }): string {
  var ts = o.wallMs ? formatTime('%FT%TZ', o.wallMs, 0) : '-';
  var msg = escapeControls((o.section ? o.section + ': ' : '') + o.text);
  if (msg.length > MAX_MSG) msg = msg.substr(0, MAX_MSG);
  return '<' + (FACILITY_DAEMON * 8 + o.sevCode) + '>1 ' + ts + ' ' + (o.hostname || '-') + ' ddns - - - ' + msg;
}

/** True for the lines a section writes when it stops for good (see section/engine.ts). */
// Why: ddns-scripts always sends its exit errors to syslog, whatever use_syslog says.
export function isTerminal(sev: string, text: string): boolean {
  return sev === 'err' && (text.substr(0, 9) === 'stopped: ' || indexOfStr(text, 'stays stopped') >= 0);
}

export interface SyslogOptions {
  udp: UdpSendPort;
  clock: ClockPort;
  log: Logger;
  config: SyslogConfig;
  /** the Logger's ddns_dateformat, to drop the time it put in front of each line */
  dateformat: string;
  /** a section's use_syslog 0-4 (the service's own lines: 2) */
  levelOf: (section: string) => number;
  /** when given: lines logged while it has no address are held (the last few) and sent on onUp */
  net?: NetPort;
}

// The logger line without its own time and severity prefix (the syslog header has both).
function bareText(line: string, sev: string, stamp: string): string {
  var t = line;
  if (t.substr(0, stamp.length + 1) === stamp + ' ') t = t.substr(stamp.length + 1);
  var tag = sev.toUpperCase() + ' ';
  if (sev !== 'info' && t.substr(0, tag.length) === tag) t = t.substr(tag.length);
  return t;
}

/** Sends every wanted (already masked) log line to the syslog host. */
// Why: the Logger masks every line before listeners see it, so nothing secret is sent. A board
// without an address drops datagrams, and the lines that matter most (config warnings, "stays
// stopped") are written at boot before Wifi is up: the last few are held until it is.
export function startSyslog(o: SyslogOptions): { stop: () => void } {
  var on = true;
  var held: string[] = [];
  function send(msg: string) {
    if (o.net && !o.net.info()) {
      if (held.length >= HELD_MAX) held.shift();
      held.push(msg);
      return;
    }
    o.udp.send(o.config.host, o.config.port, msg);
  }
  if (o.net) {
    o.net.onUp(function () {
      var h = held;
      held = [];
      for (var i = 0; i < h.length && on; i++) o.udp.send(o.config.host, o.config.port, h[i]);
    });
  }
  o.log.listen(function (section: string, sev: Severity, line: string) {
    if (!on) return;
    var stamp = formatTime(o.dateformat, o.clock.wallMs(), o.clock.uptimeMs());
    var text = bareText(line, sev, stamp);
    var term = isTerminal(sev, text);
    if (!syslogWants(o.levelOf(section), sev, term)) return;
    send(syslogMessage({ sevCode: severityCode(sev, term),
      wallMs: o.clock.wallMs(), hostname: o.config.hostname, section: section, text: text }));
  });
  return { stop: function () { on = false; held = []; } };
}
