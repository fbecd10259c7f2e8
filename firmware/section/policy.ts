// The one place that turns a provider's answer into what happens next (like inadyn): ok,
// retry with back-off, hold for a while, or stop the section until its config changes.
// ddns-scripts only knows match / no match and retries at a fixed interval; providers ban
// clients that keep sending after 'badauth' or 'abuse', so every answer gets a row here.
// Success is positive evidence only: a dyndns2 success word (for the address sent), the
// expected answer (the catalog's, or the option answer of a custom update_url), an API
// provider's word; a 2xx answer without any of these is success only once DNS shows the
// address ('verify', pass.ts), anything else is 'badanswer'. The README's policy table
// states what each answer costs a day.
//
// On the board classify and retryAfter are the Storage module ddns.policy (policy-module.ts,
// loaded for the moment an answer is judged); ddns.pass has its own copies of the small
// retryDelaySec and holdDelaySec, which it needs at other times too.

import { matchesAnswer, indexOfStr } from '../core/text';
import { parseIPv4, parseIPv6 } from '../core/ip';
import { HttpResponse } from '../core/ports';
import { canon } from './decide';

export type Action = 'ok' | 'retry' | 'stop' | 'hold' | 'verify';

export interface AnswerRow {
  word: string;
  action: Action;
  holdSec?: number;
  text: string;
}

// dyndns2 return codes (also no-ip, dynu, spdyn, ... and most 'good|nochg' providers), matched
// against the first word of the reply's first line, ignoring case: one line each, 'word action
// holdSec text'. One string, not a table of objects: its 14 rows as objects took about 120
// variable blocks each time an answer was judged (on top of the reply), the string about 45, and
// only while a word is looked up (made by each call, not kept while the module is loaded).
// A hold row's holdSec is the first hold; holds in a row double (holdDelaySec).
function answers(): string {
  return '\ngood ok 0 update accepted' +
    '\nnochg ok 0 address was already set' +
    '\nbadauth stop 0 bad username or password' +
    '\n!donator stop 0 feature needs a paid account' +
    '\nnotfqdn stop 0 domain is not a fully qualified host name' +
    '\nnohost stop 0 host name does not exist in this account' +
    '\nnumhost stop 0 too many host names in one update' +
    '\n!yours stop 0 host name belongs to another account' +
    '\n!active stop 0 host name is not active' +
    '\nbadsys stop 0 invalid system parameter' +
    '\nbadagent stop 0 client blocked by provider (user agent)' +
    '\nabuse hold 14400 blocked for abuse' +
    '\ndnserr retry 0 provider DNS error' +
    '\n911 hold 1800 provider maintenance';
}

// The row whose line of t (answers()) starts at i (just past its '\n').
function rowAt(t: string, i: number): AnswerRow {
  var e = t.indexOf('\n', i);
  var line = t.substring(i, e < 0 ? t.length : e);
  var a = line.indexOf(' ');
  var b = line.indexOf(' ', a + 1);
  var c = line.indexOf(' ', b + 1);
  var row: AnswerRow = { word: line.substring(0, a), action: line.substring(a + 1, b) as Action, text: line.substring(c + 1) };
  var hold = parseInt(line.substring(b + 1, c), 10);
  if (hold) row.holdSec = hold;
  return row;
}

/** The row for a dyndns2 answer word (lowercase), or null. */
export function answerRow(word: string): AnswerRow | null {
  if (!word || word.indexOf('\n') >= 0) return null;
  var t = answers();
  var at = indexOfStr(t, '\n' + word + ' ', 0);
  return at < 0 ? null : rowAt(t, at + 1);
}

/** Every row, in order (the README's table, tests). */
export function answerTable(): AnswerRow[] {
  var out: AnswerRow[] = [];
  var t = answers();
  for (var i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) out.push(rowAt(t, i + 1));
  return out;
}

export interface ClassifyInput {
  status?: number;
  body?: string;
  /** network error code from the http port: 'timeout', 'connect', 'dns', ... */
  err?: string;
  /** Retry-After header, already in seconds (retryAfterSec) */
  retryAfter?: number;
  /** the expected answer ('good|nochg'); empty or absent: only a dyndns2 success word counts */
  expected?: string;
  /** the address sent: 'good <another address>' is not success */
  ip?: string;
  /** an API provider's outcome: body is its word, a status is optional, nothing is verified */
  api?: boolean;
}

export interface Verdict {
  code: string;
  action: Action;
  holdSec?: number;
  text: string;
}

