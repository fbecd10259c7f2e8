// require('dgram'): UDP as Espruino has it (jswrap_net.c jswrap_dgram_*, socketserver.c).
// Payloads are strings (a typed array is sent as its String() form, as on the board); send()
// takes (msg, port, address) or (msg, offset, length, port, address); the socket is created
// on the first send and receives replies without bind(); bind(port) makes a bound socket that
// later sends also use; close() gives 'close'(false). 'message' gets (msg, {address, port,
// size}). Only loopback destinations exist (in a network namespace also the board's subnet and
// multicast, see hostnet.mjs); datagrams to anything else are dropped.
import dgram from 'node:dgram';
import { strToBuf, bufToStr } from './bytes.mjs';


class UdpConn {
  constructor(session, obj, options) {
    this.s = session;
    this.obj = obj;
    this.options = options;
    this.sock = null;
    this.bound = false;
    this.closed = false;
    this.tokens = new Set();
  }

  ensure() {
    if (this.sock) return this.sock;
    const sock = dgram.createSocket({ type: 'udp4', reuseAddr: Boolean(this.options && this.options.reuseAddr) });
    sock.on('message', this.s.guard((buf, rinfo) => this.onMessage(buf, rinfo)));
    sock.on('error', () => {});
    const local = this.s.netstack.localAddress();
    sock.bind({ port: 0, address: local || '127.0.0.1' });
    this.sock = sock;
    this.s.resources.add(this);
    this.s.clientConns.add(this);
    return sock;
  }

  send(msg, port, address) {
    const { s } = this;
    if (this.closed) throw s.realm.error('Error', 'This socket is closed');
    const sock = this.ensure();
    const ip = s.netstack.resolve(address);
    if (!ip || !s.netstack.reachable(ip)) return;
    s.board.stats.udpSent++;
    const token = s.sched.track(s.board.udpReplyWaitMs);
    this.tokens.add(token);
    sock.send(strToBuf(msg), port & 0xffff, ip, () => {});
  }

  onMessage(buf, rinfo) {
    const { s } = this;
    if (this.closed || s.dead) return;
    for (const t of this.tokens) t.settleIn(this.s.board.quietMs);
    this.tokens.clear();
    const info = s.realm.obj({ address: rinfo.address, port: rinfo.port, size: rinfo.size });
    s.emitter.emit(this.obj, 'message', [bufToStr(buf), info]);
  }

  // bind(): a new socket bound to the port (mapped like server ports); later sends use it.
  bind(port, cb) {
    const { s } = this;
    if (this.sock) this.drop();
    const sock = dgram.createSocket({ type: 'udp4', reuseAddr: Boolean(this.options && this.options.reuseAddr) });
    sock.on('message', s.guard((buf, rinfo) => this.onMessage(buf, rinfo)));
    sock.on('error', () => {
      if (s.dead) return;
      s.jsError('Socket bind failed');
      s.uncaught(s.realm.error('InternalError', 'Unable to create socket'));
    });
    const hostPort = s.mapPort(port);
    sock.bind({ port: hostPort, address: s.board.listenHost }, () => {
      s.board.ports.set(`udp:${port}`, sock.address().port);
    });
    this.sock = sock;
    this.bound = true;
    s.resources.add(this);
    if (typeof cb === 'function') s.queue(() => s.call(cb, this.obj, [this.obj]));
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.drop();
    this.s.queue(() => {
      this.s.emitter.emit(this.obj, 'end');
      this.s.emitter.emit(this.obj, 'close', [false]);
    });
  }

  drop() {
    if (this.sock) {
      const sock = this.sock;
      sock.removeAllListeners('message');
      try {
        sock.close();
      } catch {
        // already closed
      }
    }
    this.sock = null;
    for (const t of this.tokens) t.end();
    this.tokens.clear();
    this.s.resources.delete(this);
    this.s.clientConns.delete(this);
  }

  // Network change: replies to the old address are lost; only pending waits are dropped here.
  stall() {
    for (const t of this.tokens) t.end();
    this.tokens.clear();
  }

  kill() {
    this.closed = true;
    this.drop();
  }
}

export function createDgramModule(session) {
  const { realm } = session;
  const conns = new WeakMap();
  const connOf = (o) => {
    const c = conns.get(o);
    if (!c) throw realm.error('TypeError', 'Not a dgram socket');
    return c;
  };
  const proto = realm.proto({
    // send(msg, port, address) or send(msg, offset, length, port, address)
    send(buffer, offset, length, ...rest) {
      session.assertAlive();
      let msg;
      let port;
      let address;
      if (typeof rest[0] === 'number') {
        msg = String(buffer).substr(Number(offset) || 0, Number(length) || 0);
        port = rest[0];
        address = rest[1];
      } else {
        msg = String(buffer);
        port = Number(offset);
        address = length;
      }
      connOf(this).send(msg, port, address);
    },
    bind(port, cb) {
      session.assertAlive();
      connOf(this).bind(Number(port) | 0, cb);
      return this;
    },
    close() {
      session.assertAlive();
      connOf(this).close();
    },
    addMembership() {},
  });
  return realm.proto({
    createSocket(type, cb) {
      session.assertAlive();
      const options = type !== null && typeof type === 'object' ? type : undefined;
      const obj = realm.instance(proto);
      conns.set(obj, new UdpConn(session, obj, options));
      if (typeof cb === 'function') session.emitter.set(obj, 'connect', [cb]);
      return obj;
    },
  });
}
