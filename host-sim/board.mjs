// SimBoard: a simulated Espruino board (ESP32 or Linux build) for Node. It runs a bundle from
// its file-backed flash in a fresh node:vm realm offering what Espruino offers, over real
// loopback sockets, in real or virtual time. See host-sim/README.md for the semantics.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Flash, storageName, FLASH_TOTAL } from './espruino/flash.mjs';
import { Session } from './espruino/session.mjs';
import { bufToStr, strToBuf } from './espruino/bytes.mjs';
import { VERSION } from './espruino/globals.mjs';
import { ESP32_MODULES, LINUX_MODULES } from './espruino/modules.mjs';
import { applyHostNet } from './espruino/hostnet.mjs';
import { ConsoleServer } from './espruino/console-server.mjs';
import { readBuild, flashOrder } from './build.mjs';

const DEFAULTS = {
  board: 'esp32',
  net: { ip: '127.0.0.10', gw: '127.0.0.1', netmask: '255.0.0.0' },
  hosts: {},
  time: 'real',
  listenHost: '127.0.0.1',
  portMap: undefined,
  ioWaitMs: 5000, // real ms virtual time waits for an open HTTP request
  netReplyWaitMs: 1000, // ... for a reply on a TCP socket after the board wrote to it
  udpReplyWaitMs: 2000, // ... for a datagram after the board sent one
  quietMs: 20, // ... for more data after a reply arrived (TCP or UDP)
  wifiDelayMs: 5, // board ms from boot / Wifi.connect() to association
  sntpDelayMs: 1000, // board ms from Wifi.setSNTP() to the clock jump
  wifiGivesUp: false, // true: after the AP is lost, only Wifi.connect() reconnects
  connectProbe: true, // false: no synchronous connect check (refusals arrive as 'error' later)
  mac: '24:0a:c4:00:00:01',
};

// Host text to flash bytes: one byte per char when every char fits (binary-safe with
// storage.read), else UTF-8 (what uploading a UTF-8 file to a real board stores).
function textBytes(text) {
  const s = String(text);
  return /^[\x00-\xff]*$/.test(s) ? strToBuf(s) : Buffer.from(s, 'utf8');
}

export class SimBoard extends EventEmitter {
  constructor(options = {}) {
    super();
    const opts = (this.opts = { ...DEFAULTS, ...options });
    applyHostNet(opts, options); // netFromInterface / net: 'auto' (hostnet.mjs)
    this.kind = opts.board === 'linux' ? 'linux' : 'esp32';
    this.virtual = opts.time === 'virtual';
    this.flashDir = opts.flashDir || fs.mkdtempSync(path.join(os.tmpdir(), 'simboard-'));
    this.flashStore = new Flash(this.flashDir);
    this.hosts = { ...opts.hosts };
    const net = opts.net;
    this.network = net
      ? { ip: net.ip, gw: net.gw || net.ip, netmask: net.netmask || '255.255.255.0', apUp: true }
      : { ip: null, gw: null, netmask: null, apUp: false };
    this.listenHost = opts.listenHost;
    this.ioWaitMs = opts.ioWaitMs;
    this.netReplyWaitMs = opts.netReplyWaitMs;
    this.udpReplyWaitMs = opts.udpReplyWaitMs;
    this.quietMs = opts.quietMs;
    this.wifiDelayMs = opts.wifiDelayMs;
    this.sntpDelayMs = opts.sntpDelayMs;
    this.mac = opts.mac;
    this.output = '';
    this.stats = { httpRequests: 0, udpSent: 0, storageWrites: 0, fileWrites: {}, peakSockets: 0 };
    this.telnet = { mode: 'on', password: undefined };
    this.ports = new Map(); // board port -> host port of servers the board listens on
    this.writeAttempts = 0;
    // what process.memory() and ESP32.getState() report when a test sets them ({free, heap}),
    // and the flags E.getErrorFlags() returns next (raiseErrorFlags)
    this.memory = {};
    this.errorFlags = [];
    this.cutAtWrite = opts.powerCutAfterWrites > 0 ? opts.powerCutAfterWrites : 0;
    this.session = null;
    this.pendingBoot = null;
    this.waiters = new Set();
    // The console UART over TCP (host-sim/espruino/console-server.mjs), listening from boot().
    this.consoleServer = opts.consolePort === undefined || opts.consolePort === null
      ? null : new ConsoleServer(this, { port: Number(opts.consolePort), host: opts.listenHost });
    this.storage = {
      read: (name) => {
        const b = this.flashStore.read(storageName(name));
        return b ? bufToStr(b) : undefined;
      },
      write: (name, str) => this.flashStore.create(storageName(name), textBytes(str)),
      erase: (name) => this.flashStore.erase(storageName(name)),
      list: () => this.flashStore.names(),
    };
  }

