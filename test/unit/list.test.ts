// providers/kit/list.ts: one record out of a list reply, the list never parsed whole.
import test from 'node:test';
import assert from 'node:assert/strict';
import { findIn, findNear, valueEnd, arrayAt } from '../../firmware/providers/kit/list';

const A = (name: string) => (x: any) => x.name === name;

// [reply text, key, wanted name, expected: the record's id, null (none) or undefined (unreadable)]
const CASES: [string, string, string, any][] = [
  ['{"records":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}', 'records', 'b', 2],
  ['{"records" : [ {"id":1,"name":"a"} , {"id":2,"name":"b"} ] }', 'records', 'a', 1],
  ['{"records":[{"id":1,"name":"a"}],"meta":{"total":1}}', 'records', 'z', null],
  ['{"records":[]}', 'records', 'a', null],
  ['{"items":[{"id":1,"name":"a","group":{"type":"custom"}},{"id":2,"name":"b","group":{}}]}', 'items', 'b', 2],
  ['{"records":[{"id":1,"name":"a","c":"} ] {"},{"id":2,"name":"b"}]}', 'records', 'b', 2],
  ['{"records":[{"id":1,"name":"a","c":"x\\"}"},{"id":2,"name":"b"}]}', 'records', 'b', 2],
  ['{"records":[{"id":1,"name":"a","c":"x\\\\"},{"id":2,"name":"b"}]}', 'records', 'b', 2],
  ['{"records":[{"id":1,"name":"a"},{"id":2,"na', 'records', 'b', undefined],
  ['{"records":[{"id":1,"name":"a"},{"id":2,"name":"b"},{"id":3,"na', 'records', 'b', 2],
  ['{"data":[{"id":1,"name":"a"}]}', 'records', 'a', undefined],
  ['{"records":{"id":1}}', 'records', 'a', undefined],
  ['{"records":[{"id":1,"name":a}]}', 'records', 'a', undefined],
  ['{"Items":[{"Id":7,"Domain":"x.com","Records":[{"Id":1,"Name":"a"}]}]}', 'Records', '', null],
];

test('findIn: the first fitting element, null when none, undefined when unreadable or cut', () => {
  for (const [text, key, name, want] of CASES) {
    const r = findIn(text, key, A(name));
    assert.equal(r === null || r === undefined ? r : r.id, want, text);
  }
  const bunny = '{"Items":[{"Id":7,"Domain":"x.com","Records":[{"Id":1,"Name":"a"}]}]}';
  assert.equal(findIn(bunny, 'Records', (x) => x.Name === 'a').Id, 1);
});

test('valueEnd and arrayAt: where a value ends, where an array opens', () => {
  assert.equal(valueEnd('{"a":[1,{"b":"}"}]}x', 0), 19);
  assert.equal(valueEnd('[1,2', 0), -1);
  assert.equal(valueEnd('{"a":"unterminated', 0), -1);
  assert.equal(arrayAt('{"k": [1]}', 'k'), 6);
  assert.equal(arrayAt('{"k": 1}', 'k'), -1);
  assert.equal(arrayAt('{"kk":[1]}', 'k'), -1);
  assert.equal(arrayAt(' [{"a":1}]', ''), 1, 'key \'\': the reply is the array');
  assert.equal(arrayAt('{"a":[1]}', ''), -1);
  assert.deepEqual(findNear('[{"name":"a","v":1},{"name":"b","v":2}]', '', '"name":"b"', (x: any) => x.name === 'b'), { name: 'b', v: 2 });
});

test('findNear: the same answers as findIn, whatever the needle finds', () => {
  for (const [text, key, name, want] of CASES) {
    for (const needle of ['"name":"' + name + '"', '"name": "' + name + '"', 'nothing like it', '"a"']) {
      const r = findNear(text, key, needle, A(name));
      assert.equal(r === null || r === undefined ? r : r.id, want, text + ' / ' + needle);
    }
  }
  // the needle inside another record's text, and inside a nested object before the name
  const t = '{"records":[{"id":1,"name":"a","c":"\\"name\\":\\"b\\""},{"id":2,"g":{"x":"\\"name\\":\\"b\\""},"name":"b"}]}';
  assert.equal(findNear(t, 'records', '"name":"b"', A('b')).id, 2);
  assert.equal(findNear(t, 'records', '\\"name\\":\\"b\\"', A('b')).id, 2);
});
