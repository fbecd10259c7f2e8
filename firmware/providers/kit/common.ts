// What the JSON API providers share: one request wrapper (headers, watchdog, body cap), reading
// small replies, the address compare and the mapping of a failed HTTP reply to the words
// policy.ts knows. Kept tiny: every provider module that imports it carries its own copy.

import { Dict, HttpResponse } from '../../core/ports';
import { parseIPv4, parseIPv6 } from '../../core/ip';
import { ApiContext, ApiResult } from '../types';
import { retryAfterSec } from '../../section/retry-after';

/** One API call: everything but the common headers. */
export interface Call {
  method: string;
  url: string;
  headers?: Dict<string>;
  body?: string;
  /** reply cap; API replies asked for one record are far below the 2048 default */
  maxBytes?: number;
}

// Every provider sends the same User-Agent and Accept, a JSON Content-Type with a body, and
// the same watchdog; the body cap keeps a surprising reply from filling the board's RAM.
export function call(ctx: ApiContext, c: Call, cb: (err: string | null, res?: HttpResponse) => void): void {
  var h: Dict<string> = { 'User-Agent': ctx.userAgent, Accept: 'application/json' };
  var k: string;
  for (k in c.headers || {}) h[k] = (c.headers as Dict<string>)[k];
  if (c.body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
  ctx.http.request({ url: c.url, method: c.method, headers: h, body: c.body, timeoutMs: 20000,
    maxBytes: c.maxBytes || 2048 }, cb);
}

// The option api_url (our extension, for tests against local fakes) replaces the provider's
// API base; a trailing '/' is dropped so paths can be appended as they are.
export function apiBase(ctx: ApiContext, dflt: string): string {
  var u = ctx.opts.api_url || dflt;
  while (u.length > 0 && u.charAt(u.length - 1) === '/') u = u.substring(0, u.length - 1);
  return u;
}

// The record type the section updates.
export function rrType(ctx: ApiContext): string {
  return ctx.ipv6 ? 'AAAA' : 'A';
}

// Response header by name, whatever case the server (Espruino keeps it) or Node (lowercases)
// gives it.
export function header(res: HttpResponse, name: string): string {
  var want = name.toLowerCase();
  var k: string;
  for (k in res.headers || {}) if (k.toLowerCase() === want) return String(res.headers[k]);
  return '';
}

// A reply body as JSON, or null when it was cut or is not JSON: a cut body is never parsed.
export function json(res: HttpResponse): any {
  if (res.truncated || !res.body) return null;
  try { return JSON.parse(res.body); } catch (e) { return null; }
}

// True when two address texts are the same address (a provider may store '2001:DB8:0::1').
export function sameIp(a: any, b: string, ipv6: boolean): boolean {
  if (typeof a !== 'string') return false;
  var x = ipv6 ? parseIPv6(a) : parseIPv4(a);
  return x !== null && x === (ipv6 ? parseIPv6(b) : parseIPv4(b));
}

// Seconds to wait after a 429: Retry-After (seconds, or an HTTP date counted from the reply's Date
// header, else from the wall clock when it is set; retryAfterSec), else a RateLimit-Reset epoch
// (DigitalOcean, Hetzner) against the wall clock. 0 when unknown (policy then holds for an hour).
export function retryAfter(res: HttpResponse, wallMs: number): number {
  var ra = retryAfterSec(header(res, 'Retry-After'), header(res, 'Date'), wallMs);
  if (ra > 0) return ra;
  var reset = parseInt(header(res, 'RateLimit-Reset'), 10);
  if (reset > 0 && wallMs > 0) {
    var d = Math.ceil(reset - wallMs / 1000);
    if (d > 0) return d;
  }
  return 0;
}

// The provider's own words for a failure, from the JSON error shapes in use: {message},
// {error: {message}} or {error: 'text'}; cut short for the log line.
export function errorText(res: HttpResponse): string {
  var j = res.body && res.body.length <= 1024 ? json(res) : null;
  var m = '';
  if (j && typeof j === 'object') {
    if (typeof j.message === 'string') m = j.message;
    else if (j.error && typeof j.error.message === 'string') m = j.error.message;
    else if (typeof j.error === 'string') m = j.error;
  }
  return m.length > 120 ? m.substring(0, 120) : m;
}

// A failed reply in policy words: 401/403 badauth, 404 nohost, 429 hold (with its wait), any
// other status as is (5xx retry, other 4xx stop). `what` names the step for the user.
export function failure(res: HttpResponse, what: string, wallMs: number, detail?: string): ApiResult {
  var st = res.status;
  var d = detail !== undefined ? detail : errorText(res);
  var text = what + ': HTTP ' + st + (d ? ' (' + d + ')' : '');
  if (st === 401 || st === 403) return { word: 'badauth', status: st, text: text };
  if (st === 404) return { word: 'nohost', status: st, text: text };
  if (st === 429) return { status: 429, retryAfter: retryAfter(res, wallMs), text: text };
  return { status: st, text: text };
}

// A network error (timeout, refused, dns, ...) in ApiResult form: policy retries it.
export function netError(err: string, what: string): ApiResult {
  return { err: err, text: what + ': ' + err };
}

// A 2xx reply we cannot read (cut by maxBytes or not JSON): retried as a provider error.
export function unreadable(res: HttpResponse, what: string): ApiResult {
  return { word: 'dnserr', status: res.status,
    text: what + ': ' + (res.truncated ? 'reply too large' : 'reply not understood') };
}

// One step of a provider: the call, then next(res) on a 2xx reply; a network error or any other
// status ends the update here, in policy words (cb is the update's one callback).
export function step(ctx: ApiContext, c: Call, what: string, cb: (res: ApiResult) => void,
                     next: (res: HttpResponse) => void): void {
  call(ctx, c, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', what)); return; }
    if (res.status < 200 || res.status > 299) { cb(failure(res, what, ctx.clock.wallMs())); return; }
    next(res);
  });
}
