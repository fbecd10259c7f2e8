import { MemoryPort } from '../../core/ports';

declare var process: any;

// process.memory() collects garbage first, so `free` is what an update can really use. On the
// ESP32 TLS takes its buffers from the native heap (ESPRUINO.md), which ESP32.getState() tells.
export function espruinoMemory(esp32: boolean): MemoryPort {
  return {
    free: function () {
      var heap = -1;
      if (esp32) {
        try { heap = require('ESP32').getState().freeHeap; } catch (e) { heap = -1; }
      }
      return { blocks: process.memory().free, heap: heap };
    },
    flags: function () { return E.getErrorFlags(); },
  };
}
