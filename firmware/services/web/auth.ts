// The admin password of the web page: kept only as a salted, iterated SHA-256 hash in the
// config's web block ('s256$<rounds>$<salt>$<hex>'), checked from HTTP Basic credentials, with
// a limit on failed tries. There is no default password: without one, changes are refused.

import { toHex } from '../../core/hmac';
import { b64decode } from '../../core/base64';
import type { WebState } from './reply';

/** Rounds of SHA-256 for new hashes: a few ms on the ESP32, slower to guess from a flash dump. */
export var ROUNDS = 64;
/** Failed logins allowed per minute before every login is refused for a minute. */
var MAX_FAILS = 5;
var WINDOW_MS = 60000;

/** The stored form of a password. */
// Why: flash and config file never hold the password; the salt makes equal passwords differ.
export function hashPassword(sha: (d: string) => string, salt: string, pw: string, rounds: number): string {
  var h = sha(salt + pw);
  for (var i = 1; i < rounds; i++) h = sha(h + salt + pw);
  return 's256$' + rounds + '$' + salt + '$' + toHex(h);
}

/** True when pw matches the stored hash. */
// Why: every character is compared, so the answer time does not tell how much matched.
export function checkPassword(sha: (d: string) => string, stored: string, pw: string): boolean {
  var p = String(stored).split('$');
  var rounds = parseInt(p[1], 10);
  if (p.length !== 4 || p[0] !== 's256' || !(rounds >= 1 && rounds <= 5000)) return false;
  var got = hashPassword(sha, p[2], pw, rounds);
  if (got.length !== stored.length) return false;
  var diff = 0;
  for (var i = 0; i < got.length; i++) diff |= got.charCodeAt(i) ^ stored.charCodeAt(i);
  return diff === 0;
}

/** 16 hex digits of salt. */
// Why: the board's hardware random numbers (E.hwRand) make each hash unique.
export function newSalt(random: () => number): string {
  var s = '';
  for (var i = 0; i < 4; i++) s += ('000' + Math.floor(random() * 65536).toString(16)).substr(-4);
  return s;
}

/** The stored hash from the running config's web block, or ''. */
// Why: read at every check, so webpass() and a config commit take effect at once.
export function storedHash(raw: any): string {
  var w = raw && raw.web;
  var h = w && typeof w === 'object' ? w.admin_password_hash : '';
  return typeof h === 'string' ? h : '';
}

/** 0 when the request carries the admin password, else the HTTP status to refuse it with:
 *  403 no password is set, 429 too many failures, 401 missing or wrong. */
// Why: one gate for every change (and for reading when web.auth_read is '1').
export function authorize(st: WebState, authHeader: string | undefined): number {
  var app = st.app;
  var stored = storedHash(app.raw);
  var sha = app.ports.sha256;
  if (!stored || !sha) return 403;
  var now = app.ports.clock.uptimeMs();
  if (now < st.lockUntil) return 429;
  var a = authHeader || '';
  if (a.substring(0, 6).toLowerCase() !== 'basic ') return 401;
  var cred = b64decode(a.substring(6)) || '';
  var colon = cred.indexOf(':');
  if (colon >= 0 && checkPassword(sha, stored, cred.substring(colon + 1))) return 0;
  if (now - st.failAt > WINDOW_MS) { st.failAt = now; st.failN = 0; }
  st.failN++;
  if (st.failN >= MAX_FAILS) { st.lockUntil = now + WINDOW_MS; st.failN = 0; }
  return 401;
}
