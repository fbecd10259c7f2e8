import test from 'node:test';
import assert from 'node:assert/strict';
import {
  urlEncode, fillTemplate, placeholdersIn, upgradeHttps, splitUrl, basicAuth, percentDecode,
  toUtf8Bytes
} from '../../firmware/http/url.ts';
import { utf8 } from '../../firmware/core/text.ts';

test('urlEncode: all but A-Z a-z 0-9 - _ . ~ as %XX', () => {
  const rows: [string, string][] = [
    ['abcXYZ019', 'abcXYZ019'],
    ['-_.~', '-_.~'],
    ['a b', 'a%20b'],
    ['p@ss:w/rd', 'p%40ss%3Aw%2Frd'],
    ['A B!"#AA$1BB%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
      'A%20B%21%22%23AA%241BB%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D~'],
    ['me@example.com', 'me%40example.com'],
    ['\u00e9', '%C3%A9'],                 // Unicode text: its UTF-8 bytes
    ['\u00c3\u00a9', '%C3%A9'],           // already UTF-8 bytes (board strings): not twice
    ['\u20ac', '%E2%82%AC'],
    ['\ud83d\ude00', '%F0%9F%98%80'],
    ['\t\n', '%09%0A'],
    ['', '']
  ];
  for (const [input, want] of rows) {
    assert.equal(urlEncode(input), want, JSON.stringify(input));
  }
});

test('toUtf8Bytes: Unicode encoded, UTF-8 byte strings kept', () => {
  assert.deepEqual(toUtf8Bytes('a\u00e9'), [0x61, 0xc3, 0xa9]);
  assert.deepEqual(toUtf8Bytes('a\u00c3\u00a9'), [0x61, 0xc3, 0xa9]);
  assert.deepEqual(toUtf8Bytes('\u00ff'), [0xc3, 0xbf]);
});

test('utf8: the bytes as a string; ASCII is the string itself', () => {
  const rows: [string, string][] = [
    ['plain-ascii 123', 'plain-ascii 123'],
    ['a\u00e9', 'a\u00c3\u00a9'],                 // Unicode text: its UTF-8 bytes
    ['a\u00c3\u00a9', 'a\u00c3\u00a9'],           // already UTF-8 bytes: not twice
    ['\u20ac', '\u00e2\u0082\u00ac'],
    ['', ''],
  ];
  for (const [input, want] of rows) assert.equal(utf8(input), want, JSON.stringify(input));
});

test('percentDecode: %XX to bytes, stray % kept', () => {
  const rows: [string, string][] = [
    ['p%40ss', 'p@ss'],
    ['a%2fb%2Fc', 'a/b/c'],
    ['100%', '100%'],
    ['%zz', '%zz'],
    ['%4', '%4'],
    ['%C3%A9', '\u00c3\u00a9']
  ];
  for (const [input, want] of rows) {
    assert.equal(percentDecode(input), want, input);
  }
});

test('fillTemplate: ddns-scripts placeholder rules', () => {
  const v = {
    username: 'me@example.com', password: 'p&ss w/rd', domain: 'home.example.org',
    ip: '203.0.113.7', param_enc: 'a b&c', param_opt: 'x=1&y=2'
  };
  const rows: [string, string][] = [
    ['http://[USERNAME]:[PASSWORD]@dynupdate.no-ip.com/nic/update?hostname=[DOMAIN]&myip=[IP]',
      'http://me%40example.com:p%26ss%20w%2Frd@dynupdate.no-ip.com/nic/update?hostname=home.example.org&myip=203.0.113.7'],
    ['http://www.duckdns.org/update?domains=[USERNAME]&token=[PASSWORD]&ip=[IP]',
      'http://www.duckdns.org/update?domains=me%40example.com&token=p%26ss%20w%2Frd&ip=203.0.113.7'],
    ['http://h/u?e=[PARAMENC]&[PARAMOPT]', 'http://h/u?e=a%20b%26c&x=1&y=2'],
    ['http://h/[IP]/[IP]', 'http://h/203.0.113.7/203.0.113.7'],
    ['http://[2001:db8::1]/u?ip=[IP]', 'http://[2001:db8::1]/u?ip=203.0.113.7'],
    ['http://h/u?x=[UNKNOWN]&ip=[IP]', 'http://h/u?x=[UNKNOWN]&ip=203.0.113.7'],
    ['http://h/u?[ip]', 'http://h/u?[ip]'],
    ['http://h/u?a=[[IP]]', 'http://h/u?a=[203.0.113.7]'],
    ['http://h/u?open=[IP', 'http://h/u?open=[IP'],
    ['no placeholders', 'no placeholders'],
    ['', '']
  ];
  for (const [tpl, want] of rows) {
    assert.equal(fillTemplate(tpl, v), want, tpl);
  }
});

