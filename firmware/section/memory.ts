// When an update must wait for memory. Parsing an answer needs variable blocks, and on the
// ESP32 a TLS connection needs more than 32 KB of native heap (ESPRUINO.md): an update started
// without them fails inside the interpreter, half done. It is postponed instead, with a reason.

// What an update still needs once its request is about to go out (ddns.send is loaded then,
// ddns.pass let go; what the section holds is already counted). By URL: ddns.http to load (about
// 105 blocks), the request, its socket, the reply as http/wire.ts bounds it while it arrives (one
// head line of 128 bytes, the five headers the firmware reads, a network piece of 536 bytes, the
// body up to its cap of 1,024 bytes, appended in place), then ddns.send again with ddns.policy
// (about 65) and the reply, then the state saved and logged (ddns.send itself is let go while
// the request is out). Measured on the ESP32's block format with a filler leaving F blocks free
// at this point: the largest reply the client takes (14 headers of about 250 bytes, among them
// three of the five it keeps, and a 1,024-byte body) went through with 498 free and ran out with
// 448. Hence 500. An API provider needs its module on top (100 to 200 blocks) and replies of
// 1 to 8 KB; Cloudflare (three requests, replies read to 1 KB) went through with 598 and ran out
// with 548: 650 keeps a margin for the providers with larger modules (see docs/board.md).
/** Variable blocks an update by URL needs free when its request is about to go out. */
export var MIN_FREE_BLOCKS = 500;
/** ... and an update through a provider's API, before its module is loaded. */
export var MIN_FREE_API = 650;
/** Native heap bytes a TLS connection needs on the ESP32. */
export var MIN_TLS_HEAP = 34000;
/** How long a postponed update waits before it looks again. */
export var MEMORY_WAIT_MS = 60000;

/** Why an update cannot start now ('' when it can). heap -1: the board cannot tell. */
export function memoryShort(free: { blocks: number; heap: number }, tls: boolean, api: boolean): string {
  var need = api ? MIN_FREE_API : MIN_FREE_BLOCKS;
  if (free.blocks >= 0 && free.blocks < need) {
    return 'only ' + free.blocks + ' variable blocks free, an update needs ' + need;
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
