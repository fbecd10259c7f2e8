import { ClockPort } from '../../core/ports';

// getTime() is uptime until someone sets the clock, then wall time: keep an offset so intervals
// stay monotonic across setTime. The clock counts as set once it is past 2001.
export function espruinoClock(): ClockPort {
  var base = getTime();
  var wallSet = base > 1e9;
  return {
    uptimeMs: function () { return (getTime() - base) * 1000; },
    wallMs: function () { return wallSet ? getTime() * 1000 : 0; },
    setWallMs: function (ms) {
      var up = getTime() - base;
      setTime(ms / 1000);
      base = getTime() - up;
      wallSet = true;
    },
    setTimeout: function (fn, ms) { return setTimeout(fn, ms); },
    clearTimeout: function (id) { if (id !== undefined) clearTimeout(id); },
  };
}
