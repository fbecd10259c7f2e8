// What the web server keeps between requests, and the answer helpers that keep big bodies out
// of RAM (sent in pieces as the socket drains).

import type { App } from '../../main';
import { WebServerPort, WebResponse, Dict } from '../../core/ports';

/** Largest request body read (config edits, an imported /etc/config/ddns); 413 beyond. */
export var MAX_BODY = 4096;

/** What the web server keeps between requests. */
export interface WebState {
  app: App;
  srv: WebServerPort;
  /** requests being handled now */
  busy: number;
  /** failed logins in the window that started at failAt (uptime ms) */
  failN: number;
  failAt: number;
  /** logins are refused until this uptime (ms) */
  lockUntil: number;
}

/** Sends a whole answer; a body over 1 KB goes out in 512-byte pieces as the socket drains. */
// Why: res.end(text) copies all of text into the socket's send buffer, twice the RAM at once.
export function send(st: WebState, res: WebResponse, code: number, type: string, text: string, extra?: Dict<string>) {
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

/** A JSON answer. */
// Why: every API answer, errors included, is JSON that scripts can read.
export function json(st: WebState, res: WebResponse, code: number, obj: any) {
  send(st, res, code, 'application/json', JSON.stringify(obj));
}
