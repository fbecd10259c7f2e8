import test from 'node:test';
import assert from 'node:assert/strict';
import { classify, retryDelaySec, holdDelaySec, answerTable, answerRow, retryAfter, ClassifyInput } from '../../firmware/section/policy.ts';
import { retryAfterSec } from '../../firmware/section/retry-after.ts';
import { normalizeConfig } from '../../firmware/config/validate.ts';
import { compileSection } from '../../firmware/config/compile.ts';
import { lookupService } from '../../firmware/providers/catalog.ts';

// The rows are lines of one string, found by their word: only a whole word is a row.
test('answerRow: a whole word finds its row, anything else none', () => {
  const rows: [string, string | null][] = [
    // word              text of the row found (null: none)
    ['good', 'update accepted'],
    ['911', 'provider maintenance'],
    ['!donator', 'feature needs a paid account'],
    ['goo', null],
    ['goods', null],
    ['ok', null],
    ['GOOD', null],
    ['', null],
    ['good\nnochg', null],
    ['accepted', null],
    ['provider', null],
  ];
  for (const [word, text] of rows) assert.equal(answerRow(word)?.text ?? null, text, JSON.stringify(word));
  assert.deepEqual(answerRow('abuse'), { word: 'abuse', action: 'hold', holdSec: 14400, text: 'blocked for abuse' });
  assert.deepEqual(answerRow('nochg'), { word: 'nochg', action: 'ok', text: 'address was already set' });
});

test('answerTable: every dyndns2 word, as a first-line reply', () => {
  const want: [string, string, number | undefined][] = [
    // word       action   holdSec
    ['good', 'ok', undefined],
    ['nochg', 'ok', undefined],
    ['badauth', 'stop', undefined],
    ['!donator', 'stop', undefined],
    ['notfqdn', 'stop', undefined],
    ['nohost', 'stop', undefined],
    ['numhost', 'stop', undefined],
    ['!yours', 'stop', undefined],
    ['!active', 'stop', undefined],
    ['badsys', 'stop', undefined],
    ['badagent', 'stop', undefined],
    ['abuse', 'hold', 4 * 3600],
    ['dnserr', 'retry', undefined],
    ['911', 'hold', 1800]
  ];
  assert.deepEqual(answerTable().map((r) => [r.word, r.action, r.holdSec]), want);
  for (const [word, action, holdSec] of want) {
    const v = classify({ status: 200, body: word + ' 203.0.113.7\n' });
    assert.equal(v.code, word);
    assert.equal(v.action, action, word);
    assert.equal(v.holdSec, holdSec, word);
    assert.ok(v.text.length > 0);
  }
});

