// MQTT status (the top-level "mqtt" block of ddns.json): the resident part, ddns.mqtt, loaded at
// boot when the block is there and kept while MQTT runs. It is only a dispatcher: the client,
// the status topics, discovery and the commands are the work module ddns.mqtt.work (work.ts),
// loaded for one event (a packet, a status change, a timer, a lost connection) and dropped
// after it. Why: a module's functions and the closures they make cost blocks for as long as it is
// loaded (MQTT as one module kept about 880 at idle, 4 sections); this way the board, idle, holds
// only the state object (state.ts), this file's two functions, and the connection. The keepalive (a PINGREQ, its
// PINGRESP) is the only traffic of an idle board: it is handled here without loading anything.
// Wrong options switch MQTT off with a logged reason; the updater keeps running either way.

import type { Host } from '../host';
import { MqttState, Starter, EvKind, arm } from './state';

export interface MqttStartOptions {
  /** first reconnect delay in ms (default 5000; tests use less) */
  backoffMs?: number;
}

var WORK = 'mqtt.work';

// Every callback of MQTT (socket data and close, timers, the host's change and network hooks,
// stop) is this function bound to the state and an event name. The two events of an idle
// connection are answered here; any other loads the work module, runs its handler of that name
// and drops it again, unless it asked to stay (a drip of retained topics in progress). A module
// that is missing or broken is said in the log (MQTT then stays as it is).
function ev(this: MqttState, kind: EvKind, a?: any, b?: any, c?: any) {
  var S = this;
  // a PINGRESP alone (bytes 0xD0 0x00) on the current connection: the broker is alive
  if (kind === 'data' && a === S.gen && !S.rb && b === '\xd0\x00') { S.pp = false; return; }
  // time to ping (PINGREQ: 0xC0 0x00), or the pong wait ended with the answer in: the next ping
  // after the rest of the keepalive period
  var ping = S.tf === 'ping';
  if (kind === 'tick' && S.conn && (ping || (S.tf === 'pong' && !S.pp))) {
    S.tm = undefined;
    S.pp = ping;
    if (ping) S.conn.write('\xc0\x00');
    arm(S, ping ? 'pong' : 'ping', ping ? S.dm : Math.max(1000, S.ka * 1000 - S.dm));
    return;
  }
  // a status change is noted, with whether the section was updating then, and handled once the
  // code that changed it returned: a pass lets go of its modules first, so the work module is
  // not loaded on top of them (at most 32 changes wait; sections make a few per pass)
  if (kind === 'change') {
    var secs = S.h.sections;
    for (var k = 0; k < secs.length; k++) {
      if (secs[k].name !== a) continue;
      var pq = S.pq || (S.pq = []);
      if (pq.length < 64) pq.push(a, secs[k].status().state === 'updating' ? 'u' : '');
      if (S.ct === undefined) S.ct = S.h.ports.clock.setTimeout(S.ev.bind(S, 'changes'), 0);
    }
    return;
  }
  // while a section's pass is in flight the changes wait (their order and 'u' marks are kept):
  // the work module is not loaded on top of the pass's modules and request. A pass ends within
  // its watchdog (engine.ts PASS_LIMIT_MS), so this waits that long at most.
  if (kind === 'changes') {
    for (var j = 0; j < S.h.sections.length; j++) {
      var now = S.h.sections[j].status().state;
      if (now === 'checking' || now === 'updating') { S.ct = S.h.ports.clock.setTimeout(S.ev.bind(S, 'changes'), 250); return; }
    }
  }
  var w = null;
  try { w = S.h.load(WORK); } catch (e) { S.h.log.write('mqtt', 'err', 'module ddns.' + WORK + ' cannot be loaded (' + e + ')'); }
  if (w) w[kind](S, a, b, c);
  if (!S.keep) S.h.drop(WORK);
}

/** Starts MQTT from the config in force; null when the block is absent or wrong (logged). */
// The returned state is the service main.ts keeps: its stop() ends MQTT. The start itself is an
// event of its own (the work module's start), with h given instead of a state.
export function start(h: Host, o?: MqttStartOptions): MqttState | null {
  var boot: Starter = { h: h, svc: null };
  ev.call(boot as any, 'start', o || {}, ev);
  return boot.svc;
}
