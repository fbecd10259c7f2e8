// The admin password of the web page: kept only as a salted, iterated SHA-256 hash in the
// config's web block ('s256$<rounds>$<salt>$<hex>'), checked from HTTP Basic credentials. There
// is no default password: without one, every change is refused.
//
// No lockout: the board cannot tell who sends a request (Espruino gives no client address), so
// a limit on failed tries would lock out the owner as well, for as long as anyone on the LAN
// keeps failing. Every password is checked; guessing is bounded by how fast the board answers
// (one request at a time, 64 hash rounds each), and wrong ones are logged.

import { toHex } from '../core/hmac';
import { b64decode } from '../core/base64';
import type { WebState } from './reply';

/** The stored form of a password. tools/webpass.mjs computes the same for ddns.json. */
// Why: flash and config file never hold the password; the salt makes equal passwords differ,
// the rounds (64 for new hashes: a few ms on the ESP32) make guessing from a flash dump slower.
export function hashPassword(sha: (d: string) => string, salt: string, pw: string, rounds: number): string {
  var h = sha(salt + pw);
  for (var i = 1; i < rounds; i++) h = sha(h + salt + pw);
  return 's256$' + rounds + '$' + salt + '$' + toHex(h);
}

/** 0 when the request carries the admin password, else the HTTP status to refuse it with:
 *  403 no password is set, 401 missing or wrong. */
// Why: one gate for every change (and for reading when web.auth_read is '1').
export function authorize(st: WebState, authHeader: string | undefined): number {
  var app = st.app;
  var w = app.run.web;
  var stored = w && typeof w.admin_password_hash === 'string' ? w.admin_password_hash : '';
  var sha = app.ports.sha256;

  // Compares every character, so the answer time does not tell how much matched.
  function matches(pw: string): boolean {
    var p = stored.split('$');
    var rounds = parseInt(p[1], 10);
    if (p.length !== 4 || p[0] !== 's256' || !(rounds >= 1 && rounds <= 5000)) return false;
    var got = hashPassword(sha!, p[2], pw, rounds);
    var diff = got.length ^ stored.length;
    for (var i = 0; i < got.length; i++) diff |= got.charCodeAt(i) ^ stored.charCodeAt(i);
    return diff === 0;
  }

  if (!stored || !sha) return 403;
  var a = authHeader || '';
  if (a.substring(0, 6).toLowerCase() !== 'basic ') return 401;
  var cred = b64decode(a.substring(6)) || '';
  var colon = cred.indexOf(':');
  if (colon >= 0 && matches(cred.substring(colon + 1))) return 0;
  // a wrong password: the first is logged at once, the next ones counted and logged at most
  // once a minute
  var now = app.ports.clock.uptimeMs();
  st.failN++;
  if (now - st.failAt >= 60000) {
    app.log.write('web', 'warn', 'wrong admin password on the web page (' + st.failN + ' since the last such line)');
    st.failAt = now;
    st.failN = 0;
  }
  return 401;
}