test('classify: table of replies', () => {
  const rows: [ClassifyInput, string, string, number | undefined][] = [
    // input                                                      code         action   holdSec
    [{ status: 200, body: 'good 1.2.3.4' }, 'good', 'ok', undefined],
    [{ status: 200, body: '  GOOD 1.2.3.4\r\n' }, 'good', 'ok', undefined],
    [{ status: 200, body: '\n\nnochg 1.2.3.4' }, 'nochg', 'ok', undefined],
    [{ status: 200, body: 'Badauth' }, 'badauth', 'stop', undefined],
    [{ status: 200, body: 'good 1.2.3.4\nbadauth' }, 'good', 'ok', undefined],   // first line only
    [{ status: 200, body: 'goodbye' }, 'badanswer', 'verify', undefined],       // a word, not a prefix
    [{ status: 500, body: '911' }, '911', 'hold', 1800],                         // word beats status
    [{ status: 401, body: 'badauth' }, 'badauth', 'stop', undefined],
    // no-ip / ddclient style wait replies
    [{ status: 200, body: 'wait 5m' }, 'wait', 'hold', 300],
    [{ status: 200, body: 'WAIT 30s' }, 'wait', 'hold', 60],                     // at least 60 s
    [{ status: 200, body: 'wait 2h' }, 'wait', 'hold', 7200],
    [{ status: 200, body: 'wait 600' }, 'wait', 'hold', 600],
    [{ status: 200, body: 'wait 10 minutes' }, 'wait', 'hold', 600],
    [{ status: 200, body: 'w5m' }, 'wait', 'hold', 300],
    [{ status: 200, body: 'w90s' }, 'wait', 'hold', 90],
    [{ status: 200, body: 'w1d' }, 'wait', 'hold', 86400],
    [{ status: 200, body: 'nochg 1.2.3.4\nwait 15m' }, 'wait', 'hold', 900],
    [{ status: 200, body: 'wait' }, 'badanswer', 'verify', undefined],
    [{ status: 200, body: 'wait a moment' }, 'badanswer', 'verify', undefined],
    // lines and words are scanned, not split (a body of many short lines or words): same verdicts
    [{ status: 200, body: '\n'.repeat(1000) + 'good 1.2.3.4' }, 'good', 'ok', undefined],
    [{ status: 200, body: 'nochg 1.2.3.4 ' + 'x '.repeat(500) + '\n' + 'a\n'.repeat(400) + 'wait 15m' }, 'wait', 'hold', 900],
    [{ status: 200, body: 'good 5.6.7.8 ' + 'y '.repeat(500) }, 'good', 'ok', undefined],
    [{ status: 200, body: '\r\n \t\r\n' }, 'badanswer', 'verify', undefined],
    [{ status: 200, body: 'www.example.com updated' }, 'badanswer', 'verify', undefined],
    // HTTP status
    [{ status: 401, body: '' }, 'badauth', 'stop', undefined],
    [{ status: 403, body: 'Forbidden' }, 'badauth', 'stop', undefined],
    [{ status: 429 }, 'http_429', 'hold', 3600],
    [{ status: 429, retryAfter: 120 }, 'http_429', 'hold', 120],
    [{ status: 429, retryAfter: 5 }, 'http_429', 'hold', 60],
    [{ status: 404, body: 'Not Found' }, 'http_404', 'stop', undefined],
    [{ status: 400 }, 'http_400', 'stop', undefined],
    [{ status: 301 }, 'http_301', 'stop', undefined],
    [{ status: 500, body: '<html>oops</html>' }, 'http_500', 'retry', undefined],
    [{ status: 503 }, 'http_503', 'retry', undefined],
    [{ status: 503, retryAfter: 900 }, 'http_503', 'hold', 900],
    [{ status: 100 }, 'http_100', 'retry', undefined],
    // network errors
    [{ err: 'timeout' }, 'timeout', 'retry', undefined],
    [{ err: 'connect' }, 'connect', 'retry', undefined],
    [{ err: 'dns', status: 200, body: 'good' }, 'dns', 'retry', undefined],
    // the provider's expected answer
    [{ status: 200, body: 'OK', expected: 'OK' }, 'ok', 'ok', undefined],
    [{ status: 200, body: 'KO', expected: 'OK' }, 'badanswer', 'retry', undefined],
    [{ status: 200, body: 'good 1.2.3.4', expected: 'good|nochg' }, 'good', 'ok', undefined],
    [{ status: 200, body: 'good 1.2.3.4', expected: 'success' }, 'badanswer', 'retry', undefined],
    [{ status: 200, body: 'nohost', expected: 'good|nochg' }, 'nohost', 'stop', undefined],
    [{ status: 200, body: '', expected: 'good' }, 'badanswer', 'retry', undefined],
    // no expected answer (a custom update_url): only a dyndns2 success word counts, anything
    // else is success only once DNS shows the address ('verify'), else badanswer
    [{ status: 200, body: 'whatever', expected: '' }, 'badanswer', 'verify', undefined],
    [{ status: 204 }, 'badanswer', 'verify', undefined],
    [{ status: 200, body: '' }, 'badanswer', 'verify', undefined],
    [{ status: 200, body: '<html><body>Welcome to nginx!</body></html>' }, 'badanswer', 'verify', undefined],
    [{ status: 200, body: 'WAT' }, 'badanswer', 'verify', undefined],
    [{ status: 200, body: '\x00\xff\x13\x89PNG\r\n' }, 'badanswer', 'verify', undefined],
    [{ status: 200, body: 'nochg' }, 'nochg', 'ok', undefined],
    // not an HTTP answer at all, or a status line without a code (the http port gives status 0)
    [{}, 'badanswer', 'retry', undefined],
    [{ status: 0, body: 'good' }, 'badanswer', 'retry', undefined],
    [{ body: 'good 203.0.113.7' }, 'badanswer', 'retry', undefined],
    // 'good <address>' is success only for the address sent
    [{ status: 200, body: 'good 203.0.113.7', ip: '203.0.113.7' }, 'good', 'ok', undefined],
    [{ status: 200, body: 'good 198.51.100.1', ip: '203.0.113.7' }, 'badanswer', 'retry', undefined],
    [{ status: 200, body: 'nochg 198.51.100.1', ip: '203.0.113.7', expected: 'good|nochg' }, 'badanswer', 'retry', undefined],
    [{ status: 200, body: 'good 2001:DB8:0::1', ip: '2001:db8::1' }, 'good', 'ok', undefined],
    [{ status: 200, body: 'good', ip: '203.0.113.7' }, 'good', 'ok', undefined],
    [{ status: 200, body: 'good somehost.example.org', ip: '203.0.113.7' }, 'good', 'ok', undefined],
    // an API provider's outcome: its word, nothing else, is the evidence
    [{ api: true, body: 'good' }, 'good', 'ok', undefined],
    [{ api: true, body: 'nochg' }, 'nochg', 'ok', undefined],
    [{ api: true, body: '' }, 'badanswer', 'retry', undefined],
    [{ api: true, status: 200, body: '' }, 'badanswer', 'retry', undefined],
    [{ api: true, body: 'updated' }, 'badanswer', 'retry', undefined],
    [{ api: true, status: 503, retryAfter: 300 }, 'http_503', 'hold', 300]
  ];
  for (const [input, code, action, holdSec] of rows) {
    const v = classify(input);
    const label = JSON.stringify(input);
    assert.equal(v.code, code, label);
    assert.equal(v.action, action, label);
    assert.equal(v.holdSec, holdSec, label);
    assert.equal(typeof v.text, 'string', label);
  }
});

