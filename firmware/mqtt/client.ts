// A small MQTT 3.1.1 client over the board's SocketPort: one connection, clean session, a last
// will, keepalive pings with a dead-connection timeout, reconnect with back-off, a bounded queue
// while offline, QoS 1 resent once after a reconnect. Everything it says goes to log().

import { SocketPort, SocketConn, ClockPort } from '../core/ports';
import {
  createReader, Reader, Packet, encodeConnect, encodePublish, encodePuback, encodeSubscribe,
  encodePingreq, encodeDisconnect, decodeConnack, decodePublish, decodeSuback, decodePuback,
  CONNACK, PUBLISH, PUBACK, SUBACK, Will,
} from './wire';

export interface MqttOptions {
  socket: SocketPort;
  clock: ClockPort;
  /** sev: 'info' | 'notice' | 'warn' | 'err' */
  log: (sev: string, msg: string) => void;
  host: string;
  port: number;
  tls: boolean;
  clientId: string;
  username: string;
  password: string;
  /** seconds */
  keepalive: number;
  will: Will;
  /** first reconnect delay (default 5000), doubled up to maxBackoffMs (default 300000) */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** messages kept while offline (default 8) */
  queueMax?: number;
  /** largest packet accepted from the broker (default 2048) */
  maxPacket?: number;
}

export interface MqttClient {
  start(): void;
  /** DISCONNECT (no will) and no more reconnects; timers cleared */
  stop(): void;
  connected(): boolean;
  publish(topic: string, payload: string, qos: number, retain: boolean): void;
  /** remembered: subscribed again after every reconnect (clean session) */
  subscribe(topic: string, qos: number): void;
  onMessage(fn: (topic: string, payload: string) => void): void;
  /** after each accepted CONNACK */
  onConnect(fn: () => void): void;
  /** 'connected' | 'connecting' | 'waiting' | 'stopped', the last error, and notes */
  status(): { state: string; error: string; notes: string[] };
  /** the network has an address (every lease): connect now when waiting; a connection made from
   *  another address is dead (its packets go nowhere): drop it and connect again at once */
  netUp(ip: string): void;
  /** the network is gone: the connection is dead; retries back off until netUp */
  netDown(): void;
}

interface Msg { topic: string; payload: string; qos: number; retain: boolean; id: number; tries: number; }

