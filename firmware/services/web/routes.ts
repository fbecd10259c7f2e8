// The page and the JSON API under /api. Reading needs no credential unless web.auth_read is
// '1'; every change is a POST that needs the header X-DDNS: 1 (a cross-site form or script
// cannot send it without a CORS preflight, which this server never grants), no foreign Origin,
// and the admin password over HTTP Basic.
//
//   GET  /                    the page (Storage file www.gz, sent gzip-encoded)
//   GET  /api/status          one row per section, live
//   GET  /api/config          the saved config, secrets shown as '(set)'
//   POST /api/config          {"set": {"sec.opt": "v"}, "del": ["sec.opt"], "commit": true}
//   GET  /api/options?section=NAME   one section's options and its validation messages
//   GET  /api/log?section=NAME       its log (text)
//   POST /api/command         {"cmd": "check"|"force"|"start"|"stop", "section": "NAME"}
//   GET  /api/uci             the config as an OpenWrt /etc/config/ddns text (secrets '***')
//   POST /api/uci[?commit=1]  import such a text
//   GET  /api/providers       the provider names of the catalog
//   GET  /api/help            the option tables (name|type|default|unit|help per line)

import { WebRequest, WebResponse, Dict } from '../../core/ports';
import { serializeConfig } from '../../core/config';
import { percentDecode } from '../../core/url';
import { optionTable } from '../../core/schema';
import { exportUci } from '../../core/uci';
import { serviceNames } from '../../providers/catalog';
import { maskedDoc } from '../console-secrets';
import { WebState, send, json } from './reply';
import { authorize } from './auth';
import { statusView, configView, optionsView, logText, isObj } from './views';
import { editConfig, importUci } from './edit';

/** The Storage file holding the gzip-compressed page (uploaded by npm run flash). */
export var PAGE_FILE = 'www.gz';

var NO_PAGE = '<!doctype html><title>esp32-ddns</title><p>The web page is not on this board: upload ' +
  'dist/www.gz as Storage file www.gz (npm run flash). The API answers at <a href="/api/status">/api/status</a>.';