test('retryDelaySec: doubling from retry_interval, capped', () => {
  const rows: [number, number, number][] = [
    // retryCount  retry_interval  delay
    [0, 60, 60],
    [1, 60, 120],
    [2, 60, 240],
    [5, 60, 1920],
    [10, 60, 57600],              // 61440 capped at max(60, 3600) * 16 = 16 h
    [100, 60, 57600],
    [0, 3600, 3600],
    [3, 3600, 28800],
    [4, 3600, 57600],
    [9, 3600, 57600],
    [0, 7200, 7200],
    [4, 7200, 86400],             // 7200 * 16 would be 32 h: never more than 24 h
    [0, 200000, 86400],
    [0, 0, 60],                   // no interval set: ddns-scripts' default 60 s
    [-3, 60, 60]
  ];
  for (const [count, interval, want] of rows) {
    assert.equal(retryDelaySec(count, interval), want, count + ' x ' + interval);
  }
});

test('holdDelaySec: what was asked, doubling per hold in a row, up to a day (or more when asked)', () => {
  const rows: [number, number, number][] = [
    // asked  holds before  hold
    [3600, 0, 3600],
    [3600, 1, 7200],
    [3600, 4, 57600],
    [3600, 5, 86400],
    [3600, 50, 86400],
    [14400, 0, 14400],
    [14400, 2, 57600],
    [14400, 3, 86400],
    [120, 3, 960],
    [60, 20, 86400],
    [200000, 0, 200000],          // a provider that asks for more than a day gets it
    [200000, 3, 200000],
    [1800, -1, 1800]
  ];
  for (const [asked, n, want] of rows) {
    assert.equal(holdDelaySec(asked, n), want, asked + ' after ' + n);
  }
});

test('retryAfterSec: delay-seconds or an HTTP date (server clock first, then the wall clock)', () => {
  const T = Date.UTC(2025, 0, 1, 12, 0, 0);
  const d = (ms: number) => new Date(ms).toUTCString();
  const rows: [string, string, number, number][] = [
    // Retry-After        Date header   wall ms   seconds
    ['', '', T, 0],
    ['120', '', 0, 120],
    [' 120 ', '', 0, 120],
    ['0', '', T, 1],
    [d(T + 900e3), d(T), 0, 900],           // the server's own clock: no wall clock needed
    [d(T + 900e3), d(T), T + 3600e3, 900],  // ... and preferred to a skewed wall clock
    [d(T + 600e3), '', T, 600],             // no Date header: the wall clock
    [d(T + 600e3), 'garbage', T, 600],
    [d(T - 600e3), d(T), 0, 1],             // a date in the past: now (policy holds at least 60 s)
    [d(T + 600e3), '', 0, 3600],            // no clock at all: an hour
    ['soon', '', T, 3600]                   // given but unreadable: an hour
  ];
  for (const [ra, date, wall, want] of rows) {
    assert.equal(retryAfterSec(ra, date, wall), want, JSON.stringify([ra, date, wall]));
  }
});

