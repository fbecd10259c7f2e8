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

// One client's state: ONE object whose methods come from CLIENT (below, shared). Why: this
// lives for as long as the board runs, and on Espruino a closure made inside a function made
// inside this module costs about 8 variable blocks, a method of the module's own object about
// 5, and a field one or two; so every function is a method and every variable a field.
interface Cl extends MqttClient {
  o: MqttOptions;
  /** first and largest back-off (ms), queue bound, the dead-connection timeout (ms) */
  b0: number;
  b1: number;
  qm: number;
  dm: number;
  /** the next back-off (ms) */
  bk: number;
  conn: SocketConn | null;
  rd: Reader | null;
  /** the connection's generation: callbacks of an older one are ignored */
  gen: number;
  st: string;
  err: string;
  up: boolean;
  /** the single timer and what it does when it fires (see setTimer) */
  tm: any;
  tf: string;
  /** a PINGREQ is waiting for its answer */
  pp: boolean;
  id: number;
  q: Msg[];
  inf: Msg[];
  subs: Array<{ topic: string; qos: number }>;
  mf: Array<(topic: string, payload: string) => void>;
  cf: Array<() => void>;
  ip: string;
  setTimer(what: string, ms: number): void;
  clearTimer(): void;
  fire(): void;
  newId(): number;
  lost(why: string, now?: boolean): void;
  schedulePing(ms: number): void;
  send(m: Msg): void;
  handle(p: Packet): void;
  data(myGen: number, d: string): void;
  closed(myGen: number, e: string | null): void;
  connect(): void;
  opened(myGen: number, err: string | null, c?: SocketConn): void;
}

