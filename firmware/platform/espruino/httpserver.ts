import { HttpServerPort, HttpServerRequest, Dict } from '../../core/ports';

// Why: a server request ends with 'end' once Content-Length bytes are in (socketserver.c), or
// with 'close'; either hands the collected body over, once.
function collect(req: any, res: any, max: number, handler: (r: HttpServerRequest,
  reply: (status: number, headers: Dict<string>, body: string) => void) => void) {
  var body = '';
  var handed = false;
  var replied = false;
  var timer: any;
  // Exactly one answer per request, whoever calls first (handler, 413, watchdog).
  function reply(status: number, headers: Dict<string>, text: string) {
    if (replied) return;
    replied = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    try {
      res.writeHead(status, headers);
      res.end(text);
    } catch (e) { /* the peer is gone */ }
  }
  // The body is complete: hand it over once.
  function done() {
    if (handed || replied) return;
    handed = true;
    handler({ method: String(req.method || ''), path: String(req.url || ''), headers: req.headers || {},
      body: body }, reply);
  }
  timer = setTimeout(function () { timer = undefined; reply(408, {}, ''); }, 5000);
  var declared = 0;
  var k: string;
  for (k in req.headers || {}) if (k.toLowerCase() === 'content-length') declared = parseInt(req.headers[k], 10) || 0;
  if (declared > max) { reply(413, {}, ''); return; }
  req.on('data', function (d: string) {
    if (replied || handed) return;
    if (body.length + d.length > max) { body = ''; reply(413, {}, ''); return; }
    body += d;
  });
  req.on('end', done);
  req.on('close', done);
}

// A small HTTP server for callbacks (UPnP GENA NOTIFY): bounded bodies, a 5 s watchdog per
// request, exactly one reply. Espruino's listen() throws when the port is taken.
export function espruinoHttpServer(): HttpServerPort {
  return {
    serve: function (port, handler, maxBody) {
      var max = maxBody || 2048;
      var srv: any;
      try {
        srv = require('http').createServer(function (req: any, res: any) { collect(req, res, max, handler); });
        srv.listen(port);
      } catch (e) {
        return null;
      }
      return {
        close: function () {
          try { srv.close(); } catch (e) { /* already closed */ }
        },
      };
    },
  };
}
