// A small MQTT 3.1.1 client over the board's SocketPort: one connection, clean session, a last
// will, keepalive pings with a dead-connection timeout, reconnect with back-off, a bounded queue
// while offline, QoS 1 resent once after a reconnect. Everything it says goes to the 'mqtt' log.
// Part of the work module: plain functions over the state object (state.ts), which alone lives
// between events; the keepalive of an idle connection is answered by index.ts.

import { Severity } from '../core/ports';
import { MqttState, Msg, arm } from './state';
import { cfgOf } from './cfg';
import {
  Packet, PublishIn, encodeConnect, encodePublish, encodePuback, encodeSubscribe, encodeDisconnect,
  decodeConnack, decodePublish, decodeSuback, decodePuback, CONNACK, PUBLISH, PUBACK, SUBACK,
} from './wire';

/** Largest back-off (ms), messages kept while offline or in flight, largest packet accepted. */
var MAX_BACKOFF = 300000;
var QUEUE_MAX = 8;
export var MAX_PACKET = 2048;

function log(S: MqttState, sev: string, msg: string) {
  S.h.log.write('mqtt', sev as Severity, msg);
}

// Cancels whatever the single timer was waiting for.
function clearTimer(S: MqttState) {
  if (S.tm !== undefined) S.h.ports.clock.clearTimeout(S.tm);
  delete S.tm;
}

// Packet ids 1-65535, wrapping (0 is not allowed).
function newId(S: MqttState): number {
  S.id = S.id >= 65535 ? 1 : S.id + 1;
  return S.id;
}

/** Closes the current connection (if any) and plans the next attempt: after the back-off, or at
 *  once (now) when the cause is known to be gone (a new address). */
export function lost(S: MqttState, why: string, now?: boolean) {
  var c = cfgOf(S);
  var was = S.up;
  S.gen++;
  S.up = false;
  S.pp = false;
  clearTimer(S);
  var conn = S.conn;
  S.conn = null;
  delete S.rb;
  if (conn) conn.end();
  if (S.st === 'stopped') return;
  if (now) S.bk = S.b0;
  var when = now ? 'now' : 'in ' + S.bk / 1000 + ' s';
  // a new address or a network gone ends the connection as expected: info, not a warning
  var expected = now || why === 'network down';
  if (was) log(S, expected ? 'info' : 'warn', 'MQTT connection to ' + c.host + ' ' + (expected ? 'closed' : 'lost') + ': ' +
    why + '; reconnecting ' + (why === 'network down' ? 'when it is back' : when));
  else log(S, 'info', 'MQTT ' + c.host + ':' + c.port + ': ' + why + '; retry ' + when);
  S.st = 'waiting';
  arm(S, 'connect', now ? 0 : S.bk);
  if (!now) S.bk = Math.min(S.bk * 2, MAX_BACKOFF);
}

// Writes a PUBLISH; a QoS 1 one stays in flight (bounded) until its PUBACK.
function send(S: MqttState, m: Msg) {
  if (!S.conn) return;
  if (m.qos === 1) {
    if (!m.id) m.id = newId(S);
    var inf = S.inf || (S.inf = []);
    if (inf.indexOf(m) < 0) {
      if (inf.length >= QUEUE_MAX) inf.shift();
      inf.push(m);
    }
  }
  S.conn.write(encodePublish(m.topic, m.payload, m.qos, m.retain, m.id, m.tries > 0));
}

/** Publishes now when connected; offline, keeps it for later. */
// Why: a status or event must not be lost to a short outage, and never grow without bound.
export function publish(S: MqttState, topic: string, payload: string, qos: number, retain: boolean) {
  var m: Msg = { topic: topic, payload: payload, qos: qos === 1 ? 1 : 0, retain: retain, id: 0, tries: 0 };
  if (S.up) { send(S, m); return; }
  // A retained one replaces an older one on the same topic; when full, the oldest non-retained
  // goes first (retained status is published again on connect).
  var queue = S.q || (S.q = []);
  var i: number;
  if (m.retain) {
    for (i = 0; i < queue.length; i++) if (queue[i].retain && queue[i].topic === m.topic) { queue.splice(i, 1); break; }
  }
  if (queue.length >= QUEUE_MAX) {
    for (i = 0; i < queue.length; i++) if (!queue[i].retain) break;
    queue.splice(i < queue.length ? i : 0, 1);
  }
  queue.push(m);
}

/** What a status note says about this connection (TLS without verification, a clear password). */
export function notes(S: MqttState): string[] {
  var c = cfgOf(S);
  if (c.tls) return ['TLS: broker certificate not verified on this board'];
  return c.password ? ['MQTT password sent over plain TCP'] : [];
}

/** One packet from the broker: true after an accepted CONNACK (subs were subscribed), the
 *  message of a PUBLISH, else null. Anything unexpected drops the connection (never a throw). */