// Why: the status reporter needs a connection that heals itself without ever blocking the
// DNS work, and that never holds more than a few messages in RAM.
export function createMqttClient(o: MqttOptions): MqttClient {
  var minBack = o.backoffMs || 5000;
  var maxBack = o.maxBackoffMs || 300000;
  var qmax = o.queueMax || 8;
  var back = minBack;
  var conn: SocketConn | null = null;
  var reader: Reader | null = null;
  var gen = 0;
  var state = 'stopped';
  var error = '';
  var up = false;
  var timer: any;
  var pingPending = false;
  var nextId = 0;
  var queue: Msg[] = [];
  var inflight: Msg[] = [];
  var subs: Array<{ topic: string; qos: number }> = [];
  var msgFns: Array<(topic: string, payload: string) => void> = [];
  var connFns: Array<() => void> = [];
  var deadMs = Math.min(15000, Math.max(1000, o.keepalive * 500));
  var netIp = '';

  // One timer per client (connect wait, ping, pong wait, back-off): few timers, no leaks.
  function setTimer(fn: () => void, ms: number) {
    if (timer !== undefined) o.clock.clearTimeout(timer);
    timer = o.clock.setTimeout(function () { timer = undefined; fn(); }, ms);
  }

  // Cancels whatever the single timer was waiting for.
  function clearTimer() {
    if (timer !== undefined) o.clock.clearTimeout(timer);
    timer = undefined;
  }

  // Packet ids 1-65535, wrapping (0 is not allowed).
  function newId(): number {
    nextId = nextId >= 65535 ? 1 : nextId + 1;
    return nextId;
  }

  // Closes the current connection (if any) and plans the next attempt: after the back-off, or
  // at once (now) when the cause is known to be gone (a new address).
  function lost(why: string, now?: boolean) {
    var was = up;
    gen++;
    up = false;
    pingPending = false;
    clearTimer();
    var c = conn;
    conn = null;
    reader = null;
    if (c) c.end();
    if (state === 'stopped') return;
    error = why;
    if (now) back = minBack;
    var when = now ? 'now' : 'in ' + back / 1000 + ' s';
    // a new address or a network gone ends the connection as expected: info, not a warning
    var expected = now || why === 'network down';
    if (was) o.log(expected ? 'info' : 'warn', 'MQTT connection to ' + o.host + ' ' + (expected ? 'closed' : 'lost') + ': ' +
      why + '; reconnecting ' + (why === 'network down' ? 'when it is back' : when));
    else o.log('info', 'MQTT ' + o.host + ':' + o.port + ': ' + why + '; retry ' + when);
    state = 'waiting';
    setTimer(connect, now ? 0 : back);
    if (!now) back = Math.min(back * 2, maxBack);
  }

  // Keepalive: a PINGREQ every keepalive seconds; no answer within deadMs means the path is dead.
  function schedulePing(ms: number) {
    setTimer(function () {
      if (!conn) return;
      pingPending = true;
      conn.write(encodePingreq());
      setTimer(function () {
        if (pingPending) { lost('no answer to ping'); return; }
        schedulePing(Math.max(1000, o.keepalive * 1000 - deadMs));
      }, deadMs);
    }, ms);
  }

  // Writes a PUBLISH; a QoS 1 one stays in flight (bounded) until its PUBACK.
  function send(m: Msg) {
    if (!conn) return;
    if (m.qos === 1) {
      if (!m.id) m.id = newId();
      if (inflight.indexOf(m) < 0) {
        if (inflight.length >= qmax) inflight.shift();
        inflight.push(m);
      }
    }
    conn.write(encodePublish(m.topic, m.payload, m.qos, m.retain, m.id, m.tries > 0));
  }

  // One packet from the broker; anything unexpected drops the connection (never a throw).
  function handle(p: Packet) {
    pingPending = false;
    if (p.type === CONNACK) {
      var ack = decodeConnack(p);
      if (!ack || up) { lost('bad CONNACK'); return; }
      if (ack.code !== 0) {
        // the CONNACK return codes of MQTT 3.1.1 (a table built only when a broker refuses)
        var refused = ['', 'unacceptable protocol version', 'client id rejected', 'server unavailable',
          'bad user name or password', 'not authorized'];
        var why = 'broker refused: ' + (refused[ack.code] || 'code ' + ack.code);
        o.log('err', 'MQTT ' + why);
        lost(why);
        return;
      }
      // accepted (written out here, not a function: one function object less at idle): subscribe,
      // say online, resend in-flight QoS 1 once, flush the queue, tell listeners
      up = true;
      state = 'connected';
      error = '';
      back = minBack;
      o.log('notice', 'MQTT connected to ' + o.host + ':' + o.port + (o.tls ? ' (TLS, certificate not verified)' : ''));
      if (subs.length) conn!.write(encodeSubscribe(newId(), subs));
      send({ topic: o.will.topic, payload: 'online', qos: 0, retain: true, id: 0, tries: 0 });
      var again = inflight;
      inflight = [];
      // (loop names not used by the other branches: Espruino does not hoist var)
      for (var r = 0; r < again.length; r++) {
        if (again[r].tries >= 1) continue;
        again[r].tries++;
        send(again[r]);
      }
      var q = queue;
      queue = [];
      for (var f = 0; f < q.length; f++) send(q[f]);
      schedulePing(o.keepalive * 1000);
      for (var j = 0; j < connFns.length && up; j++) connFns[j]();
      return;
    }
    if (!up) { lost('packet before CONNACK'); return; }
    if (p.type === PUBLISH) {
      var m = decodePublish(p);
      if (!m || m.qos > 1) { lost('bad PUBLISH'); return; }
      if (m.qos === 1 && conn) conn.write(encodePuback(m.id));
      for (var i = 0; i < msgFns.length; i++) msgFns[i](m.topic, m.payload);
    } else if (p.type === PUBACK) {
      var id = decodePuback(p);
      for (var k = 0; k < inflight.length; k++) if (inflight[k].id === id) { inflight.splice(k, 1); break; }
    } else if (p.type === SUBACK) {
      var s = decodeSuback(p);
      if (s && s.codes.indexOf(0x80) >= 0) o.log('warn', 'MQTT broker refused a subscription (ACL?): commands may not arrive');
    }
  }

  // Bytes of connection myGen (stale connections are ignored) through the bounded reader.
  function onData(myGen: number, data: string) {
    if (myGen !== gen || !reader) return;
    var r = reader;
    var err = r.push(data);
    var p = r.next();
    while (p && myGen === gen) {
      handle(p);
      p = myGen === gen ? r.next() : null;
    }
    if (!err) err = r.error;
    if (err && myGen === gen) lost('malformed data from broker (' + err + ')');
  }

  // One attempt: socket, CONNECT, and a deadline for the CONNACK.
  function connect() {
    if (state === 'stopped') return;
    var myGen = ++gen;
    state = 'connecting';
    setTimer(function () { if (myGen === gen) lost('no CONNACK'); }, 15000);
    o.socket.connect({ host: o.host, port: o.port, tls: o.tls, timeoutMs: 10000 }, function (err, c) {
      if (myGen !== gen) { if (c) c.end(); return; }
      if (err || !c) { lost('connect failed: ' + (err || 'no connection')); return; }
      conn = c;
      reader = createReader(o.maxPacket || 2048);
      c.onData(function (d) { onData(myGen, d); });
      c.onClose(function (e) { if (myGen === gen) lost('closed' + (e ? ' (' + e + ')' : '')); });
      c.write(encodeConnect({ clientId: o.clientId, username: o.username, password: o.password,
        keepalive: o.keepalive, clean: true, will: o.will }));
    });
  }

  return {
    start: function () {
      if (state !== 'stopped') return;
      state = 'waiting';
      back = minBack;
      connect();
    },
    stop: function () {
      var c = conn;
      if (c && up) c.write(encodeDisconnect());
      state = 'stopped';
      lost('stopped');
      queue = [];
      inflight = [];
    },
    connected: function () { return up; },
    publish: function (topic, payload, qos, retain) {
      var m: Msg = { topic: topic, payload: payload, qos: qos === 1 ? 1 : 0, retain: retain, id: 0, tries: 0 };
      if (up) { send(m); return; }
      // Offline: kept for later. A retained one replaces an older one on the same topic; when full,
      // the oldest non-retained goes first (retained status is published again on connect).
      var i: number;
      if (m.retain) {
        for (i = 0; i < queue.length; i++) if (queue[i].retain && queue[i].topic === m.topic) { queue.splice(i, 1); break; }
      }
      if (queue.length >= qmax) {
        for (i = 0; i < queue.length; i++) if (!queue[i].retain) break;
        queue.splice(i < queue.length ? i : 0, 1);
      }
      queue.push(m);
    },
    subscribe: function (topic, qos) {
      subs.push({ topic: topic, qos: qos === 1 ? 1 : 0 });
      if (up && conn) conn.write(encodeSubscribe(newId(), [subs[subs.length - 1]]));
    },
    netUp: function (ip) {
      var old = netIp;
      netIp = ip || '';
      if (state === 'waiting') {
        back = minBack;
        setTimer(connect, 0);
      } else if (state !== 'stopped' && old && netIp && old !== netIp) {
        lost('address changed to ' + netIp, true);
      }
    },
    netDown: function () {
      if (state === 'connected' || state === 'connecting') lost('network down');
    },
    onMessage: function (fn) { msgFns.push(fn); },
    onConnect: function (fn) { connFns.push(fn); },
    status: function () {
      var notes: string[] = [];
      if (o.tls) notes.push('TLS: broker certificate not verified on this board');
      else if (o.password) notes.push('MQTT password sent over plain TCP');
      return { state: state, error: error, notes: notes };
    },
  };
}
