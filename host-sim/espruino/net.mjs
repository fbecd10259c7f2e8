// require('net') and require('tls'): TCP sockets as Espruino has them (jswrap_net.c,
// socketserver.c). connect() resolves and connects on the spot (throwing like http does),
// the callback runs once connected, data arrives as latin1 strings, end() flushes and then
// closes the socket completely, and a peer close gives 'end' then 'close'(false) - an error
// event only when data was left unsent - or on TLS, where mbedtls_ssl_read reports the peer's
// close as an error (MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY, -30848): 'error' {code: -30848}, 'end',
// 'close'(true). Setting `clsNow` on a socket closes it at the next idle pass, unsent data
// dropped, nothing more read (socketClientConnectionsIdle). A socket accepted by a server reads
// as the board does: at most CHUNK bytes per idle pass, each piece its own 'data' event with
// board code running in between; the host socket is paused while pieces wait, as the board's
// TCP window closes when it does not read. Every socket, connected or accepted, holds one of the
// board's sockets (NetStack.claimSocket) until it is closed.
import net from 'node:net';
import { strToBuf, bufToStr } from './bytes.mjs';
import { typeName, connectArgs } from './http.mjs';

const TLS_CLOSE_NOTIFY = -30848;
// net->chunkSize on the ESP32 and Linux builds (network_esp32.c, network_linux.c)
const CHUNK = 536;

// The first bytes of an HTTP/1.x request: a client socket that starts so counts in
// stats.httpRequests (the firmware's HTTP client runs over net/tls).
const HTTP_REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/;

// One board socket, client or accepted.
class TcpConn {
  constructor(session, obj, sock) {
    this.s = session;
    this.obj = obj;
    this.sock = sock;
    this.sendData = '';
    this.connected = false;
    this.closeAfter = false;
    this.finished = false;
    this.stalled = false;
    this.secure = false; // a tls socket
    this.claimed = false; // holds one of the board's sockets
    this.sniffed = Boolean(sock); // accepted sockets are never counted as HTTP requests
    this.token = null;
    this.killed = false; // clsNow was set
    this.accepted = !!sock;
    this.inbox = ''; // received, not yet read by the board (accepted sockets)
    this.reading = false;
    this.peerGone = false; // the peer closed while pieces still wait
    const conn = this;
    Object.defineProperty(obj, 'clsNow', {
      get: () => conn.killed || undefined,
      set: (v) => {
        if (!v || conn.killed) return;
        conn.killed = true;
        session.queue(() => conn.closeNow());
      },
      enumerable: false, configurable: true,
    });
    if (sock) this.attach(sock, true);
  }

  attach(sock, connected) {
    this.sock = sock;
    this.connected = connected;
    const g = this.s.guard.bind(this.s);
    sock.on('data', g((b) => this.onData(bufToStr(b))));
    sock.on('error', g(() => this.peerClosed()));
    sock.on('close', g(() => this.peerClosed()));
  }

  open() {
    return !this.closeAfter && !this.finished && !this.killed;
  }

  // Waiting for a reply counts as I/O in flight for a short while (see scheduler.track); an
  // HTTP request made over a socket is answered, so it may wait as long as one of the http module.
  expectReply() {
    const b = this.s.board;
    const ms = this.httpRequest ? Math.max(b.ioWaitMs, b.netReplyWaitMs) : b.netReplyWaitMs;
    if (this.token && !this.token.ended) return this.token.extend(ms);
    this.token = this.s.sched.track(ms);
  }

  write(data) {
    if (!this.open()) throw this.s.realm.error('Error', 'This socket is closed');
    if (data === undefined) return;
    if (!this.sniffed) {
      this.sniffed = true;
      this.httpRequest = HTTP_REQUEST_LINE.test(String(data));
      if (this.httpRequest) this.s.board.stats.httpRequests++;
    }
    this.sendData += String(data);
    this.flush();
  }

  end() {
    if (!this.open()) throw this.s.realm.error('Error', 'This socket is closed');
    this.closeAfter = true;
    this.flush();
  }

  flush() {
    // A stalled connection sends nothing, but closing it still gives its socket back.
    if (this.stalled && this.closeAfter) return this.finishLater(0);
    if (!this.connected || this.finished) return;
    if (this.sendData) {
      this.sock.write(strToBuf(this.sendData));
      this.sendData = '';
      if (!this.closeAfter) {
        this.expectReply();
        this.s.emitter.emit(this.obj, 'drain');
      }
    }
    if (this.closeAfter) {
      this.sock.end();
      this.finishLater(0);
    }
  }

  onData(str) {
    if (this.finished) return;
    if (this.token) this.token.settleIn(this.s.board.quietMs);
    if (!this.accepted) return this.s.emitter.pushData(this.obj, str);
    this.inbox += str;
    if (this.inbox.length > 4 * CHUNK) this.sock.pause();
    if (!this.reading) {
      this.reading = true;
      this.s.queue(() => this.readPiece());
    }
  }

  // One idle pass of an accepted socket: one read of at most CHUNK bytes; the next pass comes
  // after the events this one queued (its 'data' listeners) have run.
  readPiece() {
    this.reading = false;
    if (this.finished || this.killed) return;
    if (!this.inbox) {
      if (this.peerGone) this.peerClosed();
      return;
    }
    const piece = this.inbox.slice(0, CHUNK);
    this.inbox = this.inbox.slice(CHUNK);
    this.s.emitter.pushData(this.obj, piece);
    if (this.inbox) {
      this.reading = true;
      this.s.queue(() => this.readPiece());
    } else if (this.peerGone) this.s.queue(() => this.peerClosed());
    else if (this.sock.isPaused()) this.sock.resume();
  }

