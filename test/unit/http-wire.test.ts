// The HTTP client's wire code (firmware/http/wire.ts): the request text, and the reply reader fed
// as a socket would feed it - whole, split at every byte, in two pieces at every point - with
// its head and body bounds, framing by Content-Length, chunks or close, and its errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { requestText, replyReader, MAX_HEAD, HEAD_LINE } from '../../firmware/http/wire';
import { splitUrl } from '../../firmware/http/url';
import { parseProxy } from '../../firmware/http/proxy';
import { HttpRequest, HttpResponse } from '../../firmware/core/ports';

function req(r: HttpRequest, proxy?: string): string {
  return requestText(r, splitUrl(r.url)!, proxy ? parseProxy(proxy) : null);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('request: request line, the caller\'s headers once, Host without a default port, Connection: close', () => {
  assert.equal(req({ url: 'https://api.example.com/v1/x?a=1#frag', headers: { 'User-Agent': 'esp32-ddns/1', Accept: '*/*' } }),
    'GET /v1/x?a=1 HTTP/1.1\r\nUser-Agent: esp32-ddns/1\r\nAccept: */*\r\nHost: api.example.com\r\nConnection: close\r\n\r\n');
  assert.equal(req({ url: 'http://h.example/' }), 'GET / HTTP/1.1\r\nHost: h.example\r\nConnection: close\r\n\r\n');
  assert.match(req({ url: 'http://h.example:8080/' }), /\r\nHost: h\.example:8080\r\n/);
  assert.match(req({ url: 'https://h.example:8443/' }), /\r\nHost: h\.example:8443\r\n/);
  assert.match(req({ url: 'https://h.example:80/' }), /\r\nHost: h\.example:80\r\n/);
  assert.match(req({ url: 'http://[2001:db8::1]:81/' }), /\r\nHost: \[2001:db8::1\]:81\r\n/);
});

test('request: a Host or Authorization of the caller (any case) is the only one', () => {
  const t = req({ url: 'https://u:p@h.example/', headers: { host: 'other.example', AUTHORIZATION: 'Bearer x' } });
  assert.equal((t.match(/^host:/gim) || []).length, 1);
  assert.match(t, /\r\nhost: other\.example\r\n/);
  assert.equal((t.match(/^authorization:/gim) || []).length, 1);
  assert.match(t, /\r\nAUTHORIZATION: Bearer x\r\n/);
  assert.doesNotMatch(req({ url: 'http://h.example/', headers: { 'X-Forwarded-Host': 'a' } }), /\r\nHost: a/);
  assert.match(req({ url: 'http://h.example/', headers: { 'X-Forwarded-Host': 'a' } }), /\r\nHost: h\.example\r\n/);
});

test('request: user:pass@ in the URL is Basic auth (decoded, UTF-8), a body has its Content-Length', () => {
  assert.match(req({ url: 'http://us%40er:p%3Ass@h.example/' }), new RegExp('\\r\\nAuthorization: Basic ' + b64('us@er:p:ss') + '\\r\\n'));
  assert.match(req({ url: 'http://tok@h.example/' }), new RegExp('Authorization: Basic ' + b64('tok:')));
  const t = req({ url: 'http://h.example/api', method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
  assert.equal(t, 'PUT /api HTTP/1.1\r\nContent-Type: application/json\r\nHost: h.example\r\nContent-Length: 7\r\n' +
    'Connection: close\r\n\r\n{"a":1}');
  assert.match(req({ url: 'http://h.example/', method: 'POST', body: '' }), /\r\nContent-Length: 0\r\n/);
});

test('request: through the proxy the absolute URL, the target as Host, Proxy-Authorization', () => {
  const t = req({ url: 'http://u:p@h.example:8080/nic/update?x=1', headers: { 'User-Agent': 'a' } }, 'pu:pp@10.0.0.1:3128');
  assert.equal(t, 'GET http://h.example:8080/nic/update?x=1 HTTP/1.1\r\nUser-Agent: a\r\nHost: h.example:8080\r\n' +
    'Authorization: Basic ' + b64('u:p') + '\r\nProxy-Authorization: Basic ' + b64('pu:pp') + '\r\nConnection: close\r\n\r\n');
  assert.doesNotMatch(req({ url: 'http://h.example/' }, '10.0.0.1:3128'), /Proxy-Authorization/);
});

// ------------------------------------------------------------------ the reply reader

interface Outcome { r: string; res: HttpResponse; fed: number; }

/** Feeds pieces in order, then (unless the reader finished) the close; fed: pieces used. */
function run(pieces: string[], max = 4096, noBody = false, close = true): Outcome {
  const res: HttpResponse = { status: 0, headers: {}, body: '', truncated: false };
  const read = replyReader(res, max, noBody);
  let fed = 0;
  for (const p of pieces) {
    fed++;
    const r = read(p);
    if (r) return { r, res, fed };
  }
  return { r: close ? read() : '', res, fed };
}

const bytes = (s: string) => s.split('');
const twoWays = (s: string) => {
  const out: string[][] = [];
  for (let i = 1; i < s.length; i++) out.push([s.slice(0, i), s.slice(i)]);
  return out;
};

const HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n';
const CASES: Array<{ name: string; wire: string; r: string; status?: number; body?: string; truncated?: boolean;
  headers?: Record<string, string>; max?: number; noBody?: boolean }> = [
  { name: 'content-length', wire: HEAD + 'Content-Length: 5\r\n\r\ngood 198.51.100.1', r: 'ok', status: 200, body: 'good ' },
  { name: 'content-length 0', wire: HEAD + 'Content-Length: 0\r\n\r\n', r: 'ok', body: '' },
  { name: 'chunked, extensions, trailers', wire: HEAD + 'Transfer-Encoding: chunked\r\n\r\n5\r\ngood \r\nD;x=1\r\n198.51.100.10\r\n0\r\nX-T: 1\r\n\r\n',
    r: 'ok', body: 'good 198.51.100.10' },
  { name: 'chunked wins over a length', wire: HEAD + 'Content-Length: 2\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n', r: 'ok', body: 'abc' },
  { name: 'gzip, chunked', wire: HEAD + 'Transfer-Encoding: gzip, chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n', r: 'ok', body: 'z' },
  { name: 'close-delimited', wire: 'HTTP/1.0 200 OK\r\n\r\nnochg 1.2.3.4\n', r: 'ok', body: 'nochg 1.2.3.4\n' },
  { name: 'bare LF line ends', wire: 'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic\nDate: Sun, 06 Dec 2026 20:00:00 GMT\nContent-Length: 7\n\nbadauth',
    r: 'ok', status: 401, body: 'badauth', headers: { Date: 'Sun, 06 Dec 2026 20:00:00 GMT' } },
  { name: 'only the headers read are kept, as received, the first of a name in any case, values trimmed',
    wire: 'HTTP/1.1 429 Too Many\r\nRetry-After:  900 \r\nretry-after: 1\r\nX-Empty:\r\nno colon\r\nX-Date: 2\r\nRATELIMIT-RESET: 30\r\n' +
      'SID: uuid:1\r\ntimeout: Second-1800\r\ndate: x\r\nContent-Length: 0\r\n\r\n',
    r: 'ok', status: 429, headers: { 'Retry-After': '900', 'RATELIMIT-RESET': '30', SID: 'uuid:1', timeout: 'Second-1800', date: 'x' } },
  { name: 'no reason phrase', wire: 'HTTP/1.1 204\r\n\r\n', r: 'ok', status: 204, body: '' },
  { name: '204 and 304 have no body', wire: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n', r: 'ok', status: 304, body: '' },
  { name: 'HEAD has no body', wire: HEAD + 'Content-Length: 10\r\n\r\n', noBody: true, r: 'ok', body: '' },
  { name: 'body over max: cut, truncated', wire: HEAD + 'Content-Length: 20\r\n\r\n0123456789abcdefghij', max: 8, r: 'ok', body: '01234567', truncated: true },
  { name: 'chunked body over max', wire: HEAD + 'Transfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n6\r\n6789ab\r\n0\r\n\r\n', max: 8, r: 'ok',
    body: '01234567', truncated: true },
  { name: 'close-delimited body over max', wire: 'HTTP/1.1 200 OK\r\n\r\n0123456789', max: 4, r: 'ok', body: '0123', truncated: true },
  { name: 'exactly max is not truncated', wire: HEAD + 'Content-Length: 4\r\n\r\nabcd', max: 4, r: 'ok', body: 'abcd', truncated: false },
  { name: 'not HTTP', wire: 'SSH-2.0-OpenSSH_9.6\r\n', r: 'badreply' },
  { name: 'no status code', wire: 'HTTP/1.1 OK\r\n\r\n', r: 'badreply' },
  { name: 'a two-digit status', wire: 'HTTP/1.1 20 OK\r\n\r\n', r: 'badreply' },
  { name: 'no space at all', wire: 'HTTP/1.1\r\n\r\n', r: 'badreply' },
  { name: 'an empty first line', wire: '\r\nHTTP/1.1 200 OK\r\n\r\n', r: 'badreply' },
  { name: 'a bad length', wire: HEAD + 'Content-Length: -1\r\n\r\n', r: 'badreply' },
  { name: 'a length that is not a number', wire: HEAD + 'Content-Length: many\r\n\r\nabc', r: 'badreply' },
  { name: 'a bad chunk size', wire: HEAD + 'Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n', r: 'badreply' },
  { name: 'an endless chunk size line', wire: HEAD + 'Transfer-Encoding: chunked\r\n\r\n1' + ';'.repeat(300), r: 'badreply' },
  { name: 'closed before any byte', wire: '', r: 'closed' },
  { name: 'closed in the head', wire: 'HTTP/1.1 200 OK\r\nContent-Le', r: 'closed' },
  { name: 'closed before the length was in', wire: HEAD + 'Content-Length: 10\r\n\r\nabc', r: 'closed' },
  { name: 'closed before the last chunk', wire: HEAD + 'Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n', r: 'closed' },
  { name: 'closed in a chunk', wire: HEAD + 'Transfer-Encoding: chunked\r\n\r\n9\r\nabc', r: 'closed' },
];

for (const c of CASES) {
  test(`reply: ${c.name} -> ${c.r} (whole, byte by byte, in two pieces at every point)`, () => {
    const ways: string[][] = [[c.wire], bytes(c.wire), ...twoWays(c.wire)];
    for (const pieces of ways) {
      const o = run(pieces, c.max, c.noBody);
      const how = `${pieces.length} pieces, first ${JSON.stringify(pieces[0])}`;
      assert.equal(o.r, c.r, how);
      if (c.status !== undefined) assert.equal(o.res.status, c.status, how);
      if (c.body !== undefined) assert.equal(o.res.body, c.body, how);
      if (c.truncated !== undefined) assert.equal(o.res.truncated, c.truncated, how);
      if (c.headers) assert.deepEqual(o.res.headers, c.headers, how);
    }
  });
}

test('reply: complete as soon as the length is in; what follows is never read', () => {
  const wire = HEAD + 'Content-Length: 4\r\n\r\ngood';
  const o = run([wire + 'EXTRA', 'more'], 4096, false, false);
  assert.deepEqual([o.r, o.fed, o.res.body], ['ok', 1, 'good']);
  const b = run([HEAD + 'Content-Length: 4\r\n\r\n', 'go', 'od', 'late'], 4096, false, false);
  assert.deepEqual([b.r, b.fed, b.res.body], ['ok', 3, 'good']);
});

test('reply: a body over max ends the reply at max, with no need to wait for the rest', () => {
  const o = run([HEAD + 'Content-Length: 999999999\r\n\r\n', 'x'.repeat(1000), 'x'.repeat(1000), 'x'.repeat(1000)], 1500, false, false);
  assert.deepEqual([o.r, o.fed, o.res.body.length, o.res.truncated], ['ok', 3, 1500, true]);
});

test(`reply: the head is bounded while it arrives: ${MAX_HEAD} bytes pass, one more is toobig`, () => {
  const head = (n: number) => {
    const start = 'HTTP/1.1 200 OK\r\nX-Pad: ';
    return start + 'a'.repeat(n - start.length - 4) + '\r\n\r\n';
  };
  assert.equal(head(MAX_HEAD).length, MAX_HEAD);
  assert.equal(run([head(MAX_HEAD)]).r, 'ok');
  assert.equal(run(bytes(head(MAX_HEAD))).r, 'ok');
  assert.equal(run([head(MAX_HEAD + 1)]).r, 'toobig');
  assert.equal(run(bytes(head(MAX_HEAD + 1))).r, 'toobig');
  // an endless header, in lines or as one line without an end: stops within the first piece past the cap
  const lines = run(['HTTP/1.1 200 OK\r\n', ...Array(100).fill('X-Pad: ' + 'a'.repeat(90) + '\r\n')], 4096, false, false);
  assert.equal(lines.r, 'toobig');
  assert.ok(lines.fed <= Math.ceil(MAX_HEAD / 99) + 2, `read ${lines.fed} pieces`);
  const one = run(['HTTP/1.1 200 OK\r\nX: ', ...Array(100).fill('b'.repeat(100))], 4096, false, false);
  assert.equal(one.r, 'toobig');
  assert.ok(one.fed <= MAX_HEAD / 100 + 2, `read ${one.fed} pieces`);
  // one huge piece: refused without taking it into the head
  assert.equal(run(['HTTP/1.1 200 OK\r\nX: ' + 'c'.repeat(1 << 20)], 4096, false, false).r, 'toobig');
});

test('reply: an endless stream of empty chunk lines keeps nothing', () => {
  const o = run([HEAD + 'Transfer-Encoding: chunked\r\n\r\n', ...Array(1000).fill('\r\n')], 4096, false, false);
  assert.deepEqual([o.r, o.res.body], ['', '']);
});

test('reply: headers not read are not kept, whatever their number; the framing is still read from them', () => {
  let wire = 'HTTP/1.1 200 OK\r\n';
  for (let i = 0; i < 200; i++) wire += `h${i}:v\r\nDATE: ${i}\r\n`;
  const o = run([wire + 'Content-Length: 2\r\n\r\nok']);
  assert.equal(o.r, 'ok');
  assert.deepEqual(o.res.headers, { DATE: '0' });
  assert.equal(o.res.body, 'ok');
});

test(`reply: a head line keeps its first ${HEAD_LINE} bytes; the rest counts against the head`, () => {
  const long = 'Retry-After: 12' + ' '.repeat(HEAD_LINE) + 'x';
  for (const pieces of [[`HTTP/1.1 503 No\r\n${long}\r\nContent-Length: 0\r\n\r\n`], bytes(`HTTP/1.1 503 No\r\n${long}\r\nContent-Length: 0\r\n\r\n`)]) {
    const o = run(pieces);
    assert.deepEqual([o.r, o.res.status, o.res.headers], ['ok', 503, { 'Retry-After': '12' }]);
  }
  // the status line too: its code is at its start
  assert.equal(run([`HTTP/1.1 200 ${'r'.repeat(2 * HEAD_LINE)}\r\nContent-Length: 1\r\n\r\nz`]).res.body, 'z');
  // a long line still counts in full against MAX_HEAD
  assert.equal(run([`HTTP/1.1 200 OK\r\nX: ${'p'.repeat(MAX_HEAD)}\r\n\r\n`]).r, 'toobig');
});

test('reply: a body in 1-byte pieces and 1-byte chunks is read whole', () => {
  const body = 'good 198.51.100.10 ' + 'z'.repeat(300);
  assert.equal(run([HEAD + `Content-Length: ${body.length}\r\n\r\n`, ...bytes(body)]).res.body, body);
  const chunks = body.split('').map((ch) => `1\r\n${ch}\r\n`).join('');
  assert.equal(run([HEAD + 'Transfer-Encoding: chunked\r\n\r\n', chunks + '0\r\n\r\n']).res.body, body);
});
