// The global functions and objects Espruino puts in every program: print/console, timers
// (jswrap_interactive.c), getTime/setTime, btoa/atob, url, E, process, Serial1 and require.
import crypto from 'node:crypto';
import { formatPrint } from './format.mjs';
import { flattenArgs, strToBuf, bufToStr } from './bytes.mjs';
import { parseUrl } from './url.mjs';

export const VERSION = '2v29';

function define(target, name, value) {
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
}

let crcTable = null;
function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 255] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

export function installGlobals(session) {
  const { realm, sched, board } = session;
  const g = realm.global;

  // ---------------------------------------------------------------- console
  const print = (...args) => session.print(formatPrint(args) + '\n');
  define(g, 'print', print);
  define(g, 'trace', () => session.print('trace() is not simulated\n'));
  g.console = realm.proto({ log: print, debug: print, info: print, warn: print, error: print, trace: print });

  // ---------------------------------------------------------------- timers
  const startTimer = (fn, ms, args, repeat) => {
    session.assertAlive();
    if (typeof fn !== 'function' && typeof fn !== 'string') throw realm.error('Error', 'Function or String not supplied!');
    const interval = sched.checkInterval(ms);
    if (interval === null) throw realm.error('Error', 'Interval is too long (>100 years)');
    return sched.addTimer(() => session.call(fn, undefined, args), interval, repeat);
  };
  // clearTimeout() clears everything; clearTimeout(undefined) throws so that a forgotten id
  // cannot do that by accident (jswrap_interactive.c).
  const clearer = (name) => function (...ids) {
    session.assertAlive();
    if (ids.length === 0) return sched.clearAllTimers();
    if (ids[0] === undefined) throw realm.error('Error', `clear${name}(undefined) not allowed. Use clear${name}() instead`);
    const id = ids[0];
    if (typeof id === 'number' || typeof id === 'string') sched.clearTimer(Number(id));
  };
  define(g, 'setTimeout', (fn, ms, ...args) => startTimer(fn, ms, args, false));
  define(g, 'setInterval', (fn, ms, ...args) => startTimer(fn, ms, args, true));
  define(g, 'clearTimeout', clearer('Timeout'));
  define(g, 'clearInterval', clearer('Interval'));
  define(g, 'changeInterval', (id, ms) => {
    session.assertAlive();
    let interval = Number(ms);
    if (!(interval >= 0.1)) interval = 0.1;
    if (!sched.changeInterval(Number(id), interval)) throw realm.error('Error', 'Unknown Interval');
  });

  // ---------------------------------------------------------------- time
  define(g, 'getTime', () => session.wallNow() / 1000);
  define(g, 'setTime', (t) => {
    session.wallOffset = Number(t) * 1000 - sched.now();
  });

  // ---------------------------------------------------------------- text
  define(g, 'btoa', (s) => strToBuf(String(s)).toString('base64'));
  define(g, 'atob', (s) => bufToStr(Buffer.from(String(s), 'base64')));
  g.url = realm.proto({
    parse: (u, parseQuery) => {
      const r = parseUrl(u, Boolean(parseQuery));
      return r === undefined ? undefined : realm.fromHost(r);
    },
  });

  // ---------------------------------------------------------------- E
  const E = realm.obj();
  const eMethods = {
    toString: (...args) => bufToStr(Buffer.from(flattenArgs(args, (fn) => session.call(fn, undefined, [])))),
    toUint8Array: (...args) => realm.uint8(flattenArgs(args, (fn) => session.call(fn, undefined, []))),
    toArrayBuffer: (s) => realm.arrayBuffer(strToBuf(String(s))),
    toFlatString: (...args) => eMethods.toString(...args),
    hwRand: () => crypto.randomBytes(4).readInt32LE(0),
    // flags a test raised with board.raiseErrorFlags(); reading them clears them, as on Espruino
    getErrorFlags: () => realm.arr(board.errorFlags.splice(0)),
    setConsole: (device) => {
      session.consoleDevice = device === undefined || device === null ? 'null' : String(device);
    },
    getConsole: () => session.consoleDevice,
    reboot: () => session.rebootNow(),
    setTimeZone: (hours) => {
      session.tz = Math.trunc(Number(hours) * 60) || 0;
    },
    CRC32: (data) => crc32(flattenArgs([data], () => undefined)),
    getTemperature: () => 40,
    stopEventPropagation: () => {},
    setDST: () => {},
  };
  for (const [k, fn] of Object.entries(eMethods)) define(E, k, fn);
  g.E = E;
  session.E = E;

  // ---------------------------------------------------------------- process
  const proc = realm.obj();
  define(proc, 'version', VERSION);
  Object.defineProperty(proc, 'env', {
    get: () => realm.obj(board.env()),
    enumerable: false,
    configurable: true,
  });
  // NOT a measurement: a fabricated, plausible shape (see host-sim/README.md).
  // A test may set board.memory.free to play a board short of variables.
  define(proc, 'memory', () => {
    const total = 8000;
    let usage = Math.min(total - 100, 1200 + 15 * (sched.timers.length + session.resources.size));
    if (board.memory.free !== undefined) usage = total - board.memory.free;
    return realm.obj({ free: total - usage, usage, total, history: 0, gc: 0, gctime: 0.1, blocksize: 14 });
  });
  g.process = proc;
  session.processObj = proc;

  // ---------------------------------------------------------------- misc board globals
  // Serial1 is the console UART (its output is the serial log); the loopbacks swallow output.
  const device = (name, out) => {
    const d = realm.obj();
    define(d, 'print', (x) => out(String(x)));
    define(d, 'println', (x) => out(String(x) + '\r\n'));
    define(d, 'write', (...args) => out(args.map((a) => (typeof a === 'string' ? a : String(a))).join('')));
    define(d, 'setConsole', () => {
      session.consoleDevice = name;
    });
    define(d, 'toString', () => name);
    return d;
  };
  g.Serial1 = device('Serial1', (t) => session.serialWrite(t));
  g.LoopbackA = device('LoopbackA', () => {});
  g.LoopbackB = device('LoopbackB', () => {});
  session.serial1 = g.Serial1;
  define(g, 'getSerial', () => board.mac.split(':').slice(2).join('').toUpperCase());
  define(g, 'save', () => {
    if (board.flashStore.exists('.bootcde')) {
      throw realm.error('Error', 'Cannot save: .bootcde file already exists. Please remove it first.');
    }
  });
  // load(): boot again from flash; load(file) and reset(): RAM cleared, .bootcde not run
  // (jswrap_interactive.c, jsiIdle); reset(true) erases the saved code first.
  define(g, 'load', (file) => session.rebootNow(file === undefined ? undefined : { mode: 'reset', file: String(file) }));
  define(g, 'reset', (clearFlash) => {
    if (clearFlash) {
      session.print('Erasing saved code.');
      for (const n of ['.varimg', '.bootcde', '.bootrst']) if (board.flashStore.exists(n)) session.storage.erase(n);
      session.print('\nDone!\n');
    }
    session.rebootNow({ mode: 'reset' });
  });
  define(g, 'echo', (on) => {
    session.echoOff = !on;
  });
  define(g, 'require', (name) => session.require(name));
  // Modules is a class with static methods only (jswrap_modules.c): typeof Modules is 'function'.
  const Modules = realm.run('(function Modules() {})', 'Modules');
  for (const [k, fn] of Object.entries(session.modulesApi)) define(Modules, k, fn);
  g.Modules = Modules;
}
