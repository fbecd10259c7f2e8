// The one object MQTT keeps while it runs, shared by the resident module (ddns.mqtt, index.ts)
// and the work module (ddns.mqtt.work, work.ts) that is loaded for each event and dropped after.
// Why one plain object: on the board every closure costs about 7 variable blocks plus the scope
// it keeps alive, a field one or two; everything MQTT must remember between events is a field
// here, and every callback is the resident ev() bound to this object and an event name.

import type { Host } from '../host';
import type { SocketConn } from '../core/ports';

/** A message waiting in the offline queue, or a QoS 1 one waiting for its PUBACK. */
export interface Msg { topic: string; payload: string; qos: number; retain: boolean; id: number; tries: number; }

/** What the work module keeps between commands (made on the first command). */
export interface CmdState {
  /** a refusal was logged at (uptime ms), and how many since were not */
  at: number;
  quiet: number;
  /** wrong tokens: how many since from (uptime ms), and until when every command is ignored */
  fails: number;
  from: number;
  until: number;
}

/** The handler names ev() dispatches to (the work module's exports). */
export type EvKind = 'start' | 'opened' | 'data' | 'closed' | 'tick' | 'up' | 'down' | 'stop' | 'change' | 'changes' | 'flush' | 'drip';

/** What the start event is dispatched on (index.ts's start()): the work module's start puts the
 *  new state, or null when MQTT is off, in svc. */
export interface Starter { h: Host; svc: MqttState | null; }

export interface MqttState {
  h: Host;
  /** the resident dispatcher (index.ts); bound to this object for every callback */
  ev: (kind: EvKind, a?: any, b?: any, c?: any) => void;
  /** the service's stop (main.ts calls it on a restart): ev bound to 'stop' */
  stop: () => void;
  /** the client id, fixed at start (a random one must not change on a reconnect) */
  cid: string;
  /** keepalive (s), dead-connection timeout (ms), first back-off (ms), the next back-off (ms) */
  ka: number;
  dm: number;
  b0: number;
  bk: number;
  /** 'new' (not started yet) | 'waiting' | 'connecting' | 'connected' | 'stopped' */
  st: string;
  /** a CONNACK accepted on the current connection */
  up: boolean;
  /** the connection's generation: callbacks of an older one are ignored */
  gen: number;
  conn: SocketConn | null;
  /** bytes of an unfinished packet (absent at idle) */
  rb?: string;
  /** the client's single timer and what it does when it fires: connect, connack, ping, pong */
  tm?: any;
  tf: string;
  /** a PINGREQ is waiting for its answer */
  pp: boolean;
  /** the last packet id, the board's address */
  id: number;
  ip: string;
  /** offline queue and QoS 1 messages in flight (undefined: none yet) */
  q?: Msg[];
  inf?: Msg[];
  /** per section 8 chars: the uptime (ms, low 32 bits) of its last status publish and the 32-bit
   *  hash of that text (a string costs a block per 12 chars, an array two per such number) */
  ps: string;
  /** per section: 1 its last state was 'updating', 2 a status publish is pending, 4 its status
   *  was published (small numbers: one block each) */
  fl: number[];
  /** status changes not handled yet: section name, then 'u' when it was updating at the time
   *  (pairs), and the timer that hands them to the work module */
  pq?: string[];
  ct?: any;
  /** the pending status publishes' timer */
  ft?: any;
  /** the retained topics sent after a connect: timer, next step, deleted sections still to clear
   *  (absent when no drip runs: a field that exists costs a block) */
  dt?: any;
  ds?: number;
  dg?: number;
  /** true while the work module should stay loaded (a step of the drip above every few ms) */
  keep?: boolean;
  /** command rate limits (made on the first command) */
  cmd?: CmdState;
}

// The client's single timer (connect wait, CONNACK deadline, ping, pong wait): few timers, no
// leaks. What it does is a word (tf), read when it fires, so the timer holds no closure.
export function arm(S: MqttState, what: string, ms: number) {
  var k = S.h.ports.clock;
  if (S.tm !== undefined) k.clearTimeout(S.tm);
  S.tf = what;
  S.tm = k.setTimeout(S.ev.bind(S, 'tick'), ms);
}