export function handle(S: MqttState, p: Packet, subs: Array<{ topic: string; qos: number }>): PublishIn | boolean | null {
  S.pp = false;
  if (p.type === CONNACK) {
    var c = cfgOf(S);
    var ack = decodeConnack(p);
    if (!ack || S.up) { lost(S, 'bad CONNACK'); return null; }
    if (ack.code !== 0) {
      // the CONNACK return codes of MQTT 3.1.1 (a table built only when a broker refuses)
      var refused = ['', 'unacceptable protocol version', 'client id rejected', 'server unavailable',
        'bad user name or password', 'not authorized'];
      var why = 'broker refused: ' + (refused[ack.code] || 'code ' + ack.code);
      log(S, 'err', 'MQTT ' + why);
      lost(S, why);
      return null;
    }
    // accepted: subscribe, say online, resend in-flight QoS 1 once, flush the queue
    S.up = true;
    S.st = 'connected';
    S.bk = S.b0;
    log(S, 'notice', 'MQTT connected to ' + c.host + ':' + c.port + (c.tls ? ' (TLS, certificate not verified)' : ''));
    if (subs.length) S.conn!.write(encodeSubscribe(newId(S), subs));
    send(S, { topic: c.base + '/availability', payload: 'online', qos: 0, retain: true, id: 0, tries: 0 });
    var again = S.inf || [];
    delete S.inf;
    // (loop names not used by the other branches: Espruino does not hoist var)
    for (var r = 0; r < again.length; r++) {
      if (again[r].tries >= 1) continue;
      again[r].tries++;
      send(S, again[r]);
    }
    var q = S.q || [];
    delete S.q;
    for (var f = 0; f < q.length; f++) send(S, q[f]);
    arm(S, 'ping', S.ka * 1000);
    return S.up;
  }
  if (!S.up) { lost(S, 'packet before CONNACK'); return null; }
  if (p.type === PUBLISH) {
    var m = decodePublish(p);
    if (!m || m.qos > 1) { lost(S, 'bad PUBLISH'); return null; }
    if (m.qos === 1 && S.conn) S.conn.write(encodePuback(m.id));
    return m;
  }
  if (p.type === PUBACK) {
    var id = decodePuback(p);
    var inf = S.inf || [];
    for (var k = 0; k < inf.length; k++) if (inf[k].id === id) { inf.splice(k, 1); break; }
    if (!inf.length) delete S.inf;
  } else if (p.type === SUBACK) {
    var s = decodeSuback(p);
    if (s && s.codes.indexOf(0x80) >= 0) log(S, 'warn', 'MQTT broker refused a subscription (ACL?): commands may not arrive');
  }
  return null;
}

// One attempt: socket, then CONNECT (opened), and a deadline for the CONNACK.
function connect(S: MqttState) {
  var c = cfgOf(S);
  if (S.st === 'stopped') return;
  var myGen = ++S.gen;
  S.st = 'connecting';
  arm(S, 'connack', 15000);
  S.h.ports.socket.connect({ host: c.host, port: c.port, tls: c.tls, timeoutMs: 10000 }, S.ev.bind(S, 'opened', myGen));
}

/** The socket of attempt myGen is open (or failed): CONNECT goes out. */
export function opened(S: MqttState, myGen: number, err: string | null, conn?: any) {
  if (myGen !== S.gen) { if (conn) conn.end(); return; }
  if (err || !conn) { lost(S, 'connect failed: ' + (err || 'no connection')); return; }
  var c = cfgOf(S);
  S.conn = conn;
  delete S.rb;
  conn.onData(S.ev.bind(S, 'data', myGen));
  conn.onClose(S.ev.bind(S, 'closed', myGen));
  conn.write(encodeConnect({ clientId: S.cid, username: c.username, password: c.password, keepalive: S.ka, clean: true,
    will: { topic: c.base + '/availability', payload: 'offline', qos: 0, retain: true } }));
}

/** The socket of connection myGen closed. */
export function closed(S: MqttState, myGen: number, e: string | null) {
  if (myGen === S.gen) lost(S, 'closed' + (e ? ' (' + e + ')' : ''));
}

/** The single timer fired: connect (after a back-off), no CONNACK came, time to ping, or the
 *  answer to a ping is overdue. */
export function tick(S: MqttState) {
  delete S.tm;
  var w = S.tf;
  if (w === 'connect') { connect(S); return; }
  if (w === 'connack') { lost(S, 'no CONNACK'); return; }
  if (!S.conn) return;
  if (w === 'ping') {
    S.pp = true;
    S.conn.write('\xc0\x00');
    arm(S, 'pong', S.dm);
    return;
  }
  if (S.pp) { lost(S, 'no answer to ping'); return; }
  arm(S, 'ping', Math.max(1000, S.ka * 1000 - S.dm));
}

/** The first connect: after the network is up, or at once on a board that cannot tell. */
export function begin(S: MqttState) {
  if (S.st !== 'new') return;
  S.st = 'waiting';
  S.bk = S.b0;
  connect(S);
}

/** The network has an address (every lease): connect now when waiting; a connection made from
 *  another address is dead (its packets go nowhere): drop it and connect again at once. */
export function netUp(S: MqttState, ip: string) {
  var old = S.ip;
  S.ip = ip || '';
  if (S.st === 'waiting') {
    S.bk = S.b0;
    arm(S, 'connect', 0);
  } else if (S.st !== 'stopped' && old && S.ip && old !== S.ip) {
    lost(S, 'address changed to ' + S.ip, true);
  }
}

/** The network is gone: the connection is dead; retries back off until netUp. */
export function netDown(S: MqttState) {
  if (S.st === 'connected' || S.st === 'connecting') lost(S, 'network down');
}

/** DISCONNECT (no will) and no more reconnects; the timer cleared. */
export function stopClient(S: MqttState) {
  var c = S.conn;
  if (c && S.up) c.write(encodeDisconnect());
  S.st = 'stopped';
  lost(S, 'stopped');
  delete S.q;
  delete S.inf;
}
