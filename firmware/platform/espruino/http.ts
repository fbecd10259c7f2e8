import { HttpPort, HttpRequest, HttpResponse, ModulePort } from '../../core/ports';
import type * as Wire from '../../http/module';
import { indexOfStr } from '../../core/text';
import { guard, later } from './once';

type HttpCb = (err: string | null, res?: HttpResponse) => void;

// The firmware's HTTP/1.1 client over net/tls sockets (Espruino's http cannot be stopped, keeps
// a header that never ends in RAM and sends its own User-Agent first). Every request ends in
// exactly one callback, given once its socket is gone (handOver below): at its answer or at its
// deadline the socket is closed, `clsNow` making socketserver.c close it at its next idle pass
// even while a TLS handshake or unsent data would keep end() waiting. The reply is read as it
// arrives (http/wire.ts), so a peer never gets more than its head cap and maxBytes into RAM. A
// connect that fails throws (Unable to locate host: 'dns'; Unable to create socket, also when
// every socket is taken: 'connect'). Requests run one at a time, in order: the board has room
// for one TLS connection, and sections that fire together (boot, address change) must not open
// a socket each. The wire code (URL and proxy parsers, request text, reply reader) is the Storage
// module ddns.http (http/module.ts), loaded per request; missing, every request fails with
// 'nomodule'.
// The queue of requests, the one in flight, and where the wire module comes from: at the root
// of .bootcde, like the functions below (a function made at the root costs a block less than a
// closure made inside a factory, and none keeps a scope alive).
var queue: Array<{ req: HttpRequest; cb: HttpCb }> = [];
var busy = false;
var modules: ModulePort;

// The answer goes to the caller once Espruino has taken the socket out of its list (its 'close',
// at the next idle pass; a socket that never says so is let go of after a second), from a root
// function: a request made from the callback (an API's next call) would otherwise open its
// socket while this one and everything of its request were still held (about 460 blocks
// measured).
function handOver(cb: HttpCb, err: string | null, r?: HttpResponse) { cb(err, r); }

function run(req: HttpRequest, cb: HttpCb) {
  var sock: any;
  var res: HttpResponse = { status: 0, headers: {}, body: '', truncated: false };
  var closed = false;
  var finish = guard<HttpResponse>(function (err, r) {
    var s = sock;
    sock = undefined;
    var give = handOver.bind(null, cb, err, r);
    if (!s || closed) return later(give);
    // (its listeners go first: a closed socket that lingers must not keep this request's reply)
    s.removeAllListeners();
    s.on('close', guard(give, 1000));
    try { s.end(); } catch (e) { /* already closed */ }
    s.clsNow = true;
  }, req.timeoutMs || 15000);
  function fail(code: string) { later(function () { finish(code); }); }
  var w: typeof Wire;
  try { w = modules.load('http'); } catch (e) { return fail('nomodule'); }
  var u = w.splitUrl(req.url);
  if (!u) return fail('badurl');
  // The option proxy: plain http only (Espruino cannot start TLS inside a CONNECT tunnel).
  var px = req.proxy ? w.parseProxy(req.proxy) : null;
  if (req.proxy && !px) return fail('badproxy');
  if (px && u.protocol === 'https:') return fail('proxytls');
  var read = w.replyReader(res, req.maxBytes || 4096, req.method === 'HEAD');
  // Every piece of the reply, and undefined when the peer closed; nothing after the end.
  function step(d?: string) {
    if (!sock) return;
    var r = read(d);
    if (r) finish(r === 'ok' ? null : r, r === 'ok' ? res : undefined);
  }
  var o: any = { host: px ? px.host : u.host, port: px ? px.port : u.port };
  if (req.ca) o.ca = req.ca;
  try {
    sock = require(u.protocol === 'https:' ? 'tls' : 'net').connect(o);
    sock.write(w.requestText(req, u, px));
    sock.on('data', step);
    // 'close' always follows 'error'; an error before any answer (TLS handshake) is a
    // failed connect, after it (a TLS close_notify) the close decides.
    sock.on('error', function () { if (!res.status) finish('connect'); });
    sock.on('close', function () { closed = true; step(); });
  } catch (e) {
    fail(indexOfStr(String((e && (e as any).message) || e), 'locate host') >= 0 ? 'dns' : 'connect');
  }
}

function next() {
  if (busy || !queue.length) return;
  var job = queue.shift()!;
  busy = true;
  run(job.req, function (err, res) {
    busy = false;
    // the wire module is let go between requests: its functions cost nothing while idle
    if (!queue.length) modules.drop('http');
    later(next);
    job.cb(err, res);
  });
}

var PORT: HttpPort = {
  request: function (req: HttpRequest, cb: HttpCb) {
    queue.push({ req: req, cb: cb });
    next();
  },
};

export function espruinoHttp(from: ModulePort): HttpPort {
  modules = from;
  return PORT;
}
