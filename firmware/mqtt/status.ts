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
// Part of the work module: plain functions over the state object (state.ts); a status change,
// the timer of a pending publish and each step of the drip after a connect are events of their
// own (index.ts loads this module for each).

import { Severity } from '../core/ports';
import { SectionStatus } from '../section/engine';
import { maskSecrets } from '../core/mask';
import { formatTime } from '../core/timefmt';
import { reasonOf } from '../section/reason';
import { MqttState, CmdState } from './state';
import { cfgOf } from './cfg';
import { publish, notes } from './client';

/** Wrong command tokens that lock MQTT commands, and for how long (ms). */
var GUESSES = 5;
var LOCK_MS = 600000;
/** Gap between the retained messages sent after a connect (ms): the socket sends each before the
 *  next is made, so one payload exists at a time, and the work module is let go soon. */
var DRIP_MS = 10;

// The fields of the status JSON that Home Assistant shows as sensors.
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

// Section '' is the MQTT service itself.
function log(S: MqttState, section: string, sev: string, msg: string) {
  S.h.log.write(section || 'mqtt', sev as Severity, msg);
}

// The section's secrets (compiled from the schema's secret options and URL passwords) and the
// MQTT password and command token.
function secretsOf(S: MqttState, name: string): string[] {
  var c = cfgOf(S);
  var h = S.h;
  var own = [c.password, c.commandToken];
  for (var i = 0; i < h.configs.length; i++) if (h.configs[i].name === name) return h.configs[i].secrets.concat(own);
  return own;
}

// The index of a section by name, or -1.
function indexOf(S: MqttState, name: string): number {
  for (var k = 0; k < S.h.sections.length; k++) if (S.h.sections[k].name === name) return k;
  return -1;
}

/** Per section: never published, no hash, no flag; a notice when commands are off. */
// Why: the status reporter's memory is 8 chars and a small number per section.
export function initStatus(S: MqttState) {
  for (var i = 0; i < S.h.sections.length; i++) { S.ps += '\0\0\0\0\0\0\0\0'; S.fl.push(0); }
  if (!cfgOf(S).commandToken) log(S, '', 'notice', 'MQTT commands disabled: no usable mqtt.command_token');
}

/** The topics subscribed after every connect (clean session). */
export function subscriptions(S: MqttState): Array<{ topic: string; qos: number }> {
  var c = cfgOf(S);
  var subs: Array<{ topic: string; qos: number }> = [];
  if (c.discovery) subs.push({ topic: c.discoveryPrefix + '/status', qos: 0 });
  if (c.commandToken) subs.push({ topic: c.base + '/+/command', qos: 1 }, { topic: c.base + '/command', qos: 1 });
  return subs;
}

// The 32-bit number at char i of s (4 chars, big-endian).
function get32(s: string, i: number): number {
  return (s.charCodeAt(i) << 24) | (s.charCodeAt(i + 1) << 16) | (s.charCodeAt(i + 2) << 8) | s.charCodeAt(i + 3);
}