test('fillTemplate: missing values become empty, values are not re-expanded', () => {
  assert.equal(fillTemplate('u=[USERNAME]&p=[PASSWORD]&d=[DOMAIN]&o=[PARAMOPT]', {}), 'u=&p=&d=&o=');
  assert.equal(fillTemplate('o=[PARAMOPT]&ip=[IP]', { param_opt: 'k=[IP]', ip: '1.2.3.4' }),
    'o=k=[IP]&ip=1.2.3.4');
});

test('placeholdersIn: known names, once, in order', () => {
  const rows: [string, string[]][] = [
    ['http://[USERNAME]:[PASSWORD]@h/u?host=[DOMAIN]&ip=[IP]', ['USERNAME', 'PASSWORD', 'DOMAIN', 'IP']],
    ['http://h/u?ip=[IP]&again=[IP]&u=[USERNAME]', ['IP', 'USERNAME']],
    ['http://h/?e=[PARAMENC]&[PARAMOPT]', ['PARAMENC', 'PARAMOPT']],
    ['http://[2001:db8::1]/u?x=[TOKEN]&y=[ip]', []],
    ['http://h/?a=[[IP]]', ['IP']],
    ['', []]
  ];
  for (const [tpl, want] of rows) {
    assert.deepEqual(placeholdersIn(tpl), want, tpl);
  }
});

test('upgradeHttps: http:// becomes https://', () => {
  const rows: [string, string][] = [
    ['http://example.com/u', 'https://example.com/u'],
    ['HTTP://example.com/u', 'https://example.com/u'],
    ['https://example.com/u', 'https://example.com/u'],
    ['ftp://example.com/u', 'ftp://example.com/u'],
    ['example.com/http://x', 'example.com/http://x']
  ];
  for (const [input, want] of rows) {
    assert.equal(upgradeHttps(input), want, input);
  }
});

