import { WebServerPort, WebServerLimits, WebRequest, WebResponse } from '../../core/ports';

// The board's HTTP server, written over require('net') instead of Espruino's http server.
//
// Espruino's http server (socketserver.c) appends every received byte of a request head to the
// connection's hidden `dRcv` string and scans all of it for the blank line on every read: a head
// of any size is kept in RAM (a 100 KB header line took 200 ms on the Linux build of 2v29 and
// reached JavaScript as a request), JavaScript sees nothing before the head is complete, and a
// sweep can look only now and then. A net server hands each read to a 'data' listener at once,
// at most 536 bytes (net->chunkSize, ESP32 and Linux) per connection per idle pass, and setting
// `clsNow` on the socket closes it at the next pass without reading more. So here the head is
// counted as it arrives, a request is handed over only once it has fully arrived (head at most
// maxHead, body at most maxBody, both known before the body is read), and slow clients cannot
// hold the page's slots: they only wait, at most MAX_WAITING of them (the oldest is closed for a
// new one), each closed after limits.timeoutMs. Espruino cannot tell who a client is (accept()
// is called without an address; no API gives the peer), so nothing here can be per client.
//
// RAM: a listening server waits far more than it serves, and every function object costs blocks
// as long as it exists. So an idle server is one object (the port, which is also its state: the
// methods are this file's functions, shared by every server) and the function the socket server
// calls; the reading of requests (webconn.ts) is the Storage module ddns.webconn, loaded when a
// connection opens and let go when the last one (of every server) closes, and the sweep that
// closes slow connections runs only while there are connections.

declare var Modules: any;

var MAX_WAITING = 4;
var CONN = 'webconn';
// connections open on every server: ddns.webconn is let go when none is left
var open = 0;

// Why: the only place that knows Espruino's sockets; checked on the Linux build of 2v29, and the
// simulator reproduces the reads in 536-byte pieces and `clsNow`.
// conn, for a bundle without Storage modules: returns what ddns.webconn exports.
export function espruinoWebServer(conn?: () => any): WebServerPort {
  // the port; its state: srv the net server, lim the limits, mb the body limit, fn the
  // request handler, cs the open connections (oldest first), t the sweep's timer, p its period
  // and k the sweeps a connection may see, c conn
  var w: any = { listen: listen, close: close, drop: drop, pump: pump, srv: null, cs: [] };
  if (conn) w.c = conn;
  return w;
}

// The module that reads requests; the name is built at run time (see modules.ts for why).
function load(name: string): any {
  try { return require('ddns.' + name); } catch (e) {
    try { Modules.removeCached('ddns.' + name); } catch (e2) { /* not cached */ }
    throw e;
  }
}

function listen(this: any, port: number, l: WebServerLimits, fn: (req: WebRequest, res: WebResponse) => void): boolean {
  if (this.srv) return false;
  this.lim = l;
  this.mb = l.maxBody || 4096;
  this.fn = fn;
  // one sweep for all connections: a connection older than timeoutMs is closed, answered or
  // not, whatever it still has to send
  this.p = Math.min(5000, Math.max(500, Math.floor(l.timeoutMs / 2)));
  this.k = Math.max(1, Math.ceil(l.timeoutMs / this.p));
  try {
    this.srv = require('net').createServer(accept.bind(this));
    this.srv.listen(port);
  } catch (e) {
    this.srv = null;
    return false;
  }
  return true;
}

function close(this: any) {
  if (!this.srv) return;
  try { this.srv.close(); } catch (e) { /* already closed */ }
  this.srv = null;
}

function drop(req: WebRequest, res: WebResponse) {
  res.end();
}

function pump(res: WebResponse, next: () => string) {
  var more = function () {
    var s = next();
    if (s) res.write(s); else res.end();
  };
  res.on('drain', more);
  more();
}

// A new connection (this: the port): when MAX_WAITING others are still waiting for their
// request, the oldest of them is closed (a client that sends its request at once is never the
// oldest). Without ddns.webconn it is answered 503 and closed.
function accept(this: any, s: any) {
  var m: any;
  try { m = this.c ? this.c() : load(CONN); } catch (e) {
    try { s.end('HTTP/1.1 503 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'); } catch (x) { /* closed */ }
    return;
  }
  var cs = this.cs;
  var waiting = 0;
  var oldest: any = null;
  for (var i = 0; i < cs.length; i++) {
    if (typeof cs[i].wB === 'string') {
      waiting++;
      if (!oldest) oldest = cs[i];
    }
  }
  if (waiting >= MAX_WAITING) { oldest.wB = null; oldest.clsNow = true; }
  // each socket carries (short names, clear of Espruino's own fields): wS the port, wB what
  // arrived of a request not yet handed over (null once handed over or refused: what follows
  // is ignored), wR its request once the head is parsed, wL its body length, wT sweeps seen
  s.wS = this;
  s.wB = '';
  s.wT = 0;
  cs.push(s);
  open++;
  if (!this.t) this.t = (setInterval as any)(sweep, this.p, this);
  // (what arrived before the listener is handed to it in the next pass, `this` the socket)
  s.on('close', closed);
  s.on('data', m.onData);
}

// Every sweep while a server has connections.
function sweep(w: any) {
  for (var i = 0; i < w.cs.length; i++) {
    var c = w.cs[i];
    if (++c.wT > w.k) { c.wB = null; c.clsNow = true; }
  }
}

// A connection closed (this: the socket).
function closed(this: any) {
  var w = this.wS;
  var i = w.cs.indexOf(this);
  if (i >= 0) w.cs.splice(i, 1);
  this.wB = null;
  if (!w.cs.length && w.t) { clearInterval(w.t); w.t = 0; }
  if (--open <= 0) {
    open = 0;
    try { Modules.removeCached('ddns.' + CONN); } catch (e) { /* not cached */ }
  }
  if (this.wR) this.wR.emit('close');
}
