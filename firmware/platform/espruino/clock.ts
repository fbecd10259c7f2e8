import { ClockPort } from '../../core/ports';

// getTime() at boot (moved by setWallMs so uptime never jumps) and whether the wall clock is set.
var base = 0;
var wallSet = false;

// getTime() is uptime until someone sets the clock, then wall time: keep an offset so intervals
// stay monotonic across setTime. The clock counts as set once it is past 2001. One object at
// the root of .bootcde (see storage.ts for why).
var PORT: ClockPort = {
  uptimeMs: function () { return (getTime() - base) * 1000; },
  wallMs: function () { return wallSet ? getTime() * 1000 : 0; },
  setWallMs: function (ms) {
    var up = getTime() - base;
    setTime(ms / 1000);
    base = getTime() - up;
    wallSet = true;
  },
  // Espruino's own function (it ignores this): a function object less than a wrapper
  setTimeout: setTimeout,
  clearTimeout: function (id) { if (id !== undefined) clearTimeout(id); },
};

export function espruinoClock(): ClockPort {
  base = getTime();
  wallSet = base > 1e9;
  return PORT;
}
