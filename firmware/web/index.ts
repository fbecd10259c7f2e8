// The web page and its API on the board, from the top-level "web" block of ddns.json:
//   "web": { "port": "80", "auth_read": "0", "timeout": "10", "enabled": "1", "hostname": "",
//            "admin_password_hash": "s256$64$<salt>$<hex>" }
// (hostname: the names the page is opened under besides the board's address: routes.ts)
// All optional: without the block the page is on port 80 and anyone on the network may read
// the status; changes need the admin password, which has no default: webpass('...') at the
// console sets it (tools/webpass.mjs computes the hash for the file). A changed port or
// timeout takes effect at the next boot; the password at once.
//
// Two Storage modules. This one (ddns.web) is loaded at boot when the page is on and stays
// while the server runs: it holds only what an idle board needs (the server's state and the
// function the server calls). Everything a request needs (routes, views, edits, auth, metrics)
// is ddns.webapi (api.ts), loaded when a request arrives and let go when the last open request
// closes (server.ts): every function of a module costs RAM as long as the module is loaded.

import type { Host as App } from '../host';
import type { WebRequest, WebResponse } from '../core/ports';
import type { WebState } from './reply';

/** What main.ts may keep to stop the server. */
export interface WebHandle { stop(): void; }

// The server's state between requests (one page per board); null while it is not running.
var ST: WebState | null = null;

/** Starts the web server from the web block of the config; null when it is off or cannot run. */
// Why: main.ts calls it once after the sections started, like startServices.
export function start(app: App): WebHandle | null {
  var w = app.run.web || {};
  if (String(w.enabled) === '0') return null;
  if (!app.ports.servers) { app.log.write('web', 'warn', 'this board has no HTTP server: no web page'); return null; }
  // port and timeout (seconds); a typo must not keep the page from starting. No nested
  // function here: one would keep this scope alive as long as the server runs.
  var port = w.port === undefined || w.port === '' ? 80 : parseInt(String(w.port), 10);
  if (!(port >= 1 && port <= 65535)) {
    app.log.write('web', 'warn', "web.port '" + w.port + "' is not a port number: using 80");
    port = 80;
  }
  var secs = w.timeout === undefined || w.timeout === '' ? 10 : parseInt(String(w.timeout), 10);
  if (!(secs >= 1 && secs <= 120)) {
    app.log.write('web', 'warn', "web.timeout '" + w.timeout + "' is not 1 to 120 seconds: using 10");
    secs = 10;
  }
  var srv = app.ports.servers('web').webServer();
  var st: WebState = { app: app, srv: srv, busy: 0, failN: 0, failAt: -60000 };
  if (!srv.listen(port, { timeoutMs: secs * 1000, maxHead: 2048, maxBody: 4096 }, request)) {
    app.log.write('web', 'err', 'cannot listen on port ' + port + ': no web page');
    return null;
  }
  ST = st;
  app.log.write('web', 'info', 'web page on port ' + port + (w.admin_password_hash ? '' :
    ": changes are off until webpass('...') sets the admin password"));
  return { stop: stop };
}

// Every request that arrived whole: handled by ddns.webapi, loaded for it (once for the
// requests open at the same time).
function request(req: WebRequest, res: WebResponse) {
  var st = ST!;
  var m: any = null;
  try { m = st.app.load('webapi'); } catch (e) { m = null; }
  if (!m) {
    var text = '{"error":"the module ddns.webapi cannot be loaded: flash the firmware again"}';
    res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': String(text.length) });
    res.end(text);
    return;
  }
  m.serve(st, req, res);
}

// Why: what start() returns; a function of the module, not a closure (that would keep start's
// scope).
function stop() {
  if (ST) ST.srv.close();
  ST = null;
}

/** The console command webpass('password'): sets (or with '' removes) the web admin password
 *  (webpass.ts, in ddns.webapi). */
// Why: the console asks ddns.web for it; the code lives with the request handling, loaded now.
export function webpass(app: App, pw: any) {
  var m = app.load('webapi');
  if (!m) return;
  try { m.webpass(app, pw); } finally { if (!ST || !ST.busy) app.drop('webapi'); }
}