test('splitUrl: table', () => {
  type R = ReturnType<typeof splitUrl>;
  const rows: [string, R][] = [
    ['http://example.com', { protocol: 'http:', host: 'example.com', port: 80, path: '/' }],
    ['https://example.com', { protocol: 'https:', host: 'example.com', port: 443, path: '/' }],
    ['HTTPS://Example.COM/Path?Q=A', { protocol: 'https:', host: 'example.com', port: 443, path: '/Path?Q=A' }],
    ['http://example.com:8080/nic/update?hostname=a&myip=1.2.3.4',
      { protocol: 'http:', host: 'example.com', port: 8080, path: '/nic/update?hostname=a&myip=1.2.3.4' }],
    ['http://example.com?x=1', { protocol: 'http:', host: 'example.com', port: 80, path: '/?x=1' }],
    ['http://example.com/p#frag', { protocol: 'http:', host: 'example.com', port: 80, path: '/p' }],
    ['http://example.com:/p', { protocol: 'http:', host: 'example.com', port: 80, path: '/p' }],
    ['http://user:pass@example.com/u',
      { protocol: 'http:', host: 'example.com', port: 80, path: '/u', user: 'user', pass: 'pass' }],
    ['http://me%40example.com:p%40ss%3Aw%2Frd@dynupdate.no-ip.com/nic/update?myip=1.2.3.4',
      { protocol: 'http:', host: 'dynupdate.no-ip.com', port: 80, path: '/nic/update?myip=1.2.3.4',
        user: 'me@example.com', pass: 'p@ss:w/rd' }],
    // an unencoded '@' in the password: the LAST '@' of the authority splits
    ['http://user:p@ss@example.com/u',
      { protocol: 'http:', host: 'example.com', port: 80, path: '/u', user: 'user', pass: 'p@ss' }],
    // an '@' after the authority (in path or query) is not a credential separator
    ['http://example.com/u?email=a@b.c',
      { protocol: 'http:', host: 'example.com', port: 80, path: '/u?email=a@b.c' }],
    ['http://example.com?email=a@b.c',
      { protocol: 'http:', host: 'example.com', port: 80, path: '/?email=a@b.c' }],
    ['http://user@example.com/', { protocol: 'http:', host: 'example.com', port: 80, path: '/', user: 'user', pass: '' }],
    ['http://:tok@example.com/', { protocol: 'http:', host: 'example.com', port: 80, path: '/', user: '', pass: 'tok' }],
    ['http://u:a:b@example.com/', { protocol: 'http:', host: 'example.com', port: 80, path: '/', user: 'u', pass: 'a:b' }],
    ['http://[2001:DB8::1]/u', { protocol: 'http:', host: '2001:db8::1', port: 80, path: '/u' }],
    ['https://[::1]:8443', { protocol: 'https:', host: '::1', port: 8443, path: '/' }],
    ['http://u:p@[2001:db8::2]:81/x',
      { protocol: 'http:', host: '2001:db8::2', port: 81, path: '/x', user: 'u', pass: 'p' }],
    ['http://192.0.2.1:65535/', { protocol: 'http:', host: '192.0.2.1', port: 65535, path: '/' }],
    ['http://example.com:0/', null],
    ['http://example.com:65536/', null],
    ['http://example.com:80a/', null],
    ['http://[2001:db8::1/u', null],
    ['http://[2001:db8::1]x/u', null],
    ['http://[not:v6]/u', null],
    ['http://[fe80::1%25eth0]/u', null],
    ['http:///path', null],
    ['http://user:pass@/path', null],
    ['http://exa mple.com/', null],
    ['ftp://example.com/', null],
    ['example.com/u', null],
    ['', null]
  ];
  for (const [input, want] of rows) {
    assert.deepEqual(splitUrl(input), want, input);
  }
});

test('basicAuth: RFC 7617 examples and UTF-8', () => {
  const rows: [string, string, string][] = [
    ['Aladdin', 'open sesame', 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='],
    ['test', '123\u00a3', 'Basic dGVzdDoxMjPCow=='],
    ['user', '', 'Basic dXNlcjo='],
    ['', '', 'Basic Og==']
  ];
  for (const [u, p, want] of rows) {
    assert.equal(basicAuth(u, p), want, u + ':' + p);
  }
});

test('splitUrl + basicAuth: credentials round trip through fillTemplate', () => {
  const url = fillTemplate('http://[USERNAME]:[PASSWORD]@h.example/nic/update?myip=[IP]',
    { username: 'me@example.com', password: 'p@ss:w/rd \u00e9', ip: '1.2.3.4' });
  const u = splitUrl(url);
  assert.ok(u);
  assert.equal(u.host, 'h.example');
  assert.equal(u.path, '/nic/update?myip=1.2.3.4');
  assert.equal(basicAuth(u.user as string, u.pass as string),
    'Basic ' + Buffer.from('me@example.com:p@ss:w/rd \u00e9', 'utf8').toString('base64'));
});