// Classifies one update attempt. Order: network error (retry); a dyndns2 error word on the
// first line (its row); a wait reply (hold as asked); the HTTP status (401/403 stop as
// badauth, 429 hold for Retry-After or 1 h, 5xx retry or hold for Retry-After, 3xx/4xx stop,
// none: not an HTTP answer, badanswer); then the evidence of success: the expected answer if
// there is one, else a dyndns2 success word ('good'/'nochg' naming another address is
// badanswer); an API outcome without it is badanswer, a URL answer without it is 'verify'.
export function classify(input: ClassifyInput): Verdict {
  // (helpers nested here: created while a reply is classified, not kept at module level)
  // Holds are at least a minute (a 'wait 0s' must not become a tight loop) and at most a week.
  var MIN_HOLD = 60;
  var MAX_HOLD = 7 * 86400;

  // A hold length kept inside [MIN_HOLD, MAX_HOLD].
  function clampHold(sec: number): number {
    if (!(sec >= MIN_HOLD)) { return MIN_HOLD; }
    return sec > MAX_HOLD ? MAX_HOLD : Math.floor(sec);
  }

  // True for space, tab, CR, LF.
  function isSpace(c: number): boolean {
    return c === 32 || c === 9 || c === 13 || c === 10;
  }

  // The first three whitespace-separated words of the line of body that starts at i, lowercased
  // and cut to 64 chars (no more are ever read). Lines and words are scanned, not split: a 1 KB
  // answer of a thousand short lines or words would cost two variable blocks for each in an array.
  function wordsAt(body: string, i: number): string[] {
    const out: string[] = [];
    let e = body.indexOf('\n', i);
    if (e < 0) { e = body.length; }
    while (i < e && out.length < 3) {
      while (i < e && isSpace(body.charCodeAt(i))) { i++; }
      let j = i;
      while (j < e && !isSpace(body.charCodeAt(j))) { j++; }
      // (a word is kept to its first 64 chars: the longest one read is an IPv6 address, and a
      // 1 KB word copied and lowercased took about 150 variable blocks)
      if (j > i) { out.push(body.substring(i, Math.min(j, i + 64)).toLowerCase()); }
      i = j;
    }
    return out;
  }

  // Where the line after the one starting at i starts (past the end of body after the last).
  function nextLine(body: string, i: number): number {
    const e = body.indexOf('\n', i);
    return e < 0 ? body.length + 1 : e + 1;
  }

  // The words of the first non-blank line, lowercased ([] for an empty body).
  function firstWords(body: string): string[] {
    for (let i = 0; i <= body.length; i = nextLine(body, i)) {
      const w = wordsAt(body, i);
      if (w.length > 0) { return w; }
    }
    return [];
  }

  // Seconds per unit from the first letter of a unit word (s, m, h, d; none = seconds), or -1.
  function unitScale(u: string): number {
    const c = u.charAt(0);
    if (c === '' || c === 's') { return 1; }
    if (c === 'm') { return 60; }
    if (c === 'h') { return 3600; }
    if (c === 'd') { return 86400; }
    return -1;
  }

  // A duration like '30s', '5m', '2h', '300', or '5' + 'minutes' in the next word, to seconds;
  // -1 when it is not one.
  function durationSec(tok: string, next: string): number {
    let i = 0;
    let v = 0;
    while (i < tok.length && tok.charCodeAt(i) >= 48 && tok.charCodeAt(i) <= 57) {
      v = v * 10 + (tok.charCodeAt(i) - 48);
      i++;
    }
    if (i === 0) { return -1; }
    let unit = tok.substring(i);
    if (unit === '' && next !== '' && unitScale(next) > 1) { unit = next; }
    const scale = unitScale(unit);
    return scale < 0 ? -1 : v * scale;
  }

  // Seconds a 'wait' reply asks for, or -1: a line starting with 'wait 5m' / 'wait 30s' /
  // 'wait 2h', or ddclient's short form 'w5m' (its /w(\d+)(.)/ on the status word).
  function waitSec(body: string): number {
    for (let i = 0; i <= body.length; i = nextLine(body, i)) {
      const w = wordsAt(body, i);
      if (w.length === 0) { continue; }
      if (w[0] === 'wait' && w.length > 1) {
        const d = durationSec(w[1], w.length > 2 ? w[2] : '');
        if (d >= 0) { return d; }
      } else if (w[0].charAt(0) === 'w') {
        const d2 = durationSec(w[0].substring(1), '');
        if (d2 >= 0) { return d2; }
      }
    }
    return -1;
  }

  // A retry as 'badanswer' (the answer proves nothing).
  function bad(text: string): Verdict {
    return { code: 'badanswer', action: 'retry', text: text };
  }

  if (input.err) {
    return { code: input.err, action: 'retry', text: 'network error: ' + input.err };
  }
  const body = input.body || '';
  const first = firstWords(body);
  const word = first.length ? first[0] : '';
  const row = answerRow(word);
  if (row && row.action !== 'ok') {
    const v: Verdict = { code: row.word, action: row.action, text: row.text };
    if (row.holdSec) { v.holdSec = row.holdSec; }
    return v;
  }
  const wait = waitSec(body);
  if (wait >= 0) {
    const sec = clampHold(wait);
    return { code: 'wait', action: 'hold', holdSec: sec, text: 'provider asks to wait ' + sec + ' s' };
  }
  const st = input.status;
  const after = input.retryAfter !== undefined && input.retryAfter > 0 ? input.retryAfter : 0;
  if (typeof st === 'number' && st > 0) {
    if (st === 401 || st === 403) {
      return { code: 'badauth', action: 'stop', text: 'HTTP ' + st + ': credentials refused' };
    }
    if (st === 429) {
      return { code: 'http_429', action: 'hold', holdSec: clampHold(after > 0 ? after : 3600), text: 'HTTP 429: rate limited' };
    }
    if (st >= 500) {
      if (after > 0) {
        return { code: 'http_' + st, action: 'hold', holdSec: clampHold(after), text: 'HTTP ' + st + ': server asks to wait' };
      }
      return { code: 'http_' + st, action: 'retry', text: 'HTTP ' + st + ': server error' };
    }
    if (st >= 400) {
      return { code: 'http_' + st, action: 'stop', text: 'HTTP ' + st + ': request refused, check update_url' };
    }
    if (st >= 300) {
      return { code: 'http_' + st, action: 'stop', text: 'HTTP ' + st + ': redirected, check update_url / use_https' };
    }
    if (st < 200) {
      return { code: 'http_' + st, action: 'retry', text: 'HTTP ' + st + ': unexpected status' };
    }
  } else if (!input.api) {
    return bad('not an HTTP answer');
  }
  // a 2xx answer (or an API outcome): success needs evidence
  const exp = input.expected;
  if (exp ? matchesAnswer(body, exp) : row) {
    const other = row && first.length > 1 && input.ip ? parseIPv4(first[1]) || parseIPv6(first[1]) : null;
    if (other && other !== canon(input.ip!)) { return bad('the provider set ' + other + ', not ' + input.ip); }
    return row ? { code: row.word, action: 'ok', text: row.text } : { code: 'ok', action: 'ok', text: 'update accepted' };
  }
  if (exp) { return bad('answer does not match \'' + exp + '\''); }
  if (input.api) { return bad('no known answer'); }
  return { code: 'badanswer', action: 'verify', text: 'answer not understood' };
}

