import test from 'node:test';
import assert from 'node:assert/strict';
import { b64encode, b64decode } from '../../firmware/core/base64.ts';

test('b64encode: RFC 4648 test vectors and binary', () => {
  const rows: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
    ['Aladdin:open sesame', 'QWxhZGRpbjpvcGVuIHNlc2FtZQ=='],
    ['\u0000\u00ff\u00fe', 'AP/+'],
    ['\u00fb\u00ff', '+/8=']
  ];
  for (const [bin, want] of rows) {
    assert.equal(b64encode(bin), want, JSON.stringify(bin));
    assert.equal(b64decode(want), bin, want);
  }
});

test('b64decode: lenient input, null on garbage', () => {
  const rows: [string, string | null][] = [
    ['Zm9vYg', 'foob'],                 // padding optional
    ['Zm9v\r\nYmFy', 'foobar'],         // whitespace ignored
    ['-_8=', '\u00fb\u00ff'],           // URL-safe alphabet
    ['Zm9vY', null],                    // one digit left over
    ['Zm9v!', null],
    ['Zg==Zg==', null],                 // data after padding
    ['Zg===', null],
    ['Zm8==', null],
    ['', '']
  ];
  for (const [input, want] of rows) {
    assert.equal(b64decode(input), want, input);
  }
});

test('b64encode / b64decode: agree with Buffer on every byte length 0..64', () => {
  for (let n = 0; n <= 64; n++) {
    let bin = '';
    for (let i = 0; i < n; i++) { bin += String.fromCharCode((i * 37 + n) & 255); }
    const want = Buffer.from(bin, 'latin1').toString('base64');
    assert.equal(b64encode(bin), want, 'len ' + n);
    assert.equal(b64decode(want), bin, 'len ' + n);
  }
});
