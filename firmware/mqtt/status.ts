// What the board tells MQTT, and the commands it takes from it.
//
//   <base>/availability          online | offline (retained; offline is the last will)
//   <base>/<section>/status      retained JSON: state, reason, current_ip, registered_ip,
//                                last_update, last_answer, next_check (ISO time), error, notes;
//                                published when one of them changed, not as a countdown
//                                (an empty retained payload when the section was deleted)
//   <base>/<section>/event       JSON per update attempt: time, ip, answer, ok
//   <base>/<section>/command     {"cmd":"check|force|start|stop","token":"<mqtt.command_token>"}
//   <base>/command               the same, for every section
//   <prefix>/sensor/<node>_<section>_<key>/config   Home Assistant discovery (retained)
//
// Every string a section reports is masked with that section's secrets and the MQTT ones.

import { ClockPort } from '../core/ports';
import { SectionRunner, SectionStatus } from '../section/engine';
import { maskSecrets } from '../core/mask';
import { formatTime } from '../core/timefmt';
import { reasonOf } from '../section/reason';
import { MqttClient } from './client';

export interface StatusHost {
  sections: SectionRunner[];
  /** names of deleted sections whose retained topics are still on the broker: cleared (and
   *  taken off this list) after the next connect; undefined: none */
  gone?: string[];
  /** the section's secrets plus the MQTT password and command token */
  secretsOf: (section: string) => string[];
  clock: ClockPort;
  /** section '' is the MQTT service itself */
  log: (section: string, sev: string, msg: string) => void;
}

export interface StatusOptions {
  client: MqttClient;
  base: string;
  /** Home Assistant node id: letters, digits, '-', '_' */
  nodeId: string;
  discovery: boolean;
  discoveryPrefix: string;
  /** '' disables commands */
  commandToken: string;
  version: string;
  /** gap between the retained messages sent after a connect (default 50 ms) */
  dripMs?: number;
}

export interface MqttStatus {
  /** the section's status changed (SectionDeps.changed) */
  changed(name: string): void;
  stop(): void;
}

/** Wrong command tokens that lock MQTT commands, and for how long (ms). */
var GUESSES = 5;
var LOCK_MS = 600000;

// The fields of the status JSON that Home Assistant shows as sensors (a function, not a table:
// a table at module level would cost variable blocks for as long as the board runs).
function sensorKeys(): string[] {
  return ['state', 'current_ip', 'registered_ip', 'last_update', 'last_answer', 'reason'];
}

// ISO 8601 UTC time, or null while the clock is not set.
function iso(wallMs: number): string | null {
  return wallMs ? formatTime('%FT%TZ', wallMs, 0) : null;
}

// Masked, then ASCII only: the board's JSON.stringify writes each byte >= 0x80 as \u00XX, which
// would turn UTF-8 text into mojibake for every reader; '?' is at least honest.
function clean(v: string, secrets: string[]): string {
  var s = maskSecrets(v || '', secrets);
  var out = '';
  var from = 0;
  for (var i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) < 0x7f) continue;
    out += s.substring(from, i) + '?';
    from = i + 1;
  }
  return from ? out + s.substring(from) : s;
}

/** The retained status JSON of one section, every string masked. */
// Why: one place builds what leaves the device, so the masking cannot be forgotten.
export function statusJson(s: SectionStatus, secrets: string[], extraNotes: string[], wallMs: number): string {
  var m = function (v: string) { return clean(v, secrets); };
  var notes: string[] = [];
  for (var i = 0; i < s.notes.length; i++) notes.push(m(s.notes[i]));
  for (var j = 0; j < extraNotes.length; j++) notes.push(m(extraNotes[j]));
  // next_check to the second, so two readings a moment apart give the same text
  var next = s.nextCheckInMs >= 0 && wallMs ? Math.round((wallMs + s.nextCheckInMs) / 1000) * 1000 : 0;
  return JSON.stringify({ state: m(s.state), reason: m(reasonOf(s.state, s.error)), current_ip: m(s.currentIp),
    registered_ip: m(s.registeredIp), last_update: iso(s.lastUpdate), last_answer: m(s.lastAnswer),
    next_check: iso(next), error: m(s.error), notes: notes });
}

