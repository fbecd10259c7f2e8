import test from 'node:test';
import assert from 'node:assert/strict';
import { matchesAnswer, indexOfStr } from '../../firmware/core/text.ts';

test('matchesAnswer: grep -i -E of plain alternatives', () => {
  const rows: [string, string, boolean][] = [
    // body                                  expected             match
    ['good 1.2.3.4', 'good|nochg', true],
    ['nochg 1.2.3.4', 'good|nochg', true],
    ['GOOD 1.2.3.4', 'good|nochg', true],
    ['badauth', 'good|nochg', false],
    ['OK', 'OK', true],
    ['ok', 'OK', true],
    ['KO', 'OK', false],
    ['<html>\n<body>Updated 1 host</body>', 'Updated|No change', true],
    ['No Change', 'Updated|No change', true],
    ['{"result":"success"}', 'success|ip-same', true],
    ['response: 101', 'success|100|101', true],
    ['anything at all', '', true],
    ['', '', true],
    ['', 'good', false],
    ['badauth', 'good|', false],           // empty alternative ignored (grep would match all)
    ['anything', '|', true],               // only empty alternatives: like no answer set
    ['nogoodnik', 'good', true],           // substring, as grep
    ['no', 'nochg', false],                // Espruino's indexOf says 0 here: indexOfStr does not
    ['status: goo', 'good', false]
  ];
  for (const [body, expected, want] of rows) {
    assert.equal(matchesAnswer(body, expected), want, JSON.stringify([body, expected]));
  }
});

// The body is lowercased a window of 128 chars at a time: an answer is found wherever it
// starts, across a window's edge and at the very end.
test('matchesAnswer: an answer anywhere in a long body, across window edges', () => {
  for (const len of [130, 256, 300, 1024]) {
    for (let at = 0; at + 5 <= len; at++) {
      const body = 'x'.repeat(at) + 'NoChg' + 'x'.repeat(len - at - 5);
      assert.equal(matchesAnswer(body, 'good|nochg'), true, `nochg at ${at} of ${len}`);
      const short = 'x'.repeat(at) + 'Ok' + 'x'.repeat(len - at - 2);
      assert.equal(matchesAnswer(short, 'updated successfully|ok'), true, `ok at ${at} of ${len}`);
    }
    assert.equal(matchesAnswer('x'.repeat(len), 'good|nochg'), false, `none in ${len}`);
    // the answer cut by the body's end is no answer
    assert.equal(matchesAnswer('x'.repeat(len - 3) + 'noc', 'nochg'), false, `cut at the end of ${len}`);
  }
});

test('indexOfStr: only whole matches count', () => {
  const rows: [string, string, number, number][] = [
    // hay      needle  from  index
    ['abc', 'bc', 0, 1],
    ['abc', 'cd', 0, -1],
    ['abca', 'ab', 1, -1],
    ['abcab', 'ab', 1, 3],
    ['abc', '', 0, 0],
    ['', 'a', 0, -1],
    ['abc', 'abcd', 0, -1]
  ];
  for (const [hay, needle, from, want] of rows) {
    assert.equal(indexOfStr(hay, needle, from), want, hay + ' / ' + needle);
  }
});
