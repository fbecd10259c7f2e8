// When an update must wait for memory. Parsing an answer needs variable blocks, and on the
// ESP32 a TLS connection needs more than 32 KB of native heap (ESPRUINO.md): an update started
// without them fails inside the interpreter, half done. It is postponed instead, with a reason.

/** Variable blocks an update needs free: the peak of parsing an answer, with room to spare. */
export var MIN_FREE_BLOCKS = 600;
/** Native heap bytes a TLS connection needs on the ESP32. */
export var MIN_TLS_HEAP = 34000;
/** How long a postponed update waits before it looks again. */
export var MEMORY_WAIT_MS = 60000;

/** Why an update cannot start now ('' when it can). heap -1: the board cannot tell. */
export function memoryShort(free: { blocks: number; heap: number }, tls: boolean): string {
  if (free.blocks >= 0 && free.blocks < MIN_FREE_BLOCKS) {
    return 'only ' + free.blocks + ' variable blocks free, an update needs ' + MIN_FREE_BLOCKS;
  }
  if (tls && free.heap >= 0 && free.heap < MIN_TLS_HEAP) {
    return 'only ' + free.heap + ' bytes of heap free, TLS needs ' + MIN_TLS_HEAP;
  }
  return '';
}

/** True when the interpreter ran out of memory (E.getErrorFlags()). Only MEMORY says so: it is
 *  raised when even a garbage collection found nothing and the running code was stopped.
 *  LOW_MEMORY only says the free list ran empty once and a collection ran (jsvar.c): routine when
 *  modules loaded now and then leave cyclic garbage, and no reason to drop anything. */
export function ranOut(flags: string[]): boolean {
  for (var i = 0; i < flags.length; i++) if (flags[i] === 'MEMORY') return true;
  return false;
}