  // ---------------------------------------------------------------- power

  // With a console server an empty flash boots to the bare interpreter (prompt), as a board
  // does: something can be typed or flashed at it.
  async boot() {
    if (this.session) throw new Error('board is already running');
    if (!this.flashStore.exists('.bootcde') && !this.consoleServer) throw new Error('no firmware');
    if (this.consoleServer) await this.consoleServer.start();
    await this.powerOn();
  }

  // opts.mode 'reset' (reset(), load(file)): .boot0-3 and .bootrst instead of .bootcde, then
  // opts.file; see Session.boot.
  async powerOn(opts = {}) {
    const s = (this.session = new Session(this));
    s.boot(opts);
    if (this.session === s) this.emit('poweron', opts.mode || 'power');
    if (this.virtual && s.wifi) await s.sched.advance(this.wifiDelayMs);
  }

  async reboot() {
    this.powerOff('reboot');
    await this.boot();
  }

  async stop() {
    this.powerOff('stop');
    for (const w of [...this.waiters]) w.cancel();
    if (this.consoleServer) await this.consoleServer.close();
  }

  // Drops RAM, timers and sockets at once, like pulling the plug.
  powerOff(reason = 'poweroff') {
    const s = this.session;
    if (!s) return;
    this.session = null;
    s.kill();
    this.emit('poweroff', reason);
  }

  // E.reboot()/load(): the chip resets and boots again from flash; reset()/load(file):
  // opts {mode: 'reset', file}, see powerOn.
  softReboot(opts = {}) {
    this.powerOff(opts.mode === 'reset' ? 'reset' : 'reboot');
    this.pendingBoot = new Promise((resolve) => {
      setImmediate(() => {
        const p = this.session ? Promise.resolve() : (opts.mode || this.consoleServer) ? this.powerOn(opts) : this.boot();
        p.catch((e) => this.debug(String(e))).then(() => {
          this.pendingBoot = null;
          resolve();
        });
      });
    });
  }

  // Arms a power cut at the n-th board Storage write from now (1 = the next one).
  armPowerCut(n) {
    this.cutAtWrite = this.writeAttempts + n;
  }

  flash(bundleText) {
    this.flashStore.create('.bootcde', textBytes(bundleText));
  }

  // The interpreter's error flags, as Espruino raises them (LOW_MEMORY, MEMORY, ...).
  raiseErrorFlags(...flags) {
    for (const f of flags) if (!this.errorFlags.includes(f)) this.errorFlags.push(f);
  }

  // Writes the files of a build directory (dist/<board>/, per its manifest.json) to flash, as
  // the flash tool does: byte for byte, in flashOrder, skipping files whose content is already
  // there (not counted as board writes). Returns {written, skipped}: Storage names. `skip`
  // names files to leave out (a board without the page: www.gz).
  flashBuild(dir, { skip = [] } = {}) {
    const build = readBuild(dir);
    if (build.board && build.board !== this.kind) throw new Error(`${dir} is a build for ${build.board}, not ${this.kind}`);
    const written = [];
    const skipped = [];
    for (const f of flashOrder(build.files)) {
      if (skip.includes(f.name)) continue;
      const old = this.flashStore.read(f.name);
      if (old && old.equals(f.data)) skipped.push(f.name);
      else {
        this.flashStore.create(f.name, f.data);
        written.push(f.name);
      }
    }
    return { written, skipped };
  }

  // ---------------------------------------------------------------- console

