import { WebRequest, WebResponse, Dict } from '../../core/ports';

// The Storage module ddns.webconn: how the board's HTTP server (webserver.ts) reads a request
// from a connection and answers it. Loaded when a connection opens, let go when the last one
// closes.

var MAX_LINES = 32;

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
function parse(s: any, head: string, maxBody: number): any {
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

/** Every read of every connection (this: the socket, its wS the server's port), at most 536
 *  bytes. */
// Why: the head is counted as it arrives, the request handed over once it is whole.
export function onData(this: any, d: string) {
  var s = this;
  if (typeof s.wB !== 'string') return;
  var w = s.wS;
  var b = s.wB + d;
  if (!s.wR) {
    var e = b.indexOf('\r\n\r\n');
    // (Espruino's indexOf also finds a needle cut off by the end of the string)
    if (e < 0 || e + 4 > b.length) {
      if (b.length > w.lim.maxHead) refuse(s, 431, 'request head over ' + w.lim.maxHead + ' bytes');
      else s.wB = b;
      return;
    }
    if (e + 4 > w.lim.maxHead) { refuse(s, 431, 'request head over ' + w.lim.maxHead + ' bytes'); return; }
    var q = parse(s, b.substring(0, e), w.mb);
    if (q instanceof Array) { refuse(s, q[0], q[1]); return; }
    s.wR = q;
    b = b.substring(e + 4);
  }
  if (b.length < s.wL) { s.wB = b; return; }
  s.wB = null;
  var req = s.wR;
  try {
    w.fn(req, new (Res as any)(s));
  } catch (x) {
    s.clsNow = true;
    return;
  }
  if (s.wL) req.emit('data', b.substring(0, s.wL));
  req.emit('end');
}