// s with the 32-bit number v written at char i.
function put32(s: string, i: number, v: number): string {
  return s.substr(0, i) + String.fromCharCode((v >> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255) + s.substr(i + 4);
}

// How long section k must still wait before its status may go out again (ms, 0: now). The
// uptimes are kept modulo 2^32: after 24 days a publish may wait once for a second it need not.
function waitOf(S: MqttState, k: number): number {
  if (!(S.fl[k] & 4)) return 0;
  var since = ((S.h.ports.clock.uptimeMs() | 0) - get32(S.ps, 8 * k)) | 0;
  return since >= 0 && since < 1000 ? 1000 - since : 0;
}

// Retained QoS 0 on <base>/<section>/status: the newest status wins; skipped while offline (all
// are sent on connect), and when its text is what was last sent (unless always).
function publishStatus(S: MqttState, k: number, always: boolean) {
  if (!S.up) return;
  var h = S.h;
  var name = h.sections[k].name;
  var text = statusJson(h.sections[k].status(), secretsOf(S, name), notes(S), h.ports.clock.wallMs());
  // what was last sent is remembered as a 32-bit hash: one number per section
  var x = 0;
  for (var i = 0; i < text.length; i++) x = (x * 31 + text.charCodeAt(i)) | 0;
  if (!always && x === get32(S.ps, 8 * k + 4)) return;
  S.ps = put32(put32(S.ps, 8 * k, h.ports.clock.uptimeMs() | 0), 8 * k + 4, x);
  S.fl[k] |= 4;
  publish(S, cfgOf(S).base + '/' + name + '/status', text, 0, true);
}

/** The status changes index.ts noted (SectionDeps.changed), in order. */
export function changes(S: MqttState) {
  var pq = S.pq || [];
  delete S.pq;
  delete S.ct;
  for (var i = 0; i + 1 < pq.length; i += 2) change(S, pq[i], pq[i + 1] === 'u');
}

// A section's status changed (updating: it was updating then): an event after an update attempt,
// and its retained status, at most one per section per second (later ones wait for the flush
// timer).
function change(S: MqttState, name: string, updating: boolean) {
  var h = S.h;
  var k = indexOf(S, name);
  if (k < 0) return;
  var s = h.sections[k].status();
  if ((S.fl[k] & 1) && !updating) {
    // the event of an update attempt: QoS 1, not retained, queued while offline and resent
    // once after a reconnect
    var sec = secretsOf(S, s.name);
    publish(S, cfgOf(S).base + '/' + h.sections[k].name + '/event', JSON.stringify({ time: iso(h.ports.clock.wallMs()),
      ip: clean(s.currentIp, sec), answer: clean(s.lastAnswer, sec), ok: s.error === '' }), 1, false);
  }
  S.fl[k] = (S.fl[k] & 6) | (updating ? 1 : 0);
  if (S.fl[k] & 2) return;
  var wait = waitOf(S, k);
  if (wait <= 0) { publishStatus(S, k, false); return; }
  S.fl[k] |= 2;
  if (S.ft === undefined) S.ft = h.ports.clock.setTimeout(S.ev.bind(S, 'flush'), wait);
}

/** The pending publishes' timer: each section whose second is over publishes; the timer is set
 *  again for the next one still waiting. */
export function flush(S: MqttState) {
  var clock = S.h.ports.clock;
  delete S.ft;
  var next = -1;
  for (var k = 0; k < S.fl.length; k++) {
    if (!(S.fl[k] & 2)) continue;
    var wait = waitOf(S, k);
    if (wait > 0) { if (next < 0 || wait < next) next = wait; continue; }
    S.fl[k] &= 5;
    publishStatus(S, k, false);
  }
  if (next >= 0) S.ft = clock.setTimeout(S.ev.bind(S, 'flush'), next);
}

/** After a connect (or Home Assistant's 'online'): the topics of deleted sections emptied, then
 *  each section's status and its discovery configs, one message per drip() (every DRIP_MS). */
// Why: only one payload string exists at a time; the work module stays loaded meanwhile.
export function startDrip(S: MqttState) {
  var clock = S.h.ports.clock;
  if (S.dt !== undefined) clock.clearTimeout(S.dt);
  S.ds = 0;
  S.dg = (S.h.gone || []).length;
  S.keep = true;
  S.dt = clock.setTimeout(S.ev.bind(S, 'drip'), 0);
}

// The discovery config topic of field j of a section.
function discoveryTopic(S: MqttState, section: string, j: number): string {
  var c = cfgOf(S);
  return c.discoveryPrefix + '/sensor/' + c.hostname + '_' + section + '_' + sensorKeys()[j] + '/config';
}

// One Home Assistant MQTT discovery config: a sensor reading field k of the status JSON, so Home
// Assistant shows each section as a device without any YAML.
function discoveryJson(S: MqttState, section: string, k: number): string {
  var o = cfgOf(S);
  var node = o.hostname;
  var key = sensorKeys()[k];
  var c: any = {
    name: ['State', 'Current IP', 'Registered IP', 'Last update', 'Last answer', 'Reason'][k],
    unique_id: node + '_' + section + '_' + key,
    state_topic: o.base + '/' + section + '/status',
    value_template: '{{ value_json.' + key + ' }}',
    availability_topic: o.base + '/availability',
    device: { identifiers: [node + '_' + section], name: 'DDNS ' + section,
      manufacturer: 'esp32-ddns', model: 'ESP32 DDNS updater', sw_version: S.h.version },
  };
  if (key === 'last_update') c.device_class = 'timestamp';
  return JSON.stringify(c);
}

/** One step of the drip started by startDrip; the last one lets the work module go. */
export function drip(S: MqttState) {
  var h = S.h;
  var c = cfgOf(S);
  delete S.dt;
  var per = c.discovery ? 1 + sensorKeys().length : 1;
  var g = S.dg || 0;
  var n = h.sections.length;
  var step = S.ds || 0;
  if (!S.up || step >= (g + n) * per) { endDrip(S); return; }
  var k = Math.floor(step / per);
  var j = step % per;
  if (k < g) {
    // an empty retained payload deletes the retained message (and the Home Assistant entity)
    var gone = h.gone || [];
    var old = gone[k];
    publish(S, j === 0 ? c.base + '/' + old + '/status' : discoveryTopic(S, old, j - 1), '', 0, true);
    if (k === g - 1 && j === per - 1) { gone.splice(0, g); step -= g * per; S.dg = 0; }
  } else if (j === 0) publishStatus(S, k - g, true);
  else publish(S, discoveryTopic(S, h.sections[k - g].name, j - 1), discoveryJson(S, h.sections[k - g].name, j - 1), 0, true);
  S.ds = step + 1;
  S.dt = h.ports.clock.setTimeout(S.ev.bind(S, 'drip'), DRIP_MS);
}

// The drip is over (or stopped): its fields go, and the work module may be dropped.
function endDrip(S: MqttState) {
  if (S.dt !== undefined) S.h.ports.clock.clearTimeout(S.dt);
  delete S.dt;
  delete S.ds;
  delete S.dg;
  delete S.keep;
}

/** Ends the status reporting: no pending publish, no drip. */
export function stopStatus(S: MqttState) {
  if (S.ft !== undefined) S.h.ports.clock.clearTimeout(S.ft);
  if (S.ct !== undefined) S.h.ports.clock.clearTimeout(S.ct);
  delete S.ft;
  delete S.ct;
  delete S.pq;
  endDrip(S);
}

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
function refuse(S: MqttState, r: CmdState, t: string, why: string) {
  var now = S.h.ports.clock.uptimeMs();
  if (r.at >= 0 && now - r.at < 60000) { r.quiet++; return; }
  log(S, '', 'warn', 'MQTT command on ' + safeTopic(t) + ' refused: ' + why +
    (r.quiet ? ' (' + r.quiet + ' more not logged)' : ''));
  r.at = now;
  r.quiet = 0;
}

// Does what the console's check/force/start/stop do, and logs it in the section's log.
function run(S: MqttState, k: number, cmd: string) {
  var s = S.h.sections[k];
  log(S, s.name, 'notice', 'MQTT command: ' + cmd);
  if (cmd === 'check') s.check('command', false);
  else if (cmd === 'force') s.check('command', true);
  else if (cmd === 'start') s.start();
  else s.stop();
}

// Routes a message on a command topic: one section or all; refuses without the right token.
function command(S: MqttState, r: CmdState, t: string, payload: string) {
  var o = cfgOf(S);
  var now = S.h.ports.clock.uptimeMs();
  var pre = o.base + '/';
  var target = -2;
  if (t === o.base + '/command') target = -1;
  else if (t.substr(0, pre.length) === pre && t.substr(t.length - 8) === '/command') {
    target = indexOf(S, t.substring(pre.length, t.length - 8));
    if (target < 0) { refuse(S, r, t, 'no such section'); return; }
  }
  if (target === -2) return;
  var c: any = null;
  if (payload.length <= 512) { try { c = JSON.parse(payload); } catch (e) { c = null; } }
  if (!c || typeof c !== 'object' || typeof c.cmd !== 'string' || typeof c.token !== 'string') {
    refuse(S, r, t, 'not a JSON object with cmd and token'); return;
  }
  if (!sameToken(c.token, o.commandToken)) {
    // Why: the broker tells nobody who published, so guesses are slowed for everyone: after
    // GUESSES wrong tokens within LOCK_MS every command (the right token too) is ignored for
    // LOCK_MS, a guess at most every two minutes on average.
    if (now - r.from > LOCK_MS) { r.fails = 0; r.from = now; }
    if (++r.fails >= GUESSES) {
      r.fails = 0;
      r.until = now + LOCK_MS;
      log(S, '', 'warn', 'MQTT commands ignored for ' + LOCK_MS / 1000 + ' s: ' + GUESSES + ' wrong tokens (a guess?)');
      return;
    }
    refuse(S, r, t, 'wrong token');
    return;
  }
  r.fails = 0;
  if (['check', 'force', 'start', 'stop'].indexOf(c.cmd) < 0) {
    refuse(S, r, t, 'unknown cmd (use check, force, start or stop)'); return;
  }
  if (target >= 0) { run(S, target, c.cmd); return; }
  for (var k = 0; k < S.h.sections.length; k++) run(S, k, c.cmd);
}

/** A message on a subscribed topic: Home Assistant came online (send discovery again), or a
 *  command. */
export function message(S: MqttState, t: string, payload: string) {
  var o = cfgOf(S);
  if (o.discovery && t === o.discoveryPrefix + '/status') { if (payload === 'online') startDrip(S); return; }
  if (!o.commandToken) return;
  // while locked (wrong tokens, above) a command costs nothing, not even a parse
  var r = S.cmd || (S.cmd = { at: -1, quiet: 0, fails: 0, from: 0, until: -1 });
  if (S.h.ports.clock.uptimeMs() >= r.until) command(S, r, t, payload);
}
