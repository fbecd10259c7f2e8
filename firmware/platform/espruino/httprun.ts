import { HttpRequest, HttpResponse } from '../../core/ports';
import { requestText, replyReader } from '../../http/wire';
import { splitUrl } from '../../http/url';
import { parseProxy } from '../../http/proxy';
import { indexOfStr } from '../../core/text';

type HttpCb = (err: string | null, res?: HttpResponse) => void;

// The Storage module ddns.http: one request of the board's HTTP client over a net or tls socket
// (the queue is the core's, http.ts, which loads this module for each request and lets it go
// when none is left; between requests the board parses no URL and holds none of this).
//
// At its answer or at its deadline the socket is closed, `clsNow` making socketserver.c close it
// at its next idle pass even while a TLS handshake or unsent data would keep end() waiting. The
// reply is read as it arrives (http/wire.ts), so a peer never gets more than its head cap and
// maxBytes into RAM. A connect that fails throws (Unable to locate host: 'dns'; Unable to create
// socket, also when every socket is taken: 'connect').
//
// A request is ONE object (Req) and the socket's listeners are this file's functions that find
// it on the socket (Espruino calls a listener with the socket as `this`); its timers get it as
// an argument. Closures made per request (the watchdog, the reader's steps, three listeners)
// cost about 60 blocks more while a request was in flight.

interface Req {
  /** the caller's callback, until the request ended */
  cb?: HttpCb;
  res: HttpResponse;
  /** the reply reader (wire.ts): 'ok' or an error code once the reply is complete */
  read?: (d?: string) => string | null;
  /** the socket, the deadline's timer, and 1 once the socket said 'close' */
  s?: any;
  t?: any;
  c?: number;
}

// The answer goes to the caller once Espruino has taken the socket out of its list (its 'close',
// at the next idle pass; a socket that never says so is let go of after a second): a request
// made from the callback (an API's next call) would otherwise open its socket while this one
// and everything of its request were still held (about 460 blocks measured).
function handOver(cb: HttpCb, err: string | null, r?: HttpResponse) { cb(err, r); }

// The answer waiting on a closed socket goes out, once (a timer id is forgotten once it fired:
// Espruino gives ids out again, and clearTimeout(undefined) throws).
function deliver(s: any) {
  var g = s.g;
  if (!g) return;
  s.g = undefined;
  if (s.gt !== undefined) clearTimeout(s.gt);
  s.gt = undefined;
  handOver(g[0], g[1], g[2]);
}
// ... at the socket's 'close' (`this`; its argument is had_error), or after a second
function onGone(this: any) { deliver(this); }
function lingered(s: any) {
  s.gt = undefined;
  deliver(s);
}

// Ends the request once, with its answer or an error code, and closes its socket.
function finish(R: Req, err: string | null, r?: HttpResponse) {
  var cb = R.cb;
  if (!cb) return;
  R.cb = undefined;
  if (R.t !== undefined) clearTimeout(R.t);
  R.t = undefined;
  var s = R.s;
  R.s = undefined;
  if (!s || R.c) { setTimeout(handOver, 0, cb, err, r); return; }
  // (its listeners go first: a closed socket that lingers must not keep this request's reply)
  s.removeAllListeners();
  s.R = undefined;
  s.g = [cb, err, r];
  s.on('close', onGone);
  s.gt = setTimeout(lingered, 1000, s);
  try { s.end(); } catch (e) { /* already closed */ }
  s.clsNow = true;
}

// Every piece of the reply, and undefined when the peer closed; nothing after the end.
function step(R: Req, d?: string) {
  if (!R.s) return;
  var r = R.read!(d);
  if (r) finish(R, r === 'ok' ? null : r, r === 'ok' ? R.res : undefined);
}

function onData(this: any, d: string) { if (this.R) step(this.R, d); }
// 'close' always follows 'error'; an error before any answer (TLS handshake) is a failed
// connect, after it (a TLS close_notify) the close decides.
function onError(this: any) { var R: Req = this.R; if (R && !R.res.status) finish(R, 'connect'); }
function onClose(this: any) {
  var R: Req = this.R;
  if (!R) return;
  R.c = 1;
  step(R);
}
function onDeadline(R: Req) {
  R.t = undefined;
  finish(R, 'timeout');
}

/** One request: exactly one callback, given once its socket is gone. */
export function run(req: HttpRequest, cb: HttpCb) {
  var R: Req = { cb: cb, res: { status: 0, headers: {}, body: '', truncated: false } };
  R.t = setTimeout(onDeadline, req.timeoutMs || 15000, R);
  var u = splitUrl(req.url);
  // The option proxy: plain http only (Espruino cannot start TLS inside a CONNECT tunnel).
  var px = req.proxy ? parseProxy(req.proxy) : null;
  var bad = !u ? 'badurl' : req.proxy && !px ? 'badproxy' : px && u.protocol === 'https:' ? 'proxytls' : '';
  if (bad) { setTimeout(finish, 0, R, bad); return; }
  R.read = replyReader(R.res, req.maxBytes || 4096, req.method === 'HEAD');
  var o: any = { host: px ? px.host : u!.host, port: px ? px.port : u!.port };
  if (req.ca) o.ca = req.ca;
  try {
    var s = require(u!.protocol === 'https:' ? 'tls' : 'net').connect(o);
    R.s = s;
    s.R = R;
    s.write(requestText(req, u!, px));
    s.on('data', onData);
    s.on('error', onError);
    s.on('close', onClose);
  } catch (e) {
    setTimeout(finish, 0, R, indexOfStr(String((e && (e as any).message) || e), 'locate host') >= 0 ? 'dns' : 'connect');
  }
}
