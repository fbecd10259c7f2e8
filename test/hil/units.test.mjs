// The suite's pure parts, as tables: reading a ClientHello, the command line, Espruino's JSON,
// the report's memory line.
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { parseClientHello } from '../../tools/hil/clienthello.mjs';
import { parseArgs } from '../../tools/hil.mjs';
import { jsonOf } from '../../tools/hil/link.mjs';
import { renderReport } from '../../tools/hil/report.mjs';

// A ClientHello as RFC 5246 lays it out: version, random, session id, suites, compression, extensions.
function hello({ version = 0x0303, suites = [0xc02f, 0x002f], sni, versions, record = 0x0301 } = {}) {
  const exts = [];
  const ext = (type, body) => { const h = Buffer.alloc(4); h.writeUInt16BE(type); h.writeUInt16BE(body.length, 2); exts.push(h, body); };
  if (sni !== undefined) {
    const name = Buffer.from(sni, 'latin1');
    const b = Buffer.alloc(5 + name.length);
    b.writeUInt16BE(3 + name.length); b[2] = 0; b.writeUInt16BE(name.length, 3); name.copy(b, 5);
    ext(0, b);
  }
  if (versions) { const b = Buffer.alloc(1 + 2 * versions.length); b[0] = 2 * versions.length; versions.forEach((v, i) => b.writeUInt16BE(v, 1 + 2 * i)); ext(43, b); }
  const extBuf = Buffer.concat(exts);
  const suiteBuf = Buffer.alloc(2 + 2 * suites.length);
  suiteBuf.writeUInt16BE(2 * suites.length); suites.forEach((s, i) => suiteBuf.writeUInt16BE(s, 2 + 2 * i));
  const extLen = Buffer.alloc(2); extLen.writeUInt16BE(extBuf.length);
  const v = Buffer.alloc(2); v.writeUInt16BE(version);
  const body = Buffer.concat([v, Buffer.alloc(32), Buffer.from([0]), suiteBuf, Buffer.from([1, 0]), ...(exts.length ? [extLen, extBuf] : [])]);
  const hs = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 255]), body]);
  const rec = Buffer.from([0x16, record >> 8, record & 255, hs.length >> 8, hs.length & 255]);
  return Buffer.concat([rec, hs]);
}

test('ClientHello: what the client offered, as a table', () => {
  const full = hello({ sni: 'mbed TLS Server 1', versions: [0x3a3a, 0x0304, 0x0303], suites: [0x0a0a, 0x1301, 0xc02f, 0x1234] });
  const rows = [
    // bytes, expected
    [hello(), { record: 'TLSv1', legacy: 'TLSv1.2', versions: ['TLSv1.2'], suites: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA'], sni: null }],
    [hello({ sni: 'provider.example', version: 0x0302 }), { record: 'TLSv1', legacy: 'TLSv1.1', versions: ['TLSv1.1'], suites: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA'], sni: 'provider.example' }],
    [full, { record: 'TLSv1', legacy: 'TLSv1.2', versions: ['TLSv1.3', 'TLSv1.2'], suites: ['TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', '0x1234'], sni: 'mbed TLS Server 1' }],
    [full.subarray(0, 4), null], // not even a record header yet
    [full.subarray(0, full.length - 1), null], // the record is not complete yet
    [Buffer.from('GET / HTTP/1.1\r\n'), { error: 'not a TLS handshake record' }],
    [Buffer.from([0x16, 3, 1, 0, 2, 2, 0]), { error: 'not a ClientHello' }],
    [Buffer.from([0x16, 3, 1, 0, 6, 1, 0, 0, 2, 3, 3]), { error: 'malformed ClientHello' }],
  ];
  for (const [bytes, want] of rows) assert.deepEqual(parseClientHello(bytes), want, bytes.toString('hex').slice(0, 40));
});

test('ClientHello: the bytes Node\'s own TLS client sends', async () => {
  const got = await new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const srv = net.createServer((s) => s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const h = parseClientHello(buf);
      if (h) { resolve(h); s.destroy(); srv.close(); }
    })).listen(0, '127.0.0.1', () => {
      tls.connect({ port: srv.address().port, host: '127.0.0.1', servername: 'hil.test', rejectUnauthorized: false }).on('error', () => {});
    });
  });
  assert.equal(got.sni, 'hil.test');
  assert.ok(got.versions.includes('TLSv1.3') && got.versions.includes('TLSv1.2'), got.versions.join());
  assert.ok(got.suites.includes('TLS_AES_128_GCM_SHA256'), got.suites.join());
});

