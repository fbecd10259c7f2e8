// The web server's request handling before any route (ddns.webapi's entry, called by ddns.web):
// how many requests at once (3) and how long a URL (256). The server (WebServerPort) hands a request over only once it has fully
// arrived within its limits (head 2 KB, body 4 KB): a slow client never holds one of the 3.

import { WebRequest, WebResponse, Dict } from '../core/ports';
import { route } from './routes';
import { WebState, reply } from './reply';

/** Every request: limits first, then the route with the body. */
// Why: the board has a few sockets and a few KB of RAM to spare: refuse early, read little.
export function serve(st: WebState, req: WebRequest, res: WebResponse) {
  // Answers and closes.
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

  // every request counts until it closes, refused ones too: when the last one closes, this
  // module (ddns.webapi) is let go; the answers still being sent keep what they use
  st.busy++;
  req.on('close', function () {
    if (--st.busy > 0) return;
    st.busy = 0;
    st.app.drop('webapi');
  });
  if (st.busy > 3) { refuse(503, 'busy: try again in a moment'); return; }
  if (req.url.length > 256) { refuse(414, 'URL too long'); return; }
  // header names in lower case whatever the server gives
  var h: Dict<string> = {};
  for (var k in req.headers) h[k.toLowerCase()] = String(req.headers[k]);
  var body = '';
  req.on('data', function (d: string) { body += d; });
  req.on('end', function () { run(h, body); });
}
