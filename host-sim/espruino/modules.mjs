// require(): the built-in modules of the board (jswrap_modules.c). Modules are created once
// per boot and cached; a Storage file of that name is evaluated as a module; anything else
// throws 'Module "X" not found'. Built-ins of the real ESP32 build that the simulator does not
// provide throw a distinct error so the gap is visible.
import { createHttpModule } from './http.mjs';
import { createNetModule } from './net.mjs';
import { createDgramModule } from './dgram.mjs';
import { createCryptoModule } from './crypto.mjs';
import { bufToStr } from './bytes.mjs';

const NOT_SIMULATED = ['Flash', 'heatshrink', 'fs', 'neopixel', 'NetworkJS', 'Graphics'];

export const ESP32_MODULES = 'Flash,Storage,heatshrink,fs,net,dgram,http,NetworkJS,Wifi,ESP32,TelnetServer,crypto,neopixel,tls';
export const LINUX_MODULES = 'Flash,Storage,heatshrink,fs,net,dgram,http,crypto,tls';

export function createRequire(session) {
  const { realm, board } = session;
  const cache = new Map();
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
      getState: () => realm.obj({ sdkVersion: 'v4.4', freeHeap: 40000, BLE: false, Wifi: true, minHeap: 30000 }),
      enableBLE() {},
      enableWifi() {},
      setBLE_Debug() {},
      deepSleep: () => session.rebootNow(),
    });
  }

  const require = function require(name) {
    session.assertAlive();
    if (typeof name !== 'string') throw realm.error('TypeError', `Expecting module name as a string, got ${typeof name}`);
    if (name.length >= 128) throw realm.error('TypeError', 'Module name too long (max 128 chars)');
    if (cache.has(name)) return cache.get(name);
    let mod;
    if (factories[name]) mod = factories[name]();
    else {
      const src = name.length <= 28 ? board.flashStore.read(name) : undefined;
      if (src) mod = evaluateModule(session, bufToStr(src), name);
      else if (NOT_SIMULATED.includes(name)) {
        throw realm.error('Error', `Module "${name}" is built into the board but not simulated`);
      } else throw realm.error('Error', `Module "${name}" not found`);
    }
    cache.set(name, mod);
    return mod;
  };
  require.cache = cache;
  return require;
}

// jspEvaluateModule: the source runs with `exports` and `module`; module.exports wins.
function evaluateModule(session, src, name) {
  const { realm } = session;
  const fn = realm.run(`(function (exports, module) {${src}\n})`, name);
  const module = realm.obj({ exports: realm.obj() });
  fn(module.exports, module);
  return module.exports;
}