  // viaConsole: printed by the interpreter (print, results, errors), not raw Serial1 bytes.
  write(text, viaConsole = false) {
    this.output += text;
    if (this.opts.serial) this.opts.serial(text);
    this.emit('print', text, viaConsole);
    for (const w of [...this.waiters]) w.check();
  }

  debug(text) {
    process.stderr.write(`[sim] ${text}\n`);
  }

  // Resolves with the match (RegExp result, or [text]) once the serial output since the call
  // (or since `since`) matches; `match.index` and `match.end` are offsets in board.output.
  waitFor(pattern, { timeoutMs = 10000, since } = {}) {
    const start = since === undefined ? this.output.length : since;
    const promise = new Promise((resolve, reject) => {
      const w = {
        check: () => {
          const text = this.output.slice(start);
          let m = null;
          if (typeof pattern === 'string') {
            const i = text.indexOf(pattern);
            if (i >= 0) {
              m = [pattern];
              m.index = i;
            }
          } else {
            const re = new RegExp(pattern.source, pattern.flags.replace('g', ''));
            m = re.exec(text);
          }
          if (!m) return;
          m.index += start;
          m.end = m.index + m[0].length;
          done();
          resolve(m);
        },
        cancel: () => {
          done();
          reject(new Error(`waitFor(${pattern}) cancelled: board stopped`));
        },
      };
      const timer = setTimeout(() => {
        done();
        const tail = this.output.slice(Math.max(start, this.output.length - 500));
        reject(new Error(`waitFor(${pattern}) timed out after ${timeoutMs} ms; output since: ${JSON.stringify(tail)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(w);
      };
      this.waiters.add(w);
      w.check();
    });
    promise.catch(() => {}); // a waiter nobody awaits any more must not crash Node
    return promise;
  }

  // A line on the board's console (REPL). Resolves once it has been evaluated.
  async type(line) {
    if (this.pendingBoot) await this.pendingBoot;
    const s = this.live();
    return new Promise((resolve) => {
      s.queue(() => {
        s.type(String(line));
        resolve();
      });
    });
  }

  eval(code) {
    return this.live().realm.run(String(code), 'eval');
  }

  live() {
    if (!this.session) throw new Error('board is not running');
    return this.session;
  }

  // ---------------------------------------------------------------- network

  setAddress(ip, gw) {
    const n = this.network;
    const changed = n.ip !== ip;
    n.ip = ip;
    if (gw) n.gw = gw;
    if (!n.gw) n.gw = ip;
    if (!n.netmask) n.netmask = '255.255.255.0';
    n.apUp = true;
    const w = this.session && this.session.wifi;
    if (!w) return;
    if (w.connected) w.addressChanged(changed);
    else w.apBack();
  }

  disconnect() {
    this.network.apUp = false;
    const w = this.session && this.session.wifi;
    if (w) w.apLost();
  }

  reconnect() {
    this.network.apUp = true;
    const w = this.session && this.session.wifi;
    if (w) w.apBack();
  }

  // ---------------------------------------------------------------- time

  // A reboot the firmware asked for (E.reboot) completes before time moves on.
  async advance(ms) {
    if (this.pendingBoot) await this.pendingBoot;
    await this.live().sched.advance(ms);
  }

  now() {
    return this.session ? this.session.sched.now() : 0;
  }

  // TCP sockets the board holds now (of its maxSockets; 0 while off).
  get openSockets() {
    return this.session ? this.session.netstack.sockets : 0;
  }

  async idle() {
    if (this.pendingBoot) await this.pendingBoot;
    if (this.session) await this.session.sched.settle();
  }

  // ---------------------------------------------------------------- misc

  env() {
    return {
      VERSION,
      GIT_COMMIT: 'simulated',
      BOARD: this.kind === 'esp32' ? 'ESP32' : 'LINUX',
      RAM: 524288,
      FLASH: 0,
      STORAGE: FLASH_TOTAL,
      SERIAL: this.mac.split(':').slice(2).join(''),
      CONSOLE: this.session ? this.session.consoleDevice : 'Serial1',
      MODULES: this.kind === 'esp32' ? ESP32_MODULES : LINUX_MODULES,
      EXPTR: 1073484860,
    };
  }
}