  // clsNow: closed at once, whatever is still to send or to receive.
  closeNow() {
    if (this.finished) return;
    this.sendData = '';
    this.inbox = '';
    this.peerGone = false;
    this.closeAfter = false;
    this.finishLater(0);
  }

  // (an accepted socket still reads what arrived before the peer closed)
  peerClosed() {
    if (this.finished) return;
    if (this.inbox && !this.killed) {
      this.peerGone = true;
      return;
    }
    this.finishLater(this.sendData ? -8 : this.secure ? TLS_CLOSE_NOTIFY : 0);
  }

  finishLater(code) {
    if (this.finished) return;
    this.finished = true;
    this.release(code === 0 && this.closeAfter);
    this.s.queue(() => {
      const { emitter, netstack } = this.s;
      if (code) emitter.emit(this.obj, 'error', [netstack.errorObject(code)]);
      emitter.emit(this.obj, 'end');
      emitter.emit(this.obj, 'close', [Boolean(code)]);
    });
  }

  release(graceful) {
    this.detach(graceful);
    if (this.claimed) this.s.netstack.releaseSocket();
    this.claimed = false;
    this.s.resources.delete(this);
  }

  detach(graceful) {
    if (this.sock) {
      this.sock.removeAllListeners('data');
      this.sock.removeAllListeners('close');
      this.sock.on('error', () => {});
      // what still arrives after a graceful end is read and dropped
      if (graceful) this.sock.resume();
      else this.sock.destroy();
    }
    if (this.token) this.token.end();
    this.s.clientConns.delete(this);
  }

  // The network under the board changed: no data, no event, ever; the board keeps the socket
  // until the firmware closes it (end() or clsNow).
  stall() {
    if (this.finished) return;
    this.stalled = true;
    this.connected = false;
    this.detach(false);
    this.sock = null;
  }

  kill() {
    this.finished = true;
    this.release(false);
  }
}

export function createNetModule(session, secure) {
  const { realm, emitter } = session;
  const conns = new WeakMap(); // Socket -> TcpConn
  const servers = new WeakMap(); // Server -> {cb, node}
  const connOf = (o) => {
    const c = conns.get(o);
    if (!c) throw realm.error('TypeError', 'Not a Socket');
    return c;
  };
  const sockProto = realm.proto({
    write(data) {
      session.assertAlive();
      connOf(this).write(data);
      return false;
    },
    end(data) {
      session.assertAlive();
      const c = connOf(this);
      if (data !== undefined) c.write(data);
      c.end();
    },
    available() { return emitter.available(this); },
    read(chars) { return emitter.read(this, chars); },
  });
  const srvProto = realm.proto({
    listen(port) {
      session.assertAlive();
      const entry = servers.get(this);
      const node = net.createServer(session.guard((sock) => {
        if (session.dead || !session.netstack.claimSocket()) return sock.destroy();
        const obj = realm.instance(sockProto);
        const conn = new TcpConn(session, obj, sock);
        conn.claimed = true;
        conns.set(obj, conn);
        session.resources.add(conn);
        session.queue(() => session.call(entry.cb, this, [obj]));
      }));
      entry.node = node;
      session.listen(node, port);
      return this;
    },
    close() {
      const entry = servers.get(this);
      if (!entry || !entry.node) return session.print('WARNING: Server not found!\n');
      session.unlisten(entry.node);
      entry.node = null;
    },
  });

  function connect(options, cb) {
    options = connectArgs(session, options, cb);
    if (!options) return undefined;
    const obj = realm.instance(sockProto);
    const conn = new TcpConn(session, obj, null);
    conns.set(obj, conn);
    const ip = session.netstack.resolve(options.host);
    if (!ip) {
      conn.finished = true;
      throw realm.error('InternalError', 'Unable to locate host');
    }
    let port = parseInt(options.port, 10) || 0;
    if (secure && !port) port = 443;
    try {
      session.netstack.connectOrThrow(ip, port);
    } catch (e) {
      conn.finished = true;
      throw e;
    }
    conn.claimed = true;
    conn.secure = Boolean(secure);
    const sock = session.netstack.open(ip, port, secure);
    conn.attach(sock, false);
    conn.token = session.sched.track(session.board.netReplyWaitMs);
    session.clientConns.add(conn);
    session.resources.add(conn);
    sock.on(secure ? 'secureConnect' : 'connect', session.guard(() => {
      if (conn.finished) return;
      conn.connected = true;
      conn.token.settleIn(session.board.quietMs);
      if (cb) session.queue(() => session.call(cb, obj, [obj]));
      if (!conn.sendData) emitter.emit(obj, 'drain');
      conn.flush();
    }));
    return obj;
  }

  const mod = { connect };
  if (!secure) {
    mod.createServer = (cb) => {
      if (typeof cb !== 'function') {
        session.jsError(`Expecting Callback Function but got ${typeName(cb)}`);
        return undefined;
      }
      const srv = realm.instance(srvProto);
      servers.set(srv, { cb, node: null });
      return srv;
    };
  }
  return realm.proto(mod);
}
