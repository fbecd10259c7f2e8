import test from 'node:test';
import assert from 'node:assert/strict';
import { classify, retryDelaySec, ANSWER_TABLE, ClassifyInput } from '../../firmware/section/policy.ts';

test('ANSWER_TABLE: every dyndns2 word, as a first-line reply', () => {
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
    ['abuse', 'hold', 3600],
    ['dnserr', 'retry', undefined],
    ['911', 'hold', 1800]
  ];
  assert.deepEqual(ANSWER_TABLE.map((r) => [r.word, r.action, r.holdSec]), want);
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
    [{ status: 200, body: 'goodbye' }, 'ok', 'ok', undefined],                  // a word, not a prefix
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
    [{ status: 200, body: 'wait' }, 'ok', 'ok', undefined],
    [{ status: 200, body: 'wait a moment' }, 'ok', 'ok', undefined],
    [{ status: 200, body: 'www.example.com updated' }, 'ok', 'ok', undefined],
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
    [{ status: 200, body: 'whatever', expected: '' }, 'ok', 'ok', undefined],
    [{ status: 204 }, 'ok', 'ok', undefined],
    [{}, 'ok', 'ok', undefined]
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
