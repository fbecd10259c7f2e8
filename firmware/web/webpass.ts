// The console command webpass('password'), in ddns.webapi (index.ts loads it for the command).

import type { Host as App } from '../host';
import type * as ConfigTools from '../config/index';
import { hashPassword } from './auth';
import { loadDoc } from '../config/store';

/** Sets (or with '' removes) the web admin password, saved at once as a salted hash in the
 *  config's web block. */
// Why: there is no default password; the serial console is the one place trusted to set it.
export function webpass(app: App, pw: any) {
  var raw = loadDoc(app.ports.storage);
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
