// The web server's request handling before any route: how many requests at once, how long a
// URL, how big a body (a request is refused before its body is read).

import { WebRequest, WebResponse, Dict } from '../../core/ports';
import { route } from './routes';
import { WebState, json, MAX_BODY } from './reply';

var MAX_BUSY = 3;
var MAX_URL = 256;

/** Answers and closes without reading the request body. */
// Why: Espruino would otherwise keep the socket open until the whole announced body arrived.
function refuse(st: WebState, req: WebRequest, res: WebResponse, code: number, msg: string) {
  var text = JSON.stringify({ error: msg });
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': String(text.length) });
  res.write(text);
  st.srv.drop(req, res);
}

/** Header names in lower case. */
// Why: clients write header names in any case and Espruino keeps them as written.
function lowerHeaders(h: any): Dict<string> {
  var out: Dict<string> = {};
  for (var k in h) out[k.toLowerCase()] = String(h[k]);
  return out;
}

/** Runs a route; a bug answers 500 instead of leaving the connection to the sweep. */
// Why: an exception in a handler must not take the updater's event loop down with it.
function run(st: WebState, req: WebRequest, res: WebResponse, h: Dict<string>, body: string) {
  try {
    route(st, req, res, h, body);
  } catch (e) {
    try { json(st, res, 500, { error: 'internal error: ' + String((e && (e as any).message) || e) }); } catch (e2) { /* head sent */ }
  }
}

/** Every request: limits first, then the (bounded) body, then the route. */
// Why: the board has a few sockets and a few KB of RAM to spare: refuse early, read little.
export function serve(st: WebState, req: WebRequest, res: WebResponse) {
  if (st.busy >= MAX_BUSY) { refuse(st, req, res, 503, 'busy: try again in a moment'); return; }
  if (req.url.length > MAX_URL) { refuse(st, req, res, 414, 'URL too long'); return; }
  var h = lowerHeaders(req.headers);
  if (h['transfer-encoding'] !== undefined) { refuse(st, req, res, 411, 'send the body with a Content-Length'); return; }
  var len = parseInt(h['content-length'] || '0', 10) || 0;
  if (len > MAX_BODY) { refuse(st, req, res, 413, 'request body over ' + MAX_BODY + ' bytes'); return; }
  st.busy++;
  req.on('close', function () { st.busy--; });
  if (len <= 0) { run(st, req, res, h, ''); return; }
  var body = '';
  req.on('data', function (d: string) { if (body.length < len) body += d; });
  req.on('end', function () { run(st, req, res, h, body.substring(0, len)); });
}