// Why: sections report through SectionDeps.changed; this turns that into retained MQTT status
// (at most one per section per second, and only when its text changed), events per update
// attempt, and takes commands that carry the configured token.
export function startMqttStatus(h: StatusHost, o: StatusOptions): MqttStatus {
  var cl = o.client;
  var n = h.sections.length;
  var lastPub: number[] = [];
  var lastHash: number[] = [];
  var timers: any[] = [];
  var prev: string[] = [];
  var drip: any;
  var dripMs = o.dripMs || 50;
  var refusedAt = -1;
  var refusedQuiet = 0;
  // wrong tokens: how many since failFrom (uptime ms), and until when every command is ignored
  var fails = 0;
  var failFrom = 0;
  var lockedUntil = -1;
  for (var i = 0; i < n; i++) { lastPub.push(-1e9); lastHash.push(0); timers.push(undefined); prev.push(''); }

  // The index of a section by name, or -1.
  function indexOf(name: string): number {
    for (var k = 0; k < n; k++) if (h.sections[k].name === name) return k;
    return -1;
  }

  // Retained QoS 0 on <base>/<section>/status: the newest status wins; skipped while offline (all
  // are sent on connect), and when its text is what was last sent (unless always).
  function publishStatus(k: number, always: boolean) {
    if (!cl.connected()) return;
    var name = h.sections[k].name;
    var text = statusJson(h.sections[k].status(), h.secretsOf(name), cl.status().notes, h.clock.wallMs());
    // what was last sent is remembered as a 32-bit hash: one number per section
    var x = 0;
    for (var i = 0; i < text.length; i++) x = (x * 31 + text.charCodeAt(i)) | 0;
    if (!always && x === lastHash[k]) return;
    lastPub[k] = h.clock.uptimeMs();
    lastHash[k] = x;
    cl.publish(o.base + '/' + name + '/status', text, 0, true);
  }

  // After a connect: the topics of deleted sections emptied, then each section's status and its
  // discovery configs, one message per tick, so only one payload string exists at a time. What
  // it needs lives only while it drips.
  function startDrip() {
    if (drip !== undefined) h.clock.clearTimeout(drip);
    var keys = sensorKeys();
    var per = o.discovery ? 1 + keys.length : 1;
    var step = 0;
    var gone = h.gone || [];
    var g = gone.length;
    // The discovery config topic of field j of a section.
    var discoveryTopic = function (section: string, j: number): string {
      return o.discoveryPrefix + '/sensor/' + o.nodeId + '_' + section + '_' + keys[j] + '/config';
    };
    // One Home Assistant MQTT discovery config: a sensor reading field k of the status JSON, so
    // Home Assistant shows each section as a device without any YAML.
    var discoveryJson = function (section: string, k: number): string {
      var key = keys[k];
      var c: any = {
        name: ['State', 'Current IP', 'Registered IP', 'Last update', 'Last answer', 'Reason'][k],
        unique_id: o.nodeId + '_' + section + '_' + key,
        state_topic: o.base + '/' + section + '/status',
        value_template: '{{ value_json.' + key + ' }}',
        availability_topic: o.base + '/availability',
        device: { identifiers: [o.nodeId + '_' + section], name: 'DDNS ' + section,
          manufacturer: 'esp32-ddns', model: 'ESP32 DDNS updater', sw_version: o.version },
      };
      if (key === 'last_update') c.device_class = 'timestamp';
      return JSON.stringify(c);
    };
    var tick = function () {
      drip = undefined;
      if (!cl.connected() || step >= (g + n) * per) return;
      var k = Math.floor(step / per);
      var j = step % per;
      if (k < g) {
        // an empty retained payload deletes the retained message (and the Home Assistant entity)
        var old = gone[k];
        cl.publish(j === 0 ? o.base + '/' + old + '/status' : discoveryTopic(old, j - 1), '', 0, true);
        if (k === g - 1 && j === per - 1) { gone.splice(0, g); step -= g * per; g = 0; }
      } else if (j === 0) publishStatus(k - g, true);
      else cl.publish(discoveryTopic(h.sections[k - g].name, j - 1), discoveryJson(h.sections[k - g].name, j - 1), 0, true);
      step++;
      drip = h.clock.setTimeout(tick, dripMs);
    };
    drip = h.clock.setTimeout(tick, 0);
  }

  // Routes a message on a command topic: one section or all; refuses without the right token.
  // Its helpers are built per message: commands are rare, and none of them exists at idle.
  function command(t: string, payload: string) {
    // Compares without stopping at the first difference, so timing does not reveal the token.
    function sameToken(a: string, b: string): boolean {
      if (a.length !== b.length) return false;
      var d = 0;
      for (var i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
      return d === 0;
    }

    // A topic shown in a log line: printable, at most 80 chars (it comes from the network).
    function safeTopic(t: string): string {
      var out = '';
      for (var i = 0; i < t.length && i < 80; i++) {
        var c = t.charCodeAt(i);
        out += c >= 32 && c < 127 ? t.charAt(i) : '?';
      }
      return out;
    }

    // Logs a refused command at most once a minute, with how many were not logged.
    function refuse(t: string, why: string) {
      var now = h.clock.uptimeMs();
      if (refusedAt >= 0 && now - refusedAt < 60000) { refusedQuiet++; return; }
      h.log('', 'warn', 'MQTT command on ' + safeTopic(t) + ' refused: ' + why +
        (refusedQuiet ? ' (' + refusedQuiet + ' more not logged)' : ''));
      refusedAt = now;
      refusedQuiet = 0;
    }

    // Does what the console's check/force/start/stop do, and logs it in the section's log.
    function run(k: number, cmd: string) {
      var s = h.sections[k];
      h.log(s.name, 'notice', 'MQTT command: ' + cmd);
      if (cmd === 'check') s.check('command', false);
      else if (cmd === 'force') s.check('command', true);
      else if (cmd === 'start') s.start();
      else s.stop();
    }

    var now = h.clock.uptimeMs();
    var pre = o.base + '/';
    var target = -2;
    if (t === o.base + '/command') target = -1;
    else if (t.substr(0, pre.length) === pre && t.substr(t.length - 8) === '/command') {
      target = indexOf(t.substring(pre.length, t.length - 8));
      if (target < 0) { refuse(t, 'no such section'); return; }
    }
    if (target === -2) return;
    var c: any = null;
    if (payload.length <= 512) { try { c = JSON.parse(payload); } catch (e) { c = null; } }
    if (!c || typeof c !== 'object' || typeof c.cmd !== 'string' || typeof c.token !== 'string') {
      refuse(t, 'not a JSON object with cmd and token'); return;
    }
    if (!sameToken(c.token, o.commandToken)) {
      // Why: the broker tells nobody who published, so guesses are slowed for everyone: after
      // GUESSES wrong tokens within LOCK_MS every command (the right token too) is ignored for
      // LOCK_MS, a guess at most every two minutes on average.
      if (now - failFrom > LOCK_MS) { fails = 0; failFrom = now; }
      if (++fails >= GUESSES) {
        fails = 0;
        lockedUntil = now + LOCK_MS;
        h.log('', 'warn', 'MQTT commands ignored for ' + LOCK_MS / 1000 + ' s: ' + GUESSES + ' wrong tokens (a guess?)');
        return;
      }
      refuse(t, 'wrong token');
      return;
    }
    fails = 0;
    if (['check', 'force', 'start', 'stop'].indexOf(c.cmd) < 0) {
      refuse(t, 'unknown cmd (use check, force, start or stop)'); return;
    }
    if (target >= 0) { run(target, c.cmd); return; }
    for (var k = 0; k < n; k++) run(k, c.cmd);
  }

  cl.onConnect(startDrip);
  if (o.discovery) cl.subscribe(o.discoveryPrefix + '/status', 0);
  if (o.commandToken) {
    cl.subscribe(o.base + '/+/command', 1);
    cl.subscribe(o.base + '/command', 1);
  } else {
    h.log('', 'notice', 'MQTT commands disabled: no usable mqtt.command_token');
  }
  cl.onMessage(function (t, payload) {
    if (o.discovery && t === o.discoveryPrefix + '/status') { if (payload === 'online') startDrip(); return; }
    // while locked (wrong tokens, below) a command costs nothing, not even a parse
    if (o.commandToken && h.clock.uptimeMs() >= lockedUntil) command(t, payload);
  });

  return {
    changed: function (name) {
      var k = indexOf(name);
      if (k < 0) return;
      var s = h.sections[k].status();
      if (prev[k] === 'updating' && s.state !== 'updating') {
        // the event of an update attempt: QoS 1, not retained, queued while offline and resent
        // once after a reconnect
        var sec = h.secretsOf(s.name);
        cl.publish(o.base + '/' + h.sections[k].name + '/event', JSON.stringify({ time: iso(h.clock.wallMs()),
          ip: clean(s.currentIp, sec), answer: clean(s.lastAnswer, sec), ok: s.error === '' }), 1, false);
      }
      prev[k] = s.state;
      if (timers[k] !== undefined) return;
      var wait = lastPub[k] + 1000 - h.clock.uptimeMs();
      if (wait <= 0) { publishStatus(k, false); return; }
      timers[k] = h.clock.setTimeout(function () { timers[k] = undefined; publishStatus(k, false); }, wait);
    },
    stop: function () {
      if (drip !== undefined) h.clock.clearTimeout(drip);
      drip = undefined;
      for (var k = 0; k < n; k++) {
        if (timers[k] !== undefined) h.clock.clearTimeout(timers[k]);
        timers[k] = undefined;
      }
    },
  };
}