// n doublings of base (fewer once it reaches cap), at most cap.
function doubled(base: number, n: number, cap: number): number {
  let d = base;
  while (n > 0 && d < cap) {
    d = d * 2;
    n--;
  }
  return d < cap ? d : cap;
}

// Seconds before retry number retryCount + 1 (retryCount = retries already made). ddns-scripts
// waits a fixed retry_interval every time; here it doubles from retry_interval per attempt, up
// to max(retry_interval, 1 h) * 16 and never more than 24 h, so a provider that is down is not
// hammered and a device that is offline for days settles to a few requests a day.
export function retryDelaySec(retryCount: number, retryIntervalSec: number): number {
  const base = retryIntervalSec > 0 ? retryIntervalSec : 60;
  const capA = (base > 3600 ? base : 3600) * 16;
  return doubled(base, retryCount > 0 ? Math.floor(retryCount) : 0, capA < 86400 ? capA : 86400);
}

// Seconds of a hold when holdsBefore holds came in a row before it (reset by a success): what
// the provider asked (or the row's hold), doubling per hold in a row, up to a day; a provider
// asking for more than a day gets what it asked. So a provider that keeps answering 'abuse',
// '911', 'wait' or 429/503 with Retry-After costs a few requests on the first day and one a
// day after (README, policy table).
export function holdDelaySec(askedSec: number, holdsBefore: number): number {
  return doubled(askedSec, holdsBefore > 0 ? holdsBefore : 0, askedSec > 86400 ? askedSec : 86400);
}

// The seconds a reply asks to wait (Retry-After as seconds or an HTTP date, RateLimit-Reset): the
// same reading as the API providers'.
export { retryAfter } from '../providers/kit/common';

/** What the module ddns.policy gives the engine to judge one answer. */
export interface PolicyLib {
  classify: (input: ClassifyInput) => Verdict;
  retryAfter: (res: HttpResponse, wallMs: number) => number;
}
