// What the web server keeps between requests, and the one answer helper, which keeps big
// bodies out of RAM (sent in pieces as the socket drains).
//
// RAM on the board: every function object costs blocks as long as it exists, called or not.
// The web code therefore has few top-level functions (one or two per file); the helpers of a
// request are nested in them, made when a request needs them and dropped with it.

import type { Host as App } from '../host';
import { WebServerPort, WebResponse, Dict, LogReader } from '../core/ports';

/** What the web server keeps between requests. */
export interface WebState {
  app: App;
  srv: WebServerPort;
  /** requests being handled now */
  busy: number;
  /** wrong passwords not yet logged; when (uptime ms) the last log line about them was written */
  failN: number;
  failAt: number;
}

/** Sends a whole answer; a body over 1 KB goes out in 512-byte pieces as the socket drains. */
// Why: res.end(text) copies all of text into the socket's send buffer, twice the RAM at once.
export function reply(st: WebState, res: WebResponse, code: number, type: string, text: string, extra?: Dict<string>) {
  var hd: Dict<string> = { 'Content-Type': type, 'Content-Length': String(text.length), 'Cache-Control': 'no-store' };
  if (extra) for (var k in extra) hd[k] = extra[k];
  res.writeHead(code, hd);
  if (text.length <= 1024) { res.end(text); return; }
  var off = 0;
  st.srv.pump(res, function () {
    var s = text.substr(off, 512);
    off += 512;
    return s;
  });
}

/** Sends a body of len chars read piece by piece (a flash log larger than free RAM); len -1: not
 *  known, the connection's end ends it. */
export function replyReader(st: WebState, res: WebResponse, type: string, len: number, r: LogReader, extra?: Dict<string>) {
  var hd: Dict<string> = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (len >= 0) hd['Content-Length'] = String(len);
  if (extra) for (var k in extra) hd[k] = extra[k];
  res.writeHead(200, hd);
  st.srv.pump(res, function () { return r.read(512) || ''; });
}
