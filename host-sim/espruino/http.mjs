// require('http') with Espruino's behaviour, over raw loopback TCP so that every byte is what
// the board would send and see (socketserver.c, jswrap_http.c):
// - the request head is "METHOD PATH HTTP/1.1", "User-Agent: Espruino 2v29", "Connection:
//   close", the given headers, then Host (with :port unless 80) if none was given;
// - names resolve and the socket connects on the first write()/end(), which THROW "Unable to
//   locate host" / "Unable to create socket" (the connect is blocking on the board);
// - no timeout of its own; 'error' {code, message} on the request only if the peer closes
//   before a response head ("no response", -15);
// - the callback gets the response after its head; statusCode is a string; 'data' chunks are
//   latin1 strings; 'end' then 'close'(hadError); the board closes as soon as Content-Length
//   bytes (or the last chunk) arrived, and right after the head when neither is given;
// - createServer answers "HTTP/1.1 <code> OK" with "Server: Espruino 2v29" and
//   "Connection: close"; 'drain' on the response, the hidden HttpSC list and `clsNow` as on
//   the board (see ServerConn).
import net from 'node:net';
import { parseUrl } from './url.mjs';
import { parseHead, ChunkDecoder } from './http-parse.mjs';
import { strToBuf, bufToStr } from './bytes.mjs';

const VERSION = '2v29';

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// The checks http.request and net.connect share: a URL string becomes options; a bad options
// object or callback prints Espruino's error and yields undefined.
export function connectArgs(session, options, cb) {
  session.assertAlive();
  if (typeof options === 'string') options = session.realm.fromHost(parseUrl(options, false));
  if (!isObject(options)) {
    session.jsError(`Expecting Options to be an Object but it was ${typeName(options)}`);
    return undefined;
  }
  if (cb !== undefined && typeof cb !== 'function') {
    session.jsError(`Expecting Callback Function but got ${typeName(cb)}`);
    return undefined;
  }
  return options;
}

export function typeName(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (typeof v === 'function') return 'Function';
  if (typeof v === 'object') return 'Object';
  return typeof v === 'string' ? 'String' : typeof v === 'number' ? 'Number' : 'Boolean';
}

