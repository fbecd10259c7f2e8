import test from 'node:test';
import assert from 'node:assert/strict';
import { matchesAnswer } from '../../firmware/core/answer.ts';

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
    ['nogoodnik', 'good', true]            // substring, as grep
  ];
  for (const [body, expected, want] of rows) {
    assert.equal(matchesAnswer(body, expected), want, JSON.stringify([body, expected]));
  }
});
