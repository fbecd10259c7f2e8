import test from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets } from '../../firmware/core/mask.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

test('maskSecrets: table', () => {
  const rows: [string, string[], string][] = [
    // line                                             secrets              masked
    ['password is hunter2', ['hunter2'], 'password is ***'],
    ['hunter2 hunter2', ['hunter2'], '*** ***'],
    ['GET /u?token=p%40ss%3Aw%2Frd&ip=1.2.3.4', ['p@ss:w/rd'], 'GET /u?token=***&ip=1.2.3.4'],
    ['GET /u?token=p%40ss%3aw%2frd', ['p@ss:w/rd'], 'GET /u?token=***'],          // ddns-scripts' lowercase hex
    ['raw p@ss:w/rd and encoded p%40ss%3Aw%2Frd', ['p@ss:w/rd'], 'raw *** and encoded ***'],
    ['Authorization: Basic ' + b64('user:hunter2'), ['hunter2'], 'Authorization: Basic ***'],
    ['authorization: basic ' + b64('me@x.org:s3cret!'), ['s3cret!'], 'authorization: basic ***'],
    ['Basic ' + b64('user:other') + ' stays', ['hunter2'], 'Basic ' + b64('user:other') + ' stays'],
    ['X-Key: ' + b64('hunter2'), ['hunter2'], 'X-Key: ***'],
    ['user=me pass=ab', ['me', 'ab'], 'user=*** pass=***'],                    // short secrets too
    ['pin 7 in 1 7 7', ['7'], 'pin *** in 1 *** ***'],
    ['key abcdef and abc', ['abc', 'abcdef'], 'key *** and ***'],             // longest first
    ['nothing secret', ['', 'zzz'], 'nothing secret'],
    ['nothing secret', [], 'nothing secret'],
    ['ends in basic', ['zz'], 'ends in basic'],                             // no token after 'basic'
    ['Basic', ['zz'], 'Basic'],
    ['caf\u00e9 and caf%C3%A9', ['caf\u00e9'], '*** and ***'],
    ['Basic ' + b64('u:caf\u00e9'), ['caf\u00e9'], 'Basic ***'],
    ['http://me%40example.com:p%26ss@h/', ['me@example.com', 'p&ss'], 'http://***:***@h/']
  ];
  for (const [line, secrets, want] of rows) {
    assert.equal(maskSecrets(line, secrets), want, JSON.stringify([line, secrets]));
  }
});
