// The page and the JSON API under /api. Every request must name the board as its Host: its
// address or a name the owner configured (web.hostname, mqtt.hostname), so a page whose own
// name was pointed at the board (DNS rebinding) gets no answer. Reading needs no credential
// unless web.auth_read is '1'; every change is a POST that needs the header X-DDNS: 1 (a
// cross-site form or script cannot send it without a CORS preflight, which this server never
// grants), no foreign Origin, and the admin password over HTTP Basic.
//
//   GET  /                    the page (Storage file www.gz, sent gzip-encoded)
//   GET  /api/status          one row per section, live
//   GET  /api/config          the saved config, secrets shown as '(set)'
//   POST /api/config          {"set": {"sec.opt": "v"}, "del": ["sec.opt"], "commit": true}
//   GET  /api/options?section=NAME   one section's options and its validation messages
//   GET  /api/log?section=NAME       its log (text): the flash file, then newer RAM lines
//   GET  /api/logfile?section=NAME   its flash log file alone, as a download
//   POST /api/command         {"cmd": "check"|"force"|"start"|"stop", "section": "NAME"}
//   GET  /api/uci             the config as an OpenWrt /etc/config/ddns text (secrets '***')
//   POST /api/uci[?commit=1]  import such a text
//   GET  /api/providers       the provider names of the catalog
//   GET  /api/help            the option tables (name|type|default|unit|help per line)
//   GET  /metrics             Prometheus text format (metrics.ts)

import { WebRequest, WebResponse, Dict } from '../core/ports';
import { percentDecode } from '../http/url';
import { WebState, reply, replyReader } from './reply';
import { authorize } from './auth';
import { view } from './views';
import { change } from './edit';
import { metrics } from './metrics';

/** Routes one request whose body (at most 4 KB) has arrived. */
// Why: the one place that decides who may do what.
export function route(st: WebState, req: WebRequest, res: WebResponse, h: Dict<string>, body: string) {
  var app = st.app;

  // A JSON answer: every API answer, errors included, is JSON that scripts can read.
  function json(code: number, obj: any, extra?: Dict<string>) {
    reply(st, res, code, 'application/json', JSON.stringify(obj), extra);
  }

  // The page from flash, 512 bytes at a time: it never sits in RAM.
  function page() {
    var data = app.ports.storage.read('www.gz');
    if (data === undefined) {
      reply(st, res, 200, 'text/html', '<!doctype html><title>esp32-ddns</title><p>The web page is not on this board: ' +
        'upload dist/www.gz as Storage file www.gz (npm run flash). The API answers at <a href="/api/status">/api/status</a>.');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip',
      'Content-Length': String(data.length), 'Cache-Control': 'no-cache', 'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer' });
    var off = 0;
    st.srv.pump(res, function () {
      var s = (data as string).substr(off, 512);
      off += 512;
      return s;
    });
  }

  // A query parameter, percent-decoded, or ''.
  function param(query: string, key: string): string {
    var parts = query.split('&');
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].substring(0, key.length + 1) === key + '=') return percentDecode(parts[i].substring(key.length + 1));
    }
    return '';
  }

  // Refuses a request without the right credential: scripts get a Basic challenge, the page
  // (which sends X-DDNS) does not, so no browser dialog pops up.
  function denied(code: number) {
    var extra: Dict<string> = {};
    if (code === 401 && h['x-ddns'] !== '1') extra['WWW-Authenticate'] = 'Basic realm="esp32-ddns"';
    json(code, { error: code === 403 ? "no admin password is set: type webpass('a-long-password') on the board's " +
      'console, or put web.admin_password_hash in ddns.json (node tools/webpass.mjs)' : 'the admin password is needed (HTTP Basic)' }, extra);
  }

  // The Host header without its port is the board's address or one of its configured names
  // (web.hostname: names or addresses separated by spaces or commas; mqtt.hostname), in any
  // case. No Host at all is no browser: allowed.
  function ourHost(host: string | undefined): boolean {
    if (host === undefined) return true;
    var name = host.toLowerCase();
    var c = name.indexOf(':');
    if (c >= 0) name = name.substring(0, c);
    var ni = app.ports.net.info();
    if (ni && ni.ip && name === ni.ip) return true;
    var w = app.run.web || {};
    var m = app.run.mqtt || {};
    var names = (String(w.hostname || '') + ' ' + String(m.hostname || '')).toLowerCase().split(',').join(' ').split(' ');
    for (var i = 0; i < names.length; i++) if (names[i] && names[i] === name) return true;
    return false;
  }

  var url = req.url;
  var q = url.indexOf('?');
  var path = q < 0 ? url : url.substring(0, q);
  var query = q < 0 ? '' : url.substring(q + 1);
  var write = req.method === 'POST';
  if (!ourHost(h.host)) {
    json(403, { error: 'Host ' + h.host + " is not this board: open the page at the board's address, or add the name to web.hostname" });
    return;
  }
  if (req.method !== 'GET' && !write) { json(405, { error: 'use GET or POST' }, { Allow: 'GET, POST' }); return; }
  if (path === '/' || path === '/index.html') {
    if (write) json(405, { error: 'use GET' }); else page();
    return;
  }
  // GET /metrics (our extension, web/metrics.ts): a read like /api/status, so the password
  // only when web.auth_read is '1'
  if (path === '/metrics') {
    if (write) { json(405, { error: 'use GET' }); return; }
    var wm = app.run.web;
    var am = wm && String(wm.auth_read) === '1' ? authorize(st, h.authorization) : 0;
    if (am) denied(am); else reply(st, res, 200, 'text/plain; version=0.0.4; charset=utf-8', metrics(app));
    return;
  }
  if (path.substring(0, 5) !== '/api/') { json(404, { error: 'not found' }); return; }
  var name = path.substring(5);
  if (write && h['x-ddns'] !== '1') { json(403, { error: 'changes need the header X-DDNS: 1' }); return; }
  if (write && h.origin !== undefined && h.origin !== 'http://' + h.host) {
    json(403, { error: 'cross-site request refused (Origin ' + h.origin + ')' });
    return;
  }
  var w = app.run.web;
  if (write || (w && String(w.auth_read) === '1')) {
    var a = authorize(st, h.authorization);
    if (a) { denied(a); return; }
  }
  if (write) {
    var r = change(app, name, body, param(query, 'commit') === '1');
    json(r[0], r[1]);
    return;
  }
  var v = view(app, name, param(query, 'section'));
  if (v && v[4]) replyReader(st, res, v[1], v[5], v[4], v[3]);
  else if (v) reply(st, res, v[0], v[1], v[2], v[3]);
  else json(404, { error: 'no such API: GET /api/status, config, options, log, logfile, uci, providers or help' });
}
