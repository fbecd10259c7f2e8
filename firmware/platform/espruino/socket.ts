import { SocketConn } from '../../core/ports';
import { later } from './once';

type ConnCb = (err: string | null, conn?: SocketConn) => void;

// The Storage module ddns.socket: a long-lived connection (MQTT) over net or tls; its connect
// ends in exactly one callback and onClose fires exactly once. A connection is ONE object whose
// methods come from CONN, and the socket's listeners are functions at the root that find it on
// the socket (Espruino calls a listener with the socket as `this`): a closure per listener and
// per method cost about 100 blocks for as long as the connection lived.
interface Conn extends SocketConn {
  /** the socket, and 1 once closed or failed */
  s: any;
  x: number;
  /** what onData and onClose were given */
  df?: (data: string) => void;
  cf?: (err: string | null) => void;
  /** the connect's callback until it ran, and its deadline */
  cb?: ConnCb;
  t?: any;
}

// The connect's one callback: connected (err null), or failed, and then the socket is ended.
function settle(c: Conn, err: string | null) {
  var cb = c.cb;
  if (!cb) return;
  c.cb = undefined;
  if (c.t !== undefined) clearTimeout(c.t);
  c.t = undefined;
  if (err) {
    try { if (c.s) c.s.end(); } catch (e) { /* already gone */ }
    c.x = 1;
  }
  cb(err, err ? undefined : c);
}

// The connection is gone: onClose hears it once (not after a failed connect).
function gone(c: Conn, err: string | null) {
  if (c.x) return;
  c.x = 1;
  if (c.cf) c.cf(err);
}

var CONN = {
  write: function (this: Conn, d: string) { if (!this.x) try { this.s.write(d); } catch (e) { gone(this, 'write'); } },
  end: function (this: Conn) { try { this.s.end(); } catch (e) { /* already gone */ } gone(this, null); },
  onData: function (this: Conn, fn: (data: string) => void) { this.df = fn; },
  onClose: function (this: Conn, fn: (err: string | null) => void) { this.cf = fn; },
};

// The socket's listeners (`this` is the socket, `this.c` its connection). 'close' is the last
// event of a socket: it lets go of the connection, so the two do not hold each other.
function onConnect(this: any) { if (this.c) settle(this.c, null); }
function onData(this: any, d: string) {
  var c: Conn = this.c;
  if (c && c.df) c.df(d);
}
function onClose(this: any) {
  var c: Conn = this.c;
  this.c = undefined;
  if (!c) return;
  settle(c, 'closed');
  gone(c, 'closed');
}
function onError(this: any) {
  var c: Conn = this.c;
  if (!c) return;
  settle(c, 'connect');
  gone(c, 'error');
}

/** Opens one connection (the Storage module ddns.socket: only a board with MQTT loads it). */
export function connect(o: { host: string; port: number; tls?: boolean; timeoutMs: number }, cb: ConnCb) {
  var c: Conn = Object.create(CONN);
  c.x = 0;
  c.cb = cb;
  c.t = setTimeout(function () { c.t = undefined; settle(c, 'timeout'); }, o.timeoutMs);
  try {
    var s = require(o.tls ? 'tls' : 'net').connect({ host: o.host, port: o.port }, onConnect);
    c.s = s;
    s.c = c;
    s.on('data', onData);
    s.on('close', onClose);
    s.on('error', onError);
  } catch (e) {
    later(function () { settle(c, 'connect'); });
  }
}
