import { SocketPort, SocketConn } from '../../core/ports';
import { guard, later } from './once';

// A long-lived connection (MQTT) over net or tls; onClose fires exactly once. One object at the
// root of .bootcde (see storage.ts for why).
var PORT: SocketPort = {
  connect: function (o, cb) {
    var mod = require(o.tls ? 'tls' : 'net');
    var sock: any;
    var closed = false;
    var dataFn: (d: string) => void = function () { /* set by onData */ };
    var closeFn: (err: string | null) => void = function () { /* set by onClose */ };
    function gone(err: string | null) {
      if (closed) return;
      closed = true;
      closeFn(err);
    }
    var conn: SocketConn = {
      write: function (d) { if (!closed) try { sock.write(d); } catch (e) { gone('write'); } },
      end: function () { try { sock.end(); } catch (e) { /* already gone */ } gone(null); },
      onData: function (fn) { dataFn = fn; },
      onClose: function (fn) { closeFn = fn; },
    };
    var finish = guard<SocketConn>(function (err, c) {
      if (err) { try { if (sock) sock.end(); } catch (e) { /* ignore */ } closed = true; }
      cb(err, c);
    }, o.timeoutMs);
    try {
      sock = mod.connect({ host: o.host, port: o.port }, function () { finish(null, conn); });
      sock.on('data', function (d: string) { dataFn(d); });
      sock.on('close', function () { finish('closed'); gone('closed'); });
      sock.on('error', function () { finish('connect'); gone('error'); });
    } catch (e) {
      later(function () { finish('connect'); });
    }
  },
};

export function espruinoSocket(): SocketPort { return PORT; }