/** Sends the page from flash, 512 bytes at a time. */
// Why: the page never sits in RAM; Storage.read is a view of the flash.
function page(st: WebState, res: WebResponse) {
  var data = st.app.ports.storage.read(PAGE_FILE);
  if (data === undefined) { send(st, res, 200, 'text/html', NO_PAGE); return; }
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

/** A query parameter, percent-decoded, or ''. */
// Why: the section name of /api/options and /api/log travels in the query.
function param(query: string, key: string): string {
  var parts = query.split('&');
  for (var i = 0; i < parts.length; i++) {
    if (parts[i].substring(0, key.length + 1) === key + '=') return percentDecode(parts[i].substring(key.length + 1));
  }
  return '';
}

/** Why a change request must be refused as cross-site, or ''. */
// Why: a browser sends a custom header only after a CORS preflight, which is never granted.
function crossSite(h: Dict<string>): string {
  if (h['x-ddns'] !== '1') return 'changes need the header X-DDNS: 1';
  var o = h.origin;
  if (o !== undefined && o !== 'http://' + h.host) return 'cross-site request refused (Origin ' + o + ')';
  return '';
}

/** Refuses a request without the right credential. */
// Why: scripts get a Basic challenge; the page (X-DDNS) does not, so no browser dialog pops up.
function denied(st: WebState, res: WebResponse, h: Dict<string>, code: number) {
  var msg = code === 403 ? "no admin password is set: type webpass('a-long-password') on the board's console, " +
    'or put web.admin_password_hash in ddns.json (node tools/webpass.mjs)' :
    code === 429 ? 'too many failed logins: try again in a minute' : 'the admin password is needed (HTTP Basic)';
  var extra: Dict<string> = {};
  if (code === 429) extra['Retry-After'] = '60';
  if (code === 401 && h['x-ddns'] !== '1') extra['WWW-Authenticate'] = 'Basic realm="esp32-ddns"';
  send(st, res, code, 'application/json', JSON.stringify({ error: msg }), extra);
}

/** POST /api/command: check, force, start or stop one section or all. */
// Why: the overview's buttons, and the same commands the console and MQTT have.
function command(st: WebState, body: string): any[] {
  var rq: any = null;
  try { rq = JSON.parse(body); } catch (e) { rq = null; }
  var cmd = isObj(rq) ? rq.cmd : '';
  if (cmd !== 'check' && cmd !== 'force' && cmd !== 'start' && cmd !== 'stop') {
    return [400, { ok: false, error: 'expected {"cmd": "check"|"force"|"start"|"stop", "section": "name"}' }];
  }
  var done: string[] = [];
  var list = st.app.sections;
  for (var i = 0; i < list.length; i++) {
    var s = list[i];
    if (rq.section !== undefined && rq.section !== s.name) continue;
    if (cmd === 'start') s.start();
    else if (cmd === 'stop') s.stop();
    else s.check('command', cmd === 'force');
    done.push(s.name);
  }
  if (!done.length) return [404, { ok: false, error: 'no section ' + rq.section }];
  return [200, { ok: true, done: done }];
}

/** The GET routes of the API. */
// Why: reads build their answer per request; nothing of it stays in RAM afterwards.
function read(st: WebState, res: WebResponse, name: string, query: string) {
  var app = st.app;
  if (name === 'status') { json(st, res, 200, statusView(app)); return; }
  if (name === 'config') { json(st, res, 200, configView(app)); return; }
  if (name === 'options') {
    var o = optionsView(app, param(query, 'section'));
    if (o) json(st, res, 200, o); else json(st, res, 404, { error: 'no such section' });
    return;
  }
  if (name === 'log') { send(st, res, 200, 'text/plain; charset=utf-8', logText(app, param(query, 'section'))); return; }
  if (name === 'uci') {
    send(st, res, 200, 'text/plain; charset=utf-8', exportUci(maskedDoc(JSON.parse(serializeConfig(app.raw)))));
    return;
  }
  if (name === 'providers') { json(st, res, 200, serviceNames()); return; }
  if (name === 'help') {
    json(st, res, 200, { format: 'name|type|default|unit|help; type b bool, i integer, s string, p secret, ' +
      'l list, u unit, e:a,b one of', service: optionTable(false), global: optionTable(true) });
    return;
  }
  json(st, res, 404, { error: 'no such API: see GET /api/status, /api/config, /api/options, /api/log, /api/uci, /api/providers, /api/help' });
}

/** Routes one request whose body (at most MAX_BODY bytes) has arrived. */
// Why: the one place that decides who may do what.
export function route(st: WebState, req: WebRequest, res: WebResponse, h: Dict<string>, body: string) {
  var url = req.url;
  var q = url.indexOf('?');
  var path = q < 0 ? url : url.substring(0, q);
  var query = q < 0 ? '' : url.substring(q + 1);
  var m = req.method;
  var write = m === 'POST';
  if (m !== 'GET' && !write) { send(st, res, 405, 'application/json', '{"error":"use GET or POST"}', { Allow: 'GET, POST' }); return; }
  if (path === '/' || path === '/index.html') {
    if (write) json(st, res, 405, { error: 'use GET' }); else page(st, res);
    return;
  }
  if (path.substring(0, 5) !== '/api/') { json(st, res, 404, { error: 'not found' }); return; }
  var name = path.substring(5);
  if (write) {
    var why = crossSite(h);
    if (why) { json(st, res, 403, { error: why }); return; }
  }
  var w = isObj(st.app.raw.web) ? st.app.raw.web : {};
  if (write || String(w.auth_read) === '1') {
    var a = authorize(st, h.authorization);
    if (a) { denied(st, res, h, a); return; }
  }
  if (!write) { read(st, res, name, query); return; }
  var r: any[];
  if (name === 'config') r = editConfig(st.app, body);
  else if (name === 'command') r = command(st, body);
  else if (name === 'uci') r = importUci(st.app, body, param(query, 'commit') === '1');
  else r = [404, { error: 'no such API: POST /api/config, /api/command or /api/uci' }];
  json(st, res, r[0], r[1]);
}
