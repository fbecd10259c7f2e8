import { TcpPort } from '../../core/ports';
import { guard, later } from './once';

// A short TCP exchange (DNS over TCP, NAT-PMP's HTTP peers): write, collect, stop when done
// says so. One object at the root of .bootcde (see storage.ts for why).
var PORT: TcpPort = {
  exchange: function (o, cb) {
    var net = require('net');
    var sock: any;
    var buf = '';
    var finish = guard<string>(function (err, reply) {
      try { if (sock) sock.end(); } catch (e) { /* already closed */ }
      sock = undefined;
      cb(err, reply);
    }, o.timeoutMs);
    try {
      sock = net.connect({ host: o.host, port: o.port }, function () { sock.write(o.data); });
      sock.on('data', function (d: string) {
        buf += d;
        if (buf.length > o.maxBytes) finish('toobig');
        else if (o.done(buf)) finish(null, buf);
      });
      sock.on('close', function () { finish(buf.length ? null : 'closed', buf); });
      sock.on('error', function () { finish('connect'); });
    } catch (e) {
      later(function () { finish('connect'); });
    }
  },
};

export function espruinoTcp(): TcpPort { return PORT; }
