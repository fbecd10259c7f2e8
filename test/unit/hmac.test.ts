import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { hmac, toHex } from '../../firmware/core/hmac.ts';

const sha256 = (s: string) => createHash('sha256').update(Buffer.from(s, 'latin1')).digest('latin1');

// RFC 4231 test case 2 plus keys shorter, equal to and longer than the 64-byte block.
const cases: Array<[string, string]> = [
  ['Jefe', 'what do ya want for nothing?'],
  ['', ''],
  ['k'.repeat(64), 'block-sized key'],
  ['\u00aa'.repeat(131), 'Test Using Larger Than Block-Size Key - Hash Key First'],
];

test('hmac-sha256 agrees with node:crypto', () => {
  for (const [key, msg] of cases) {
    const want = createHmac('sha256', Buffer.from(key, 'latin1')).update(Buffer.from(msg, 'latin1')).digest('hex');
    assert.equal(toHex(hmac(sha256, key, msg)), want, `key length ${key.length}`);
  }
  assert.equal(toHex(hmac(sha256, 'Jefe', 'what do ya want for nothing?')),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});