function toInt(v) {
  const n = parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

function getI(obj, name) {
  if (!isObject(obj)) return undefined;
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

// One client request/response pair (httpCRq + httpCRs).
class ClientRequest {
  constructor(session, req, res, options, cb) {
    this.s = session;
    this.req = req;
    this.res = res;
    this.options = options;
    this.cb = cb;
    this.secure = options.protocol === 'https:';
    this.sendData = null;
    this.sock = null;
    this.connected = false;
    this.closeNow = false;
    this.closeAfter = false;
    this.chunkedSend = false;
    this.recv = '';
    this.hadHeaders = false;
    this.toReceive = 0;
    this.decoder = null;
    this.finished = false;
    this.finishQueued = false;
  }

  open() {
    return !(this.closeNow || this.closeAfter);
  }

  head() {
    const o = this.options;
    let h = `${o.method} ${o.path} HTTP/1.1\r\nUser-Agent: Espruino ${VERSION}\r\nConnection: close\r\n`;
    const headers = o.headers;
    let hasHost = false;
    if (isObject(headers)) {
      hasHost = getI(headers, 'Host') !== undefined;
      for (const k of Object.keys(headers)) h += `${k}: ${String(headers[k])}\r\n`;
      if (String(headers['Transfer-Encoding']).toLowerCase() === 'chunked') this.chunkedSend = true;
    }
    if (!hasHost) {
      const port = toInt(o.port);
      h += port > 0 && port !== 80 ? `Host: ${o.host}:${port}\r\n` : `Host: ${o.host}\r\n`;
    }
    return h + '\r\n';
  }

  write(data) {
    const { s } = this;
    if (!this.open()) throw s.realm.error('Error', 'This socket is closed');
    if (this.sendData === null) this.sendData = this.sock ? '' : this.head();
    if (data !== undefined) {
      const str = String(data);
      this.sendData += this.chunkedSend ? `${str.length.toString(16)}\r\n${str}\r\n` : str;
    }
    this.connect();
  }

  end() {
    this.write(this.chunkedSend ? '' : undefined);
    this.closeAfter = true;
    this.maybeFinish();
  }

  // clientRequestConnect: resolve, blocking connect, then the host socket.
  connect() {
    if (this.sock) return this.flush();
    const { s } = this;
    const ip = s.netstack.resolve(this.options.host);
    if (!ip) {
      this.closeNow = true;
      throw s.realm.error('InternalError', 'Unable to locate host');
    }
    let port = toInt(this.options.port);
    if (this.secure && !port) port = 443;
    if (!port) port = 80;
    try {
      s.netstack.connectOrThrow(ip, port);
    } catch (e) {
      this.closeNow = true;
      throw e;
    }
    this.claimed = true; // a socket of the board's table, until release()
    s.board.stats.httpRequests++;
    this.token = s.sched.track(s.board.ioWaitMs);
    s.clientConns.add(this);
    s.resources.add(this);
    const sock = (this.sock = s.netstack.open(ip, port, this.secure));
    sock.on(this.secure ? 'secureConnect' : 'connect', s.guard(() => {
      this.connected = true;
      this.flush();
    }));
    sock.on('data', s.guard((buf) => this.onData(bufToStr(buf))));
    sock.on('error', s.guard((e) => {
      if (this.secure && !this.connected) {
        s.uncaught(s.realm.error('InternalError', `mbedtls_ssl_handshake returned ${e.code || e.message}`));
      }
      this.peerClosed();
    }));
    sock.on('close', s.guard(() => this.peerClosed()));
  }

  flush() {
    if (!this.connected || !this.sendData) return;
    this.sock.write(strToBuf(this.sendData));
    this.sendData = '';
    if (!this.closeAfter) this.s.emitter.emit(this.req, 'drain');
  }

  onData(str) {
    const { s } = this;
    if (this.finished) return;
    if (!this.hadHeaders) {
      this.recv += str;
      const h = parseHead(this.recv, false);
      if (!h) return;
      this.recv = '';
      this.hadHeaders = true;
      Object.assign(this.res, {
        headers: s.realm.fromHost(h.headers),
        httpVersion: h.httpVersion,
        statusCode: h.statusCode,
        statusMessage: h.statusMessage,
      });
      this.toReceive = h.contentLength;
      if (h.chunked) this.decoder = new ChunkDecoder();
      if (this.cb) s.queue(() => s.call(this.cb, this.req, [this.res]));
      str = h.rest;
    }
    if (this.decoder) {
      for (const piece of this.decoder.feed(str)) s.emitter.pushData(this.res, piece);
      if (this.decoder.done) this.toReceive = 0;
    } else if (str) {
      this.toReceive -= str.length;
      s.emitter.pushData(this.res, str);
    }
    this.maybeFinish();
  }

  // The board closes once end() was called and the whole response (by its head) is in.
  maybeFinish() {
    if (this.hadHeaders && this.toReceive <= 0 && this.closeAfter && !this.sendData) this.finishLater(0);
  }

  peerClosed() {
    if (this.finished || !this.sock) return;
    this.finishLater(this.hadHeaders ? 0 : -15);
  }

  // Closing happens on the board's next idle pass, after already queued callbacks (the
  // response callback that adds the 'data'/'close' listeners) have run.
  finishLater(code) {
    if (this.finishQueued) return;
    this.finishQueued = true;
    this.release();
    this.s.queue(() => this.finish(code));
  }

  finish(code) {
    if (this.finished) return;
    this.finished = true;
    const { emitter, netstack } = this.s;
    if (code) emitter.emit(this.req, 'error', [netstack.errorObject(code)]);
    emitter.emit(this.res, 'end');
    emitter.emit(this.res, 'close', [Boolean(code)]);
  }

  // keepSocket: the host side goes, but the board still holds its socket (a stalled request).
  release(keepSocket = false) {
    if (this.sock) {
      this.sock.removeAllListeners('data');
      this.sock.removeAllListeners('close');
      this.sock.on('error', () => {});
      this.sock.destroy();
    }
    if (this.claimed && !keepSocket) {
      this.claimed = false;
      this.s.netstack.releaseSocket();
    }
    if (this.token) this.token.end();
    this.s.clientConns.delete(this);
    this.s.resources.delete(this);
  }

  // The network under the board changed: the connection hangs forever (no event at all), and
  // keeps its socket: http has no abort, so nothing gives it back.
  stall() {
    this.finished = true;
    this.finishQueued = true;
    this.release(true);
  }

  kill() {
    this.stall();
  }
}

// The interpreter's hidden root (`global["\xff"]`) and its list of HTTP server connections,
// "HttpSC" (socketserver.c): firmware may read it to close connections that are slow to send
// their head, which JavaScript cannot otherwise see.
function serverConnList(realm) {
  const g = realm.global;
  if (!Object.prototype.hasOwnProperty.call(g, '\xff')) {
    Object.defineProperty(g, '\xff', { value: realm.obj(), enumerable: false, configurable: true });
  }
  const root = g['\xff'];
  if (!root.HttpSC) root.HttpSC = realm.arr();
  return root.HttpSC;
}

let nextConnId = 0;

// One accepted server connection (httpSRq + httpSRs). As on the board, the request object is
// the connection and exists from accept: it is listed in the hidden HttpSC array with Espruino's
// internal fields `svr` (the server), `hdrs` (head parsed), `dRcv` (bytes not yet handled) and
// `clsNow` (set it to true: the connection closes at the next idle pass, unsent data dropped).
// The callback runs once the head is in; 'drain' is emitted on the response whenever what was
// written has been sent and end() was not called; after end() the connection closes only once
// the request body announced by Content-Length has arrived (socketServerConnectionsIdle).
class ServerConn {
  constructor(session, http, server, sock) {
    this.s = session;
    this.http = http;
    this.server = server;
    this.sock = sock;
    this.recv = '';
    this.hadHead = false;
    this.toReceive = 0;
    this.headSent = false;
    this.chunked = false;
    this.closing = false;
    this.closed = false;
    this.unsent = 0;
    const { realm } = session;
    this.req = realm.instance(http.srqProto, { svr: server });
    this.res = realm.instance(http.srsProto, { headers: realm.obj({ Connection: 'close' }) });
    http.serverConns.set(this.req, this);
    http.serverConns.set(this.res, this);
    const conn = this;
    Object.defineProperty(this.req, 'hdrs', { get: () => conn.hadHead, enumerable: true, configurable: true });
    Object.defineProperty(this.req, 'dRcv', { get: () => conn.recv, enumerable: true, configurable: true });
    Object.defineProperty(this.req, 'clsNow', {
      get: () => false,
      set: (v) => { if (v) session.queue(() => conn.closeNow()); },
      enumerable: false, configurable: true,
    });
    this.id = String(nextConnId++);
    serverConnList(realm)[this.id] = this.req;
    sock.on('data', session.guard((b) => this.onData(bufToStr(b))));
    sock.on('error', () => {});
    sock.on('close', session.guard(() => this.close()));
  }

  onData(str) {
    const { s } = this;
    if (this.closed) return;
    if (!this.hadHead) {
      this.recv += str;
      const h = parseHead(this.recv, true);
      if (!h) return;
      this.hadHead = true;
      this.recv = '';
      Object.assign(this.req, { headers: s.realm.fromHost(h.headers), method: h.method, url: h.url });
      this.toReceive = h.contentLength;
      const cb = this.http.servers.get(this.server).cb;
      s.queue(() => s.call(cb, this.server, [this.req, this.res]));
      str = h.rest;
    }
    if (str) {
      this.toReceive -= str.length;
      s.emitter.pushData(this.req, str);
    }
    if (this.toReceive <= 0 && !this.endQueued) {
      this.endQueued = true;
      s.queue(() => s.emitter.emit(this.req, 'end'));
    }
    if (this.closing && this.toReceive <= 0) this.sock.end();
  }

  writeHead(code, headers) {
    const { s } = this;
    if (headers !== undefined && !isObject(headers)) return s.jsError('Headers sent to writeHead should be an object');
    if (this.headSent) return s.jsError('Headers have already been sent');
    this.headSent = true;
    const all = { ...this.res.headers, ...(headers || {}) };
    let h = `HTTP/1.1 ${toInt(code)} OK\r\nServer: Espruino ${VERSION}\r\n`;
    for (const k of Object.keys(all)) h += `${k}: ${String(all[k])}\r\n`;
    if (String(getI(all, 'Transfer-Encoding')).toLowerCase() === 'chunked') this.chunked = true;
    this.send(h + '\r\n');
  }

  write(data) {
    if (this.closing || this.closed) throw this.s.realm.error('Error', 'This socket is closed');
    if (!this.headSent) this.writeHead(200);
    if (data !== undefined) {
      const str = String(data);
      this.send(this.chunked ? `${str.length.toString(16)}\r\n${str}\r\n` : str);
    }
    return false;
  }

  end(data) {
    if (data !== undefined) this.write(data);
    this.write(this.chunked ? '' : undefined);
    this.closing = true;
    if (this.toReceive <= 0 || !this.hadHead) this.sock.end();
  }

  send(str) {
    if (this.closed) return;
    this.unsent++;
    this.sock.write(strToBuf(str), this.s.guard(() => {
      this.unsent--;
      if (!this.unsent && !this.closing && !this.closed) this.s.emitter.emit(this.res, 'drain');
    }));
  }

  // clsNow: closed at once, whatever is still to send or to receive.
  closeNow() {
    if (this.closed) return;
    this.sock.destroy();
    this.close();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    delete serverConnList(this.s.realm)[this.id];
    const { emitter } = this.s;
    if (this.hadHead) {
      emitter.emit(this.res, 'end');
      emitter.emit(this.req, 'close', [false]);
      emitter.emit(this.res, 'close', [false]);
    }
    this.s.resources.delete(this);
  }

  kill() {
    this.closed = true;
    this.sock.destroy();
  }
}

export function createHttpModule(session) {
  const { realm } = session;
  const http = {
    servers: new WeakMap(), // httpSrv -> {cb, node}
    serverConns: new WeakMap(), // httpSRq/httpSRs -> ServerConn
  };
  const clients = new WeakMap(); // httpCRq -> ClientRequest
  const clientOf = (req) => {
    const c = clients.get(req);
    if (!c) throw realm.error('TypeError', 'Not an http request');
    return c;
  };
  const serverOf = (o) => {
    const c = http.serverConns.get(o);
    if (!c) throw realm.error('TypeError', 'Not an http server request/response');
    return c;
  };
  const reqProto = realm.proto({
    write(data) {
      session.assertAlive();
      clientOf(this).write(data);
      return false;
    },
    end(data) {
      session.assertAlive();
      const c = clientOf(this);
      if (data !== undefined) c.write(data);
      c.end();
    },
  });
  const stream = {
    available() { return session.emitter.available(this); },
    read(chars) { return session.emitter.read(this, chars); },
  };
  const resProto = realm.proto(stream);
  http.srqProto = realm.proto(stream);
  http.srsProto = realm.proto({
    writeHead(code, headers) { serverOf(this).writeHead(code, headers); },
    setHeader(name, value) { this.headers[String(name)] = String(value); },
    write(data) { return serverOf(this).write(data); },
    end(data) { serverOf(this).end(data); },
  });
  const srvProto = realm.proto({
    listen(port) {
      session.assertAlive();
      const entry = http.servers.get(this);
      const node = net.createServer(session.guard((sock) => {
        if (session.dead) return sock.destroy();
        const conn = new ServerConn(session, http, this, sock);
        session.resources.add(conn);
      }));
      entry.node = node;
      session.listen(node, port);
      return this;
    },
    close() {
      const entry = http.servers.get(this);
      if (!entry || !entry.node) return session.print('WARNING: Server not found!\n');
      session.unlisten(entry.node);
      entry.node = null;
    },
  });

  function request(options, cb) {
    options = connectArgs(session, options, cb);
    if (!options) return undefined;
    const req = realm.instance(reqProto);
    const res = realm.instance(resProto);
    clients.set(req, new ClientRequest(session, req, res, options, cb));
    return req;
  }

  return realm.proto({
    request,
    get(options, cb) {
      session.assertAlive();
      if (isObject(options)) options.method = 'GET';
      if (cb !== undefined && typeof cb !== 'function') {
        session.jsError(`Expecting Callback Function but got ${typeName(cb)}`);
        return undefined;
      }
      const req = request(options, cb);
      if (req) req.end();
      return req;
    },
    createServer(cb) {
      if (typeof cb !== 'function') {
        session.jsError(`Expecting Callback Function but got ${typeName(cb)}`);
        return undefined;
      }
      const srv = realm.instance(srvProto);
      http.servers.set(srv, { cb, node: null });
      return srv;
    },
  });
}
