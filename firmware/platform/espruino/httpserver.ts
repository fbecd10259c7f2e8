import { HttpServerPort, HttpServerRequest, WebServerPort, WebRequest, WebResponse, Dict } from '../../core/ports';
import { espruinoWebServer } from './webserver';

type Handler = (r: HttpServerRequest, reply: (status: number, headers: Dict<string>, body: string) => void) => void;

// Why: one request to one handler call with its whole (bounded) body, and exactly one answer.
// A body over max is refused unread and the connection closed (web.drop): Espruino would keep
// the socket open until the whole announced body arrived.
function collect(web: WebServerPort, req: WebRequest, res: WebResponse, max: number, handler: Handler) {
  var body = '';
  var done = false;
  function reply(status: number, headers: Dict<string>, text: string) {
    if (done) return;
    done = true;
    try {
      res.writeHead(status, headers);
      res.end(text);
    } catch (e) { /* the peer is gone */ }
  }
  function refuse() {
    if (done) return;
    done = true;
    try {
      res.writeHead(413, { 'Content-Length': '0' });
      web.drop(req, res);
      res.write('');
    } catch (e) { /* the peer is gone */ }
  }
  function hand() {
    if (done) return;
    handler({ method: String(req.method || ''), path: String(req.url || ''), headers: req.headers || {},
      body: body }, reply);
  }
  var declared = 0;
  var k: string;
  for (k in req.headers || {}) if (k.toLowerCase() === 'content-length') declared = parseInt(req.headers[k], 10) || 0;
  if (declared > max) { refuse(); return; }
  if (declared <= 0) { hand(); return; }
  req.on('data', function (d: string) {
    if (done) return;
    if (body.length + d.length > max) { refuse(); return; }
    body += d;
  });
  req.on('end', hand);
}

// A small HTTP server for callbacks (UPnP GENA NOTIFY) on top of the web page's server, so it
// has the same protection: slow or oversized connections closed by its sweep (5 s, 2 KB head),
// bounded bodies, exactly one reply.
// (conn: see espruinoWebServer)
export function espruinoHttpServer(conn?: () => any): HttpServerPort {
  return {
    serve: function (port, handler, maxBody) {
      var max = maxBody || 2048;
      var web = espruinoWebServer(conn);
      var ok = web.listen(port, { timeoutMs: 5000, maxHead: 2048 }, function (req, res) {
        collect(web, req, res, max, handler);
      });
      return ok ? { close: function () { web.close(); } } : null;
    },
  };
}
