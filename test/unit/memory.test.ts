// When an update waits for memory (firmware/section/memory.ts), as a table.
import test from 'node:test';
import assert from 'node:assert/strict';
import { memoryShort, ranOut, MIN_FREE_BLOCKS, MIN_FREE_API, MIN_TLS_HEAP } from '../../firmware/section/memory';

// what is free, over TLS, through an API, why the update waits ('' : it goes)
const rows: Array<[string, { blocks: number; heap: number }, boolean, boolean, RegExp | '']> = [
  ['plenty, plain HTTP', { blocks: 3000, heap: 40000 }, false, false, ''],
  ['plenty, TLS', { blocks: 3000, heap: 40000 }, true, false, ''],
  ['blocks short, plain HTTP', { blocks: MIN_FREE_BLOCKS - 1, heap: 40000 }, false, false, /only 499 variable blocks free, an update needs 500/],
  ['blocks exactly enough', { blocks: MIN_FREE_BLOCKS, heap: 40000 }, false, false, ''],
  ['enough by URL, short for an API', { blocks: MIN_FREE_BLOCKS, heap: 40000 }, false, true, /only 500 variable blocks free, an update needs 650/],
  ['blocks exactly enough for an API', { blocks: MIN_FREE_API, heap: 40000 }, true, true, ''],
  ['heap short, TLS', { blocks: 3000, heap: MIN_TLS_HEAP - 1 }, true, false, /only 33999 bytes of heap free, TLS needs 34000/],
  ['heap short, plain HTTP: the heap does not matter', { blocks: 3000, heap: 1000 }, false, false, ''],
  ['heap unknown (Linux), TLS', { blocks: 3000, heap: -1 }, true, false, ''],
  ['both short: blocks named first', { blocks: 10, heap: 10 }, true, false, /variable blocks/],
];

for (const [name, free, tls, api, want] of rows) {
  test('memoryShort: ' + name, () => {
    const why = memoryShort(free, tls, api);
    if (want === '') assert.equal(why, '');
    else assert.match(why, want);
  });
}

test('ranOut: the flags that mean memory ran out', () => {
  assert.equal(ranOut([]), false);
  assert.equal(ranOut(['FIFO_FULL', 'UART_OVERFLOW']), false);
  assert.equal(ranOut(['LOW_MEMORY']), false, 'a garbage collection ran: routine');
  assert.equal(ranOut(['CALLBACK', 'MEMORY']), true);
  assert.equal(ranOut(['LOW_MEMORY', 'MEMORY']), true);
});
