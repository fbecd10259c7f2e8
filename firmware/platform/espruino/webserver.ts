import { WebServerPort, WebServerLimits, WebRequest, WebResponse } from '../../core/ports';

declare var global: any;

// Espruino's http server hands a request to JavaScript only once its head is in and has no
// timeout: a client that never finishes its head, or announces a body it never sends, keeps a
// socket (the ESP32 has about ten) forever, and res.end() does not close a connection whose
// body is still due. The interpreter lists its server connections in the hidden root
// (global["\xff"].HttpSC, socketserver.c), each with `svr` (its server), `hdrs` (head parsed),
// `dRcv` (bytes not yet handled) and `clsNow` (true: closed at the next idle pass, unsent data
// dropped). A sweep every few seconds closes what is too old or too big. Checked on the Linux
// build of 2v29; the simulator reproduces these fields.
//
// Everything is made inside espruinoWebServer(), called only when the page is on: function
// objects cost RAM on the board even when never called.

// Why: the only place that knows Espruino's server objects and their undocumented fields.
export function espruinoWebServer(): WebServerPort {
  var srv: any = null;
  var timer: any;

  // One sweep for all connections of this server: JavaScript cannot see a connection until
  // its head is in, so a timer per request would miss the slowest clients.
  function sweep(lim: WebServerLimits) {
    var period = Math.min(5000, Math.max(500, Math.floor(lim.timeoutMs / 2)));
    var ticks = Math.max(1, Math.ceil(lim.timeoutMs / period));
    timer = setInterval(function () {
      var root = global['\xff'];
      var list = root && root.HttpSC;
      if (!list) return;
      for (var k in list) {
        var c = list[k];
        if (!c || c.svr !== srv) continue;
        c.wT = (c.wT || 0) + 1;
        if (c.wT > ticks || (!c.hdrs && c.dRcv && c.dRcv.length > lim.maxHead)) c.clsNow = true;
      }
    }, period);
  }

  return {
    listen: function (port, lim, fn) {
      if (srv) return false;
      try {
        srv = require('http').createServer(fn);
        srv.listen(port);
      } catch (e) {
        srv = null;
        return false;
      }
      sweep(lim);
      return true;
    },
    close: function () {
      if (!srv) return;
      clearInterval(timer);
      try { srv.close(); } catch (e) { /* already closed */ }
      srv = null;
    },
    drop: function (req: WebRequest, res: WebResponse) {
      res.on('drain', function () { (req as any).clsNow = true; });
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
