import { MemoryPort } from '../../core/ports';

declare var process: any;

// process.memory() collects garbage first, so `free` is what an update can really use. On the
// ESP32 TLS takes its buffers from the native heap (ESPRUINO.md), which ESP32.getState() tells.
// ESP32.getState() is asked only on the ESP32.
var esp32 = false;

// One object at the root of .bootcde (see storage.ts for why).
var PORT: MemoryPort = {
  free: function () {
    var heap = -1;
    if (esp32) {
      try { heap = require('ESP32').getState().freeHeap; } catch (e) { heap = -1; }
    }
    return { blocks: process.memory().free, heap: heap };
  },
  flags: function () { return E.getErrorFlags(); },
};

// (no parameters: the build writes it in where it is called, so it is no function object at idle)
export function espruinoMemory(): MemoryPort {
  esp32 = process.env.BOARD === 'ESP32';
  return PORT;
}
