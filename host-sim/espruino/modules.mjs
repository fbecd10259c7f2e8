// require() and the Modules class (src/jswrap_modules.c, jspEvaluateModule in src/jsparse.c).
// One cache per boot (Espruino keeps it in the hidden root, so load()/reset() empty it):
// require looks there first, then at the built-in modules, then at a Storage file of that name
// (evaluated as a module), else throws 'Module "X" not found'. Built-ins of the real ESP32 build
// that the simulator does not provide throw a distinct error so the gap is visible.
// Measured on the Linux build (2v29): a module that throws while it evaluates is cached anyway
// with what it had exported so far, and the error propagates from that require() only; the next
// require() returns the partial exports without an error.
import { createHttpModule } from './http.mjs';
import { createNetModule } from './net.mjs';
import { createDgramModule } from './dgram.mjs';
import { createCryptoModule } from './crypto.mjs';
import { bufToStr } from './bytes.mjs';
import { NAME_MAX } from './flash.mjs';

const NOT_SIMULATED = ['Flash', 'heatshrink', 'fs', 'neopixel', 'NetworkJS', 'Graphics'];

export const ESP32_MODULES = 'Flash,Storage,heatshrink,fs,net,dgram,http,NetworkJS,Wifi,ESP32,TelnetServer,crypto,neopixel,tls';
export const LINUX_MODULES = 'Flash,Storage,heatshrink,fs,net,dgram,http,crypto,tls';

function builtInFactories(session) {
  const { realm, board } = session;
  const factories = {
    http: () => createHttpModule(session),
    net: () => createNetModule(session, false),
    tls: () => createNetModule(session, true),
    dgram: () => createDgramModule(session),
    crypto: () => createCryptoModule(session),
    Storage: () => session.storageModule,
    TelnetServer: () => realm.proto({
      setOptions(options) {
        const o = options || {};
        board.telnet = { mode: o.mode === undefined ? board.telnet.mode : String(o.mode), password: o.password };
      },
    }),
  };
  if (board.kind === 'esp32') {
    factories.Wifi = () => session.wifi.obj;
    factories.ESP32 = () => realm.proto({
      reboot: () => session.rebootNow(),
      getState: () => realm.obj({ sdkVersion: 'v4.4', freeHeap: board.memory.heap === undefined ? 40000 : board.memory.heap, BLE: false, Wifi: true, minHeap: 30000 }),
      enableBLE() {},
      enableWifi() {},
      setBLE_Debug() {},
      deepSleep: () => session.rebootNow(),
    });
  }
  return factories;
}

// Returns {require, Modules}: the global require() and the static methods of Modules.
export function createModules(session) {
  const { realm, board } = session;
  const cache = new Map(); // insertion order = Modules.getCached() order, as object children
  const factories = builtInFactories(session);
  const fail = (type, msg) => {
    throw realm.error(type, msg);
  };

  // jspEvaluateModule returns the exports even when evaluation threw, and jswrap_require caches
  // whatever it got: so cache first, then let the error go on.
  const evaluateAndCache = (name, src) => {
    const r = evaluateModule(realm, src, name);
    cache.set(name, r.exports);
    if (r.error !== undefined) throw r.error;
    return r.exports;
  };

  function require(name) {
    session.assertAlive();
    if (typeof name !== 'string') fail('TypeError', `Expecting module name as a string, got ${typeName(name)}`);
    if (name.length >= 128) fail('TypeError', 'Module name too long (max 128 chars)');
    if (cache.has(name)) return cache.get(name);
    if (factories[name]) {
      const mod = factories[name]();
      cache.set(name, mod);
      return mod;
    }
    // A built-in of the real board wins over a Storage file of the same name.
    if (NOT_SIMULATED.includes(name)) fail('Error', `Module "${name}" is built into the board but not simulated`);
    const src = name.length <= NAME_MAX ? board.flashStore.read(name) : undefined;
    if (src === undefined) fail('Error', `Module "${name}" not found`);
    return evaluateAndCache(name, bufToStr(src));
  }

  const Modules = {
    getCached: () => realm.arr([...cache.keys()]),
    removeCached(id) {
      if (typeof id !== 'string') fail('Error', 'First argument must be String');
      if (!cache.delete(id)) fail('Error', `Module "${id}" not found`);
    },
    removeAllCached() {
      cache.clear();
    },
    // addCached(id, source | function): a function's code is evaluated as the module's text.
    addCached(id, source) {
      if (typeof id !== 'string' || !(typeof source === 'string' || typeof source === 'function')) {
        fail('Error', 'args must be addCached(string, string|function)');
      }
      evaluateAndCache(id, typeof source === 'string' ? source : functionBody(source));
    },
  };
  return { require, Modules };
}

// Espruino's %t: the type name of a value in an error message.
function typeName(v) {
  if (v === null) return 'null';
  if (typeof v === 'number') return 'Number';
  if (typeof v === 'object') return Array.isArray(v) ? 'Array' : 'Object';
  return typeof v === 'undefined' ? 'undefined' : typeof v === 'function' ? 'Function' : 'Boolean';
}

// The text between a function's outer braces (Espruino stores a function's code as its body).
function functionBody(fn) {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf('{');
  const close = src.lastIndexOf('}');
  return open >= 0 && close > open ? src.slice(open + 1, close) : src.slice(src.indexOf('=>') + 2);
}

/**
 * jspEvaluateModule: the text runs with one scope object, `{exports, module}` where `module` is
 * that scope itself, and `this` = the initial exports. The result is `module.exports` when the
 * text ends (or throws). Returns {exports, error}.
 *
 * Why `with (module)`: identifiers resolve on the scope object as in Espruino, so after
 * `module.exports = X` the name `exports` is X too (Espruino's behaviour; Node's differs), and
 * `exports = X` replaces the exports. The inner function keeps the module's functions and
 * variables out of the global scope; `void 0;` in front stops a leading "use strict" from
 * becoming a directive (Espruino ignores it).
 * Not reproduced: Espruino parses while it runs, so code before a syntax error has already run
 * there (and the error message differs: "Got ';' expected EOF"); here nothing runs. Top-level
 * `var`s are not properties of `module` here.
 */
export function evaluateModule(realm, src, name) {
  const module = realm.obj();
  module.exports = realm.obj();
  module.module = module;
  const exportsAtStart = module.exports;
  let body;
  try {
    realm.compile(src, name); // the program grammar: a top-level `return` is a SyntaxError, as in Espruino
    body = realm.run(`(function (module) { with (module) { return function () {void 0;\n${src}\n}; } })`, name)(module);
  } catch (e) {
    return { exports: module.exports, error: realm.fromHostError(e) };
  }
  try {
    body.call(exportsAtStart);
  } catch (e) {
    return { exports: module.exports, error: e };
  }
  return { exports: module.exports, error: undefined };
}
