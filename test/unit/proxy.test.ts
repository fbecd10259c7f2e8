import test from 'node:test';
import assert from 'node:assert/strict';
import { parseProxy } from '../../firmware/http/proxy';

test('parseProxy: host:port, credentials, IPv6, http:// prefix; malformed is null', () => {
  assert.deepEqual(parseProxy('10.0.0.1:3128'), { host: '10.0.0.1', port: 3128, auth: '', pass: '' });
  const p = parseProxy('user:p%40ss@proxy.lan:8080');
  assert.equal(p!.host, 'proxy.lan');
  assert.equal(p!.port, 8080);
  assert.equal(p!.pass, 'p@ss');
  assert.equal(p!.auth, 'Basic ' + Buffer.from('user:p@ss').toString('base64'));
  assert.equal(parseProxy('http://proxy.lan:8080/')!.host, 'proxy.lan');
  assert.equal(parseProxy('[2001:db8::1]:3128')!.host, '2001:db8::1');
  for (const bad of ['', 'proxy.lan', 'proxy.lan:', 'proxy.lan:0', 'proxy.lan:99999', ':8080', '[2001:db8::1]']) {
    assert.equal(parseProxy(bad), null, bad);
  }
});