test('the command line, as a table', () => {
  const rows = [
    [['--port', '/dev/ttyUSB0'], { port: '/dev/ttyUSB0', lanIp: '127.0.0.1', webPort: 80, updates: 100 }],
    [['--port', 'tcp://127.0.0.1:8023', '--lan-ip', '192.168.1.10', '--updates', '5', '--web-port', '8080'], { lanIp: '192.168.1.10', updates: 5, webPort: 8080 }],
    [['--port', 'x', '--no-flash', '--only', 'boot,dns'], { noFlash: true, only: ['boot', 'dns'] }],
    [[], /--port is required/],
    [['--port'], /--port needs a value/],
    [['--port', 'x', '--lan-ip', '192.168.1'], /--lan-ip must be an IPv4 address, not 192\.168\.1/],
    [['--port', 'x', '--lan-ip', '300.1.1.1'], /--lan-ip must be an IPv4 address/],
    [['--port', 'x', '--updates', '0'], /--updates must be a whole number from 1 to 1000, not 0/],
    [['--port', 'x', '--web-port', '80.5'], /--web-port must be a whole number/],
    [['--port', 'x', '--report', '--updates'], /--report needs a value/],
    [['--port', 'x', '--colour'], /unknown option --colour/],
  ];
  for (const [argv, want] of rows) {
    if (want instanceof RegExp) assert.throws(() => parseArgs(argv), want, argv.join(' '));
    else {
      const o = parseArgs(argv);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(o[k], v, `${argv.join(' ')}: ${k}`);
    }
  }
});

test('Espruino\'s \\xHH escapes become JSON', () => {
  const rows = [
    ['"a\\xFFb"', 'a\xffb'],
    ['"\\\\x41"', '\\x41'], // an escaped backslash before x is text
    ['"\\\\\\x41"', '\\A'],
    ['{"k":"\\x00"}', { k: '\x00' }],
  ];
  for (const [text, want] of rows) assert.deepEqual(JSON.parse(jsonOf(text)), want, text);
});

test('the report says why memory is absent, or what its figures are', () => {
  const base = { started: 'now', port: 'tcp://x', lanIp: '127.0.0.1', restore: 'nothing to restore' };
  const step = (memory) => ({ id: 'boot', title: 'boot from flash', verdict: 'pass', ms: 12, figures: { a: 1 }, note: 'n', boardErrors: [], memory });
  const sim = renderReport({ ...base, board: { env: { BOARD: 'ESP32' }, simulated: true, esp32: true }, steps: [step(null)] });
  assert.match(sim, /^memory: absent: this is the host simulator/m);
  assert.match(sim, /^\| 1 \| boot from flash \| PASS \| 12 ms \| - \| - \|$/m);
  const real = renderReport({ ...base, board: { env: { BOARD: 'ESP32' }, simulated: false, esp32: true },
    steps: [step({ usage: 2100, free: 1900, total: 4000, blocksize: 14, freeHeap: 60000, minHeap: 41000 })] });
  assert.match(real, /^memory: process\.memory\(\) after each step .*blocks of 14 bytes, 4000 in all; heap: ESP32\.getState\(\)/m);
  assert.match(real, /^\| 1 \| boot from flash \| PASS \| 12 ms \| 2100 \/ 1900 \| 60000 \(min 41000\) \|$/m);
  const linux = renderReport({ ...base, board: { env: { BOARD: 'LINUX' }, simulated: false, esp32: false }, steps: [step({ usage: 1500, free: 14883, total: 16383, blocksize: 14 })] });
  assert.match(linux, /no ESP32\.getState\(\) on this board/);
  assert.match(linux, /\| 1500 \/ 14883 \| - \|$/m);
});