var CLIENT = {
  // One timer per client (connect wait, ping, pong wait, back-off): few timers, no leaks. What
  // it does is a word (tf), read by fire(), so the timer holds no closure of its own.
  setTimer: function (this: Cl, what: string, ms: number) {
    if (this.tm !== undefined) this.o.clock.clearTimeout(this.tm);
    this.tf = what;
    this.tm = this.o.clock.setTimeout(this.fire.bind(this), ms);
  },

  // Cancels whatever the single timer was waiting for.
  clearTimer: function (this: Cl) {
    if (this.tm !== undefined) this.o.clock.clearTimeout(this.tm);
    this.tm = undefined;
  },

  // The single timer fired: connect (after a back-off), no CONNACK came, time to ping, or the
  // answer to a ping is overdue.
  fire: function (this: Cl) {
    this.tm = undefined;
    var w = this.tf;
    if (w === 'connect') { this.connect(); return; }
    if (w === 'connack') { this.lost('no CONNACK'); return; }
    if (!this.conn) return;
    if (w === 'ping') {
      this.pp = true;
      this.conn.write(encodePingreq());
      this.setTimer('pong', this.dm);
      return;
    }
    if (this.pp) { this.lost('no answer to ping'); return; }
    this.schedulePing(Math.max(1000, this.o.keepalive * 1000 - this.dm));
  },

  // Packet ids 1-65535, wrapping (0 is not allowed).
  newId: function (this: Cl): number {
    this.id = this.id >= 65535 ? 1 : this.id + 1;
    return this.id;
  },

  // Closes the current connection (if any) and plans the next attempt: after the back-off, or
  // at once (now) when the cause is known to be gone (a new address).
  lost: function (this: Cl, why: string, now?: boolean) {
    var o = this.o;
    var was = this.up;
    this.gen++;
    this.up = false;
    this.pp = false;
    this.clearTimer();
    var c = this.conn;
    this.conn = null;
    this.rd = null;
    if (c) c.end();
    if (this.st === 'stopped') return;
    this.err = why;
    if (now) this.bk = this.b0;
    var when = now ? 'now' : 'in ' + this.bk / 1000 + ' s';
    // a new address or a network gone ends the connection as expected: info, not a warning
    var expected = now || why === 'network down';
    if (was) o.log(expected ? 'info' : 'warn', 'MQTT connection to ' + o.host + ' ' + (expected ? 'closed' : 'lost') + ': ' +
      why + '; reconnecting ' + (why === 'network down' ? 'when it is back' : when));
    else o.log('info', 'MQTT ' + o.host + ':' + o.port + ': ' + why + '; retry ' + when);
    this.st = 'waiting';
    this.setTimer('connect', now ? 0 : this.bk);
    if (!now) this.bk = Math.min(this.bk * 2, this.b1);
  },

  // Keepalive: a PINGREQ every keepalive seconds; no answer within dm means the path is dead.
  schedulePing: function (this: Cl, ms: number) { this.setTimer('ping', ms); },

  // Writes a PUBLISH; a QoS 1 one stays in flight (bounded) until its PUBACK.
  send: function (this: Cl, m: Msg) {
    if (!this.conn) return;
    if (m.qos === 1) {
      if (!m.id) m.id = this.newId();
      if (this.inf.indexOf(m) < 0) {
        if (this.inf.length >= this.qm) this.inf.shift();
        this.inf.push(m);
      }
    }
    this.conn.write(encodePublish(m.topic, m.payload, m.qos, m.retain, m.id, m.tries > 0));
  },

  // One packet from the broker; anything unexpected drops the connection (never a throw).
  handle: function (this: Cl, p: Packet) {
    var o = this.o;
    this.pp = false;
    if (p.type === CONNACK) {
      var ack = decodeConnack(p);
      if (!ack || this.up) { this.lost('bad CONNACK'); return; }
      if (ack.code !== 0) {
        // the CONNACK return codes of MQTT 3.1.1 (a table built only when a broker refuses)
        var refused = ['', 'unacceptable protocol version', 'client id rejected', 'server unavailable',
          'bad user name or password', 'not authorized'];
        var why = 'broker refused: ' + (refused[ack.code] || 'code ' + ack.code);
        o.log('err', 'MQTT ' + why);
        this.lost(why);
        return;
      }
      // accepted: subscribe, say online, resend in-flight QoS 1 once, flush the queue, tell
      // listeners
      this.up = true;
      this.st = 'connected';
      this.err = '';
      this.bk = this.b0;
      o.log('notice', 'MQTT connected to ' + o.host + ':' + o.port + (o.tls ? ' (TLS, certificate not verified)' : ''));
      if (this.subs.length) this.conn!.write(encodeSubscribe(this.newId(), this.subs));
      this.send({ topic: o.will.topic, payload: 'online', qos: 0, retain: true, id: 0, tries: 0 });
      var again = this.inf;
      this.inf = [];
      // (loop names not used by the other branches: Espruino does not hoist var)
      for (var r = 0; r < again.length; r++) {
        if (again[r].tries >= 1) continue;
        again[r].tries++;
        this.send(again[r]);
      }
      var q = this.q;
      this.q = [];
      for (var f = 0; f < q.length; f++) this.send(q[f]);
      this.schedulePing(o.keepalive * 1000);
      for (var j = 0; j < this.cf.length && this.up; j++) this.cf[j]();
      return;
    }
    if (!this.up) { this.lost('packet before CONNACK'); return; }
    if (p.type === PUBLISH) {
      var m = decodePublish(p);
      if (!m || m.qos > 1) { this.lost('bad PUBLISH'); return; }
      if (m.qos === 1 && this.conn) this.conn.write(encodePuback(m.id));
      for (var i = 0; i < this.mf.length; i++) this.mf[i](m.topic, m.payload);
    } else if (p.type === PUBACK) {
      var id = decodePuback(p);
      for (var k = 0; k < this.inf.length; k++) if (this.inf[k].id === id) { this.inf.splice(k, 1); break; }
    } else if (p.type === SUBACK) {
      var s = decodeSuback(p);
      if (s && s.codes.indexOf(0x80) >= 0) o.log('warn', 'MQTT broker refused a subscription (ACL?): commands may not arrive');
    }
  },

  // Bytes of connection myGen (stale connections are ignored) through the bounded reader.
  data: function (this: Cl, myGen: number, d: string) {
    if (myGen !== this.gen || !this.rd) return;
    var r = this.rd;
    var err = r.push(d);
    var p = r.next();
    while (p && myGen === this.gen) {
      this.handle(p);
      p = myGen === this.gen ? r.next() : null;
    }
    if (!err) err = r.error;
    if (err && myGen === this.gen) this.lost('malformed data from broker (' + err + ')');
  },

  // The socket of connection myGen closed.
  closed: function (this: Cl, myGen: number, e: string | null) {
    if (myGen === this.gen) this.lost('closed' + (e ? ' (' + e + ')' : ''));
  },

  // One attempt: socket, CONNECT, and a deadline for the CONNACK.
  connect: function (this: Cl) {
    var o = this.o;
    if (this.st === 'stopped') return;
    var myGen = ++this.gen;
    this.st = 'connecting';
    this.setTimer('connack', 15000);
    o.socket.connect({ host: o.host, port: o.port, tls: o.tls, timeoutMs: 10000 }, this.opened.bind(this, myGen));
  },

  // The socket of attempt myGen is open (or failed): CONNECT goes out.
  opened: function (this: Cl, myGen: number, err: string | null, c?: SocketConn) {
    var o = this.o;
    if (myGen !== this.gen) { if (c) c.end(); return; }
    if (err || !c) { this.lost('connect failed: ' + (err || 'no connection')); return; }
    this.conn = c;
    this.rd = createReader(o.maxPacket || 2048);
    c.onData(this.data.bind(this, myGen));
    c.onClose(this.closed.bind(this, myGen));
    c.write(encodeConnect({ clientId: o.clientId, username: o.username, password: o.password,
      keepalive: o.keepalive, clean: true, will: o.will }));
  },

  start: function (this: Cl) {
    if (this.st !== 'stopped') return;
    this.st = 'waiting';
    this.bk = this.b0;
    this.connect();
  },

  stop: function (this: Cl) {
    var c = this.conn;
    if (c && this.up) c.write(encodeDisconnect());
    this.st = 'stopped';
    this.lost('stopped');
    this.q = [];
    this.inf = [];
  },

  connected: function (this: Cl) { return this.up; },

  publish: function (this: Cl, topic: string, payload: string, qos: number, retain: boolean) {
    var m: Msg = { topic: topic, payload: payload, qos: qos === 1 ? 1 : 0, retain: retain, id: 0, tries: 0 };
    if (this.up) { this.send(m); return; }
    // Offline: kept for later. A retained one replaces an older one on the same topic; when full,
    // the oldest non-retained goes first (retained status is published again on connect).
    var queue = this.q;
    var i: number;
    if (m.retain) {
      for (i = 0; i < queue.length; i++) if (queue[i].retain && queue[i].topic === m.topic) { queue.splice(i, 1); break; }
    }
    if (queue.length >= this.qm) {
      for (i = 0; i < queue.length; i++) if (!queue[i].retain) break;
      queue.splice(i < queue.length ? i : 0, 1);
    }
    queue.push(m);
  },

  subscribe: function (this: Cl, topic: string, qos: number) {
    this.subs.push({ topic: topic, qos: qos === 1 ? 1 : 0 });
    if (this.up && this.conn) this.conn.write(encodeSubscribe(this.newId(), [this.subs[this.subs.length - 1]]));
  },

  netUp: function (this: Cl, ip: string) {
    var old = this.ip;
    this.ip = ip || '';
    if (this.st === 'waiting') {
      this.bk = this.b0;
      this.setTimer('connect', 0);
    } else if (this.st !== 'stopped' && old && this.ip && old !== this.ip) {
      this.lost('address changed to ' + this.ip, true);
    }
  },

  netDown: function (this: Cl) {
    if (this.st === 'connected' || this.st === 'connecting') this.lost('network down');
  },

  onMessage: function (this: Cl, fn: (topic: string, payload: string) => void) { this.mf.push(fn); },
  onConnect: function (this: Cl, fn: () => void) { this.cf.push(fn); },

  status: function (this: Cl) {
    var notes: string[] = [];
    if (this.o.tls) notes.push('TLS: broker certificate not verified on this board');
    else if (this.o.password) notes.push('MQTT password sent over plain TCP');
    return { state: this.st, error: this.err, notes: notes };
  },
};

// Why: the status reporter needs a connection that heals itself without ever blocking the
// DNS work, and that never holds more than a few messages in RAM.
export function createMqttClient(o: MqttOptions): MqttClient {
  var c: Cl = Object.create(CLIENT);
  c.o = o;
  c.b0 = o.backoffMs || 5000;
  c.b1 = o.maxBackoffMs || 300000;
  c.qm = o.queueMax || 8;
  c.dm = Math.min(15000, Math.max(1000, o.keepalive * 500));
  c.bk = c.b0;
  c.conn = null;
  c.rd = null;
  c.gen = 0;
  c.st = 'stopped';
  c.err = '';
  c.up = false;
  c.tf = '';
  c.pp = false;
  c.id = 0;
  c.q = [];
  c.inf = [];
  c.subs = [];
  c.mf = [];
  c.cf = [];
  c.ip = '';
  return c;
}
