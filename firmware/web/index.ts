// The web page and its API on the board, from the top-level "web" block of ddns.json:
//   "web": { "port": "80", "auth_read": "0", "timeout": "10", "enabled": "1", "hostname": "",
//            "admin_password_hash": "s256$64$<salt>$<hex>" }
// (hostname: the names the page is opened under besides the board's address: routes.ts)
// All optional: without the block the page is on port 80 and anyone on the network may read
// the status; changes need the admin password, which has no default: webpass('...') at the
// console sets it (tools/webpass.mjs computes the hash for the file). A changed port or
// timeout takes effect at the next boot; the password at once.
// A Storage module (ddns.web), loaded at boot when the page is on; it stays loaded while the
// server runs.

import type { Host as App } from '../host';
import type * as ConfigTools from '../config/index';
import { WebState } from './reply';
import { serve } from './server';
import { hashPassword } from './auth';

/** What main.ts may keep to stop the server. */
export interface WebHandle { stop(): void; }

/** Starts the web server from the web block of the config; null when it is off or cannot run. */
// Why: main.ts calls it once after the sections started, like startServices.
export function start(app: App): WebHandle | null {
  var w = app.run.web || {};
  if (String(w.enabled) === '0') return null;
  if (!app.ports.webServer) { app.log.write('web', 'warn', 'this board has no HTTP server: no web page'); return null; }
  // port and timeout (seconds); a typo must not keep the page from starting. No nested
  // function here: the request callback keeps this scope alive as long as the server runs.
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
  var srv = app.ports.webServer();
  var st: WebState = { app: app, srv: srv, busy: 0, failN: 0, failAt: -60000 };
  var ok = srv.listen(port, { timeoutMs: secs * 1000, maxHead: 2048, maxBody: 4096 },
    function (req, res) { serve(st, req, res); });
  if (!ok) { app.log.write('web', 'err', 'cannot listen on port ' + port + ': no web page'); return null; }
  app.log.write('web', 'info', 'web page on port ' + port + (w.admin_password_hash ? '' :
    ": changes are off until webpass('...') sets the admin password"));
  return { stop: function () { srv.close(); } };
}

/** The console command webpass('password'): sets (or with '' removes) the web admin password,
 *  saved at once as a salted hash in the config's web block. */
// Why: there is no default password; the serial console is the one place trusted to set it.
export function webpass(app: App, pw: any) {
  var raw = app.doc();
  var say = function (s: string) { app.ports.console.print(s); };
  var sha = app.ports.sha256;
  if (!sha) { say('webpass: this board has no SHA-256: not set'); return; }
  if (typeof pw !== 'string' || (pw !== '' && pw.length < 8)) {
    say("webpass('...'): give a password of at least 8 characters ('' removes it)");
    return;
  }
  var C = app.load('config');
  if (!C) { say('webpass: the config tools (ddns.config) cannot be loaded: not set'); return; }
  try { save(C, app, raw, pw, say); } finally { app.drop('config'); }
}

// Saves the new hash in the web block of the config through the config tools.
function save(C: typeof ConfigTools, app: App, raw: any, pw: string, say: (s: string) => void) {
  var doc = JSON.parse(C.serializeConfig(raw));
  var web = doc.web && typeof doc.web === 'object' ? doc.web : {};
  if (pw === '') delete web.admin_password_hash;
  else {
    var random = app.ports.random || Math.random;
    var salt = '';
    for (var i = 0; i < 4; i++) salt += ('000' + Math.floor(random() * 65536).toString(16)).substr(-4);
    web.admin_password_hash = hashPassword(app.ports.sha256!, salt, pw, 64);
  }
  doc.web = web;
  if (!C.commitConfig(app, doc, C.normalizeConfig(doc, C.configContext(app.board.name)))) {
    say('webpass: the flash refused the write: nothing changed');
    return;
  }
  say(pw === '' ? 'webpass: password removed: the web page refuses changes' :
    'webpass: saved; the web page asks for it (any user name) before a change');
}