test('retryAfter: a reply\'s headers in any case (URL providers, and every API provider through the kit)', () => {
  const T = Date.UTC(2025, 0, 1, 12, 0, 0);
  const res = (headers: Record<string, string>) => ({ status: 429, headers, body: '', truncated: false });
  assert.equal(retryAfter(res({ 'retry-after': '90' }), 0), 90);
  assert.equal(retryAfter(res({ 'Retry-After': new Date(T + 900e3).toUTCString(), DATE: new Date(T).toUTCString() }), 0), 900);
  assert.equal(retryAfter(res({ 'retry-after': new Date(T + 300e3).toUTCString() }), T), 300);
  assert.equal(retryAfter(res({}), T), 0);
  assert.equal(retryAfter(res({ 'RateLimit-Reset': String(T / 1000 + 120) }), T), 120);
});

// The README's policy table: the worst case of requests a day for every answer, computed from
// the policy's own functions with the 5-minute minimum interval between two updates (decide.ts),
// for a provider that gives the same answer every time, from the first request on. "first"
// is the first day, "day" any later day.
test('policy table: worst-case requests per day of each answer', () => {
  const GAP = 300;
  function perDay(next: (n: number) => number): { first: number; day: number } {
    const at: number[] = [0];
    for (let n = 0; at[at.length - 1] < 10 * 86400; n++) { at.push(at[at.length - 1] + Math.max(GAP, next(n))); }
    const inDay = (from: number) => at.filter((t) => t >= from && t < from + 86400).length;
    let day = 0;
    for (const t of at) { if (t >= 86400 && t < 8 * 86400) { day = Math.max(day, inDay(t)); } }
    return { first: inDay(0), day };
  }
  const hold = (asked: number) => (n: number) => holdDelaySec(asked, n);
  const retry = (n: number) => retryDelaySec(n, 60);
  const rows: [string, (n: number) => number, number, number][] = [
    // answer                          next wait   first day  later days
    ['abuse', hold(14400), 3, 1],
    ['911', hold(1800), 6, 1],
    ['429 without Retry-After', hold(3600), 5, 1],
    ['429/503 Retry-After 120', hold(120), 10, 1],
    ['wait 5m', hold(300), 9, 1],
    ['retry (5xx, network, dnserr, badanswer)', retry, 11, 2]
  ];
  for (const [name, next, first, day] of rows) {
    assert.deepEqual(perDay(next), { first, day }, name);
  }
});

test('option update_interval_min (our extension): in ms, only when set (a config without it keeps its hash)', () => {
  const base = { enabled: '1', update_url: 'http://example.net/update?host=[DOMAIN]&ip=[IP]', domain: 'home.example.org' };
  const run = (opts: any) => compileSection(normalizeConfig({ service: { s: opts } }, { lookupService, board: 'esp32' }).sections[0]);
  assert.equal(run(base).gap, undefined);
  assert.equal(run(Object.assign({ update_interval_min: '60' }, base)).gap, 60000);
  assert.equal(run(Object.assign({ update_interval_min: '0' }, base)).gap, 0);
  assert.equal(run(Object.assign({ update_interval_min: '999999' }, base)).gap, 86400000);
  assert.equal(run(Object.assign({ update_interval_min: 'soon' }, base)).gap, undefined, 'not an integer: refused by the validator');
});

test('option answer (our extension): the expected answer of a custom update_url', () => {
  const base = { enabled: '1', update_url: 'http://example.net/update?host=[DOMAIN]&ip=[IP]', domain: 'home.example.org' };
  const run = (opts: any) => compileSection(normalizeConfig({ service: { s: opts } }, { lookupService, board: 'esp32' }).sections[0]);
  assert.equal(run(Object.assign({ answer: 'OK|updated' }, base)).answer, 'OK|updated');
  assert.equal(run(base).answer, '');
  // a provider's own answer wins, as service_name wins over update_url
  assert.equal(run({ enabled: '1', service_name: 'duckdns.org', domain: 'home', password: 't', answer: 'anything' }).answer, 'OK');
  // a catalog provider without an answer of its own takes the option
  assert.equal(run({ enabled: '1', service_name: 'dynu.com', domain: 'home', username: 'u', password: 'p', answer: 'good' }).answer, 'good');
});
