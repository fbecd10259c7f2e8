// The web server's request handling before any route: how many requests at once (3), how long
// a URL (256), how big a body (4096 bytes): a request over a limit is answered and closed
// without its body being read.

import { WebRequest, WebResponse, Dict } from '../core/ports';
import { route } from './routes';
import { WebState, reply } from './reply';

/** Every request: limits first, then the (bounded) body, then the route. */
// Why: the board has a few sockets and a few KB of RAM to spare: refuse early, read little.
export function serve(st: WebState, req: WebRequest, res: WebResponse) {
  var MAX_BODY = 4096;

  // Answers and closes without reading the request body (Espruino would otherwise keep the
  // socket open until the whole announced body arrived).
  function refuse(code: number, msg: string) {
    var text = JSON.stringify({ error: msg });
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': String(text.length) });
    res.write(text);
    st.srv.drop(req, res);
  }

  // Runs the route; an exception in a handler answers 500 instead of leaving the socket open.
  function run(h: Dict<string>, body: string) {
    try {
      route(st, req, res, h, body);
    } catch (e) {
      try {
        reply(st, res, 500, 'application/json', JSON.stringify({ error: 'internal error: ' + String((e && (e as any).message) || e) }));
      } catch (e2) { /* the head was already sent: the sweep closes it */ }
    }
  }

  if (st.busy >= 3) { refuse(503, 'busy: try again in a moment'); return; }
  if (req.url.length > 256) { refuse(414, 'URL too long'); return; }
  // header names in lower case: clients write them in any case and Espruino keeps them so
  var h: Dict<string> = {};
  for (var k in req.headers) h[k.toLowerCase()] = String(req.headers[k]);
  if (h['transfer-encoding'] !== undefined) { refuse(411, 'send the body with a Content-Length'); return; }
  var len = parseInt(h['content-length'] || '0', 10) || 0;
  if (len > MAX_BODY) { refuse(413, 'request body over ' + MAX_BODY + ' bytes'); return; }
  st.busy++;
  req.on('close', function () { st.busy--; });
  if (len <= 0) { run(h, ''); return; }
  var body = '';
  req.on('data', function (d: string) { if (body.length < len) body += d; });
  req.on('end', function () { run(h, body.substring(0, len)); });
}
