// The RAM ring of the log (log/log.ts): one byte array all sections share, written round and
// round. Read as a table: what is written, how large the ring may grow, which lines each section
// gets back.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../firmware/log/log';
import { logModules } from '../helpers/log-modules.ts';
import { memoryLogs } from '../helpers/text-reader.ts';

const clock: any = { uptimeMs: () => 0, wallMs: () => 0 };
const storage: any = { openLog: memoryLogs() };

function logger(ringChars: number, ringLines = 50) {
  return createLogger({ print: () => {}, clock, storage, dateformat: '%F %R', ringLines, fileLines: 10, ringChars, modules: logModules });
}

// record written: '\n' + section + '\x1f' + '+0s ' + msg  (7 + msg.length chars for section 'a')
const ROWS: Array<{ what: string; ringChars: number; sources: string[]; writes: Array<[string, string]>; want: Record<string, string[]> }> = [
  { what: 'nothing written', ringChars: 1792, sources: ['a'], writes: [], want: { a: [] } },
  { what: 'lines come back in order, per section', ringChars: 1792, sources: ['a', 'b'],
    writes: [['a', 'one'], ['b', 'two'], ['a', 'three']], want: { a: ['+0s one', '+0s three'], b: ['+0s two'] } },
  { what: 'a section not configured still logs (boot lines)', ringChars: 1792, sources: [],
    writes: [['boot', 'hello']], want: { boot: ['+0s hello'] } },
  // 224 chars before any source: 30 records of 7+13 chars = 600; the last 11 fit whole (220)
  { what: 'the oldest lines go, the cut one is not shown', ringChars: 224, sources: [],
    writes: Array.from({ length: 30 }, (_, i) => ['a', 'line ' + String(i).padStart(8, '0')] as [string, string]),
    want: { a: Array.from({ length: 11 }, (_, i) => '+0s line ' + String(19 + i).padStart(8, '0')) } },
  { what: 'a record longer than the ring is not shown', ringChars: 224, sources: [],
    writes: [['a', 'x'.repeat(300)]], want: { a: [] } },
  { what: 'a name that is a prefix of another gets its own lines only', ringChars: 1792, sources: ['a', 'ab'],
    writes: [['ab', 'long'], ['a', 'short']], want: { a: ['+0s short'], ab: ['+0s long'] } },
];

test('log ring: which lines each section gets back', () => {
  for (const row of ROWS) {
    const log = logger(row.ringChars);
    for (const s of row.sources) log.configure(s, { secrets: [] });
    for (const [s, m] of row.writes) log.write(s, 'info', m);
    for (const [s, lines] of Object.entries(row.want)) assert.deepEqual(log.lines(s), lines, row.what + ' (' + s + ')');
  }
});

test('log ring: it grows by 4 pieces of 224 chars per source configured, to its most, keeping its lines', () => {
  const log: any = logger(1792);
  assert.equal(log.r.length, 224, 'at boot');
  log.write('boot', 'info', 'first');
  log.configure('a', { secrets: [] });
  assert.equal(log.r.length, 224 + 4 * 224, 'one source');
  assert.deepEqual(log.lines('boot'), ['+0s first'], 'kept across growing');
  log.configure('a', { secrets: ['x'] });
  assert.equal(log.r.length, 224 + 4 * 224, 'the same source again: no growth');
  log.configure('b', { secrets: [] });
  assert.equal(log.r.length, 1792, 'capped');
  // many lines later, the size has not moved
  for (let i = 0; i < 500; i++) log.write('b', 'info', 'n ' + i);
  assert.equal(log.r.length, 1792);
  assert.equal(log.lines('b').at(-1), '+0s n 499');
  log.trim();
  assert.deepEqual(log.lines('b'), [], 'trim drops the ring');
  log.write('b', 'info', 'after trim');
  assert.deepEqual(log.lines('b'), [], 'a trimmed ring stays empty until a source is configured');
});

test('log ring: a board with one section keeps the ESP32\'s 12 lines of 85 chars of it', () => {
  const log: any = logger(1792);
  log.configure('myddns', { secrets: [] });
  // '+0s ' and 81 more chars: a line of 85 as the ring keeps it
  for (let i = 0; i < 30; i++) log.write('myddns', 'info', String(i).padStart(2, '0') + ' ' + 'x'.repeat(78));
  const lines = log.lines('myddns');
  assert.equal(lines[0].length, 85);
  assert.ok(lines.length >= 12, lines.length + ' lines');
  assert.equal(lines.at(-1).slice(4, 6), '29', 'the newest');
});
