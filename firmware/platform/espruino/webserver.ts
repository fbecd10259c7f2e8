import { WebServerPort, WebServerLimits, WebRequest, WebResponse, Dict } from '../../core/ports';

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
// Everything is made inside espruinoWebServer(), called only when a server is wanted: function
// objects cost RAM on the board even when never called.

// Why: the only place that knows Espruino's sockets; checked on the Linux build of 2v29, and the
// simulator reproduces the reads in 536-byte pieces and `clsNow`.
export function espruinoWebServer(): WebServerPort {
  var MAX_WAITING = 4;
  var MAX_LINES = 32;
  var srv: any = null;
  var timer: any;
  var lim: WebServerLimits;
  var maxBody = 4096;
  var handler: (req: WebRequest, res: WebResponse) => void;
  // open connections, oldest first. Each socket carries (short names, clear of Espruino's own
  // fields): wB what arrived of a request not yet handed over (null once handed over or
  // refused: what follows is ignored), wR its request once the head is parsed, wL its body
  // length, wT sweeps seen.
  var conns: any[] = [];

  // The response: Espruino's http server answers the same way (status line with 'OK', the
  // given headers, Connection: close). A write to a closed socket is dropped.
  function Res(this: any, s: any) { this.s = s; this.h = false; }
  Res.prototype = {
    writeHead: function (this: any, code: number, hd?: Dict<string>) {
      if (this.h) return;
      this.h = true;
      var t = 'HTTP/1.1 ' + code + ' OK\r\n';
      for (var k in hd) t += k + ': ' + hd[k] + '\r\n';
      this.write(t + 'Connection: close\r\n\r\n');
    },
    write: function (this: any, d?: string) {
      if (!this.h) this.writeHead(200);
      try { if (d) this.s.write(d); } catch (e) { /* closed */ }
    },
    end: function (this: any, d?: string) {
      this.write(d);
      try { this.s.end(); } catch (e) { /* closed */ }
    },
    on: function (this: any, ev: string, fn: () => void) { this.s.on(ev, fn); },
  };

  // Answers a request that is not handed over, and ignores the rest of it.
  function refuse(s: any, code: number, msg: string) {
    s.wB = null;
    var text = '{"error":"' + msg + '"}';
    try {
      s.end('HTTP/1.1 ' + code + ' OK\r\nContent-Type: application/json\r\nContent-Length: ' + text.length +
        '\r\nConnection: close\r\n\r\n' + text);
    } catch (e) { /* closed */ }
  }

  // The request line and headers (names in lower case, the first of a name wins): the request,
  // or a refusal [status, message]. Sets s.wL, the body length.
  function parse(s: any, head: string): any {
    var lines = head.split('\r\n');
    var rl = lines[0].split(' ');
    if (rl.length !== 3 || !rl[1] || rl[2].substring(0, 5) !== 'HTTP/') return [400, 'bad request line'];
    if (lines.length > MAX_LINES + 1) return [431, 'more than ' + MAX_LINES + ' header lines'];
    var h: Dict<string> = {};
    for (var i = 1; i < lines.length; i++) {
      var c = lines[i].indexOf(':');
      if (c <= 0) return [400, 'bad header line'];
      var k = lines[i].substring(0, c).toLowerCase();
      // Espruino fails an assertion when '__proto__' is set to a string
      if (k !== '__proto__' && !Object.prototype.hasOwnProperty.call(h, k)) h[k] = lines[i].substring(c + 1).trim();
    }
    if (h['transfer-encoding'] !== undefined) return [411, 'send the body with a Content-Length'];
    var cl = h['content-length'] || '0';
    for (var j = 0; j < cl.length; j++) if (cl.charCodeAt(j) < 48 || cl.charCodeAt(j) > 57) return [400, 'bad Content-Length'];
    s.wL = parseInt(cl, 10) || 0;
    if (cl.length > 9 || s.wL > maxBody) return [413, 'request body over ' + maxBody + ' bytes'];
    return { method: rl[0], url: rl[1], headers: h };
  }

  // Every read of every connection (this: the socket), at most 536 bytes.
  function onData(this: any, d: string) {
    var s = this;
    if (typeof s.wB !== 'string') return;
    var b = s.wB + d;
    if (!s.wR) {
      var e = b.indexOf('\r\n\r\n');
      // (Espruino's indexOf also finds a needle cut off by the end of the string)
      if (e < 0 || e + 4 > b.length) {
        if (b.length > lim.maxHead) refuse(s, 431, 'request head over ' + lim.maxHead + ' bytes');
        else s.wB = b;
        return;
      }
      if (e + 4 > lim.maxHead) { refuse(s, 431, 'request head over ' + lim.maxHead + ' bytes'); return; }
      var q = parse(s, b.substring(0, e));
      if (q instanceof Array) { refuse(s, q[0], q[1]); return; }
      s.wR = q;
      b = b.substring(e + 4);
    }
    if (b.length < s.wL) { s.wB = b; return; }
    s.wB = null;
    var req = s.wR;
    try {
      handler(req, new (Res as any)(s));
    } catch (x) {
      s.clsNow = true;
      return;
    }
    if (s.wL) req.emit('data', b.substring(0, s.wL));
    req.emit('end');
  }

  function onClose(this: any) {
    var i = conns.indexOf(this);
    if (i >= 0) conns.splice(i, 1);
    this.wB = null;
    if (this.wR) this.wR.emit('close');
  }

  // A new connection: when MAX_WAITING others are still waiting for their request, the oldest
  // of them is closed (a client that sends its request at once is never the oldest).
  function accept(s: any) {
    var waiting = 0;
    var oldest: any = null;
    for (var i = 0; i < conns.length; i++) {
      if (typeof conns[i].wB === 'string') {
        waiting++;
        if (!oldest) oldest = conns[i];
      }
    }
    if (waiting >= MAX_WAITING) { oldest.wB = null; oldest.clsNow = true; }
    s.wB = '';
    s.wT = 0;
    conns.push(s);
    // (what arrived before the listener is handed to it in the next pass, `this` the socket)
    s.on('close', onClose);
    s.on('data', onData);
  }

  return {
    listen: function (port, l, fn) {
      if (srv) return false;
      lim = l;
      if (l.maxBody) maxBody = l.maxBody;
      handler = fn;
      try {
        srv = require('net').createServer(accept);
        srv.listen(port);
      } catch (e) {
        srv = null;
        return false;
      }
      // one sweep for all connections: a connection older than timeoutMs is closed, answered
      // or not, whatever it still has to send
      var period = Math.min(5000, Math.max(500, Math.floor(lim.timeoutMs / 2)));
      var ticks = Math.max(1, Math.ceil(lim.timeoutMs / period));
      timer = setInterval(function () {
        for (var i = 0; i < conns.length; i++) {
          var c = conns[i];
          if (++c.wT > ticks) { c.wB = null; c.clsNow = true; }
        }
      }, period);
      return true;
    },
    close: function () {
      if (!srv) return;
      clearInterval(timer);
      try { srv.close(); } catch (e) { /* already closed */ }
      srv = null;
    },
    drop: function (req: WebRequest, res: WebResponse) {
      res.end();
    },
    pump: function (res: WebResponse, next: () => string) {
      var more = function () {
        var s = next();
        if (s) res.write(s); else res.end();
      };
      res.on('drain', more);
      more();
    },
  };
}
